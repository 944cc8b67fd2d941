// Hidden check, lesson 1 exercise 3: MyScores against query · keys^T from the library, for new sizes.
var random = new Random(13);
foreach (var (words, size) in new[] { (2, 5), (6, 3), (3, 1) })
{
    var query = Tensor.Randn(1, size, random);    // (1, size)
    var keys = Tensor.Randn(words, size, random);  // (words, size)
    var keyRows = Enumerable.Range(0, words).Select(i => keys.Value.Row(i).ToArray()).ToArray();
    ExerciseCheck.Close(3, $"MyScores(a query of size {size}, {words} key rows)", query.MatMul(keys.Transpose()).Value.Row(0).ToArray(),
        MyScores(query.Value.Row(0).ToArray(), keyRows),
        "score j is the dot product query · keyRows[j]: the sum over d of query[d] * keyRows[j][d].", tolerance: 1e-12);
}

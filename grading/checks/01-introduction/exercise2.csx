// Hidden check, lesson 1 exercise 2: MyContext against weights · values for new sizes and weights.
var random = new Random(77);
foreach (var (words, size) in new[] { (2, 3), (5, 4), (7, 2) })
{
    var weights = Tensor.Randn(1, words, random).Softmax();   // (1, words)
    var values = Tensor.Randn(words, size, random);           // (words, size)
    var rows = Enumerable.Range(0, words).Select(i => values.Value.Row(i).ToArray()).ToArray();
    ExerciseCheck.Close(2, $"MyContext(weights of {words} words, {words} value rows of size {size})",
        weights.MatMul(values).Value.Row(0).ToArray(), MyContext(weights.Value.Row(0).ToArray(), rows),
        "entry d is the sum over words j of weightsPerWord[j] * valueRows[j][d]; one entry per value column.", tolerance: 1e-12);
}

// Hidden check, lesson 10 exercise 1: ScoreScale against the ratio of the library's scaled scores to the plain
// dot products, for key sizes the notebook does not ask about.
var random = new Random(101);
foreach (int size in new[] { 1, 10, 512 })
{
    var query = Tensor.Randn(1, size, random);   // (1, size)
    var key = Tensor.Randn(1, size, random);     // (1, size)
    double expected = new ScaledDotProductScore().Scores(query, key).Value[0, 0] / query.MatMul(key.Transpose()).Value[0, 0];
    ExerciseCheck.Close(1, $"ScoreScale({size})", expected, ScoreScale(size), "the scores are divided by √d_k.", tolerance: 1e-12);
}

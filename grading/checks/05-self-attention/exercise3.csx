// Hidden check, lesson 5 exercise 3: AverageOffset against the definition on random attention matrices.
var random = new Random(5);
foreach (var size in new[] { 6, 3 })
{
    var weights = Tensor.Randn(size, size, random, 2.0).Softmax().Value;   // rows sum to 1
    double expected = 0;
    for (int i = 0; i < size; i++)
        for (int j = 0; j < size; j++) expected += weights[i, j] * (j - i);
    expected /= size;
    ExerciseCheck.Close(3, $"AverageOffset(a hidden {size} x {size} attention matrix)", expected, AverageOffset(weights),
        "the mean over query rows i of the sum over keys j of w_ij * (j - i).", tolerance: 1e-12);
}

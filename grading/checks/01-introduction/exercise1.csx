// Hidden check, lesson 1 exercise 1: MySoftmax against the library's softmax on inputs the notebook never shows,
// including scores large enough to overflow Math.Exp when the largest is not subtracted first.
var random = new Random(2024);
double[][] inputs =
[
    [0.5, -1.25, 3.0, 2.0, 0.0],
    [800.0, 799.0, 10.0, 801.0],
    [-700.0, -705.0, -710.0],
    [4.2],
    Enumerable.Range(0, 9).Select(_ => random.NextDouble() * 20 - 10).ToArray(),
];
foreach (var input in inputs)
    ExerciseCheck.Close(1, $"MySoftmax([{string.Join(", ", input.Select(v => v.ToString("G4")))}])",
        Tensor.Row(input).Softmax().Value.Row(0).ToArray(), MySoftmax(input),
        "divide each e^(s_j - max) by the sum of them all; subtract the largest score before Math.Exp.", tolerance: 1e-12);

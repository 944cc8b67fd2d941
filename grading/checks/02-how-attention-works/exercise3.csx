// Hidden check, lesson 2 exercise 3: MyTokenAccuracy against the library's token accuracy, with outputs that stop
// early, run long, or are empty, and strings of different lengths (so a per-string average differs).
Prediction[][] cases =
[
    [new("4321", "1234", "1239"), new("98765432", "23456789", "2345"), new("10", "01", "01")],
    [new("555", "555", ""), new("12", "21", "2100")],
    [new("7", "7", "7")],
];
foreach (var predictions in cases)
{
    var expected = SequenceMetrics.TokenAccuracy(
        predictions.Select(p => (IReadOnlyList<char>)p.Predicted.ToCharArray()).ToList(),
        predictions.Select(p => (IReadOnlyList<char>)p.Expected.ToCharArray()).ToList());
    ExerciseCheck.Close(3, $"MyTokenAccuracy([{string.Join(", ", predictions.Select(p => $"expected {p.Expected} got {p.Predicted}"))}])",
        expected, MyTokenAccuracy(predictions), "count the expected characters that the prediction has at the same position, "
        + "over all predictions; divide by the total number of expected characters.", tolerance: 1e-12);
}

// Hidden check, lesson 2 exercise 2: AlignmentAccuracy on a 5 x 5 matrix and three expected alignments,
// against the definition (last row ignored, within one position).
var attention = Matrix<double>.Build.DenseOfArray(new double[,]
{
    { 0.1, 0.6, 0.2, 0.1, 0.0 },
    { 0.0, 0.1, 0.1, 0.1, 0.7 },
    { 0.5, 0.2, 0.1, 0.1, 0.1 },
    { 0.1, 0.1, 0.1, 0.2, 0.5 },
    { 0.2, 0.2, 0.2, 0.2, 0.2 },
});
(string Name, Func<int, int, int> Source)[] alignments =
[
    ("(i, length) => i", (i, length) => i),
    ("(i, length) => length - 1 - i", (i, length) => length - 1 - i),
    ("(i, length) => 2", (i, length) => 2),
];
foreach (var (name, source) in alignments)
{
    int rows = attention.RowCount - 1;
    double expected = Enumerable.Range(0, rows)
        .Count(i => Math.Abs(attention.Row(i).MaximumIndex() - source(i, attention.ColumnCount)) <= 1) / (double)rows;
    ExerciseCheck.Close(2, $"AlignmentAccuracy(a hidden 5 x 5 matrix, {name})", expected, AlignmentAccuracy(attention, source),
        "leave out the last row (<eos>); a row counts when its largest weight is at most one column from the "
        + "expected source; divide by the number of rows looked at.", tolerance: 1e-12);
}

// Hidden check, lesson 4 exercise 3: SourceOfWord on a hidden 3 x 4 attention matrix, every row.
var attention = Matrix<double>.Build.DenseOfArray(new double[,]
{
    { 0.05, 0.15, 0.2, 0.6 },
    { 0.5, 0.1, 0.3, 0.1 },
    { 0.1, 0.2, 0.45, 0.25 },
});
string[] tokens = ["ka", "lo", "mi", "ru"];
for (int row = 0; row < attention.RowCount; row++)
    ExerciseCheck.Equal(3, $"SourceOfWord(a hidden 3 x 4 matrix, [ka, lo, mi, ru], {row})", tokens[attention.Row(row).MaximumIndex()],
        SourceOfWord(attention, tokens, row), "take the largest weight along row targetRow (not down a column).");

// Hidden check, lesson 7 exercise 3: PeakTouches against the definition, with the peak off the diagonal (so rows
// and columns cannot be swapped) and regions touching and missing it.
var grid = Matrix<double>.Build.DenseOfArray(new double[,]
{
    { 0.05, 0.10, 0.05 },
    { 0.02, 0.03, 0.50 },   // the peak: row 1, column 2
    { 0.10, 0.05, 0.10 },
});
(string Name, int Y, int X, bool Expected)[] regions =
[
    ("one pixel at (y 5, x 10)", 5, 10, true),    // inside the peak patch (rows 4-7, columns 8-11)
    ("one pixel at (y 10, x 5)", 10, 5, false),   // the transposed patch
    ("one pixel at (y 1, x 1)", 1, 1, false),
    ("one pixel at (y 7, x 8)", 7, 8, true),      // the peak patch's corner
];
foreach (var (name, y, x, expected) in regions)
{
    var mask = new bool[12, 12];
    mask[y, x] = true;
    ExerciseCheck.Equal(3, $"PeakTouches(a hidden 3 x 3 grid peaking at row 1, column 2; {name} of 12 x 12)", expected,
        PeakTouches(grid, mask), "find the patch (row, column) with the largest weight, then look for a masked pixel "
        + "among its pixels: rows row * patch ... , columns column * patch ... .");
}

// Hidden check, lesson 7 exercise 1: AttentionToPixels against the library on grid and image sizes the notebook
// never shows.
var random = new Random(71);
foreach (var (cells, size) in new[] { (3, 12), (4, 16), (1, 5) })
{
    var grid = Matrix<double>.Build.Dense(cells, cells, (_, _) => random.NextDouble());
    ExerciseCheck.Close(1, $"AttentionToPixels(a hidden {cells} x {cells} grid, {size})", AttentionMass.ToPixels(grid, size),
        AttentionToPixels(grid, size), "every pixel of a patch gets the patch's weight divided by the patch's pixel count, "
        + "so that the image's pixels sum to what the grid sums to.", tolerance: 1e-12);
}

// Hidden check, lesson 7 exercise 2: MassInside against the library on random grids and random regions.
var random = new Random(72);
foreach (var (cells, size) in new[] { (4, 16), (2, 10) })
{
    var grid = Matrix<double>.Build.Dense(cells, cells, (_, _) => random.NextDouble());
    var mask = new bool[size, size];
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) mask[y, x] = random.NextDouble() < 0.3;
    ExerciseCheck.Close(2, $"MassInside(a hidden {cells} x {cells} grid, a random {size} x {size} region)",
        AttentionMass.Inside(grid, mask), MassInside(grid, mask),
        "spread the grid over the pixels (each patch's weight shared by its pixels), then add the pixels inside the mask.",
        tolerance: 1e-12);
}

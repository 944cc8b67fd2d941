using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Vision;

/// <summary>
/// Does attention land on the thing being named? Attention over a grid of patches is spread evenly over each
/// patch's pixels; the mass inside a region is the attention its pixels receive. Attention spread evenly over the
/// image would put exactly the region's share of the area inside it, so mass inside much larger than the area share
/// means the model looks at the region.
/// </summary>
public static class AttentionMass
{
    /// <summary>
    /// Attention per pixel: each patch's weight divided evenly among its pixels, <c>(grid, grid) -> (size, size)</c>.
    /// The result sums to the same total as the grid.
    /// </summary>
    /// <exception cref="ArgumentException">The grid is not square or does not divide the image size.</exception>
    public static Matrix<double> ToPixels(Matrix<double> grid, int imageSize)
    {
        int cells = grid.RowCount;
        if (grid.ColumnCount != cells || cells == 0 || imageSize % cells != 0)
            throw new ArgumentException($"The attention grid is ({grid.RowCount}, {grid.ColumnCount}); it must be square and its side must divide the image size {imageSize}.", nameof(grid));
        int patch = imageSize / cells;
        return Matrix<double>.Build.Dense(imageSize, imageSize, (y, x) => grid[y / patch, x / patch] / (patch * patch));
    }

    /// <summary>The attention mass that falls on the pixels of <paramref name="region"/>, in [0, 1] for weights summing to 1.</summary>
    /// <exception cref="ArgumentException">The region is not a square mask of the image.</exception>
    public static double Inside(Matrix<double> grid, bool[,] region)
    {
        int size = region.GetLength(0);
        if (region.GetLength(1) != size)
            throw new ArgumentException($"The region mask is {region.GetLength(0)} x {region.GetLength(1)}; images here are square.", nameof(region));
        var pixels = ToPixels(grid, size);
        double mass = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (region[y, x]) mass += pixels[y, x];
        return mass;
    }
}

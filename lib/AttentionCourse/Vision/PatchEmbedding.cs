using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Vision;

/// <summary>
/// Cuts an image into a grid of square patches and turns each patch into a vector, learned from scratch (no
/// pretrained network): the patch's pixels go through a small two-layer network, and a learned vector for the patch's
/// place in the grid is added, so attention over patches knows where each one is.
/// <code>
/// x_p = the pixels of patch p, channels then rows then columns     (3 s^2)
/// v_p = W_2 relu(W_1 x_p + b_1) + b_2 + position_p                  (d)
/// </code>
/// Patches are numbered row by row: patch <c>p</c> sits at grid row <c>p / grid</c>, column <c>p % grid</c>.
/// </summary>
public sealed class PatchEmbedding : Module
{
    /// <summary>Creates the embedding.</summary>
    /// <param name="imageSize">Image height and width in pixels.</param>
    /// <param name="patchSize">Patch height and width s; must divide the image size.</param>
    /// <param name="dimension">Size d of each patch vector.</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <param name="hidden">Hidden units of the patch network.</param>
    public PatchEmbedding(int imageSize, int patchSize, int dimension, Random random, int hidden = 64)
    {
        if (patchSize <= 0 || imageSize % patchSize != 0)
            throw new ArgumentException($"The patch size {patchSize} must divide the image size {imageSize} so that patches tile the image.", nameof(patchSize));
        ImageSize = imageSize;
        PatchSize = patchSize;
        Hidden = RegisterModule("hidden", new Linear(3 * patchSize * patchSize, hidden, random));
        Output = RegisterModule("output", new Linear(hidden, dimension, random));
        Position = RegisterParameter("position", Init.Normal(Grid * Grid, dimension, 1.0, random));
    }

    /// <summary>Image height and width.</summary>
    public int ImageSize { get; }

    /// <summary>Patch height and width.</summary>
    public int PatchSize { get; }

    /// <summary>Patches per row (and per column) of the grid.</summary>
    public int Grid => ImageSize / PatchSize;

    /// <summary>Number of patches, <c>Grid^2</c>.</summary>
    public int Patches => Grid * Grid;

    /// <summary>First layer of the patch network, <c>(hidden, 3 s^2)</c>.</summary>
    public Linear Hidden { get; }

    /// <summary>Second layer of the patch network, <c>(d, hidden)</c>.</summary>
    public Linear Output { get; }

    /// <summary>One learned vector per grid position, <c>(patches, d)</c>.</summary>
    public Tensor Position { get; }

    /// <summary>
    /// Patch vectors of a batch of images (each <c>[channel, row, column]</c>), time-major as the decoder's attention
    /// expects: <c>(patches B, d)</c>, row <c>p B + b</c> is patch p of image b.
    /// </summary>
    /// <exception cref="ArgumentException">An image is not 3 x ImageSize x ImageSize.</exception>
    public Tensor Forward(IReadOnlyList<double[,,]> images)
    {
        int batch = images.Count, s = PatchSize, features = 3 * s * s;
        foreach (var image in images)
            if (image.GetLength(0) != 3 || image.GetLength(1) != ImageSize || image.GetLength(2) != ImageSize)
                throw new ArgumentException($"PatchEmbedding expects RGB images of 3 x {ImageSize} x {ImageSize}, got {image.GetLength(0)} x {image.GetLength(1)} x {image.GetLength(2)}.", nameof(images));
        var pixels = Matrix<double>.Build.Dense(Patches * batch, features, (row, feature) =>
        {
            int p = row / batch, b = row % batch;
            int channel = feature / (s * s), y = feature % (s * s) / s, x = feature % s;
            return images[b][channel, p / Grid * s + y, p % Grid * s + x];
        });                                                                                  // (P B, 3 s^2)
        var hidden = Hidden.Forward(Tensor.Constant(pixels)).Relu();                        // (P B, hidden)
        var positions = Position.GatherRows(Enumerable.Range(0, Patches * batch).Select(row => row / batch).ToArray()); // (P B, d)
        return Output.Forward(hidden) + positions;                                           // (P B, d)
    }
}

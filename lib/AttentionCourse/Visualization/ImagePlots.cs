using AttentionCourse.Vision;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using static AttentionCourse.Visualization.PlotBuilder;

namespace AttentionCourse.Visualization;

/// <summary>
/// Charts of images and of where a captioner looked: the image (a plotly.js <c>image</c> trace) with the attention over
/// its patch grid drawn on top as a semi-transparent heatmap, upsampled so each patch's weight covers its pixels.
/// </summary>
public static class ImagePlots
{
    /// <summary>Opacity of the attention layer: the image shows through it.</summary>
    public const double OverlayOpacity = 0.6;

    /// <summary>An RGB image, pixels as <c>[channel, row, column]</c> in [0, 1].</summary>
    /// <param name="pixels">The image.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart Image(double[,,] pixels, string title = "Image")
    {
        RequireImage(pixels);
        return Chart([ImageTrace(pixels, "x", "y")], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = PixelAxis(null),
            ["yaxis"] = PixelAxis("x"),
            ["width"] = 360,
            ["height"] = 380,
        });
    }

    /// <summary>
    /// An image with attention over its patch grid laid on top: brighter means more attention.
    /// </summary>
    /// <param name="pixels">The image, <c>[channel, row, column]</c> in [0, 1].</param>
    /// <param name="attention">Weights over the patch grid, <c>(grid, grid)</c>; the grid's side must divide the image size.</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">The image is not square RGB, or the grid does not fit it.</exception>
    public static GenericChart AttentionOverlay(double[,,] pixels, Matrix<double> attention, string title = "Attention over the image")
    {
        RequireImage(pixels);
        return Chart([ImageTrace(pixels, "x", "y"), OverlayTrace(pixels, attention, "x", "y", showScale: true)], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = PixelAxis(null),
            ["yaxis"] = PixelAxis("x"),
            ["width"] = 420,
            ["height"] = 380,
        });
    }

    /// <summary>
    /// One overlay per generated word, side by side (<paramref name="columns"/> per row): where the model looked
    /// while writing each word of its caption.
    /// </summary>
    /// <param name="pixels">The image.</param>
    /// <param name="words">The caption's words, one per map.</param>
    /// <param name="attention">One <c>(grid, grid)</c> weight map per word.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="title">Overall title.</param>
    /// <exception cref="ArgumentException">The numbers of words and maps differ, or there are none.</exception>
    public static GenericChart CaptionAttention(double[,,] pixels, IReadOnlyList<string> words, IReadOnlyList<Matrix<double>> attention,
        int columns = 4, string title = "Where the model looked for each word")
    {
        RequireImage(pixels);
        if (words.Count == 0 || words.Count != attention.Count)
            throw new ArgumentException($"CaptionAttention got {words.Count} words and {attention.Count} attention maps; give one map per word (and at least one).", nameof(attention));
        columns = Math.Clamp(columns, 1, words.Count);
        int rows = (words.Count + columns - 1) / columns;
        var layout = new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["grid"] = new Dictionary<string, object?> { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent", ["xgap"] = 0.08, ["ygap"] = 0.2 },
            ["width"] = 60 + 190 * columns,
            ["height"] = 80 + 210 * rows,
        };
        var traces = new List<Trace>();
        for (int w = 0; w < words.Count; w++)
        {
            string suffix = w == 0 ? "" : (w + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            traces.Add(ImageTrace(pixels, "x" + suffix, "y" + suffix));
            traces.Add(OverlayTrace(pixels, attention[w], "x" + suffix, "y" + suffix, showScale: false));
            var xAxis = PixelAxis(null);
            xAxis["title"] = Title(words[w]);
            layout["xaxis" + suffix] = xAxis;
            layout["yaxis" + suffix] = PixelAxis("x" + suffix);
        }
        return Chart(traces, layout);
    }

    private static Trace ImageTrace(double[,,] pixels, string xAxis, string yAxis)
    {
        int height = pixels.GetLength(1), width = pixels.GetLength(2);
        // plotly.js images are z[row][column] = [r, g, b] with channels from 0 to 255.
        var z = Enumerable.Range(0, height).Select(y => Enumerable.Range(0, width)
            .Select(x => Enumerable.Range(0, 3).Select(c => Math.Round(255 * Math.Clamp(pixels[c, y, x], 0, 1))).ToArray()).ToArray()).ToArray();
        return Trace("image", new Dictionary<string, object?>
        {
            ["z"] = z,
            ["hoverinfo"] = "skip",
            ["xaxis"] = xAxis,
            ["yaxis"] = yAxis,
        });
    }

    private static Trace OverlayTrace(double[,,] pixels, Matrix<double> attention, string xAxis, string yAxis, bool showScale)
    {
        var perPixel = AttentionMass.ToPixels(attention, pixels.GetLength(1)); // (size, size), each patch's weight over its pixels
        int patch = pixels.GetLength(1) / attention.RowCount;
        return Trace("heatmap", new Dictionary<string, object?>
        {
            ["z"] = Rows(perPixel * (patch * patch)),                    // the patch's weight on each of its pixels
            ["zmin"] = 0.0,
            ["zmax"] = Math.Max(1e-9, attention.Enumerate().Max()),
            ["colorscale"] = "Hot",
            ["opacity"] = OverlayOpacity,
            ["showscale"] = showScale,
            ["colorbar"] = showScale ? new Dictionary<string, object?> { ["title"] = Title("weight") } : null,
            ["hovertemplate"] = "row %{y}, column %{x}<br>patch weight %{z:.3f}<extra></extra>",
            ["xaxis"] = xAxis,
            ["yaxis"] = yAxis,
        });
    }

    /// <summary>An axis over pixel positions without grid or ticks; a y axis is reversed (row 0 at the top) and keeps pixels square.</summary>
    private static Dictionary<string, object?> PixelAxis(string? scaleAnchor) => new()
    {
        ["showgrid"] = false,
        ["zeroline"] = false,
        ["showticklabels"] = false,
        ["autorange"] = scaleAnchor is null ? null : "reversed",
        ["scaleanchor"] = scaleAnchor,
    };

    private static void RequireImage(double[,,] pixels)
    {
        if (pixels.GetLength(0) != 3 || pixels.GetLength(1) != pixels.GetLength(2))
            throw new ArgumentException($"Expected a square RGB image [3, size, size], got [{pixels.GetLength(0)}, {pixels.GetLength(1)}, {pixels.GetLength(2)}].", nameof(pixels));
    }
}

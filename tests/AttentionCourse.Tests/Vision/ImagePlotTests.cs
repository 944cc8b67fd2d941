using System.Text.Json;
using AttentionCourse.Vision;
using AttentionCourse.Visualization;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;

namespace AttentionCourse.Tests.Vision;

public class ImagePlotTests
{
    private static JsonElement Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement;

    private static readonly ShapeScene Scene = ShapeScenes.Generate(1, seed: 7)[0];

    [Fact]
    public void Vision_overlay_draws_the_image_then_a_semi_transparent_heatmap_upsampled_to_pixels()
    {
        var attention = Matrix<double>.Build.Dense(4, 4, (row, column) => row == 1 && column == 2 ? 0.7 : 0.02);
        var figure = Figure(ImagePlots.AttentionOverlay(Scene.Pixels, attention, "red"));
        var image = figure.GetProperty("data")[0];
        var heatmap = figure.GetProperty("data")[1];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal(32, image.GetProperty("z").GetArrayLength());
        Assert.Equal(3, image.GetProperty("z")[0][0].GetArrayLength()); // [r, g, b] per pixel, 0..255
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        Assert.Equal(ImagePlots.OverlayOpacity, heatmap.GetProperty("opacity").GetDouble());
        // Patch (1, 2) of an 8-pixel grid covers rows 8..15 and columns 16..23, each pixel showing the patch's weight.
        Assert.Equal(0.7, heatmap.GetProperty("z")[8][16].GetDouble(), 12);
        Assert.Equal(0.7, heatmap.GetProperty("z")[15][23].GetDouble(), 12);
        Assert.Equal(0.02, heatmap.GetProperty("z")[7][16].GetDouble(), 12);
        Assert.Equal("reversed", figure.GetProperty("layout").GetProperty("yaxis").GetProperty("autorange").GetString());
    }

    [Fact]
    public void Vision_caption_attention_has_one_image_and_one_overlay_per_word_titled_by_the_word()
    {
        var maps = Enumerable.Range(0, 3).Select(_ => Matrix<double>.Build.Dense(4, 4, 1 / 16.0)).ToList();
        var figure = Figure(ImagePlots.CaptionAttention(Scene.Pixels, ["a", "red", "square"], maps, columns: 2));
        var traces = figure.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["image", "heatmap", "image", "heatmap", "image", "heatmap"], traces.Select(t => t.GetProperty("type").GetString()));
        Assert.Equal("x3", traces[5].GetProperty("xaxis").GetString());
        Assert.Equal("square", figure.GetProperty("layout").GetProperty("xaxis3").GetProperty("title").GetProperty("text").GetString());
        var error = Assert.Throws<ArgumentException>(() => ImagePlots.CaptionAttention(Scene.Pixels, ["a"], maps));
        Assert.Contains("1 words and 3 attention maps", error.Message);
    }
}

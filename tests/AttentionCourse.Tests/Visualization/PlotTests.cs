using System.Text.Json;
using AttentionCourse.Visualization;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;

namespace AttentionCourse.Tests.Visualization;

public class PlotTests
{
    private static JsonElement Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement;

    private static readonly Matrix<double> Weights = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.7, 0.2, 0.1 }, { 0.1, 0.1, 0.8 } });

    [Fact]
    public void Attention_heatmap_puts_queries_down_keys_across_with_token_labels()
    {
        var figure = Figure(AttentionPlots.Heatmap(Weights, ["le", "chat"], ["the", "cat", "the"], "alignment"));
        var trace = figure.GetProperty("data")[0];
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(0.8, trace.GetProperty("z")[1][2].GetDouble());
        Assert.Equal(0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(1, trace.GetProperty("zmax").GetDouble());
        var layout = figure.GetProperty("layout");
        Assert.Equal(["the", "cat", "the"], layout.GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["le", "chat"], layout.GetProperty("yaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal("alignment", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("chat → the", trace.GetProperty("text")[1][2].GetString());
    }

    [Fact]
    public void Heatmap_label_mismatch_names_the_shape_and_counts()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionPlots.Heatmap(Weights, ["a"], ["x", "y", "z"]));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("1 query labels", error.Message);
    }

    [Fact]
    public void Head_grid_has_one_heatmap_per_head_on_its_own_axes_with_one_colour_bar()
    {
        var figure = Figure(AttentionPlots.HeadGrid([Weights, Weights, Weights], ["a", "b"], ["x", "y", "z"], columns: 2));
        var traces = figure.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, traces.Count);
        Assert.Equal(["x", "x2", "x3"], traces.Select(t => t.GetProperty("xaxis").GetString()));
        Assert.Equal(1, traces.Count(t => t.GetProperty("showscale").GetBoolean()));
        var grid = figure.GetProperty("layout").GetProperty("grid");
        Assert.Equal(2, grid.GetProperty("rows").GetInt32());
        Assert.Equal(2, grid.GetProperty("columns").GetInt32());
        Assert.Equal("head 3", figure.GetProperty("layout").GetProperty("xaxis3").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Weights_bar_and_lines_carry_their_values()
    {
        var bar = Figure(AttentionPlots.WeightsBar([0.25, 0.75], ["a", "b"])).GetProperty("data")[0];
        Assert.Equal("bar", bar.GetProperty("type").GetString());
        Assert.Equal(0.75, bar.GetProperty("y")[1].GetDouble());

        var lines = Figure(Charts.Lines("training", "step", "loss", Series.Of("loss", [3.0, 2.0, 1.5]), new Series("accuracy", [1, 3], [0.1, 0.9])));
        Assert.Equal(2, lines.GetProperty("data").GetArrayLength());
        Assert.Equal("loss", lines.GetProperty("data")[0].GetProperty("name").GetString());
        Assert.Equal(3.0, lines.GetProperty("data")[0].GetProperty("x")[2].GetDouble());
        Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", new Series("bad", [1, 2], [1])));
    }

    [Fact]
    public void Positional_encoding_heatmap_uses_a_diverging_scale_from_minus_one_to_one()
    {
        var encoding = AttentionCourse.Attention.PositionalEncoding.Sinusoidal(10, 8);
        var trace = Figure(Charts.PositionalEncoding(encoding)).GetProperty("data")[0];
        Assert.Equal(-1, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(10, trace.GetProperty("z").GetArrayLength());
        Assert.Equal(encoding[3, 5], trace.GetProperty("z")[3][5].GetDouble(), 12);
    }
}

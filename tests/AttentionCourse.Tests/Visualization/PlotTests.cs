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
        var layout = figure.GetProperty("layout");
        var panelTitles = layout.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(["head 1", "head 2", "head 3"], panelTitles.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("x3 domain", panelTitles[2].GetProperty("xref").GetString());
    }

    [Fact]
    public void Head_grid_titles_keys_on_every_panel_and_queries_on_the_first_column()
    {
        var layout = Figure(AttentionPlots.HeadGrid([Weights, Weights, Weights], ["a", "b"], ["x", "y", "z"], columns: 2)).GetProperty("layout");
        foreach (var axis in new[] { "xaxis", "xaxis2", "xaxis3" })
            Assert.Equal("keys", layout.GetProperty(axis).GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("queries", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("queries", layout.GetProperty("yaxis3").GetProperty("title").GetProperty("text").GetString()); // row 2, column 1
        Assert.True(!layout.GetProperty("yaxis2").TryGetProperty("title", out var inner) || inner.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void Mask_grid_uses_two_colours_with_a_legend_naming_them()
    {
        var causal = AttentionCourse.Attention.Masks.Causal(3);
        var figure = Figure(AttentionPlots.MaskGrid([causal, causal], ["a", "b", "c"], ["a", "b", "c"], ["causal", "again"]));
        var trace = figure.GetProperty("data")[0];
        var colours = trace.GetProperty("colorscale").EnumerateArray().Select(stop => stop[1].GetString()).Distinct().ToList();
        Assert.Equal(2, colours.Count);
        var bar = trace.GetProperty("colorbar");
        Assert.Equal(["may attend", "blocked"], bar.GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1.0, trace.GetProperty("z")[0][2].GetDouble());   // query a may not see key c
        Assert.Equal("blocked", trace.GetProperty("customdata")[0][2].GetString());
        Assert.Equal("keys", figure.GetProperty("layout").GetProperty("xaxis2").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Long_inputs_shrink_the_cells_so_the_heatmap_fits_a_notebook_column_with_its_colour_bar()
    {
        var tokens = Enumerable.Range(0, 60).Select(i => $"t{i}").ToArray();
        var weights = Matrix<double>.Build.Dense(60, 60, 1.0 / 60);
        foreach (var chart in new[] { AttentionPlots.Heatmap(weights, tokens, tokens), AttentionPlots.HeadGrid([weights, weights], tokens, tokens) })
        {
            var figure = Figure(chart);
            Assert.True(figure.GetProperty("layout").GetProperty("width").GetInt32() <= 760);
            var trace = figure.GetProperty("data")[0];
            Assert.True(trace.GetProperty("showscale").GetBoolean());
            var bar = trace.GetProperty("colorbar");
            Assert.Equal("outside", bar.GetProperty("ticks").GetString());
            Assert.Equal([0, 0.25, 0.5, 0.75, 1], bar.GetProperty("tickvals").EnumerateArray().Select(e => e.GetDouble()));
            Assert.True(figure.GetProperty("layout").GetProperty("margin").GetProperty("r").GetInt32() >= 100, "room for the colour bar");
        }
    }

    [Fact]
    public void Spaces_in_token_labels_are_shown_as_a_visible_glyph()
    {
        var figure = Figure(AttentionPlots.Heatmap(Weights, ["1", "-"], ["3", " ", "M"]));
        Assert.Equal(["3", "␣", "M"], figure.GetProperty("layout").GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("- → ␣", figure.GetProperty("data")[0].GetProperty("text")[1][1].GetString());
    }

    [Fact]
    public void Bar_labels_are_not_clipped_and_share_one_notation()
    {
        var bar = Figure(Charts.Bars("cost", ["dot", "additive"], [31.2, 6134.1], "µs"));
        var trace = bar.GetProperty("data")[0];
        Assert.False(trace.GetProperty("cliponaxis").GetBoolean());
        Assert.Equal(["31.2", "6,134.1"], trace.GetProperty("text").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("none", bar.GetProperty("layout").GetProperty("yaxis").GetProperty("exponentformat").GetString());
        Assert.False(Figure(AttentionPlots.WeightsBar([0.2, 0.8], ["a", "b"])).GetProperty("data")[0].GetProperty("cliponaxis").GetBoolean());
    }

    [Fact]
    public void Log_axes_put_their_ticks_at_the_data_points()
    {
        var lines = Figure(Charts.Lines("saturation", "d_k", "weight", logX: true, new Series("q·k", [4, 16, 64, 256, 1024], [0.3, 0.5, 0.8, 0.9, 0.96])));
        var axis = lines.GetProperty("layout").GetProperty("xaxis");
        Assert.Equal("log", axis.GetProperty("type").GetString());
        Assert.Equal([4.0, 16, 64, 256, 1024], axis.GetProperty("tickvals").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(["4", "16", "64", "256", "1024"], axis.GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()));
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

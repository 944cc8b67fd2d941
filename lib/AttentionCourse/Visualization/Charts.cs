using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using static AttentionCourse.Visualization.PlotBuilder;

namespace AttentionCourse.Visualization;

/// <summary>One named line of a line chart.</summary>
/// <param name="Name">Legend entry, e.g. "training loss".</param>
/// <param name="X">Horizontal positions, e.g. step numbers.</param>
/// <param name="Y">Values, same count as <paramref name="X"/>.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series whose x values are 1, 2, 3, ...</summary>
    public static Series Of(string name, IReadOnlyList<double> values) =>
        new(name, Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray(), values);
}

/// <summary>General charts the lessons use beside the attention heatmaps.</summary>
public static class Charts
{
    /// <summary>Line chart of one or more series (loss and accuracy curves, accuracy against length, time against length).</summary>
    /// <exception cref="ArgumentException">No series, or a series whose X and Y counts differ.</exception>
    public static GenericChart Lines(string title, string xTitle, string yTitle, params IReadOnlyList<Series> series) =>
        Lines(title, xTitle, yTitle, logX: false, series);

    /// <summary>Line chart of one or more series, with a logarithmic x axis when <paramref name="logX"/> is set (sizes 4, 16, 64, ...).</summary>
    /// <exception cref="ArgumentException">No series, or a series whose X and Y counts differ.</exception>
    public static GenericChart Lines(string title, string xTitle, string yTitle, bool logX, params IReadOnlyList<Series> series)
    {
        if (series.Count == 0) throw new ArgumentException("Lines needs at least one series.", nameof(series));
        foreach (var s in series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
        var traces = series.Select(s => Trace("scatter", new Dictionary<string, object?>
        {
            ["name"] = s.Name,
            ["x"] = s.X.ToArray(),
            ["y"] = s.Y.ToArray(),
            ["mode"] = s.X.Count <= 30 ? "lines+markers" : "lines",
        }));
        return Chart(traces, new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = logX ? LogAxis(xTitle, series.SelectMany(s => s.X)) : new Dictionary<string, object?> { ["title"] = Title(xTitle) },
            ["yaxis"] = new Dictionary<string, object?> { ["title"] = Title(yTitle) },
            ["width"] = 720,
            ["height"] = 420,
        });
    }

    /// <summary>A logarithmic axis whose ticks sit at the data's x values (4, 16, 64, ...), not at plotly's powers of ten.</summary>
    private static Dictionary<string, object?> LogAxis(string title, IEnumerable<double> xs)
    {
        var ticks = xs.Where(x => x > 0).Distinct().Order().ToArray();
        return new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["type"] = "log",
            ["tickmode"] = "array",
            ["tickvals"] = ticks,
            ["ticktext"] = ticks.Select(x => x.ToString("G", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    /// <summary>A bar chart of one value per label (times, counts, scores).</summary>
    /// <exception cref="ArgumentException">The numbers of values and labels differ.</exception>
    public static GenericChart Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string yTitle)
    {
        if (labels.Count != values.Count)
            throw new ArgumentException($"Bars got {values.Count} values but {labels.Count} labels; give one label per value.", nameof(labels));
        var bar = Trace("bar", new Dictionary<string, object?>
        {
            ["x"] = labels.ToArray(),
            ["y"] = values.ToArray(),
            ["text"] = FixedLabels(values),
            ["textposition"] = "outside",
            ["cliponaxis"] = false, // the tallest bar's label sits above the plot area; keep it whole
        });
        double top = values.DefaultIfEmpty(0).Max();
        return Chart([bar], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["yaxis"] = new Dictionary<string, object?>
            {
                ["title"] = Title(yTitle),
                ["range"] = top > 0 ? new[] { 0.0, top * 1.15 } : null, // headroom for the labels
                ["exponentformat"] = "none",
                ["separatethousands"] = true,
            },
            ["width"] = FitWidth(Math.Max(560, 140 + 90 * labels.Count)),
            ["height"] = 400,
            ["margin"] = Margin(),
        });
    }

    /// <summary>
    /// A heatmap of a positional encoding: positions down, dimensions across, values from -1 to 1 on a diverging scale.
    /// </summary>
    /// <param name="encoding">The encoding, shape <c>(positions, d_model)</c>.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart PositionalEncoding(Matrix<double> encoding, string title = "Sinusoidal positional encoding") =>
        Heatmap(encoding, "dimension", "position", title, -1, 1, "RdBu");

    /// <summary>A heatmap of any matrix with numeric axes (rows down, columns across).</summary>
    /// <param name="values">The matrix.</param>
    /// <param name="xTitle">Title of the column axis.</param>
    /// <param name="yTitle">Title of the row axis.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="zMin">Value at the bottom of the colour scale (default: the minimum).</param>
    /// <param name="zMax">Value at the top of the colour scale (default: the maximum).</param>
    /// <param name="colorScale">A plotly.js colour scale name, e.g. "Viridis", "Blues", "RdBu".</param>
    public static GenericChart Heatmap(Matrix<double> values, string xTitle, string yTitle, string title, double? zMin = null, double? zMax = null, string colorScale = "Viridis")
    {
        var trace = Trace("heatmap", new Dictionary<string, object?>
        {
            ["z"] = Rows(values),
            ["zmin"] = zMin,
            ["zmax"] = zMax,
            ["colorscale"] = colorScale,
            ["colorbar"] = new Dictionary<string, object?> { ["ticks"] = "outside", ["title"] = Title("value") },
            ["hovertemplate"] = $"{yTitle} %{{y}}<br>{xTitle} %{{x}}<br>value %{{z:.3f}}<extra></extra>",
        });
        return Chart([trace], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = new Dictionary<string, object?> { ["title"] = Title(xTitle) },
            ["yaxis"] = new Dictionary<string, object?> { ["title"] = Title(yTitle), ["autorange"] = "reversed" },
            ["width"] = 720,
            ["height"] = 460,
        });
    }
}

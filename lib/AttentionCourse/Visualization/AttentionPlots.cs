using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using static AttentionCourse.Visualization.PlotBuilder;

namespace AttentionCourse.Visualization;

/// <summary>
/// Charts of attention weights. A weight matrix has one row per query and one column per key, so heatmaps put
/// queries down the y axis (first query at the top) and keys across the x axis, labelled with their tokens.
/// Every chart fits a notebook column (at most <see cref="PlotBuilder.MaxWidth"/> pixels wide): with many tokens the
/// cells shrink instead of the chart growing. A space in a token is shown as "␣", so a character-level input's
/// spaces have a visible label.
/// </summary>
public static class AttentionPlots
{
    /// <summary>
    /// A heatmap of attention weights: cell (query i, key j) is how much query i attends to key j, colour scaled
    /// from 0 to 1. Tokens may repeat (two "the"s keep their own rows).
    /// </summary>
    /// <param name="weights">Weights, shape <c>(queries, keys)</c>.</param>
    /// <param name="queryTokens">One label per row (query), top to bottom.</param>
    /// <param name="keyTokens">One label per column (key), left to right.</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">A label count does not match the matrix's shape.</exception>
    public static GenericChart Heatmap(Matrix<double> weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens, string title = "Attention weights")
    {
        RequireLabels(weights, queryTokens, keyTokens);
        return Chart([HeatmapTrace(weights, queryTokens, keyTokens, "x", "y", WeightScale(true, weights))], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = TokenAxis(keyTokens, "keys", reversed: false),
            ["yaxis"] = TokenAxis(queryTokens, "queries", reversed: true),
            ["width"] = FitWidth(200 + 42 * Math.Max(keyTokens.Count, 6)),
            ["height"] = 160 + CellHeight(queryTokens.Count) * Math.Max(queryTokens.Count, 6),
            ["margin"] = Margin(),
        });
    }

    /// <summary>A heatmap of attention weights held in a tensor (e.g. <c>result.Weights</c>).</summary>
    /// <inheritdoc cref="Heatmap(Matrix{double}, IReadOnlyList{string}, IReadOnlyList{string}, string)"/>
    public static GenericChart Heatmap(Tensor weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens, string title = "Attention weights") =>
        Heatmap(weights.Value, queryTokens, keyTokens, title);

    /// <summary>
    /// A grid of attention heatmaps sharing one 0-to-1 colour scale, one per head (or layer), <paramref name="columns"/> per row;
    /// each panel is titled above, keys across and queries down.
    /// </summary>
    /// <param name="maps">The weight matrices, all of shape <c>(queries, keys)</c>.</param>
    /// <param name="queryTokens">Row labels.</param>
    /// <param name="keyTokens">Column labels.</param>
    /// <param name="titles">One title per map (default "head 1", "head 2", ...).</param>
    /// <param name="columns">Heatmaps per row of the grid.</param>
    /// <param name="title">Overall title.</param>
    public static GenericChart HeadGrid(IReadOnlyList<Matrix<double>> maps, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string>? titles = null, int columns = 4, string title = "Attention per head") =>
        Grid(maps, queryTokens, keyTokens, titles, columns, title, WeightScale);

    /// <summary>The heads' weights of a multi-head attention result as a grid of heatmaps.</summary>
    public static GenericChart HeadGrid(IReadOnlyList<Tensor> headWeights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string>? titles = null, int columns = 4, string title = "Attention per head") =>
        HeadGrid(headWeights.Select(w => w.Value).ToList(), queryTokens, keyTokens, titles, columns, title);

    /// <summary>
    /// A grid of masks (<c>true</c> = blocked), one per panel, in two colours with a legend that names them
    /// ("may attend", "blocked") rather than a 0-to-1 weight scale.
    /// </summary>
    /// <param name="masks">The masks, all of shape <c>(queries, keys)</c>.</param>
    /// <param name="queryTokens">Row labels.</param>
    /// <param name="keyTokens">Column labels.</param>
    /// <param name="titles">One title per mask.</param>
    /// <param name="columns">Panels per row of the grid.</param>
    /// <param name="title">Overall title.</param>
    public static GenericChart MaskGrid(IReadOnlyList<bool[,]> masks, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string> titles, int columns = 3, string title = "Masks") =>
        Grid(masks.Select(m => Matrix<double>.Build.Dense(m.GetLength(0), m.GetLength(1), (i, j) => m[i, j] ? 1.0 : 0.0)).ToList(),
            queryTokens, keyTokens, titles, columns, title, MaskScale);

    /// <summary>A bar chart of one query's weights over the keys.</summary>
    /// <param name="weights">The weights, one per key.</param>
    /// <param name="keyTokens">One label per key.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart WeightsBar(IReadOnlyList<double> weights, IReadOnlyList<string> keyTokens, string title = "Attention weights of one query")
    {
        if (weights.Count != keyTokens.Count)
            throw new ArgumentException($"WeightsBar got {weights.Count} weights but {keyTokens.Count} labels; give one label per key.", nameof(keyTokens));
        var positions = Enumerable.Range(0, weights.Count).ToArray();
        var bar = Trace("bar", new Dictionary<string, object?>
        {
            ["x"] = positions,
            ["y"] = weights.ToArray(),
            ["text"] = weights.Select(w => w.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            ["textposition"] = "outside",
            ["cliponaxis"] = false, // a label above a tall bar may pass the top of the plot area; keep it whole
            ["hovertemplate"] = "%{customdata}: %{y:.3f}<extra></extra>",
            ["customdata"] = Visible(keyTokens),
        });
        return Chart([bar], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = TokenAxis(keyTokens, "keys", reversed: false),
            ["yaxis"] = new Dictionary<string, object?> { ["title"] = Title("weight"), ["range"] = new[] { 0.0, Math.Max(1.05, weights.DefaultIfEmpty(0).Max() * 1.15) } },
            ["width"] = FitWidth(Math.Max(600, 160 + 48 * keyTokens.Count)),
            ["height"] = 380,
            ["margin"] = Margin(),
        });
    }

    private static GenericChart Grid(IReadOnlyList<Matrix<double>> maps, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string>? titles, int columns, string title, Func<bool, Matrix<double>, Dictionary<string, object?>> scale)
    {
        if (maps.Count == 0) throw new ArgumentException("A grid needs at least one matrix.", nameof(maps));
        foreach (var map in maps) RequireLabels(map, queryTokens, keyTokens);
        titles ??= Enumerable.Range(1, maps.Count).Select(h => $"head {h}").ToList();
        if (titles.Count != maps.Count) throw new ArgumentException($"The grid got {maps.Count} maps but {titles.Count} titles.", nameof(titles));
        columns = Math.Clamp(columns, 1, maps.Count);
        int rows = (maps.Count + columns - 1) / columns;

        var annotations = new List<object>();
        var layout = new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["grid"] = new Dictionary<string, object?> { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent", ["xgap"] = 0.15, ["ygap"] = 0.3 },
            ["width"] = FitWidth(120 + columns * (70 + 26 * Math.Max(keyTokens.Count, 5))),
            ["height"] = 120 + rows * (110 + Math.Min(24, CellHeight(queryTokens.Count)) * Math.Max(queryTokens.Count, 5)),
            ["annotations"] = annotations,
            ["margin"] = Margin(),
        };
        var traces = new List<Trace>();
        for (int m = 0; m < maps.Count; m++)
        {
            string suffix = m == 0 ? "" : (m + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            traces.Add(HeatmapTrace(maps[m], queryTokens, keyTokens, "x" + suffix, "y" + suffix, scale(m == 0, maps[m])));
            layout["xaxis" + suffix] = TokenAxis(keyTokens, "keys", reversed: false);
            bool firstColumn = m % columns == 0;
            var yAxis = TokenAxis(queryTokens, firstColumn ? "queries" : null, reversed: true);
            if (!firstColumn) yAxis["showticklabels"] = false; // labels only on the first column of the grid
            layout["yaxis" + suffix] = yAxis;
            // The panel's title, centred above its plot area (plotly.js "x domain" coordinates run 0..1 across it).
            annotations.Add(new Dictionary<string, object?>
            {
                ["text"] = titles[m],
                ["showarrow"] = false,
                ["xref"] = $"x{suffix} domain",
                ["yref"] = $"y{suffix} domain",
                ["x"] = 0.5,
                ["y"] = 1.0,
                ["xanchor"] = "center",
                ["yanchor"] = "bottom",
                ["font"] = new Dictionary<string, object?> { ["size"] = 13 },
            });
        }
        return Chart(traces, layout);
    }

    private static Trace HeatmapTrace(Matrix<double> weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens, string xAxis, string yAxis,
        Dictionary<string, object?> scale)
    {
        var queries = Visible(queryTokens);
        var keys = Visible(keyTokens);
        var properties = new Dictionary<string, object?>
        {
            ["z"] = Rows(weights),
            ["x"] = Enumerable.Range(0, keyTokens.Count).ToArray(),
            ["y"] = Enumerable.Range(0, queryTokens.Count).ToArray(),
            ["text"] = Enumerable.Range(0, queryTokens.Count).Select(i => keys.Select(k => $"{queries[i]} → {k}").ToArray()).ToArray(),
            ["xaxis"] = xAxis,
            ["yaxis"] = yAxis,
        };
        foreach (var (name, value) in scale) properties[name] = value;
        return Trace("heatmap", properties);
    }

    /// <summary>The 0-to-1 weight scale: dark = high, with a colour bar (ticks every 0.25) on the first panel only.</summary>
    private static Dictionary<string, object?> WeightScale(bool showScale, Matrix<double> weights) => new()
    {
        ["hovertemplate"] = "%{text}<br>weight %{z:.3f}<extra></extra>",
        ["zmin"] = 0.0,
        ["zmax"] = 1.0,
        ["colorscale"] = "Blues",
        ["reversescale"] = true, // plotly's Blues runs dark to light; attention reads better with high = dark
        ["showscale"] = showScale,
        ["colorbar"] = showScale ? ColorBar("weight", [0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"]) : null,
    };

    /// <summary>Two colours for a boolean mask (0 = may attend, 1 = blocked) and a legend naming them.</summary>
    private static Dictionary<string, object?> MaskScale(bool showScale, Matrix<double> mask) => new()
    {
        ["customdata"] = mask.EnumerateRows().Select(row => row.Select(v => v > 0.5 ? "blocked" : "may attend").ToArray()).ToArray(),
        ["hovertemplate"] = "%{text}<br>%{customdata}<extra></extra>",
        ["zmin"] = 0.0,
        ["zmax"] = 1.0,
        ["colorscale"] = MaskColors,
        ["showscale"] = showScale,
        ["colorbar"] = showScale ? ColorBar(null, [0.25, 0.75], ["may attend", "blocked"]) : null,
    };

    /// <summary>A step colour scale: the lower half of the range light, the upper half dark.</summary>
    internal static readonly object[][] MaskColors =
    [
        [0.0, "#deebf7"], [0.5, "#deebf7"], [0.5, "#08306b"], [1.0, "#08306b"],
    ];

    private static Dictionary<string, object?> ColorBar(string? title, double[] ticks, string[] labels) => new()
    {
        ["title"] = title is null ? null : Title(title),
        ["tickmode"] = "array",
        ["tickvals"] = ticks,
        ["ticktext"] = labels,
        ["ticks"] = "outside",
        ["thickness"] = 14,
        ["len"] = 0.9,
        ["x"] = 1.02,
        ["xanchor"] = "left",
    };

    /// <summary>A categorical axis at positions 0..n-1 labelled with tokens (tokens may repeat, spaces shown as ␣).</summary>
    internal static Dictionary<string, object?> TokenAxis(IReadOnlyList<string> tokens, string? title, bool reversed) => new()
    {
        ["tickmode"] = "array",
        ["tickvals"] = Enumerable.Range(0, tokens.Count).ToArray(),
        ["ticktext"] = Visible(tokens),
        ["tickfont"] = tokens.Count > 24 ? new Dictionary<string, object?> { ["size"] = 9 } : null,
        ["title"] = title is null ? null : Title(title),
        ["autorange"] = reversed ? "reversed" : null,
        ["showgrid"] = false,
        ["zeroline"] = false,
    };

    /// <summary>Tokens as labels: a space becomes "␣" so that it can be seen.</summary>
    internal static string[] Visible(IReadOnlyList<string> tokens) => tokens.Select(t => t.Replace(' ', '␣')).ToArray();

    /// <summary>Row height: rows shrink when there are many queries, so the chart stays a readable height.</summary>
    private static int CellHeight(int queries) => queries <= 16 ? 36 : Math.Max(14, 576 / queries);

    private static void RequireLabels(Matrix<double> weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens)
    {
        if (weights.RowCount != queryTokens.Count || weights.ColumnCount != keyTokens.Count)
            throw new ArgumentException($"The weights have shape ({weights.RowCount}, {weights.ColumnCount}) but there are {queryTokens.Count} query labels and {keyTokens.Count} key labels; give one label per row and one per column.");
    }
}

using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using Plotly.NET;
using static AttentionCourse.Visualization.PlotBuilder;

namespace AttentionCourse.Visualization;

/// <summary>
/// Charts of attention weights. A weight matrix has one row per query and one column per key, so heatmaps put
/// queries down the y axis (first query at the top) and keys across the x axis, labelled with their tokens.
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
        return Chart([HeatmapTrace(weights, queryTokens, keyTokens, "x", "y", showScale: true)], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = TokenAxis(keyTokens, "keys", reversed: false),
            ["yaxis"] = TokenAxis(queryTokens, "queries", reversed: true),
            ["width"] = 120 + 42 * Math.Max(keyTokens.Count, 6),
            ["height"] = 140 + 36 * Math.Max(queryTokens.Count, 6),
        });
    }

    /// <summary>A heatmap of attention weights held in a tensor (e.g. <c>result.Weights</c>).</summary>
    /// <inheritdoc cref="Heatmap(Matrix{double}, IReadOnlyList{string}, IReadOnlyList{string}, string)"/>
    public static GenericChart Heatmap(Tensor weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens, string title = "Attention weights") =>
        Heatmap(weights.Value, queryTokens, keyTokens, title);

    /// <summary>
    /// A grid of attention heatmaps sharing one 0-to-1 colour scale, one per head (or layer), <paramref name="columns"/> per row.
    /// </summary>
    /// <param name="maps">The weight matrices, all of shape <c>(queries, keys)</c>.</param>
    /// <param name="queryTokens">Row labels.</param>
    /// <param name="keyTokens">Column labels.</param>
    /// <param name="titles">One title per map (default "head 1", "head 2", ...).</param>
    /// <param name="columns">Heatmaps per row of the grid.</param>
    /// <param name="title">Overall title.</param>
    public static GenericChart HeadGrid(IReadOnlyList<Matrix<double>> maps, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string>? titles = null, int columns = 4, string title = "Attention per head")
    {
        if (maps.Count == 0) throw new ArgumentException("HeadGrid needs at least one weight matrix.", nameof(maps));
        foreach (var map in maps) RequireLabels(map, queryTokens, keyTokens);
        titles ??= Enumerable.Range(1, maps.Count).Select(h => $"head {h}").ToList();
        if (titles.Count != maps.Count) throw new ArgumentException($"HeadGrid got {maps.Count} maps but {titles.Count} titles.", nameof(titles));
        columns = Math.Clamp(columns, 1, maps.Count);
        int rows = (maps.Count + columns - 1) / columns;

        var layout = new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["grid"] = new Dictionary<string, object?> { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent", ["xgap"] = 0.15, ["ygap"] = 0.25 },
            ["width"] = 80 + columns * (60 + 26 * Math.Max(keyTokens.Count, 5)),
            ["height"] = 100 + rows * (90 + 24 * Math.Max(queryTokens.Count, 5)),
            ["annotations"] = new List<object>(),
        };
        var traces = new List<Trace>();
        for (int m = 0; m < maps.Count; m++)
        {
            string suffix = m == 0 ? "" : (m + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            traces.Add(HeatmapTrace(maps[m], queryTokens, keyTokens, "x" + suffix, "y" + suffix, showScale: m == 0));
            layout["xaxis" + suffix] = TokenAxis(keyTokens, titles[m], reversed: false);
            var yAxis = TokenAxis(queryTokens, null, reversed: true);
            if (m % columns != 0) yAxis["showticklabels"] = false; // labels only on the first column of the grid
            layout["yaxis" + suffix] = yAxis;
        }
        return Chart(traces, layout);
    }

    /// <summary>The heads' weights of a multi-head attention result as a grid of heatmaps.</summary>
    public static GenericChart HeadGrid(IReadOnlyList<Tensor> headWeights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
        IReadOnlyList<string>? titles = null, int columns = 4, string title = "Attention per head") =>
        HeadGrid(headWeights.Select(w => w.Value).ToList(), queryTokens, keyTokens, titles, columns, title);

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
            ["hovertemplate"] = "%{customdata}: %{y:.3f}<extra></extra>",
            ["customdata"] = keyTokens.ToArray(),
        });
        return Chart([bar], new Dictionary<string, object?>
        {
            ["title"] = Title(title),
            ["xaxis"] = TokenAxis(keyTokens, "keys", reversed: false),
            ["yaxis"] = new Dictionary<string, object?> { ["title"] = Title("weight"), ["range"] = new[] { 0.0, Math.Max(1.05, weights.DefaultIfEmpty(0).Max() * 1.15) } },
            ["width"] = Math.Max(600, 160 + 48 * keyTokens.Count),
            ["height"] = 380,
        });
    }

    private static Trace HeatmapTrace(Matrix<double> weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens, string xAxis, string yAxis, bool showScale) =>
        Trace("heatmap", new Dictionary<string, object?>
        {
            ["z"] = Rows(weights),
            ["x"] = Enumerable.Range(0, keyTokens.Count).ToArray(),
            ["y"] = Enumerable.Range(0, queryTokens.Count).ToArray(),
            ["text"] = Enumerable.Range(0, queryTokens.Count).Select(i => keyTokens.Select(k => $"{queryTokens[i]} → {k}").ToArray()).ToArray(),
            ["hovertemplate"] = "%{text}<br>weight %{z:.3f}<extra></extra>",
            ["zmin"] = 0.0,
            ["zmax"] = 1.0,
            ["colorscale"] = "Blues",
            ["reversescale"] = true, // plotly's Blues runs dark to light; attention reads better with high = dark
            ["showscale"] = showScale,
            ["xaxis"] = xAxis,
            ["yaxis"] = yAxis,
        });

    /// <summary>A categorical axis at positions 0..n-1 labelled with tokens (tokens may repeat).</summary>
    internal static Dictionary<string, object?> TokenAxis(IReadOnlyList<string> tokens, string? title, bool reversed) => new()
    {
        ["tickmode"] = "array",
        ["tickvals"] = Enumerable.Range(0, tokens.Count).ToArray(),
        ["ticktext"] = tokens.ToArray(),
        ["title"] = title is null ? null : Title(title),
        ["autorange"] = reversed ? "reversed" : null,
        ["showgrid"] = false,
        ["zeroline"] = false,
    };

    private static void RequireLabels(Matrix<double> weights, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens)
    {
        if (weights.RowCount != queryTokens.Count || weights.ColumnCount != keyTokens.Count)
            throw new ArgumentException($"The weights have shape ({weights.RowCount}, {weights.ColumnCount}) but there are {queryTokens.Count} query labels and {keyTokens.Count} key labels; give one label per row and one per column.");
    }
}

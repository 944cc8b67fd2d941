using System.Globalization;
using Plotly.NET;

namespace AttentionCourse.Visualization;

/// <summary>
/// Builds Plotly.NET charts from plain plotly.js properties (the names in the plotly.js reference), so that what
/// a chart contains is visible in one place and its JSON is easy to test.
/// </summary>
internal static class PlotBuilder
{
    /// <summary>The widest a chart gets: the width of a notebook's output column in VS Code and Jupyter.</summary>
    public const int MaxWidth = 760;

    /// <summary>A trace of the given plotly.js type with the given properties.</summary>
    public static Trace Trace(string type, IReadOnlyDictionary<string, object?> properties)
    {
        var trace = new Trace2D(type);
        foreach (var (name, value) in properties)
            if (value != null) trace.SetProperty(name, value);
        return trace;
    }

    /// <summary>A chart of <paramref name="traces"/> with layout <paramref name="layout"/> (plotly.js layout properties).</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, IReadOnlyDictionary<string, object?> layout)
    {
        var chart = GenericChart.ofTraceObjects(true, traces.ToArray());
        var plotLayout = new Layout();
        foreach (var (name, value) in layout)
            if (value != null) plotLayout.SetProperty(name, value);
        return GenericChart.addLayout(plotLayout, chart);
    }

    /// <summary>A title object.</summary>
    public static Dictionary<string, object?> Title(string text) => new() { ["text"] = text };

    /// <summary>A width that fits the notebook column: what the content asks for, at most <see cref="MaxWidth"/>.</summary>
    public static int FitWidth(int wanted) => Math.Min(wanted, MaxWidth);

    /// <summary>Margins with room on the right for a colour bar and its labels, and above for the title.</summary>
    public static Dictionary<string, object?> Margin() => new() { ["l"] = 80, ["r"] = 110, ["t"] = 80, ["b"] = 70 };

    /// <summary>
    /// Numbers in one notation for labels: fixed-point with thousands separators, and as many decimals as the smallest
    /// non-zero value needs for three significant digits (at most six), so 31.2 and 6,134.1 appear side by side
    /// rather than 31.2 and 6.13E+03.
    /// </summary>
    public static string[] FixedLabels(IReadOnlyList<double> values)
    {
        var nonZero = values.Where(v => v != 0 && double.IsFinite(v)).Select(Math.Abs).DefaultIfEmpty(1).Min();
        int decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(nonZero)), 0, 6);
        return values.Select(v => v.ToString("N" + decimals, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Rows of a matrix as nested arrays (plotly's z layout: z[row][column]).</summary>
    public static double[][] Rows(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix) =>
        Enumerable.Range(0, matrix.RowCount).Select(i => matrix.Row(i).ToArray()).ToArray();
}

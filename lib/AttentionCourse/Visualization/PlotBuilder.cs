using Plotly.NET;

namespace AttentionCourse.Visualization;

/// <summary>
/// Builds Plotly.NET charts from plain plotly.js properties (the names in the plotly.js reference), so that what
/// a chart contains is visible in one place and its JSON is easy to test.
/// </summary>
internal static class PlotBuilder
{
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

    /// <summary>Rows of a matrix as nested arrays (plotly's z layout: z[row][column]).</summary>
    public static double[][] Rows(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix) =>
        Enumerable.Range(0, matrix.RowCount).Select(i => matrix.Row(i).ToArray()).ToArray();
}

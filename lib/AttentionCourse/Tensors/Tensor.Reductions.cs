using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements: <c>(n, m) -> (1, 1)</c>.</summary>
    public Tensor Sum()
    {
        var a = this;
        var total = Build.Dense(1, 1, SumInOrder(Data(a.Value)));
        // Every element contributes with derivative 1.
        return FromOperation(total, g => a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, g[0, 0]), owned: true), a);
    }

    /// <summary>The sum from the first element to the last, one addition at a time (an order no machine changes).</summary>
    internal static double SumInOrder(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values) sum += value;
        return sum;
    }

    /// <summary>The dot product, one multiply-add at a time from the first element to the last.</summary>
    internal static double DotInOrder(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>Mean of all elements: <c>(n, m) -> (1, 1)</c>.</summary>
    public Tensor Mean() => Sum().Scale(1.0 / (Rows * Columns));

    /// <summary>Sum of each row: <c>(n, m) -> (n, 1)</c>.</summary>
    public Tensor RowSums()
    {
        var a = this;
        var sums = Build.DenseOfColumnVectors(a.Value.RowSums());
        // Each row's sum spreads its gradient back to every entry of that row.
        return FromOperation(sums, g => a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, (i, _) => g[i, 0]), owned: true), a);
    }

    /// <summary>Sum of each column: <c>(n, m) -> (1, m)</c>.</summary>
    public Tensor ColumnSums()
    {
        var a = this;
        var sums = Build.DenseOfRowVectors(a.Value.ColumnSums());
        return FromOperation(sums, g => a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, (_, j) => g[0, j]), owned: true), a);
    }

    /// <summary>Mean of each row: <c>(n, m) -> (n, 1)</c>.</summary>
    public Tensor RowMeans() => RowSums().Scale(1.0 / Columns);

    /// <summary>Mean of each column: <c>(n, m) -> (1, m)</c>.</summary>
    public Tensor ColumnMeans() => ColumnSums().Scale(1.0 / Rows);
}

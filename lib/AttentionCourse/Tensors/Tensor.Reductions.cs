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

    /// <summary>
    /// <c>dots[c] = DotInOrder(x, column c)</c> for the <paramref name="dots"/>.Length columns of a column-major
    /// <c>(x.Length, count)</c> block: the same sums, four columns at a time so that four independent chains of
    /// additions overlap instead of each waiting for the previous addition.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void DotsInOrder(ReadOnlySpan<double> x, ReadOnlySpan<double> columns, Span<double> dots)
    {
        int n = x.Length, c = 0;
        for (; c + 4 <= dots.Length; c += 4)
        {
            var y0 = columns.Slice(c * n, n);
            var y1 = columns.Slice((c + 1) * n, n);
            var y2 = columns.Slice((c + 2) * n, n);
            var y3 = columns.Slice((c + 3) * n, n);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = 0; i < n; i++)
            {
                s0 += x[i] * y0[i];
                s1 += x[i] * y1[i];
                s2 += x[i] * y2[i];
                s3 += x[i] * y3[i];
            }
            dots[c] = s0; dots[c + 1] = s1; dots[c + 2] = s2; dots[c + 3] = s3;
        }
        for (; c < dots.Length; c++) dots[c] = DotInOrder(x, columns.Slice(c * n, n));
    }

    /// <summary>
    /// <c>sums[j] = SumInOrder(column j)</c> of a column-major <c>(rows, sums.Length)</c> block: the same sums, four
    /// columns at a time (see <see cref="DotsInOrder"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void ColumnSumsInOrder(ReadOnlySpan<double> data, int rows, Span<double> sums)
    {
        // A sum is a dot product with ones (1 x is exactly x), so the dot products' four chains serve here too.
        var ones = System.Buffers.ArrayPool<double>.Shared.Rent(rows);
        ones.AsSpan(0, rows).Fill(1.0);
        DotsInOrder(ones.AsSpan(0, rows), data[..(rows * sums.Length)], sums);
        System.Buffers.ArrayPool<double>.Shared.Return(ones);
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

using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins tensors side by side: <c>(n, m1), (n, m2), ... -> (n, m1 + m2 + ...)</c>.
    /// Used to join the two directions of a bidirectional encoder, or attention heads.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, or their row counts differ.</exception>
    public static Tensor ConcatColumns(params IReadOnlyList<Tensor> parts)
    {
        RequireParts("ConcatColumns", parts);
        int rows = parts[0].Rows;
        foreach (var part in parts)
            if (part.Rows != rows)
                throw new ArgumentException($"ConcatColumns: every part needs {rows} rows like the first, but one has shape {part.Shape}.");

        // Column-major: each part is one contiguous block of the result, and its gradient one block of g.
        int columns = parts.Sum(p => p.Columns);
        var value = new double[rows * columns];
        int offset = 0;
        foreach (var part in parts)
        {
            Data(part.Value).CopyTo(value, offset);
            offset += part.Rows * part.Columns;
        }
        var inputs = parts.ToArray();
        return FromOperation(Build.Dense(rows, columns, value), g =>
        {
            int start = 0;
            foreach (var part in inputs)
            {
                int length = part.Rows * part.Columns;
                part.AccumulateGrad(Data(g).AsSpan(start, length));
                start += length;
            }
        }, inputs);
    }

    /// <summary>
    /// Stacks tensors on top of each other: <c>(n1, m), (n2, m), ... -> (n1 + n2 + ..., m)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, or their column counts differ.</exception>
    public static Tensor ConcatRows(params IReadOnlyList<Tensor> parts)
    {
        RequireParts("ConcatRows", parts);
        int columns = parts[0].Columns;
        foreach (var part in parts)
            if (part.Columns != columns)
                throw new ArgumentException($"ConcatRows: every part needs {columns} columns like the first, but one has shape {part.Shape}.");

        // Column-major: column j of a part is a contiguous run inside column j of the result.
        int total = parts.Sum(p => p.Rows);
        var value = new double[total * columns];
        int row = 0;
        foreach (var part in parts)
        {
            var source = Data(part.Value);
            for (int j = 0; j < columns; j++) Array.Copy(source, j * part.Rows, value, j * total + row, part.Rows);
            row += part.Rows;
        }
        var inputs = parts.ToArray();
        return FromOperation(Build.Dense(total, columns, value), g =>
        {
            var gradient = Data(g);
            int start = 0;
            foreach (var part in inputs)
            {
                if (part.RequiresGrad)
                {
                    var own = new double[part.Rows * columns];
                    for (int j = 0; j < columns; j++) Array.Copy(gradient, j * total + start, own, j * part.Rows, part.Rows);
                    part.AccumulateGrad(Build.Dense(part.Rows, columns, own), owned: true);
                }
                start += part.Rows;
            }
        }, inputs);
    }

    /// <summary>
    /// Stacks row vectors into a matrix: <c>T x (1, m) -> (T, m)</c>, e.g. the hidden states of one
    /// sequence, one per time step.
    /// </summary>
    /// <exception cref="ArgumentException">A part is not a single row, or the column counts differ.</exception>
    public static Tensor StackRows(IReadOnlyList<Tensor> rows)
    {
        RequireParts("StackRows", rows);
        foreach (var row in rows)
            if (row.Rows != 1)
                throw new ArgumentException($"StackRows: every part must be a row vector (1, m), but one has shape {row.Shape}.");
        return ConcatRows(rows);
    }

    /// <summary>Rows <c>start .. start + count - 1</c>: <c>(n, m) -> (count, m)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range falls outside the tensor.</exception>
    public Tensor SliceRows(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"SliceRows: rows {start}..{start + count - 1} are outside a tensor of shape {Shape}.");
        var a = this;
        return FromOperation(a.Value.SubMatrix(start, count, 0, Columns), g =>
        {
            var full = Build.Dense(a.Rows, a.Columns);
            full.SetSubMatrix(start, 0, g);
            a.AccumulateGrad(full, owned: true);
        }, a);
    }

    /// <summary>Columns <c>start .. start + count - 1</c>: <c>(n, m) -> (n, count)</c>, e.g. one attention head's slice.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range falls outside the tensor.</exception>
    public Tensor SliceColumns(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Columns)
            throw new ArgumentOutOfRangeException(nameof(start), $"SliceColumns: columns {start}..{start + count - 1} are outside a tensor of shape {Shape}.");
        var a = this;
        int rows = Rows;
        // Columns are contiguous in column-major storage: a slice is one block copy.
        var slice = new double[rows * count];
        Array.Copy(Data(a.Value), start * rows, slice, 0, slice.Length);
        return FromOperation(Build.Dense(rows, count, slice), g =>
        {
            var full = new double[rows * a.Columns];
            Array.Copy(Data(g), 0, full, start * rows, rows * count);
            a.AccumulateGrad(Build.Dense(rows, a.Columns, full), owned: true);
        }, a);
    }

    /// <summary>
    /// Picks rows by index, as an embedding lookup does: <c>(vocabulary, d)</c> and <c>T</c> indices
    /// <c>-> (T, d)</c>. An index may repeat; its gradients add up.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>0 .. Rows - 1</c>.</exception>
    public Tensor GatherRows(IReadOnlyList<int> indices)
    {
        int n = Rows, m = Columns;
        var source = Data(Value);
        var picked = new double[indices.Count * m];
        int count = indices.Count;
        for (int t = 0; t < count; t++)
        {
            int index = indices[t];
            if (index < 0 || index >= n)
                throw new ArgumentOutOfRangeException(nameof(indices), $"GatherRows: index {index} (position {t}) is outside 0..{n - 1} for a tensor of shape {Shape}.");
            for (int j = 0; j < m; j++) picked[j * count + t] = source[j * n + index];
        }
        var a = this;
        var rows = indices.ToArray();
        return FromOperation(Build.Dense(count, m, picked), g =>
        {
            var gradient = Data(g);
            var dx = new double[n * m];
            for (int t = 0; t < count; t++)
                for (int j = 0; j < m; j++) dx[j * n + rows[t]] += gradient[j * count + t];
            a.AccumulateGrad(Build.Dense(n, m, dx), owned: true);
        }, a);
    }

    private static void RequireParts(string operation, IReadOnlyList<Tensor> parts)
    {
        if (parts.Count == 0) throw new ArgumentException($"{operation}: needs at least one tensor.");
    }
}

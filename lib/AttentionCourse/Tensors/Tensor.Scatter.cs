namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Adds each entry of a row into a chosen column of an output row (PyTorch's <c>scatter_add</c> along
    /// dimension 1): <c>output[b, columnIds[b][t]] += this[b, t]</c>, all other outputs 0. Shapes:
    /// <c>(B, T)</c> and <c>B x T</c> column ids -> <c>(B, columns)</c>. A pointer-generator uses it to turn
    /// attention over source positions into probability over the (extended) vocabulary: a word that occurs
    /// twice in the source receives both positions' weights.
    /// </summary>
    /// <param name="columnIds">For each row b and entry t, the output column it adds into.</param>
    /// <param name="columns">Number of output columns.</param>
    /// <exception cref="ArgumentException">The ids do not give one column per entry, or a column is out of range.</exception>
    public Tensor ScatterAddColumns(IReadOnlyList<IReadOnlyList<int>> columnIds, int columns)
    {
        int batch = Rows, time = Columns;
        if (columnIds.Count != batch)
            throw new ArgumentException($"ScatterAddColumns: the values have shape {Shape} ({batch} rows) but there are {columnIds.Count} rows of column ids.", nameof(columnIds));
        var targets = new int[batch * time]; // column-major like the values: entry (b, t) at t * B + b
        for (int b = 0; b < batch; b++)
        {
            if (columnIds[b].Count != time)
                throw new ArgumentException($"ScatterAddColumns: row {b} has {columnIds[b].Count} column ids but the values have {time} columns.", nameof(columnIds));
            for (int t = 0; t < time; t++)
            {
                int column = columnIds[b][t];
                if (column < 0 || column >= columns)
                    throw new ArgumentException($"ScatterAddColumns: row {b}, entry {t} points at column {column}, outside 0..{columns - 1}.", nameof(columnIds));
                targets[t * batch + b] = column;
            }
        }
        var x = Data(Value);
        var output = new double[batch * columns];
        for (int t = 0; t < time; t++)
            for (int b = 0; b < batch; b++)
                output[targets[t * batch + b] * batch + b] += x[t * batch + b];
        var a = this;
        return FromOperation(Build.Dense(batch, columns, output), g =>
        {
            // Each input entry went into exactly one output: it reads that output's gradient back.
            var gradient = Data(g);
            var dx = new double[batch * time];
            for (int t = 0; t < time; t++)
                for (int b = 0; b < batch; b++)
                    dx[t * batch + b] = gradient[targets[t * batch + b] * batch + b];
            a.AccumulateGrad(Build.Dense(batch, time, dx), owned: true);
        }, a);
    }

    /// <summary>
    /// One entry per row, at the given column: <c>output[b, 0] = this[b, columns[b]]</c>, <c>(B, V) -> (B, 1)</c>.
    /// Used to read the probability of each row's target word.
    /// </summary>
    /// <exception cref="ArgumentException">The number of columns given differs from the rows, or one is out of range.</exception>
    public Tensor PickColumns(IReadOnlyList<int> columns)
    {
        int n = Rows, m = Columns;
        if (columns.Count != n)
            throw new ArgumentException($"PickColumns: the tensor has shape {Shape} ({n} rows) but {columns.Count} columns were given; give one per row.", nameof(columns));
        var picked = columns.ToArray();
        var x = Data(Value);
        var value = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (picked[i] < 0 || picked[i] >= m)
                throw new ArgumentException($"PickColumns: row {i} asks for column {picked[i]}, outside 0..{m - 1} for shape {Shape}.", nameof(columns));
            value[i] = x[picked[i] * n + i];
        }
        var a = this;
        return FromOperation(Build.Dense(n, 1, value), g =>
        {
            var dx = new double[n * m];
            for (int i = 0; i < n; i++) dx[picked[i] * n + i] = g[i, 0];
            a.AccumulateGrad(Build.Dense(n, m, dx), owned: true);
        }, a);
    }
}

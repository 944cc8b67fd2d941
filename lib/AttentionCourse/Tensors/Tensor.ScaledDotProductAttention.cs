using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>What <see cref="Tensor.ScaledDotProductAttention"/> produces.</summary>
/// <param name="Output">The heads' contexts side by side, <c>(batch * T_q, d_model)</c>, batch-major rows.</param>
/// <param name="Weights">
/// The attention weights (before dropout) of every sequence and head: <c>Weights[sequence, head]</c> is
/// <c>(T_q, T_k)</c>, rows summing to 1 (or all zeros where every key is blocked). Plain matrices, for plots.
/// </param>
public sealed record ScaledDotProductResult(Tensor Output, Matrix<double>[,] Weights);

/// <summary>
/// Multi-head scaled dot-product attention for a batch of padded sequences in one operation. A batch of
/// <c>B</c> sequences of <c>T</c> steps is stored <b>batch-major</b> in one matrix of shape <c>(B T, d_model)</c>:
/// row <c>b T + t</c> is sequence b at step t, so linear layers and layer norms treat the whole batch as one
/// matrix product, and only attention needs to know where one sequence ends and the next begins.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// For each sequence b and head h (columns <c>h d_head .. (h + 1) d_head - 1</c>, <c>d_head = d_model / heads</c>):
    /// <code>
    /// P_bh   = softmax(Q_bh K_bh^T / sqrt(d_head))  with blocked pairs at -infinity   (T_q, T_k)
    /// out_bh = dropout(P_bh) V_bh                                                       (T_q, d_head)
    /// </code>
    /// A pair (query i, key j) of sequence b is blocked when <c>keyPadding[b, j]</c> or <c>attentionMask[i, j]</c>
    /// is true (PyTorch's <c>key_padding_mask</c> and <c>attn_mask</c>). One graph node does the whole batch,
    /// with the backward pass written out below, instead of thousands of small slices.
    /// </summary>
    /// <param name="queries">Projected queries, <c>(B T_q, d_model)</c> batch-major.</param>
    /// <param name="keys">Projected keys, <c>(B T_k, d_model)</c> batch-major.</param>
    /// <param name="values">Projected values, <c>(B T_k, d_model)</c> batch-major.</param>
    /// <param name="batch">B, the number of sequences.</param>
    /// <param name="heads">Number of heads; must divide <c>d_model</c>.</param>
    /// <param name="keyPadding">Optional <c>(B, T_k)</c>: true marks a padding key of that sequence.</param>
    /// <param name="attentionMask">Optional <c>(T_q, T_k)</c>, shared by all sequences (e.g. <c>Masks.Causal</c>).</param>
    /// <param name="dropout">Probability of dropping an attention weight (training only; 0 turns it off).</param>
    /// <param name="random">Source of the dropout decisions; needed when <paramref name="dropout"/> &gt; 0.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together; the message names them.</exception>
    public static ScaledDotProductResult ScaledDotProductAttention(Tensor queries, Tensor keys, Tensor values, int batch, int heads,
        bool[,]? keyPadding = null, bool[,]? attentionMask = null, double dropout = 0, Random? random = null)
    {
        var (queryTime, keyTime) = CheckAttentionShapes(queries, keys, values, batch, heads, keyPadding, attentionMask);
        if (dropout < 0 || dropout >= 1 || (dropout > 0 && random is null))
            throw new ArgumentException($"ScaledDotProductAttention: dropout must be in [0, 1) with a Random when positive, got {dropout}.", nameof(dropout));
        int dModel = queries.Columns, dHead = dModel / heads, queryRows = queries.Rows, keyRows = keys.Rows;
        double scale = 1 / Math.Sqrt(dHead);
        var q = Data(queries.Value);
        var k = Data(keys.Value);
        var v = Data(values.Value);
        var output = new double[queryRows * dModel];
        var weights = new Matrix<double>[batch, heads];
        var dropped = new double[batch, heads][]; // dropout(P), what multiplied V (P itself without dropout)
        var kept = new double[]?[batch, heads];   // dropout's factors: 1 / (1 - p) where kept, 0 where dropped
        // One head of one sequence at a time, in small dense blocks reused from pair to pair.
        var scratch = new AttentionScratch(queryTime, keyTime, dHead);
        var bias = keyPadding is null && attentionMask is null ? null : new double[queryTime * keyTime];
        for (int b = 0; b < batch; b++)
        {
            if (bias != null && (b == 0 || keyPadding != null)) BlockedBias(b, queryTime, keyTime, keyPadding, attentionMask, bias);
            for (int h = 0; h < heads; h++)
            {
                CopyBlock(q, queryRows, b * queryTime, queryTime, h * dHead, dHead, scratch.Queries);   // (T_q, d_head)
                CopyBlock(k, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.Keys);           // (T_k, d_head)
                CopyBlock(v, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.Values);         // (T_k, d_head)
                var p = new double[queryTime * keyTime];
                MatrixMath.Multiply(false, true, scratch.Queries, scratch.Keys, p, queryTime, keyTime, dHead); // Q K^T (T_q, T_k)
                MaskedSoftmax(p, queryTime, keyTime, scale, bias, scratch);                             // P (T_q, T_k)
                weights[b, h] = Build.Dense(queryTime, keyTime, p);
                dropped[b, h] = p;
                if (dropout > 0)
                {
                    var factors = new double[p.Length];
                    for (int i = 0; i < factors.Length; i++) factors[i] = random!.NextDouble() < dropout ? 0.0 : 1 / (1 - dropout);
                    var d = new double[p.Length];
                    for (int i = 0; i < d.Length; i++) d[i] = p[i] * factors[i];
                    (kept[b, h], dropped[b, h]) = (factors, d);
                }
                MatrixMath.Multiply(false, false, dropped[b, h], scratch.Values, scratch.QueryBlock, queryTime, dHead, keyTime); // (T_q, d_head)
                AddBlock(output, queryRows, b * queryTime, queryTime, h * dHead, dHead, scratch.QueryBlock);
            }
        }

        var result = FromOperation(Build.Dense(queryRows, dModel, output), g =>
        {
            var gradient = Data(g);
            var dq = new double[q.Length];
            var dk = new double[k.Length];
            var dv = new double[v.Length];
            var scratch = new AttentionScratch(queryTime, keyTime, dHead);
            var dScores = new double[queryTime * keyTime];
            for (int b = 0; b < batch; b++)
                for (int h = 0; h < heads; h++)
                {
                    CopyBlock(gradient, queryRows, b * queryTime, queryTime, h * dHead, dHead, scratch.Gradient); // G (T_q, d_head)
                    CopyBlock(q, queryRows, b * queryTime, queryTime, h * dHead, dHead, scratch.Queries);
                    CopyBlock(k, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.Keys);
                    CopyBlock(v, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.Values);
                    // out = D V with D = dropout(P): dD = G V^T, dV = D^T G; dropout passes dD where it kept (scaled).
                    MatrixMath.Multiply(false, true, scratch.Gradient, scratch.Values, dScores, queryTime, keyTime, dHead); // (T_q, T_k)
                    // dV and dK are computed transposed, (d_head, T_k) = G^T D: the same sums (a product's entry does not depend
                    // on the order of its two factors), without reading the (T_q, T_k) matrix across its rows.
                    MatrixMath.Multiply(true, false, scratch.Gradient, dropped[b, h], scratch.KeyBlock, dHead, keyTime, queryTime);
                    AddTransposedBlock(dv, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.KeyBlock);
                    if (kept[b, h] is { } factors)
                        for (int i = 0; i < dScores.Length; i++) dScores[i] *= factors[i];
                    // Softmax: dS_ij = P_ij (dP_ij - sum_k dP_ik P_ik), then times the 1/sqrt(d_head) of the scores.
                    SoftmaxBackward(Data(weights[b, h]), dScores, queryTime, keyTime, scale, scratch);
                    MatrixMath.Multiply(false, false, dScores, scratch.Keys, scratch.QueryBlock, queryTime, dHead, keyTime); // dQ = dS K
                    AddBlock(dq, queryRows, b * queryTime, queryTime, h * dHead, dHead, scratch.QueryBlock);
                    MatrixMath.Multiply(true, false, scratch.Queries, dScores, scratch.KeyBlock, dHead, keyTime, queryTime); // dK^T = Q^T dS
                    AddTransposedBlock(dk, keyRows, b * keyTime, keyTime, h * dHead, dHead, scratch.KeyBlock);
                }
            if (queries.RequiresGrad) queries.AccumulateGrad(Build.Dense(queryRows, dModel, dq), owned: true);
            if (keys.RequiresGrad) keys.AccumulateGrad(Build.Dense(keyRows, dModel, dk), owned: true);
            if (values.RequiresGrad) values.AccumulateGrad(Build.Dense(keyRows, dModel, dv), owned: true);
        }, queries, keys, values);
        return new ScaledDotProductResult(result, weights);
    }

    /// <summary>The small dense blocks one (sequence, head) pair works in, allocated once per call and reused.</summary>
    private sealed class AttentionScratch(int queryTime, int keyTime, int dHead)
    {
        public double[] Queries { get; } = new double[queryTime * dHead];    // Q_bh (T_q, d_head)
        public double[] Keys { get; } = new double[keyTime * dHead];         // K_bh (T_k, d_head)
        public double[] Values { get; } = new double[keyTime * dHead];       // V_bh (T_k, d_head)
        public double[] Gradient { get; } = new double[queryTime * dHead];   // G_bh (T_q, d_head)
        public double[] QueryBlock { get; } = new double[queryTime * dHead]; // a product with T_q rows
        public double[] KeyBlock { get; } = new double[keyTime * dHead];     // a product with T_k rows or columns
        public double[] RowTotals { get; } = new double[queryTime];          // per query: a maximum, a sum or a dot product
        public double[] Column { get; } = new double[queryTime];
    }

    /// <summary>Copies rows <c>row .. row + rows - 1</c>, columns <c>column .. column + columns - 1</c> of column-major data into <paramref name="block"/>.</summary>
    private static void CopyBlock(double[] data, int totalRows, int row, int rows, int column, int columns, double[] block)
    {
        for (int j = 0; j < columns; j++) Array.Copy(data, (column + j) * totalRows + row, block, j * rows, rows);
    }

    /// <summary>Adds the column-major <c>(rows, columns)</c> <paramref name="block"/> into column-major data at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    private static void AddBlock(double[] data, int totalRows, int row, int rows, int column, int columns, double[] block)
    {
        for (int j = 0; j < columns; j++)
        {
            var target = data.AsSpan((column + j) * totalRows + row, rows);
            TensorPrimitives.Add(target, block.AsSpan(j * rows, rows), target);
        }
    }

    /// <summary>Adds the transpose of the column-major <c>(columns, rows)</c> <paramref name="block"/> into column-major data at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    private static void AddTransposedBlock(double[] data, int totalRows, int row, int rows, int column, int columns, double[] block)
    {
        for (int j = 0; j < columns; j++)
        {
            int target = (column + j) * totalRows + row;
            for (int i = 0; i < rows; i++) data[target + i] += block[i * columns + j];
        }
    }

    /// <summary>
    /// Fills <paramref name="bias"/>, column-major <c>(T_q, T_k)</c> like the scores, with -infinity where sequence
    /// <paramref name="b"/>'s pair is blocked (key j is padding, or the shared mask blocks (i, j)) and 0 elsewhere.
    /// </summary>
    private static void BlockedBias(int b, int queryTime, int keyTime, bool[,]? keyPadding, bool[,]? attentionMask, double[] bias)
    {
        for (int j = 0; j < keyTime; j++)
            for (int i = 0; i < queryTime; i++)
                bias[j * queryTime + i] = (keyPadding != null && keyPadding[b, j]) || (attentionMask != null && attentionMask[i, j])
                    ? double.NegativeInfinity : 0;
    }

    /// <summary>
    /// Row-wise softmax of <c>scale * scores + bias</c> in place; blocked entries (bias -infinity) get weight 0 and an
    /// all-blocked row stays all zeros. Column-major storage puts each key's scores for all queries side by side, so
    /// the loops run down columns and vectorize across queries: every row still sums its keys in order.
    /// </summary>
    private static void MaskedSoftmax(double[] scores, int rows, int columns, double scale, double[]? bias, AttentionScratch scratch)
    {
        var all = scores.AsSpan(0, rows * columns);
        TensorPrimitives.Multiply(all, scale, all);
        if (bias != null) TensorPrimitives.Add(all, bias, all);                  // blocked: -infinity
        var max = scratch.RowTotals.AsSpan(0, rows);
        max.Fill(double.NegativeInfinity);
        for (int j = 0; j < columns; j++) TensorPrimitives.Max(max, all.Slice(j * rows, rows), max);
        for (int i = 0; i < rows; i++)
            if (double.IsNegativeInfinity(max[i])) max[i] = 0;                   // every key blocked: e^-inf = 0 throughout
        for (int j = 0; j < columns; j++) TensorPrimitives.Subtract(all.Slice(j * rows, rows), max, all.Slice(j * rows, rows));
        PortableMath.Exp(all, all);
        var sum = max;
        sum.Clear();
        for (int j = 0; j < columns; j++) TensorPrimitives.Add(sum, all.Slice(j * rows, rows), sum);
        for (int i = 0; i < rows; i++)
            if (sum[i] == 0) sum[i] = 1;                                         // an all-blocked row: 0 / 1 = 0, not NaN
        for (int j = 0; j < columns; j++) TensorPrimitives.Divide(all.Slice(j * rows, rows), sum, all.Slice(j * rows, rows));
    }

    /// <summary>The gradient of the scores from the gradient of the weights (in place), times <paramref name="scale"/>.</summary>
    private static void SoftmaxBackward(double[] y, double[] gradient, int rows, int columns, double scale, AttentionScratch scratch)
    {
        var dot = scratch.RowTotals.AsSpan(0, rows);                             // sum_j dP_ij P_ij, in key order
        var column = scratch.Column.AsSpan(0, rows);
        dot.Clear();
        for (int j = 0; j < columns; j++)
        {
            TensorPrimitives.Multiply(gradient.AsSpan(j * rows, rows), y.AsSpan(j * rows, rows), column);
            TensorPrimitives.Add(dot, column, dot);
        }
        for (int j = 0; j < columns; j++)
        {
            var g = gradient.AsSpan(j * rows, rows);
            TensorPrimitives.Subtract(g, dot, g);                                 // dP_ij - dot_i
            TensorPrimitives.Multiply(y.AsSpan(j * rows, rows), scale, column);   // scale P_ij
            TensorPrimitives.Multiply(column, g, g);
        }
    }

    private static (int QueryTime, int KeyTime) CheckAttentionShapes(Tensor queries, Tensor keys, Tensor values, int batch, int heads,
        bool[,]? keyPadding, bool[,]? attentionMask)
    {
        const string op = "ScaledDotProductAttention";
        if (batch <= 0 || queries.Rows % batch != 0 || keys.Rows % batch != 0)
            throw new ArgumentException($"{op}: queries {queries.Shape} and keys {keys.Shape} must both hold {batch} sequences of equal length (rows a multiple of {batch}).", nameof(batch));
        if (keys.Columns != queries.Columns || values.Rows != keys.Rows || values.Columns != keys.Columns)
            throw new ArgumentException($"{op}: queries {queries.Shape}, keys {keys.Shape} and values {values.Shape} need the same d_model, and keys and values the same rows.", nameof(values));
        if (heads <= 0 || queries.Columns % heads != 0)
            throw new ArgumentException($"{op}: d_model = {queries.Columns} must split evenly into {heads} heads.", nameof(heads));
        int queryTime = queries.Rows / batch, keyTime = keys.Rows / batch;
        if (keyPadding != null && (keyPadding.GetLength(0) != batch || keyPadding.GetLength(1) != keyTime))
            throw new ArgumentException($"{op}: the key padding has shape ({keyPadding.GetLength(0)}, {keyPadding.GetLength(1)}) but must be (batch, T_k) = ({batch}, {keyTime}) for keys {keys.Shape}.", nameof(keyPadding));
        if (attentionMask != null && (attentionMask.GetLength(0) != queryTime || attentionMask.GetLength(1) != keyTime))
            throw new ArgumentException($"{op}: the attention mask has shape ({attentionMask.GetLength(0)}, {attentionMask.GetLength(1)}) but must be (T_q, T_k) = ({queryTime}, {keyTime}) for queries {queries.Shape} and keys {keys.Shape}.", nameof(attentionMask));
        return (queryTime, keyTime);
    }
}

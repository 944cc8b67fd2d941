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
        var dropped = new Matrix<double>[batch, heads]; // dropout(P), what multiplied V
        var kept = new Matrix<double>?[batch, heads];   // dropout's factors: 1 / (1 - p) where kept, 0 where dropped
        for (int b = 0; b < batch; b++)
        {
            var blocked = BlockedPairs(b, queryTime, keyTime, keyPadding, attentionMask);               // (T_q, T_k) or null
            for (int h = 0; h < heads; h++)
            {
                var qh = Block(q, queryRows, b * queryTime, queryTime, h * dHead, dHead);               // (T_q, d_head)
                var kh = Block(k, keyRows, b * keyTime, keyTime, h * dHead, dHead);                     // (T_k, d_head)
                var vh = Block(v, keyRows, b * keyTime, keyTime, h * dHead, dHead);                     // (T_k, d_head)
                var scores = MatrixMath.MultiplyTransposed(qh, kh);                                     // (T_q, T_k)
                weights[b, h] = MaskedSoftmax(Data(scores), queryTime, keyTime, scale, blocked);
                kept[b, h] = dropout > 0 ? Build.Dense(queryTime, keyTime, (_, _) => random!.NextDouble() < dropout ? 0.0 : 1 / (1 - dropout)) : null;
                dropped[b, h] = kept[b, h] is { } factors ? weights[b, h].PointwiseMultiply(factors) : weights[b, h];
                var context = MatrixMath.Multiply(dropped[b, h], vh);                                   // (T_q, d_head)
                AddBlock(output, queryRows, b * queryTime, h * dHead, context);
            }
        }

        var result = FromOperation(Build.Dense(queryRows, dModel, output), g =>
        {
            var gradient = Data(g);
            var dq = new double[q.Length];
            var dk = new double[k.Length];
            var dv = new double[v.Length];
            for (int b = 0; b < batch; b++)
                for (int h = 0; h < heads; h++)
                {
                    var gh = Block(gradient, queryRows, b * queryTime, queryTime, h * dHead, dHead);    // (T_q, d_head)
                    var qh = Block(q, queryRows, b * queryTime, queryTime, h * dHead, dHead);
                    var kh = Block(k, keyRows, b * keyTime, keyTime, h * dHead, dHead);
                    var vh = Block(v, keyRows, b * keyTime, keyTime, h * dHead, dHead);
                    // out = D V with D = dropout(P): dD = G V^T, dV = D^T G; dropout passes dD where it kept (scaled).
                    var dDropped = MatrixMath.MultiplyTransposed(gh, vh);                               // (T_q, T_k)
                    AddBlock(dv, keyRows, b * keyTime, h * dHead, MatrixMath.TransposeAndMultiply(dropped[b, h], gh));
                    var dWeights = kept[b, h] is { } factors ? dDropped.PointwiseMultiply(factors) : dDropped;
                    // Softmax: dS_ij = P_ij (dP_ij - sum_k dP_ik P_ik), then times the 1/sqrt(d_head) of the scores.
                    var dScores = SoftmaxBackward(Data(weights[b, h]), Data(dWeights), queryTime, keyTime, scale);
                    AddBlock(dq, queryRows, b * queryTime, h * dHead, MatrixMath.Multiply(dScores, kh));           // dQ = dS K
                    AddBlock(dk, keyRows, b * keyTime, h * dHead, MatrixMath.TransposeAndMultiply(dScores, qh));   // dK = dS^T Q
                }
            if (queries.RequiresGrad) queries.AccumulateGrad(Build.Dense(queryRows, dModel, dq), owned: true);
            if (keys.RequiresGrad) keys.AccumulateGrad(Build.Dense(keyRows, dModel, dk), owned: true);
            if (values.RequiresGrad) values.AccumulateGrad(Build.Dense(keyRows, dModel, dv), owned: true);
        }, queries, keys, values);
        return new ScaledDotProductResult(result, weights);
    }

    /// <summary>Rows <c>row .. row + rows - 1</c> and columns <c>column .. column + columns - 1</c> of column-major data as a new matrix.</summary>
    private static Matrix<double> Block(double[] data, int totalRows, int row, int rows, int column, int columns)
    {
        var block = new double[rows * columns];
        for (int j = 0; j < columns; j++) Array.Copy(data, (column + j) * totalRows + row, block, j * rows, rows);
        return Build.Dense(rows, columns, block);
    }

    /// <summary>Adds <paramref name="block"/> into column-major data at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    private static void AddBlock(double[] data, int totalRows, int row, int column, Matrix<double> block)
    {
        var source = Data(block);
        int rows = block.RowCount;
        for (int j = 0; j < block.ColumnCount; j++)
        {
            int target = (column + j) * totalRows + row;
            for (int i = 0; i < rows; i++) data[target + i] += source[j * rows + i];
        }
    }

    /// <summary>
    /// Which pairs of sequence <paramref name="b"/> are blocked, column-major <c>(T_q, T_k)</c> like the scores, or null
    /// when none is: key j is padding, or the shared mask blocks (i, j).
    /// </summary>
    private static bool[]? BlockedPairs(int b, int queryTime, int keyTime, bool[,]? keyPadding, bool[,]? attentionMask)
    {
        if (keyPadding is null && attentionMask is null) return null;
        var blocked = new bool[queryTime * keyTime];
        for (int j = 0; j < keyTime; j++)
            for (int i = 0; i < queryTime; i++)
                blocked[j * queryTime + i] = (keyPadding != null && keyPadding[b, j]) || (attentionMask != null && attentionMask[i, j]);
        return blocked;
    }

    /// <summary>Row-wise softmax of <c>scale * scores</c> with blocked entries at weight 0; an all-blocked row stays all zeros.</summary>
    private static Matrix<double> MaskedSoftmax(double[] scores, int rows, int columns, double scale, bool[]? blocked)
    {
        var y = new double[scores.Length];
        for (int i = 0; i < rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < columns; j++)
                if (blocked is null || !blocked[j * rows + i]) max = Math.Max(max, scale * scores[j * rows + i]);
            if (double.IsNegativeInfinity(max)) continue;
            double sum = 0;
            for (int j = 0; j < columns; j++)
            {
                if (blocked != null && blocked[j * rows + i]) continue;
                double e = PortableMath.Exp(scale * scores[j * rows + i] - max);
                y[j * rows + i] = e;
                sum += e;
            }
            for (int j = 0; j < columns; j++) y[j * rows + i] /= sum;
        }
        return Build.Dense(rows, columns, y);
    }

    /// <summary>The gradient of the scores from the gradient of the weights, times <paramref name="scale"/>.</summary>
    private static Matrix<double> SoftmaxBackward(double[] y, double[] gradient, int rows, int columns, double scale)
    {
        var dx = new double[y.Length];
        for (int i = 0; i < rows; i++)
        {
            double dot = 0;
            for (int j = 0; j < columns; j++) dot += gradient[j * rows + i] * y[j * rows + i];
            for (int j = 0; j < columns; j++) dx[j * rows + i] = scale * y[j * rows + i] * (gradient[j * rows + i] - dot);
        }
        return Build.Dense(rows, columns, dx);
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

using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Attention;

/// <summary>What multi-head attention produces.</summary>
/// <param name="Output">The attended and re-projected sequence, <c>(queries, d_model)</c>.</param>
/// <param name="HeadWeights">Each head's weights, <c>heads x (queries, keys)</c>, for plots.</param>
public sealed record MultiHeadResult(Tensor Output, IReadOnlyList<Tensor> HeadWeights)
{
    /// <summary>The heads' weights averaged, <c>(queries, keys)</c> (what PyTorch returns by default).</summary>
    public MathNet.Numerics.LinearAlgebra.Matrix<double> AverageWeights =>
        HeadWeights.Select(w => w.Value).Aggregate((a, b) => a + b) / HeadWeights.Count;
}

/// <summary>
/// Multi-head attention (Vaswani et al., 2017; PyTorch's <c>nn.MultiheadAttention</c>):
/// <code>
/// head_h = softmax(Q W_q,h^T (K W_k,h^T)^T / sqrt(d_head)) V W_v,h^T
/// output = concat(head_1 .. head_H) W_o^T + b_o
/// </code>
/// <c>d_model</c> is split into <c>heads</c> contiguous slices of <c>d_head = d_model / heads</c>: head <c>h</c>
/// uses columns <c>h d_head .. (h + 1) d_head - 1</c> of the projected queries, keys and values. The
/// projections are <see cref="Linear"/> layers named <c>w_q</c>, <c>w_k</c>, <c>w_v</c>, <c>w_o</c>.
/// Self-attention passes the same sequence as query, key and value; cross-attention passes the decoder's
/// states as queries and the encoder's as keys and values.
/// </summary>
public sealed class MultiHeadAttention : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="modelDimension">d_model, the size of each token's vector.</param>
    /// <param name="heads">Number of heads; must divide <paramref name="modelDimension"/>.</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <param name="dropout">Dropout on the attention weights during training.</param>
    public MultiHeadAttention(int modelDimension, int heads, Random random, double dropout = 0)
    {
        if (heads <= 0 || modelDimension % heads != 0)
            throw new ArgumentException($"MultiHeadAttention: d_model = {modelDimension} must split evenly into {heads} heads.", nameof(heads));
        ModelDimension = modelDimension;
        Heads = heads;
        QueryProjection = RegisterModule("w_q", new Linear(modelDimension, modelDimension, random));
        KeyProjection = RegisterModule("w_k", new Linear(modelDimension, modelDimension, random));
        ValueProjection = RegisterModule("w_v", new Linear(modelDimension, modelDimension, random));
        OutputProjection = RegisterModule("w_o", new Linear(modelDimension, modelDimension, random));
        WeightDropout = RegisterModule("dropout", new Dropout(dropout, random));
    }

    /// <summary>d_model.</summary>
    public int ModelDimension { get; }

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>d_head = d_model / heads.</summary>
    public int HeadDimension => ModelDimension / Heads;

    /// <summary>W_q, <c>(d_model, d_model)</c>.</summary>
    public Linear QueryProjection { get; }

    /// <summary>W_k, <c>(d_model, d_model)</c>.</summary>
    public Linear KeyProjection { get; }

    /// <summary>W_v, <c>(d_model, d_model)</c>.</summary>
    public Linear ValueProjection { get; }

    /// <summary>W_o, <c>(d_model, d_model)</c>.</summary>
    public Linear OutputProjection { get; }

    /// <summary>Dropout applied to the attention weights.</summary>
    public Dropout WeightDropout { get; }

    /// <summary>
    /// Attends from each query to the keys: query <c>(T_q, d_model)</c>, key and value <c>(T_k, d_model)</c>,
    /// optional mask <c>(T_q, T_k)</c> (true = blocked) and optional key padding flags <c>(T_k)</c> (true = a padding
    /// key no query may attend to) -> output <c>(T_q, d_model)</c> and per-head weights.
    /// </summary>
    /// <exception cref="ArgumentException">Key and value differ in rows, or a mask does not fit; the message names the shapes.</exception>
    public MultiHeadResult Forward(Tensor query, Tensor key, Tensor value, bool[,]? blocked = null, bool[]? keyPadding = null)
    {
        if (key.Rows != value.Rows)
            throw new ArgumentException($"MultiHeadAttention: key {key.Shape} and value {value.Shape} need the same number of rows.", nameof(value));
        if (keyPadding != null)
        {
            if (keyPadding.Length != key.Rows)
                throw new ArgumentException($"MultiHeadAttention: the key padding has {keyPadding.Length} flags but the key {key.Shape} has {key.Rows} rows.", nameof(keyPadding));
            blocked = Masks.Combine(blocked ?? new bool[query.Rows, key.Rows], Masks.KeyPadding(query.Rows, keyPadding));
        }
        var q = QueryProjection.Forward(query); // (T_q, d_model)
        var k = KeyProjection.Forward(key);     // (T_k, d_model)
        var v = ValueProjection.Forward(value); // (T_k, d_model)
        int d = HeadDimension;
        var contexts = new Tensor[Heads];
        var weights = new Tensor[Heads];
        for (int h = 0; h < Heads; h++)
        {
            var scores = q.SliceColumns(h * d, d).MatMulTransposed(k.SliceColumns(h * d, d)).Scale(1 / Math.Sqrt(d)); // (T_q, T_k)
            weights[h] = scores.Softmax(blocked);                                                                   // (T_q, T_k)
            contexts[h] = WeightDropout.Forward(weights[h]).MatMul(v.SliceColumns(h * d, d));                       // (T_q, d_head)
        }
        var output = OutputProjection.Forward(Tensor.ConcatColumns(contexts)); // (T_q, d_model)
        return new MultiHeadResult(output, weights);
    }

    /// <summary>
    /// The same attention for a batch of padded sequences (see <see cref="SequenceBatch"/>): each sequence of
    /// <paramref name="query"/> attends only to its own sequence of <paramref name="keyValue"/>, never to a step
    /// that <paramref name="keyValue"/> marks as padding, and never where <paramref name="attentionMask"/> is true.
    /// Same arithmetic as <see cref="Forward(Tensor, Tensor, Tensor, bool[,], bool[])"/> sequence by sequence, in
    /// one operation (<see cref="Tensor.ScaledDotProductAttention"/>).
    /// </summary>
    /// <param name="query">B sequences of queries, <c>(B T_q, d_model)</c>.</param>
    /// <param name="keyValue">B sequences of keys and values, <c>(B T_k, d_model)</c>, with their padding.</param>
    /// <param name="attentionMask">Optional <c>(T_q, T_k)</c> mask shared by all sequences, e.g. <see cref="Masks.Causal"/>.</param>
    /// <returns>The output <c>(B T_q, d_model)</c> with the query's padding, and every sequence's and head's weights.</returns>
    public (SequenceBatch Output, AttentionMaps Weights) Forward(SequenceBatch query, SequenceBatch keyValue, bool[,]? attentionMask = null)
    {
        if (query.Batch != keyValue.Batch)
            throw new ArgumentException($"MultiHeadAttention: the queries hold {query.Batch} sequences but the keys and values {keyValue.Batch}.", nameof(keyValue));
        var q = QueryProjection.Forward(query.States);    // (B T_q, d_model)
        var k = KeyProjection.Forward(keyValue.States);   // (B T_k, d_model)
        var v = ValueProjection.Forward(keyValue.States); // (B T_k, d_model)
        double dropout = WeightDropout.Training ? WeightDropout.Probability : 0;
        var attended = Tensor.ScaledDotProductAttention(q, k, v, query.Batch, Heads, keyValue.Padding, attentionMask, dropout, WeightDropout.Random); // (B T_q, d_model)
        var output = OutputProjection.Forward(attended.Output); // (B T_q, d_model)
        return (query.With(output), new AttentionMaps(attended.Weights));
    }

    /// <summary>Self-attention: the sequence <c>(T, d_model)</c> attends to itself.</summary>
    public MultiHeadResult SelfAttention(Tensor sequence, bool[,]? blocked = null, bool[]? keyPadding = null) =>
        Forward(sequence, sequence, sequence, blocked, keyPadding);
}

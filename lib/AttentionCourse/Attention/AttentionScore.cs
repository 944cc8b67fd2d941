using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Attention;

/// <summary>
/// A score function: how well each query matches each key. The lesson on types of attention compares the
/// ones derived from this class; all of them return a <c>(queries, keys)</c> matrix of unnormalized scores
/// that softmax turns into weights. Scores with learned parameters are modules.
/// </summary>
public abstract class AttentionScore : Module
{
    /// <summary>Scores every query against every key: queries <c>(q, d_q)</c>, keys <c>(k, d_k)</c> -> <c>(q, k)</c>.</summary>
    public abstract Tensor Scores(Tensor queries, Tensor keys);

    /// <summary>Checks that queries and keys have the given feature sizes, naming both shapes if not.</summary>
    protected void RequireFeatures(Tensor queries, Tensor keys, int queryFeatures, int keyFeatures)
    {
        if (queries.Columns != queryFeatures || keys.Columns != keyFeatures)
            throw new ArgumentException($"{GetType().Name}: queries {queries.Shape} and keys {keys.Shape} must have {queryFeatures} and {keyFeatures} features.");
    }
}

/// <summary>Dot-product score (Luong "dot"): <c>score(q, k) = q · k</c>; queries and keys must have the same size.</summary>
public sealed class DotProductScore : AttentionScore
{
    /// <inheritdoc />
    public override Tensor Scores(Tensor queries, Tensor keys)
    {
        RequireFeatures(queries, keys, keys.Columns, queries.Columns);
        return queries.MatMulTransposed(keys); // (q, k)
    }
}

/// <summary>
/// Scaled dot-product score (the Transformer's): <c>score(q, k) = q · k / sqrt(d_k)</c>. Dividing by
/// <c>sqrt(d_k)</c> keeps the scores' variance near 1 whatever the size, so softmax does not saturate.
/// </summary>
public sealed class ScaledDotProductScore : AttentionScore
{
    /// <inheritdoc />
    public override Tensor Scores(Tensor queries, Tensor keys)
    {
        RequireFeatures(queries, keys, keys.Columns, queries.Columns);
        return queries.MatMulTransposed(keys).Scale(1 / Math.Sqrt(keys.Columns)); // (q, k)
    }
}

/// <summary>
/// Luong's "general" (bilinear) score: <c>score(q, k) = q W k^T</c> with a learned <c>W</c> of shape
/// <c>(d_q, d_k)</c>, stored as a bias-free <see cref="Linear"/> named <c>w</c> mapping keys to query space.
/// </summary>
public sealed class GeneralScore : AttentionScore
{
    /// <summary>Creates the score for queries of <paramref name="queryFeatures"/> and keys of <paramref name="keyFeatures"/>.</summary>
    public GeneralScore(int queryFeatures, int keyFeatures, Random random)
    {
        W = RegisterModule("w", new Linear(keyFeatures, queryFeatures, random, bias: false));
    }

    /// <summary>The bilinear map, weight <c>(d_q, d_k)</c>.</summary>
    public Linear W { get; }

    /// <inheritdoc />
    public override Tensor Scores(Tensor queries, Tensor keys)
    {
        RequireFeatures(queries, keys, W.OutFeatures, W.InFeatures);
        var projectedKeys = W.Forward(keys);            // (k, d_q) = K W^T
        return queries.MatMulTransposed(projectedKeys); // (q, k) = Q W K^T
    }
}

/// <summary>
/// Bahdanau's additive score: <c>score(q, k) = v · tanh(W_q q + W_k k [+ b])</c>, a one-hidden-layer network
/// over each (query, key) pair. <c>W_q</c> <c>(hidden, d_q)</c> and <c>W_k</c> <c>(hidden, d_k)</c> are bias-free
/// <see cref="Linear"/> layers named <c>w_q</c> and <c>w_k</c>; <c>v</c> is a <c>(1, hidden)</c> parameter; the
/// optional bias <c>b</c> <c>(1, hidden)</c> is <c>bias</c>.
/// </summary>
public sealed class AdditiveScore : AttentionScore
{
    /// <summary>Creates the score network with <paramref name="hidden"/> units.</summary>
    public AdditiveScore(int queryFeatures, int keyFeatures, int hidden, Random random, bool bias = true)
    {
        QueryProjection = RegisterModule("w_q", new Linear(queryFeatures, hidden, random, bias: false));
        KeyProjection = RegisterModule("w_k", new Linear(keyFeatures, hidden, random, bias: false));
        V = RegisterParameter("v", Init.Uniform(1, hidden, 1 / Math.Sqrt(hidden), random));
        Bias = bias ? RegisterParameter("bias", Init.Uniform(1, hidden, 1 / Math.Sqrt(hidden), random)) : null;
    }

    /// <summary><c>W_q</c>, weight <c>(hidden, d_q)</c>.</summary>
    public Linear QueryProjection { get; }

    /// <summary><c>W_k</c>, weight <c>(hidden, d_k)</c>.</summary>
    public Linear KeyProjection { get; }

    /// <summary><c>v</c>, <c>(1, hidden)</c>.</summary>
    public Tensor V { get; }

    /// <summary><c>b</c>, <c>(1, hidden)</c>, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Scores(Tensor queries, Tensor keys)
    {
        RequireFeatures(queries, keys, QueryProjection.InFeatures, KeyProjection.InFeatures);
        var projectedKeys = KeyProjection.Forward(keys);          // (k, hidden)
        if (Bias != null) projectedKeys += Bias;
        var projectedQueries = QueryProjection.Forward(queries);  // (q, hidden)
        // Every query meets every key: lay the keys out time-major, key j repeated once per query
        // (row j q + i pairs key j with query i), and score all pairs in one batched operation.
        int queryCount = queries.Rows;
        var keyOfRow = Enumerable.Range(0, keys.Rows * queryCount).Select(row => row / queryCount).ToArray();
        var pairedKeys = projectedKeys.GatherRows(keyOfRow);     // (k q, hidden)
        return Tensor.BatchedAdditiveScores(projectedQueries, pairedKeys, V); // (q, k)
    }
}

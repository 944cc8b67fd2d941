using AttentionCourse.Tensors;

namespace AttentionCourse.Attention;

/// <summary>What an attention call produces: the context vectors and the weights that made them.</summary>
/// <param name="Context">Weighted averages of the values, <c>(queries, d_v)</c>.</param>
/// <param name="Weights">Attention weights, <c>(queries, keys)</c>; each row sums to 1 (or is all zeros if every key was blocked).</param>
public sealed record AttentionResult(Tensor Context, Tensor Weights);

/// <summary>The attention operation: score, mask, softmax over keys, weighted average of values.</summary>
public static class AttentionFunctions
{
    /// <summary>
    /// <c>weights = softmax(score(Q, K))</c> over keys, with blocked pairs given weight 0, and
    /// <c>context = weights V</c>.
    /// </summary>
    /// <param name="queries">What is looking, <c>(q, d_q)</c>.</param>
    /// <param name="keys">What is looked at, <c>(k, d_k)</c>.</param>
    /// <param name="values">What is averaged, <c>(k, d_v)</c>: one row per key.</param>
    /// <param name="score">The score function (dot, scaled dot, general, additive).</param>
    /// <param name="blocked">Optional <c>(q, k)</c> mask, <c>true</c> = may not attend (see <see cref="Masks"/>).</param>
    /// <exception cref="ArgumentException">Keys and values differ in count, or the mask's shape is wrong.</exception>
    public static AttentionResult Attend(Tensor queries, Tensor keys, Tensor values, AttentionScore score, bool[,]? blocked = null)
    {
        if (keys.Rows != values.Rows)
            throw new ArgumentException($"Attention: keys {keys.Shape} and values {values.Shape} need one row per key, so the same number of rows.", nameof(values));
        var scores = score.Scores(queries, keys);   // (q, k)
        var weights = scores.Softmax(blocked);      // (q, k), rows sum to 1
        var context = weights.MatMul(values);       // (q, d_v)
        return new AttentionResult(context, weights);
    }

    /// <summary>Scaled dot-product attention, <c>softmax(Q K^T / sqrt(d_k)) V</c>, the Transformer's.</summary>
    /// <inheritdoc cref="Attend" path="/param"/>
    public static AttentionResult ScaledDotProduct(Tensor queries, Tensor keys, Tensor values, bool[,]? blocked = null) =>
        Attend(queries, keys, values, ScaledDotProductScoreInstance, blocked);

    private static readonly ScaledDotProductScore ScaledDotProductScoreInstance = new();
}

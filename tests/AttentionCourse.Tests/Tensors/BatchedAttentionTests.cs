using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

/// <summary>The batched, time-major attention operations agree with per-sequence attention and are gradient-checked.</summary>
public class BatchedAttentionTests
{
    private const int Batch = 3, Time = 4;

    /// <summary>Sequence b's states as a (T, d) matrix, from time-major (T B, d).</summary>
    private static Tensor Sequence(Tensor timeMajor, int b) =>
        Tensor.ConcatRows(Enumerable.Range(0, Time).Select(t => timeMajor.SliceRows(t * Batch + b, 1)).ToArray());

    [Fact]
    public void Batched_dot_scores_equal_each_sequences_own_scores()
    {
        var queries = Random(Batch, 5, 1);
        var keys = Random(Time * Batch, 5, 2);
        var scores = Tensor.BatchedDotScores(queries, keys).Value;
        for (int b = 0; b < Batch; b++)
        {
            var own = new DotProductScore().Scores(queries.SliceRows(b, 1), Sequence(keys, b)).Value;
            Assert.True((own.Row(0) - scores.Row(b)).InfinityNorm() < 1e-12);
        }
    }

    [Fact]
    public void Batched_additive_scores_equal_each_sequences_own_scores()
    {
        var additive = new AdditiveScore(5, 6, 7, new Random(3), bias: false);
        var queries = Random(Batch, 5, 4);
        var keys = Random(Time * Batch, 6, 5);
        var scores = Tensor.BatchedAdditiveScores(additive.QueryProjection.Forward(queries), additive.KeyProjection.Forward(keys), additive.V).Value;
        for (int b = 0; b < Batch; b++)
        {
            var own = additive.Scores(queries.SliceRows(b, 1), Sequence(keys, b)).Value;
            Assert.True((own.Row(0) - scores.Row(b)).InfinityNorm() < 1e-12);
        }
    }

    [Fact]
    public void Batched_weighted_sum_equals_each_sequences_own_context()
    {
        var weights = Random(Batch, Time, 6).Softmax();
        var values = Random(Time * Batch, 2, 7);
        var context = Tensor.BatchedWeightedSum(weights, values).Value;
        for (int b = 0; b < Batch; b++)
        {
            var own = weights.SliceRows(b, 1).MatMul(Sequence(values, b)).Value;
            Assert.True((own.Row(0) - context.Row(b)).InfinityNorm() < 1e-12);
        }
    }

    [Fact]
    public void Batched_attention_gradients_match_finite_differences()
    {
        var blocked = new bool[Batch, Time];
        blocked[0, 3] = blocked[2, 2] = blocked[2, 3] = true;
        AssertGradientsMatch(x => WeightedSum(Tensor.BatchedWeightedSum(Tensor.BatchedDotScores(x[0], x[1]).Softmax(blocked), x[2])),
            Random(Batch, 5, 8), Random(Time * Batch, 5, 9), Random(Time * Batch, 2, 10));
        AssertGradientsMatch(x => WeightedSum(Tensor.BatchedAdditiveScores(x[0], x[1], x[2])),
            Random(Batch, 4, 11), Random(Time * Batch, 4, 12), Random(1, 4, 13));
    }

    [Fact]
    public void Mismatched_time_major_shapes_are_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.BatchedDotScores(Tensor.Zeros(3, 5), Tensor.Zeros(10, 5)));
        Assert.Contains("(10, 5)", error.Message);
        Assert.Throws<ArgumentException>(() => Tensor.BatchedWeightedSum(Tensor.Zeros(3, 4), Tensor.Zeros(11, 2)));
    }
}

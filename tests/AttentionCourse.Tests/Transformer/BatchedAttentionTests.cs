using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Transformer;

public class BatchedAttentionTests
{
    [Fact]
    public void Batched_multi_head_attention_equals_the_per_sequence_layer_on_each_unpadded_sequence()
    {
        var attention = new MultiHeadAttention(6, 3, new Random(1));
        int[] lengths = [4, 2, 3];
        var queries = Random(3 * 2, 6, 2);    // 3 sequences of 2 queries
        var memory = Random(3 * 4, 6, 3);     // 3 sequences of 4 keys, padded after their length
        var (output, weights) = attention.Forward(new SequenceBatch(queries, 3), new SequenceBatch(memory, 3, SequenceBatch.PaddingFromLengths(lengths, 4)));
        for (int b = 0; b < 3; b++)
        {
            var alone = attention.Forward(queries.SliceRows(2 * b, 2), memory.SliceRows(4 * b, lengths[b]), memory.SliceRows(4 * b, lengths[b]));
            Assert.True((alone.Output.Value - output.Sequence(b)).InfinityNorm() < 1e-12);
            for (int h = 0; h < 3; h++)
                Assert.True((alone.HeadWeights[h].Value - weights[b, h].SubMatrix(0, 2, 0, lengths[b])).InfinityNorm() < 1e-12);
        }
    }

    [Fact]
    public void Key_padding_flags_block_the_same_keys_as_a_full_mask()
    {
        var attention = new MultiHeadAttention(4, 2, new Random(3));
        var sequence = Random(3, 4, 4);
        var withFlags = attention.SelfAttention(sequence, keyPadding: [false, true, false]).Output.Value;
        var withMask = attention.SelfAttention(sequence, new bool[,] { { false, true, false }, { false, true, false }, { false, true, false } }).Output.Value;
        Assert.Equal(withMask, withFlags);
    }

    [Fact]
    public void Gradients_match_finite_differences_with_padding_causal_mask_and_seeded_dropout()
    {
        bool[,] padding = { { false, false, false }, { false, true, true } };
        AssertGradientsMatch(
            x => WeightedSum(Tensor.ScaledDotProductAttention(x[0], x[1], x[2], batch: 2, heads: 2, padding, Masks.Causal(3), dropout: 0.3, new Random(5)).Output),
            Random(6, 4, 6), Random(6, 4, 7), Random(6, 4, 8));
    }

    [Fact]
    public void A_query_whose_every_key_is_blocked_gets_zero_weights_and_finite_gradients()
    {
        bool[,] padding = { { true, true }, { false, true } };  // sequence 0 has no real key at all
        var q = Random(4, 4, 9);
        var k = Random(4, 4, 10);
        var v = Random(4, 4, 11);
        var result = Tensor.ScaledDotProductAttention(q, k, v, batch: 2, heads: 2, padding);
        result.Output.Sum().Backward();
        Assert.All(result.Output.Value.Enumerate(), x => Assert.True(double.IsFinite(x)));
        Assert.Equal(Matrix<double>.Build.Dense(2, 2), result.Weights[0, 1]);
        Assert.All(q.Grad.Enumerate().Concat(k.Grad.Enumerate()).Concat(v.Grad.Enumerate()), x => Assert.True(double.IsFinite(x)));
        Assert.Equal(1, result.Weights[1, 0].Row(0).Sum(), 12);
    }

    [Fact]
    public void A_key_padding_of_the_wrong_shape_is_named_with_the_shape_it_needs()
    {
        var x = Random(6, 4, 12);
        var error = Assert.Throws<ArgumentException>(() => Tensor.ScaledDotProductAttention(x, x, x, batch: 2, heads: 2, keyPadding: new bool[2, 4]));
        Assert.Contains("(2, 4)", error.Message);
        Assert.Contains("(2, 3)", error.Message);
    }
}

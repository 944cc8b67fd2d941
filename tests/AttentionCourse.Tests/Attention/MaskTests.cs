using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Attention;

public class MaskTests
{
    [Fact]
    public void Causal_mask_blocks_exactly_the_future()
    {
        Assert.Equal(new[,] { { false, true, true }, { false, false, true }, { false, false, false } }, Masks.Causal(3));
    }

    [Fact]
    public void Padding_masks_block_keys_beyond_the_valid_length()
    {
        Assert.Equal(new[,] { { false, false, true }, { false, false, true } }, Masks.KeyPadding(2, 2, 3));
        Assert.Equal(new[,] { { false, true, true }, { false, false, false } }, Masks.KeyPaddingFromLengths([1, 3], 3));
    }

    [Fact]
    public void Combined_mask_blocks_what_either_blocks()
    {
        Assert.Equal(new[,] { { false, true, true }, { false, false, true }, { false, false, true } },
            Masks.Combine(Masks.Causal(3), Masks.KeyPadding(3, 2, 3)));
        Assert.Throws<ArgumentException>(() => Masks.Combine(Masks.Causal(3), Masks.Causal(2)));
    }

    [Fact]
    public void Masked_keys_get_zero_weight()
    {
        var result = AttentionFunctions.ScaledDotProduct(Random(4, 3, 1), Random(4, 3, 2), Random(4, 3, 3), Masks.Causal(4));
        Assert.Equal(1, result.Weights.Value[0, 0], 12);
        Assert.Equal(0, result.Weights.Value[1, 2]);
        Assert.Equal(0, result.Weights.Value[2, 3]);
    }

    [Fact]
    public void Changing_a_blocked_key_or_value_changes_nothing()
    {
        var attention = new MultiHeadAttention(4, 2, new Random(1));
        var sequence = Random(5, 4, 2);
        var mask = Masks.Combine(Masks.Causal(5), Masks.KeyPadding(5, 4, 5));
        var before = attention.SelfAttention(sequence, mask).Output.Value;

        // Position 4 is padding for everyone, and the future for positions 0..3: perturb it as key and value.
        var changed = sequence.Value.Clone();
        changed.SetRow(4, [9.0, -7.0, 3.0, 100.0]);
        var after = attention.Forward(sequence, Tensor.Constant(changed), Tensor.Constant(changed), mask).Output.Value;
        Assert.True((before - after).InfinityNorm() < 1e-12, "a blocked key leaked into the output");

        // Sanity check that the perturbation matters when unmasked.
        var unmasked = attention.Forward(sequence, Tensor.Constant(changed), Tensor.Constant(changed)).Output.Value;
        Assert.True((attention.SelfAttention(sequence).Output.Value - unmasked).InfinityNorm() > 1e-3);
    }
}

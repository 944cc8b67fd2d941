using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Attention;

public class PositionalEncodingTests
{
    [Fact]
    public void Sinusoidal_puts_sin_on_even_and_cos_on_odd_dimensions()
    {
        var pe = PositionalEncoding.Sinusoidal(3, 4);
        Assert.Equal([0, 1, 0, 1], pe.Row(0).ToArray());
        Assert.Equal(Math.Sin(1), pe[1, 0], 12);
        Assert.Equal(Math.Cos(1), pe[1, 1], 12);
        Assert.Equal(Math.Sin(2 / 100.0), pe[2, 2], 12); // 10000^(2/4) = 100
        Assert.Equal(Math.Cos(2 / 100.0), pe[2, 3], 12);
    }

    [Fact]
    public void Sinusoidal_rows_differ_for_every_position()
    {
        var pe = PositionalEncoding.Sinusoidal(50, 16);
        for (int i = 0; i < 50; i++)
            for (int j = i + 1; j < 50; j++)
                Assert.True((pe.Row(i) - pe.Row(j)).L2Norm() > 1e-3);
    }

    [Fact]
    public void Learned_positional_embedding_adds_a_trainable_row_per_position()
    {
        var positions = new LearnedPositionalEmbedding(6, 3, new Random(1));
        var tokens = Random(4, 3, 2);
        var output = positions.Forward(tokens).Value;
        Assert.True((output.Row(3) - tokens.Value.Row(3) - positions.Weight.Value.Row(3)).InfinityNorm() < 1e-15);
        AssertGradientsMatch(x => WeightedSum(positions.Forward(x[0]).Tanh()), tokens, positions.Weight);
        Assert.Throws<ArgumentException>(() => positions.Forward(Tensor.Zeros(7, 3)));
    }
}

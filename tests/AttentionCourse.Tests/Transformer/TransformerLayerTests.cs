using AttentionCourse.Attention;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Transformer;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Transformer;

public class TransformerLayerTests
{
    private const int Model = 4, Heads = 2, Hidden = 8;

    /// <summary>Two sequences of 3 steps, the second with 2 real steps and one padding step.</summary>
    private static readonly bool[,] Padding = { { false, false, false }, { false, false, true } };

    /// <summary>Every parameter (layer norms included) set to seeded values in [-1, 1], so that nothing is a default 0 or 1.</summary>
    internal static T Randomized<T>(T module, int seed) where T : Module
    {
        var random = new Random(seed);
        foreach (var parameter in module.Parameters())
            parameter.Value.MapInplace(_ => random.NextDouble() * 2 - 1);
        return module;
    }

    private static bool[] Row(bool[,] flags, int row) => Enumerable.Range(0, flags.GetLength(1)).Select(j => flags[row, j]).ToArray();

    private static Matrix<double> Sequence(Tensor states, int index, int time) => states.Value.SubMatrix(index * time, time, 0, states.Columns);

    [Theory]
    [InlineData(false, Activation.Relu)]
    [InlineData(true, Activation.Relu)]
    [InlineData(false, Activation.Gelu)]
    [InlineData(true, Activation.Gelu)]
    public void Encoder_layer_matches_a_plain_per_sequence_implementation_of_pytorchs_arithmetic(bool normFirst, Activation activation)
    {
        var layer = Randomized(new TransformerEncoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0.3, activation, normFirst), 2);
        layer.Eval();
        var input = Random(6, Model, 3);
        var mask = Masks.Causal(3);
        var output = layer.Forward(new SequenceBatch(input, 2, Padding), mask).States;
        for (int b = 0; b < 2; b++)
        {
            var expected = NaiveTransformer.EncoderLayer(layer, Sequence(input, b, 3), Row(Padding, b), mask, activation);
            Assert.True((expected - Sequence(output, b, 3)).InfinityNorm() < 1e-12, $"sequence {b}: {(expected - Sequence(output, b, 3)).InfinityNorm()}");
        }
    }

    [Theory]
    [InlineData(false, Activation.Relu)]
    [InlineData(true, Activation.Gelu)]
    public void Decoder_layer_matches_a_plain_per_sequence_implementation_of_pytorchs_arithmetic(bool normFirst, Activation activation)
    {
        var layer = Randomized(new TransformerDecoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0.3, activation, normFirst), 4);
        layer.Eval();
        var target = Random(6, Model, 5);
        var memory = Random(8, Model, 6);
        bool[,] memoryPadding = { { false, false, false, false }, { false, true, true, true } };
        var mask = Masks.Causal(3);
        var output = layer.Forward(new SequenceBatch(target, 2, Padding), new SequenceBatch(memory, 2, memoryPadding), mask).States;
        for (int b = 0; b < 2; b++)
        {
            var expected = NaiveTransformer.DecoderLayer(layer, Sequence(target, b, 3), Sequence(memory, b, 4), Row(Padding, b), Row(memoryPadding, b), mask, activation);
            Assert.True((expected - Sequence(output, b, 3)).InfinityNorm() < 1e-12, $"sequence {b}: {(expected - Sequence(output, b, 3)).InfinityNorm()}");
        }
    }

    [Fact]
    public void Post_norm_encoder_layer_gives_the_hand_computed_value_when_only_the_output_bias_is_set()
    {
        // With W_v = 0 and zero value bias, attention returns the output bias b_o at every step; with a zero
        // feed-forward block the layer is norm2(norm1(x + b_o)). x + b_o = (1, 2, 6): mean 3, variance 14/3.
        var layer = new TransformerEncoderLayer(3, 1, 2, new Random(1), dropout: 0);
        foreach (var (name, parameter) in layer.NamedParameters())
            if (!name.StartsWith("norm", StringComparison.Ordinal)) parameter.Value.Clear();
        layer.SelfAttention.OutputProjection.Bias!.Value[0, 2] = 3;
        var output = layer.Forward(new SequenceBatch(Tensor.Row(1, 2, 3), 1)).States.Value;

        double first = Math.Sqrt(14.0 / 3 + 1e-5);                 // norm1: (-2, -1, 3) / first
        double second = Math.Sqrt(14.0 / 3 / (first * first) + 1e-5); // norm2: variance of norm1's output is (14/3) / first^2
        double[] expected = [-2 / first / second, -1 / first / second, 3 / first / second];
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], output[0, j], 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoder_layer_gradients_match_finite_differences_with_padding_and_causal_mask(bool normFirst)
    {
        var layer = Randomized(new TransformerEncoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0, normFirst: normFirst), 7);
        AssertGradientsMatch(
            x => WeightedSum(layer.Forward(new SequenceBatch(x[0], 2, Padding), Masks.Causal(3)).States),
            [Random(6, Model, 8), .. layer.Parameters()]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decoder_layer_gradients_match_finite_differences_with_padding_and_causal_mask(bool normFirst)
    {
        var layer = Randomized(new TransformerDecoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0, Activation.Gelu, normFirst), 9);
        bool[,] memoryPadding = { { false, false }, { false, true } };
        AssertGradientsMatch(
            x => WeightedSum(layer.Forward(new SequenceBatch(x[0], 2, Padding), new SequenceBatch(x[1], 2, memoryPadding), Masks.Causal(3)).States),
            [Random(6, Model, 10), Random(4, Model, 11), .. layer.Parameters()]);
    }

    [Fact]
    public void Dropout_is_active_in_training_and_off_in_evaluation()
    {
        var layer = new TransformerEncoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0.5);
        var batch = new SequenceBatch(Random(6, Model, 12), 2);
        var first = layer.Forward(batch).States.Value;
        var second = layer.Forward(batch).States.Value;
        Assert.True((first - second).InfinityNorm() > 1e-3);
        layer.Eval();
        Assert.Equal(layer.Forward(batch).States.Value, layer.Forward(batch).States.Value);
    }

    [Fact]
    public void Every_layer_keeps_each_sequences_and_heads_attention_weights()
    {
        var layer = new TransformerDecoderLayer(Model, Heads, Hidden, new Random(1), dropout: 0);
        layer.Forward(new SequenceBatch(Random(6, Model, 13), 2, Padding), new SequenceBatch(Random(10, Model, 14), 2), Masks.Causal(3));
        Assert.Equal((2, Heads), (layer.SelfAttentionWeights!.Sequences, layer.SelfAttentionWeights.Heads));
        Assert.Equal((3, 5), (layer.CrossAttentionWeights![1, 1].RowCount, layer.CrossAttentionWeights[1, 1].ColumnCount));
        // Causal and padding: sequence 1's second step sees steps 0 and 1; its third (padding) key gets weight 0.
        var weights = layer.SelfAttentionWeights[1, 0];
        Assert.Equal(0, weights[0, 1]);
        Assert.Equal(0, weights[2, 2]);
        Assert.Equal(1, weights.Row(2).Sum(), 12);
    }

    [Fact]
    public void Feed_forward_names_its_linears_like_pytorch()
    {
        var names = new TransformerDecoderLayer(Model, Heads, Hidden, new Random(1)).NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("feed_forward.linear1.weight", names);
        Assert.Contains("multihead_attn.w_q.weight", names);
        Assert.Contains("norm3.bias", names);
        Assert.Equal(3 * 2 + 2 * 8 + 4, names.Count); // 2 norms each x3, 2 attentions x 8, 2 linears x 2
    }
}

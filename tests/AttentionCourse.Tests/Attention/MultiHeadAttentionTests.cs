using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Attention;

public class MultiHeadAttentionTests
{
    [Fact]
    public void Each_head_attends_with_its_own_contiguous_slice()
    {
        var attention = new MultiHeadAttention(4, 2, new Random(1));
        var query = Random(3, 4, 2);
        var memory = Random(5, 4, 3);
        var result = attention.Forward(query, memory, memory);

        // Independent computation with plain matrices: head 1 uses columns 2..3 of the projections.
        Matrix<double> Project(Tensor x, AttentionCourse.Nn.Linear layer) =>
            x.Value * layer.Weight.Value.Transpose() + Matrix<double>.Build.Dense(x.Rows, 4, (_, j) => layer.Bias!.Value[0, j]);
        var q = Project(query, attention.QueryProjection).SubMatrix(0, 3, 2, 2);
        var k = Project(memory, attention.KeyProjection).SubMatrix(0, 5, 2, 2);
        var scores = q * k.Transpose() / Math.Sqrt(2);
        var expected = Matrix<double>.Build.Dense(3, 5, (i, j) => Math.Exp(scores[i, j]) / scores.Row(i).Select(Math.Exp).Sum());
        Assert.True((expected - result.HeadWeights[1].Value).InfinityNorm() < 1e-12);
        Assert.Equal(2, result.HeadWeights.Count);
        Assert.True(((result.HeadWeights[0].Value + result.HeadWeights[1].Value) / 2 - result.AverageWeights).InfinityNorm() < 1e-15);
    }

    [Fact]
    public void Output_has_the_query_length_and_model_size_for_cross_attention()
    {
        var result = new MultiHeadAttention(6, 3, new Random(1)).Forward(Random(2, 6, 1), Random(7, 6, 2), Random(7, 6, 3));
        Assert.Equal((2, 6), (result.Output.Rows, result.Output.Columns));
        Assert.All(result.HeadWeights, w => Assert.Equal((2, 7), (w.Rows, w.Columns)));
    }

    [Fact]
    public void Permuting_the_sequence_permutes_self_attention_output_the_same_way()
    {
        var attention = new MultiHeadAttention(4, 2, new Random(4));
        var sequence = Random(5, 4, 5);
        int[] permutation = [3, 0, 4, 1, 2];
        var output = attention.SelfAttention(sequence).Output.Value;
        var permutedOutput = attention.SelfAttention(sequence.GatherRows(permutation)).Output.Value;
        for (int i = 0; i < 5; i++)
            Assert.True((output.Row(permutation[i]) - permutedOutput.Row(i)).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void Gradients_match_finite_differences_for_inputs_and_all_projections()
    {
        var attention = new MultiHeadAttention(4, 2, new Random(6));
        AssertGradientsMatch(
            x => WeightedSum(attention.Forward(x[0], x[1], x[1], Masks.KeyPadding(2, 2, 3)).Output),
            [Random(2, 4, 7), Random(3, 4, 8), .. attention.Parameters()]);
    }

    [Fact]
    public void Heads_must_divide_the_model_dimension()
    {
        var error = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(6, 4, new Random(1)));
        Assert.Contains("6", error.Message);
        Assert.Contains("4 heads", error.Message);
    }

    [Fact]
    public void Parameters_are_named_like_pytorch_projections()
    {
        var names = new MultiHeadAttention(4, 2, new Random(1)).NamedParameters().Select(p => p.Name);
        Assert.Equal(["w_q.weight", "w_q.bias", "w_k.weight", "w_k.bias", "w_v.weight", "w_v.bias", "w_o.weight", "w_o.bias"], names);
    }
}

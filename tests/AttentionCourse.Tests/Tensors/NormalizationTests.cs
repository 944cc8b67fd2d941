using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

public class NormalizationTests
{
    [Fact]
    public void LayerNorm_matches_hand_values()
    {
        // Row (1, 2, 3): mean 2, variance 2/3, so x hat = (-1, 0, 1) / sqrt(2/3 + eps).
        var x = Tensor.Row(1, 2, 3);
        var y = x.LayerNorm(Tensor.Row(1, 1, 2), Tensor.Row(0, 10, 0), epsilon: 0).Value;
        double s = Math.Sqrt(1.5);
        Assert.Equal(-s, y[0, 0], 12);
        Assert.Equal(10, y[0, 1], 12);
        Assert.Equal(2 * s, y[0, 2], 12);
    }

    [Fact]
    public void LayerNorm_gradients_match_finite_differences_for_input_gamma_and_beta() =>
        AssertGradientsMatch(x => WeightedSum(x[0].LayerNorm(x[1], x[2])), Random(3, 5, 1, scale: 2), Random(1, 5, 2), Random(1, 5, 3));

    [Fact]
    public void LayerNorm_names_the_expected_parameter_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 4).LayerNorm(Tensor.Zeros(1, 3), Tensor.Zeros(1, 4)));
        Assert.Contains("(1, 4)", error.Message);
        Assert.Contains("(1, 3)", error.Message);
    }

    [Fact]
    public void Dropout_is_reproducible_from_a_seed_and_keeps_the_expected_value()
    {
        var x = Tensor.Constant(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(200, 50, 1.0));
        var first = x.Dropout(0.3, new Random(5)).Value;
        var second = x.Dropout(0.3, new Random(5)).Value;
        Assert.Equal(first, second);
        double dropped = first.Enumerate().Count(v => v == 0) / 10000.0;
        Assert.InRange(dropped, 0.27, 0.33);
        Assert.All(first.Enumerate().Where(v => v != 0), v => Assert.Equal(1 / 0.7, v, 12));
        Assert.InRange(first.Enumerate().Average(), 0.95, 1.05);
    }

    [Fact]
    public void Dropout_gradient_matches_finite_differences_with_a_fixed_seed() =>
        AssertGradientsMatch(x => WeightedSum(x[0].Dropout(0.5, new Random(11))), Random(4, 4, 4));

    [Fact]
    public void Randn_is_reproducible_and_roughly_standard_normal()
    {
        var a = Tensor.Randn(100, 100, new Random(1)).Value;
        Assert.Equal(a, Tensor.Randn(100, 100, new Random(1)).Value);
        var values = a.Enumerate().ToArray();
        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(std, 0.95, 1.05);
    }
}

using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

public class SoftmaxTests
{
    [Fact]
    public void Softmax_rows_sum_to_one_and_match_hand_values()
    {
        var y = Tensor.FromArray(new double[,] { { 0, Math.Log(3) }, { 5, 5 } }).Softmax().Value;
        Assert.Equal(0.25, y[0, 0], 12);
        Assert.Equal(0.75, y[0, 1], 12);
        Assert.Equal(0.5, y[1, 0], 12);
        Assert.Equal(0.5, y[1, 1], 12);
    }

    [Fact]
    public void Softmax_is_stable_for_large_scores()
    {
        var y = Tensor.Row(1000, 1000 + Math.Log(3)).Softmax().Value;
        Assert.Equal(0.25, y[0, 0], 12);
    }

    [Fact]
    public void Blocked_entries_get_zero_weight_and_the_rest_renormalize()
    {
        var blocked = new bool[,] { { false, true, false } };
        var y = Tensor.Row(1, 100, 1).Softmax(blocked).Value;
        Assert.Equal([0.5, 0, 0.5], y.Row(0).ToArray());
    }

    [Fact]
    public void A_row_with_every_entry_blocked_gives_zeros_not_NaN()
    {
        var blocked = new bool[,] { { true, true }, { false, true } };
        var x = Random(2, 2, 1);
        var y = x.Softmax(blocked);
        Assert.Equal([0, 0], y.Value.Row(0).ToArray());
        Assert.Equal([1, 0], y.Value.Row(1).ToArray());
        WeightedSum(y).Backward();
        Assert.All(x.Grad.Enumerate(), g => Assert.False(double.IsNaN(g)));
    }

    [Fact]
    public void Softmax_gradient_matches_finite_differences() =>
        AssertGradientsMatch(x => WeightedSum(x[0].Softmax()), Random(3, 5, 2, scale: 3));

    [Fact]
    public void Masked_softmax_gradient_matches_finite_differences_and_is_zero_on_blocked_entries()
    {
        var blocked = new bool[,] { { false, true, false, false }, { true, true, true, true }, { false, false, false, true } };
        var x = Random(3, 4, 3, scale: 2);
        AssertGradientsMatch(t => WeightedSum(t[0].Softmax(blocked)), x);
        Assert.Equal(0, x.Grad[0, 1]);
        Assert.All(x.Grad.Row(1).ToArray(), g => Assert.Equal(0, g));
    }

    [Fact]
    public void Softmax_mask_shape_mismatch_names_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Softmax(new bool[3, 2]));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(3, 2)", error.Message);
    }

    [Fact]
    public void LogSoftmax_equals_log_of_softmax_and_its_gradient_matches()
    {
        var x = Random(3, 4, 4, scale: 5);
        var expected = x.Softmax().Value.PointwiseLog();
        Assert.True(x.LogSoftmax().Value.Subtract(expected).InfinityNorm() < 1e-12);
        AssertGradientsMatch(t => WeightedSum(t[0].LogSoftmax()), x);
    }
}

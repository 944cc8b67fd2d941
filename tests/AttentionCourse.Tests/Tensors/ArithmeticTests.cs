using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

public class ArithmeticTests
{
    [Fact]
    public void MatMul_multiplies_by_hand_values()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor.FromArray(new double[,] { { 5, 6 }, { 7, 8 } });
        var c = a.MatMul(b).Value;
        Assert.Equal(new double[,] { { 19, 22 }, { 43, 50 } }, c.ToArray());
    }

    [Fact]
    public void MatMul_gradient_matches_finite_differences()
    {
        var result = GradCheck.Check(x => x[0].MatMul(x[1]).Tanh().Sum(), [Random(3, 4, 1), Random(4, 2, 2)]);
        Assert.True(result.Passed(), result.ToString());
    }

    [Fact]
    public void MatMul_names_both_shapes_when_inner_dimensions_differ()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(2, 3)));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("MatMul", error.Message);
    }

    [Theory]
    [InlineData(3, 4)] // same shape
    [InlineData(1, 4)] // row broadcast
    [InlineData(3, 1)] // column broadcast
    [InlineData(1, 1)] // scalar broadcast
    public void Add_subtract_and_multiply_gradients_match_finite_differences_when_broadcasting(int rows, int columns)
    {
        var result = GradCheck.Check(
            x => (x[0] + x[1]).Multiply(x[0] - x[1]).Multiply(x[1]).Sum(),
            [Random(3, 4, 3), Random(rows, columns, 4)]);
        Assert.True(result.Passed(), result.ToString());
    }

    [Theory]
    [InlineData(3, 4)] // one weight per entry
    [InlineData(3, 1)] // one weight per row, as an encoder freezing ended sequences uses it
    [InlineData(1, 1)] // one weight for all
    public void Lerp_gradients_match_finite_differences(int rows, int columns)
    {
        var result = GradCheck.Check(x => WeightedSum(x[0].Lerp(x[1], x[2])), [Random(3, 4, 5), Random(3, 4, 6), Random(rows, columns, 7)]);
        Assert.True(result.Passed(), result.ToString());
    }

    [Fact]
    public void Lerp_keeps_the_start_at_weight_0_and_gives_the_end_at_weight_1()
    {
        var start = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var end = Tensor.FromArray(new double[,] { { 5, 6 }, { 7, 8 } });
        var mixed = start.Lerp(end, Tensor.FromArray(new double[,] { { 0 }, { 1 } }));
        Assert.Equal(new double[,] { { 1, 2 }, { 7, 8 } }, mixed.Value.ToArray());
    }

    [Fact]
    public void Row_broadcast_adds_the_row_to_every_row()
    {
        var sum = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }) + Tensor.Row(10, 20);
        Assert.Equal(new double[,] { { 11, 22 }, { 13, 24 } }, sum.Value.ToArray());
    }

    [Fact]
    public void Incompatible_broadcast_names_the_operation_and_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 4) + Tensor.Zeros(2, 4));
        Assert.Contains("Add", error.Message);
        Assert.Contains("(3, 4)", error.Message);
        Assert.Contains("(2, 4)", error.Message);
    }

    [Fact]
    public void Gradients_accumulate_across_backward_passes_until_zeroed()
    {
        var x = Tensor.Variable(Matrix<double>.Build.Dense(1, 1, 3.0));
        x.Scale(2).Sum().Backward();
        x.Scale(2).Sum().Backward();
        Assert.Equal(4.0, x.Grad[0, 0]);
        x.ZeroGrad();
        Assert.Equal(0.0, x.Grad[0, 0]);
    }

    [Fact]
    public void An_intermediate_result_lets_its_gradient_go_after_backward_and_says_so()
    {
        var x = Tensor.Variable(Matrix<double>.Build.Dense(1, 1, 3.0));
        var doubled = x.Scale(2);
        doubled.Sum().Backward();
        Assert.Equal(2.0, x.Grad[0, 0]);
        var error = Assert.Throws<InvalidOperationException>(() => doubled.Grad);
        Assert.Contains("intermediate", error.Message);
    }

    [Fact]
    public void Backward_twice_from_the_same_loss_adds_its_gradient_twice()
    {
        var x = Tensor.Variable(Matrix<double>.Build.Dense(1, 1, 3.0));
        var loss = x.Scale(2).Sum();
        loss.Backward();
        loss.Backward();
        Assert.Equal(4.0, x.Grad[0, 0]);
    }

    [Fact]
    public void No_grad_scope_builds_no_graph()
    {
        var x = Random(2, 2, 5);
        using (Tensor.NoGrad())
            Assert.False(x.MatMul(x).RequiresGrad);
        Assert.True(x.MatMul(x).RequiresGrad);
    }

    [Fact]
    public void Backward_from_a_non_scalar_explains_what_to_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Random(2, 3, 6).Backward());
        Assert.Contains("(2, 3)", error.Message);
    }

    [Fact]
    public void Deep_graphs_do_not_overflow_the_stack()
    {
        var x = Random(1, 1, 7);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y.Scale(1.0);
        y.Sum().Backward();
        Assert.Equal(1.0, x.Grad[0, 0], 12);
    }
}

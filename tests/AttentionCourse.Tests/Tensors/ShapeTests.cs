using AttentionCourse.Tensors;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

public class ShapeTests
{
    [Fact]
    public void Concat_and_slice_round_trip()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor.FromArray(new double[,] { { 5 }, { 6 } });
        var joined = Tensor.ConcatColumns(a, b);
        Assert.Equal(new double[,] { { 1, 2, 5 }, { 3, 4, 6 } }, joined.Value.ToArray());
        Assert.Equal(b.Value, joined.SliceColumns(2, 1).Value);
        var stacked = Tensor.ConcatRows(a, Tensor.Row(7, 8));
        Assert.Equal(new double[,] { { 3, 4 }, { 7, 8 } }, stacked.SliceRows(1, 2).Value.ToArray());
    }

    [Fact]
    public void Concat_slice_and_stack_gradients_match_finite_differences()
    {
        AssertGradientsMatch(x => WeightedSum(Tensor.ConcatColumns(x[0], x[1].Tanh()).SliceColumns(1, 3)), Random(2, 3, 1), Random(2, 2, 2));
        AssertGradientsMatch(x => WeightedSum(Tensor.ConcatRows(x[0], x[1]).SliceRows(1, 2).Square()), Random(2, 3, 3), Random(1, 3, 4));
        AssertGradientsMatch(x => WeightedSum(Tensor.StackRows([x[0], x[1].Tanh(), x[0]])), Random(1, 3, 5), Random(1, 3, 6));
    }

    [Fact]
    public void GatherRows_picks_rows_and_adds_gradients_of_repeated_indices()
    {
        var table = Random(4, 3, 7);
        var picked = table.GatherRows([2, 0, 2]);
        Assert.Equal(table.Value.Row(2), picked.Value.Row(0));
        Assert.Equal(table.Value.Row(0), picked.Value.Row(1));
        picked.Sum().Backward();
        Assert.Equal([2.0, 2.0, 2.0], table.Grad.Row(2).ToArray());
        Assert.Equal([0.0, 0.0, 0.0], table.Grad.Row(1).ToArray());
        AssertGradientsMatch(x => WeightedSum(x[0].GatherRows([3, 1, 3, 0]).Tanh()), Random(4, 3, 8));
    }

    [Fact]
    public void Shape_errors_name_the_operation_and_shapes()
    {
        var columns = Assert.Throws<ArgumentException>(() => Tensor.ConcatColumns(Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)));
        Assert.Contains("ConcatColumns", columns.Message);
        Assert.Contains("(3, 3)", columns.Message);
        var rows = Assert.Throws<ArgumentException>(() => Tensor.ConcatRows(Tensor.Zeros(2, 3), Tensor.Zeros(2, 2)));
        Assert.Contains("(2, 2)", rows.Message);
        var stack = Assert.Throws<ArgumentException>(() => Tensor.StackRows([Tensor.Zeros(2, 3)]));
        Assert.Contains("row vector", stack.Message);
        var slice = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).SliceColumns(2, 2));
        Assert.Contains("(2, 3)", slice.Message);
        var gather = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(4, 2).GatherRows([1, 4]));
        Assert.Contains("index 4", gather.Message);
    }
}

using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Tensors;

/// <summary>The scatter and pick operations a pointer-generator needs (named for the Summarization filter).</summary>
public class SummarizationScatterTests
{
    [Fact]
    public void Scatter_add_sums_entries_that_point_at_the_same_column()
    {
        var weights = Tensor.FromArray(new double[,] { { 0.5, 0.3, 0.2 }, { 0.1, 0.1, 0.8 } });
        int[][] ids = [[4, 1, 4], [0, 2, 3]];
        var scattered = weights.ScatterAddColumns(ids, columns: 5).Value;
        Assert.Equal([0, 0.3, 0, 0, 0.7], scattered.Row(0).ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal([0.1, 0, 0.1, 0.8, 0], scattered.Row(1).ToArray());
    }

    [Fact]
    public void Scatter_add_and_pick_gradients_match_finite_differences()
    {
        int[][] ids = [[4, 1, 4, 0], [0, 2, 3, 3]];
        TestData.AssertGradientsMatch(x => TestData.WeightedSum(x[0].ScatterAddColumns(ids, 6)), TestData.Random(2, 4, seed: 1));
        TestData.AssertGradientsMatch(x => TestData.WeightedSum(x[0].PickColumns([2, 0, 2])), TestData.Random(3, 4, seed: 2));
    }

    [Fact]
    public void Pick_columns_reads_one_entry_per_row()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal([3.0, 4.0], x.PickColumns([2, 0]).Value.Column(0).ToArray());
    }

    [Fact]
    public void Scatter_and_pick_name_an_out_of_range_column()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2 } });
        Assert.Contains("column 7, outside 0..4", Assert.Throws<ArgumentException>(() => x.ScatterAddColumns([[0, 7]], 5)).Message);
        Assert.Contains("column 2, outside 0..1", Assert.Throws<ArgumentException>(() => x.PickColumns([2])).Message);
    }
}

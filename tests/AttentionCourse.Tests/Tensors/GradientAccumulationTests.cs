using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Tensors;

/// <summary>
/// Operations that add their gradient straight into an input's gradient (or through a reused scratch buffer) give
/// the same bits as adding one gradient matrix per use: a tensor used twice gets exactly the sum of the two uses'
/// gradients, each computed alone.
/// </summary>
public class GradientAccumulationTests
{
    private const int Batch = 3, Time = 4;

    /// <summary>The gradient of <paramref name="x"/> from one use alone, on a fresh copy of it.</summary>
    private static Matrix<double> GradientOfOneUse(Tensor x, Func<Tensor, Tensor> use, int seed)
    {
        var copy = Tensor.Variable(x.Value.Clone());
        WeightedSum(use(copy), seed).Backward();
        return copy.Grad.Clone();
    }

    /// <summary>Asserts that two uses of <paramref name="x"/> in one graph give it the sum of their own gradients, bit for bit.</summary>
    private static void AssertUsesAddUp(Tensor x, Func<Tensor, Tensor> first, Func<Tensor, Tensor> second)
    {
        var expected = GradientOfOneUse(x, first, 11) + GradientOfOneUse(x, second, 12);
        (WeightedSum(first(x), 11) + WeightedSum(second(x), 12)).Backward();
        Assert.Equal(expected.ToColumnMajorArray(), x.Grad.ToColumnMajorArray());
    }

    [Fact]
    public void Values_used_by_two_weighted_sums_get_the_sum_of_both_gradients()
    {
        var w1 = Random(Batch, Time, 1).Softmax();
        var w2 = Random(Batch, Time, 2).Softmax();
        AssertUsesAddUp(Random(Time * Batch, 5, 3), v => Tensor.BatchedWeightedSum(w1, v), v => Tensor.BatchedWeightedSum(w2, v));
    }

    [Fact]
    public void Keys_scored_by_two_queries_get_the_sum_of_both_gradients()
    {
        var q1 = Random(Batch, 6, 4);
        var q2 = Random(Batch, 6, 5);
        var v = Random(1, 6, 6);
        AssertUsesAddUp(Random(Time * Batch, 6, 7), k => Tensor.BatchedAdditiveScores(q1, k, v), k => Tensor.BatchedAdditiveScores(q2, k, v));
    }

    [Fact]
    public void A_weight_used_by_two_products_gets_the_sum_of_both_gradients()
    {
        var x1 = Random(Batch, 5, 8);
        var x2 = Random(Batch, 5, 9);
        AssertUsesAddUp(Random(7, 5, 10), w => x1.MatMulTransposed(w), w => x2.MatMul(w.Transpose()));
    }

    [Fact]
    public void A_state_read_by_two_gru_steps_gets_the_sum_of_both_gradients()
    {
        var cell = new GRUCell(4, 6, new Random(13));
        var x1 = Random(Batch, 4, 14);
        var x2 = Random(Batch, 4, 15);
        AssertUsesAddUp(Random(Batch, 6, 16), h => cell.Forward(x1, h), h => cell.Forward(x2, h));
    }

    [Fact]
    public void Gru_weights_accumulate_over_steps_and_backward_passes_as_separate_gradients_would()
    {
        Matrix<double> StepGradient(Tensor input)
        {
            var fresh = new GRUCell(4, 6, new Random(17));
            WeightedSum(fresh.Forward(input, Random(Batch, 6, 18)), 19).Backward();
            return fresh.WeightIH.Grad.Clone();
        }
        var x1 = Random(Batch, 4, 20);
        var x2 = Random(Batch, 4, 21);
        var expected = StepGradient(x1) + StepGradient(x2);

        var cell = new GRUCell(4, 6, new Random(17));
        WeightedSum(cell.Forward(x1, Random(Batch, 6, 18)), 19).Backward();
        WeightedSum(cell.Forward(x2, Random(Batch, 6, 18)), 19).Backward(); // a second pass adds to the first
        Assert.Equal(expected.ToColumnMajorArray(), cell.WeightIH.Grad.ToColumnMajorArray());
    }
}

/// <summary>The sums that run four columns at a time give each column's in-order sum, bit for bit.</summary>
public class InOrderSumTests
{
    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-8, 9))).ToArray();
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)] // four at a time, then three one by one
    public void Column_sums_four_at_a_time_equal_each_columns_own_sum(int columns)
    {
        const int rows = 37;
        var data = Values(rows * columns, 1);
        var sums = new double[columns];
        Tensor.ColumnSumsInOrder(data, rows, sums);
        Assert.Equal(Enumerable.Range(0, columns).Select(j => Tensor.SumInOrder(data.AsSpan(j * rows, rows))), sums);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void Dots_four_at_a_time_equal_each_columns_own_dot(int columns)
    {
        const int rows = 37;
        var x = Values(rows, 2);
        var data = Values(rows * columns, 3);
        var dots = new double[columns];
        Tensor.DotsInOrder(x, data, dots);
        Assert.Equal(Enumerable.Range(0, columns).Select(j => Tensor.DotInOrder(x, data.AsSpan(j * rows, rows))), dots);
    }
}

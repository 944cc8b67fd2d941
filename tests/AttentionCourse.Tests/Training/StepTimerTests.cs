using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

public class StepTimerTests
{
    [Fact]
    public void Growth_exponent_recovers_the_power_of_a_power_law()
    {
        double[] sizes = [8, 16, 32, 64];
        Assert.Equal(1.0, StepTimer.GrowthExponent(sizes, sizes.Select(s => 3 * s).ToArray()), 10);
        Assert.Equal(2.0, StepTimer.GrowthExponent(sizes, sizes.Select(s => 0.5 * s * s).ToArray()), 10);
        Assert.Equal(0.0, StepTimer.GrowthExponent(sizes, [7, 7, 7, 7]), 10);
    }

    [Fact]
    public void Growth_exponent_rejects_what_it_cannot_fit()
    {
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([1], [1]));
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([1, 2], [1, 0]));
        Assert.Throws<ArgumentException>(() => StepTimer.GrowthExponent([3, 3], [1, 2]));
    }

    [Fact]
    public void Measure_runs_a_warm_up_then_each_repetition_and_orders_best_before_median()
    {
        int calls = 0;
        var timing = StepTimer.Measure(() => calls++, repetitions: 4);
        Assert.Equal(5, calls);
        Assert.True(timing.BestMilliseconds <= timing.MedianMilliseconds);
    }

    [Fact]
    public void Measure_counts_the_bytes_a_step_allocates()
    {
        var timing = StepTimer.Measure(() => GC.KeepAlive(new double[100_000]), repetitions: 2);
        Assert.InRange(timing.AllocatedBytes, 800_000, 900_000);
    }

    [Fact]
    public void Training_step_back_propagates_into_the_parameters()
    {
        var weight = Tensor.Variable(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(2, 2, 1.0));
        StepTimer.TrainingStep(() => weight.Sum(), repetitions: 2);
        Assert.Equal(3.0, weight.Grad[0, 0], 12);   // warm-up + 2 repetitions, gradients accumulate
    }
}

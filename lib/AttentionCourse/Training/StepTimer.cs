using System.Diagnostics;
using AttentionCourse.Tensors;

namespace AttentionCourse.Training;

/// <summary>How long one step took over several repetitions, and how much memory it allocated.</summary>
/// <param name="BestMilliseconds">The fastest repetition: the least disturbed by other work on the machine.</param>
/// <param name="MedianMilliseconds">The middle repetition.</param>
/// <param name="AllocatedBytes">Bytes the step allocated on the managed heap (the last repetition).</param>
public sealed record StepTiming(double BestMilliseconds, double MedianMilliseconds, long AllocatedBytes);

/// <summary>
/// Times small pieces of work (a training step, a score matrix) the way a noisy shared machine allows: one warm-up
/// call, then several timed repetitions, reporting the best and the median. Timings differ between machines and
/// between runs; compare them with each other (ratios, growth exponents), not with numbers measured elsewhere.
/// </summary>
public static class StepTimer
{
    /// <summary>Runs <paramref name="step"/> once to warm up, then <paramref name="repetitions"/> times under a stopwatch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one repetition.</exception>
    public static StepTiming Measure(Action step, int repetitions = 5)
    {
        if (repetitions < 1) throw new ArgumentOutOfRangeException(nameof(repetitions), $"Timing needs at least one repetition, got {repetitions}.");
        step();
        var times = new double[repetitions];
        long allocated = 0;
        for (int i = 0; i < repetitions; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            step();
            times[i] = clock.Elapsed.TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Array.Sort(times);
        return new StepTiming(times[0], times[repetitions / 2], allocated);
    }

    /// <summary>
    /// Times one training step, forward and backward: builds the loss with <paramref name="loss"/> and
    /// back-propagates it (gradients accumulate; nothing is updated).
    /// </summary>
    public static StepTiming TrainingStep(Func<Tensor> loss, int repetitions = 5) => Measure(() => loss().Backward(), repetitions);

    /// <summary>
    /// The exponent k of the power law <c>time ≈ c size^k</c> that fits the measurements best: the least-squares
    /// slope of log(time) against log(size). About 1 for work that grows in proportion to the size, 2 for
    /// quadratic work.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two points, different counts, or a size or time that is not positive.</exception>
    public static double GrowthExponent(IReadOnlyList<double> sizes, IReadOnlyList<double> times)
    {
        if (sizes.Count != times.Count || sizes.Count < 2)
            throw new ArgumentException($"GrowthExponent needs two or more (size, time) pairs, got {sizes.Count} sizes and {times.Count} times.", nameof(times));
        if (sizes.Concat(times).Any(v => !(v > 0)))
            throw new ArgumentException("GrowthExponent needs positive sizes and times (it fits their logarithms).", nameof(times));
        var x = sizes.Select(PortableMath.Log).ToArray();
        var y = times.Select(PortableMath.Log).ToArray();
        double meanX = x.Average(), meanY = y.Average(), covariance = 0, variance = 0;
        for (int i = 0; i < x.Length; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        if (variance == 0) throw new ArgumentException("GrowthExponent needs at least two different sizes.", nameof(sizes));
        return covariance / variance;
    }
}

using System.Diagnostics;
using AttentionCourse.Tensors;

namespace AttentionCourse.Training;

/// <summary>Where a training run is, reported every few steps (notebooks show it as a line updated in place).</summary>
/// <param name="Step">Steps done so far (1-based).</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Loss of this step.</param>
/// <param name="AverageLoss">Mean loss over the steps since the previous report.</param>
/// <param name="Elapsed">Wall-clock time since the start.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double AverageLoss, TimeSpan Elapsed)
{
    /// <inheritdoc />
    public override string ToString() => $"step {Step}/{TotalSteps}  loss {AverageLoss:F4}  {Elapsed.TotalSeconds:F1}s";
}

/// <summary>What a training run did: the loss of every step and how long it took.</summary>
/// <param name="Losses">Loss per step, in order.</param>
/// <param name="Duration">Total wall-clock time.</param>
public sealed record TrainingHistory(IReadOnlyList<double> Losses, TimeSpan Duration)
{
    /// <summary>Mean loss over the last <paramref name="steps"/> steps.</summary>
    public double FinalLoss(int steps = 20) => Losses.TakeLast(Math.Max(1, steps)).Average();

    /// <summary>The losses smoothed by a moving average of <paramref name="window"/> steps, for plotting.</summary>
    public IReadOnlyList<double> Smoothed(int window = 20) =>
        Losses.Select((_, i) => Losses.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average()).ToList();
}

/// <summary>
/// The training loop every lesson uses: for each step, zero the gradients, compute the loss, back-propagate,
/// optionally clip, update, and report progress.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <paramref name="steps"/> optimization steps.</summary>
    /// <param name="steps">Number of steps.</param>
    /// <param name="loss">Builds the <c>(1, 1)</c> loss of step <c>s</c> (1-based), e.g. on the s-th batch.</param>
    /// <param name="optimizer">Updates the parameters.</param>
    /// <param name="schedule">Optional learning-rate schedule, applied before each step.</param>
    /// <param name="clipNorm">Optional global gradient-norm limit.</param>
    /// <param name="onProgress">Called every <paramref name="reportEvery"/> steps and after the last one (inside
    /// <see cref="Concurrently"/>, on the thread that started it, while this training waits).</param>
    /// <param name="reportEvery">Steps between progress reports.</param>
    public static TrainingHistory Run(int steps, Func<int, Tensor> loss, Optimizer optimizer, ILearningRateSchedule? schedule = null,
        double? clipNorm = null, Action<TrainingProgress>? onProgress = null, int reportEvery = 10)
    {
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Training needs at least one step, got {steps}.");
        var losses = new List<double>(steps);
        var clock = Stopwatch.StartNew();
        int lastReport = 0;
        for (int step = 1; step <= steps; step++)
        {
            if (schedule != null) optimizer.LearningRate = schedule.LearningRateAt(step);
            optimizer.ZeroGrad();
            var value = loss(step);
            value.Backward();
            if (clipNorm is double limit) GradientClipping.ClipGlobalNorm(optimizer.Parameters, limit);
            optimizer.Step();
            losses.Add(value.Item());
            if (onProgress != null && (step % reportEvery == 0 || step == steps))
            {
                var progress = new TrainingProgress(step, steps, losses[^1], losses.Skip(lastReport).Average(), clock.Elapsed);
                Concurrently.OnCallingThread(() => onProgress(progress)); // inside Concurrently, on the thread that started it
                lastReport = step;
            }
        }
        return new TrainingHistory(losses, clock.Elapsed);
    }
}

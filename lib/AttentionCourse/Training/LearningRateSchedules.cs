namespace AttentionCourse.Training;

/// <summary>A learning rate as a function of the step number (1 for the first step).</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate to use for step <paramref name="step"/> (1-based).</summary>
    double LearningRateAt(int step);
}

/// <summary>The same learning rate at every step.</summary>
/// <param name="LearningRate">The rate.</param>
public sealed record ConstantSchedule(double LearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRateAt(int step) => LearningRate;
}

/// <summary>Multiplies the rate by <paramref name="Gamma"/> every <paramref name="StepSize"/> steps (PyTorch's <c>StepLR</c>).</summary>
/// <param name="InitialLearningRate">The rate for the first <paramref name="StepSize"/> steps.</param>
/// <param name="StepSize">Steps between decays.</param>
/// <param name="Gamma">Decay factor.</param>
public sealed record StepSchedule(double InitialLearningRate, int StepSize, double Gamma) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRateAt(int step) => InitialLearningRate * Tensors.PortableMath.PowInteger(Gamma, (Math.Max(step, 1) - 1) / StepSize);
}

/// <summary>
/// Linear warmup to <paramref name="PeakLearningRate"/> over <paramref name="WarmupSteps"/> steps, then decay
/// with the inverse square root of the step: <c>peak * min(step / warmup, sqrt(warmup / step))</c>. This is
/// the schedule of "Attention Is All You Need" (there the peak is <c>d_model^-0.5 warmup^-0.5</c>).
/// </summary>
/// <param name="PeakLearningRate">The rate reached at the end of warmup.</param>
/// <param name="WarmupSteps">Length of the warmup.</param>
public sealed record WarmupInverseSquareRootSchedule(double PeakLearningRate, int WarmupSteps) : ILearningRateSchedule
{
    /// <summary>The schedule of the Transformer paper: peak <c>d_model^-0.5 warmup^-0.5</c>.</summary>
    public static WarmupInverseSquareRootSchedule ForTransformer(int modelDimension, int warmupSteps) =>
        new(1 / Math.Sqrt(modelDimension) / Math.Sqrt(warmupSteps), warmupSteps);

    /// <inheritdoc />
    public double LearningRateAt(int step)
    {
        double s = Math.Max(step, 1);
        return PeakLearningRate * Math.Min(s / WarmupSteps, Math.Sqrt(WarmupSteps / s));
    }
}

using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// Dropout as a module: in training mode zeroes entries with probability <c>p</c> and rescales the rest
/// by <c>1 / (1 - p)</c>; in evaluation mode passes the input through.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Random random;

    /// <summary>Creates the module with drop probability <paramref name="probability"/> and its own seeded random source.</summary>
    public Dropout(double probability, Random random)
    {
        if (probability < 0 || probability >= 1)
            throw new ArgumentOutOfRangeException(nameof(probability), $"Dropout probability must be in [0, 1), got {probability}.");
        Probability = probability;
        this.random = random;
    }

    /// <summary>The drop probability.</summary>
    public double Probability { get; }

    /// <summary>The seeded source of drop decisions, for fused operations that drop inside themselves.</summary>
    internal Random Random => random;

    /// <summary>Applies dropout in training mode; identity in evaluation mode. Same shape.</summary>
    public Tensor Forward(Tensor input) => Training ? input.Dropout(Probability, random) : input;
}

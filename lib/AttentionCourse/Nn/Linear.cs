using AttentionCourse.Tensors;

namespace AttentionCourse.Nn;

/// <summary>
/// A fully connected layer, <c>y = x W^T + b</c>, with <c>W</c> stored <c>(out, in)</c> as in PyTorch.
/// Initialization (PyTorch's default): W and b uniform in <c>[-1/sqrt(in), 1/sqrt(in)]</c>.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer; parameters are named <c>weight</c> and <c>bias</c>.</summary>
    /// <param name="inFeatures">Size of each input row.</param>
    /// <param name="outFeatures">Size of each output row.</param>
    /// <param name="random">Source of the initial weights; seed it.</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs positive sizes, got in {inFeatures}, out {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1 / Math.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Init.Uniform(outFeatures, inFeatures, bound, random));
        Bias = bias ? RegisterParameter("bias", Init.Uniform(1, outFeatures, bound, random)) : null;
    }

    /// <summary>Input size.</summary>
    public int InFeatures { get; }

    /// <summary>Output size.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight, shape <c>(out, in)</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>Bias, shape <c>(1, out)</c>, or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Applies the layer to a batch of rows: <c>(n, in) -> (n, out)</c>.</summary>
    public Tensor Forward(Tensor input)
    {
        if (input.Columns != InFeatures)
            throw new ArgumentException($"Linear({InFeatures} -> {OutFeatures}): the input has shape {input.Shape}, but its rows must have {InFeatures} features.", nameof(input));
        var output = input.MatMulTransposed(Weight); // (n, out)
        return Bias is null ? output : output + Bias;
    }
}

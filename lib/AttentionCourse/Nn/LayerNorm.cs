using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Nn;

/// <summary>
/// Layer normalization over the last dimension (PyTorch's <c>nn.LayerNorm</c>): each row is shifted to
/// mean 0 and scaled to variance 1, then scaled by <c>weight</c> (init 1) and shifted by <c>bias</c> (init 0).
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly double epsilon;

    /// <summary>Creates a layer norm over rows of <paramref name="dimension"/> features.</summary>
    public LayerNorm(int dimension, double epsilon = 1e-5)
    {
        this.epsilon = epsilon;
        Weight = RegisterParameter("weight", Matrix<double>.Build.Dense(1, dimension, 1.0));
        Bias = RegisterParameter("bias", Matrix<double>.Build.Dense(1, dimension));
    }

    /// <summary>Scale, shape <c>(1, dimension)</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>Shift, shape <c>(1, dimension)</c>.</summary>
    public Tensor Bias { get; }

    /// <summary>Normalizes each row: <c>(n, dimension) -> (n, dimension)</c>.</summary>
    public Tensor Forward(Tensor input) => input.LayerNorm(Weight, Bias, epsilon);
}

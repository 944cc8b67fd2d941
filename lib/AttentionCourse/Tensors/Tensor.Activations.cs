using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>Elementwise hyperbolic tangent; same shape.</summary>
    public Tensor Tanh()
    {
        var a = this;
        var y = a.Value.Map(Math.Tanh);
        // d tanh(x) / dx = 1 - tanh(x)^2
        return FromOperation(y, g => a.AccumulateGrad(g.PointwiseMultiply(y.Map(t => 1 - t * t))), a);
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements: <c>(n, m) -> (1, 1)</c>.</summary>
    public Tensor Sum()
    {
        var a = this;
        var total = Build.Dense(1, 1, a.Value.Enumerate().Sum());
        // Every element contributes with derivative 1.
        return FromOperation(total, g => a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, g[0, 0])), a);
    }
}

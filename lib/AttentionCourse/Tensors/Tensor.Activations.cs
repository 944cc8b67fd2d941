using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>Elementwise hyperbolic tangent; same shape.</summary>
    public Tensor Tanh()
    {
        var y = MapSpan(Value, PortableMath.Tanh);
        // d tanh(x) / dx = 1 - tanh(x)^2
        return Elementwise(y, (_, t) => 1 - t * t);
    }

    /// <summary>Elementwise logistic sigmoid <c>1 / (1 + e^-x)</c>; same shape.</summary>
    public Tensor Sigmoid()
    {
        var y = MapSpan(Value, PortableMath.Sigmoid);
        // d sigmoid(x) / dx = sigmoid(x) (1 - sigmoid(x))
        return Elementwise(y, (_, s) => s * (1 - s));
    }

    /// <summary>Elementwise rectified linear unit <c>max(0, x)</c>; same shape.</summary>
    public Tensor Relu() => Elementwise(Map(Value, x => x > 0 ? x : 0.0), (x, _) => x > 0 ? 1.0 : 0.0);

    /// <summary>
    /// Elementwise Gaussian error linear unit, exact form <c>x Φ(x)</c> with Φ the standard normal
    /// distribution function (PyTorch's default <c>GELU</c>); same shape.
    /// </summary>
    public Tensor Gelu()
    {
        var y = Map(Value, x => x * NormalCdf(x));
        // d (x Φ(x)) / dx = Φ(x) + x φ(x)
        return Elementwise(y, (x, _) => NormalCdf(x) + x * PortableMath.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));
    }

    /// <summary>Elementwise <c>e^x</c>; same shape.</summary>
    public Tensor Exp()
    {
        var y = MapSpan(Value, PortableMath.Exp);
        return Elementwise(y, (_, e) => e);
    }

    /// <summary>Elementwise natural logarithm; same shape. Inputs must be positive.</summary>
    public Tensor Log() => Elementwise(Map(Value, PortableMath.Log), (x, _) => 1 / x);

    /// <summary>Elementwise square root; same shape. Inputs must be non-negative.</summary>
    public Tensor Sqrt()
    {
        var y = Map(Value, Math.Sqrt);
        return Elementwise(y, (_, r) => 0.5 / r);
    }

    /// <summary>Elementwise square <c>x^2</c>; same shape.</summary>
    public Tensor Square() => Elementwise(Map(Value, x => x * x), (x, _) => 2 * x);

    /// <summary>A vectorized span function applied to every element, as a new dense matrix.</summary>
    private static Matrix<double> MapSpan(Matrix<double> m, SpanFunction f)
    {
        var result = new double[m.RowCount * m.ColumnCount];
        f(Data(m), result);
        return Build.Dense(m.RowCount, m.ColumnCount, result);
    }

    private delegate void SpanFunction(ReadOnlySpan<double> source, Span<double> destination);

    /// <summary>f applied to every element, as a new dense matrix (a plain loop: no per-call parallelism).</summary>
    private static Matrix<double> Map(Matrix<double> m, Func<double, double> f)
    {
        var source = Data(m);
        var result = new double[source.Length];
        for (int i = 0; i < result.Length; i++) result[i] = f(source[i]);
        return Build.Dense(m.RowCount, m.ColumnCount, result);
    }

    // MathNet's erf is managed code but calls Math.Exp: GELU is the one activation whose last bits may differ
    // between operating systems (docs/determinism.md).
    private static double NormalCdf(double x) => 0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));

    /// <summary>
    /// An elementwise operation with output <paramref name="y"/> whose local derivative at each entry is
    /// <paramref name="derivative"/>(input, output).
    /// </summary>
    private Tensor Elementwise(Matrix<double> y, Func<double, double, double> derivative)
    {
        var a = this;
        return FromOperation(y, g =>
        {
            var x = Data(a.Value);
            var output = Data(y);
            var gradient = Data(g);
            var local = new double[x.Length];
            for (int i = 0; i < x.Length; i++) local[i] = gradient[i] * derivative(x[i], output[i]);
            a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, local), owned: true);
        }, a);
    }
}

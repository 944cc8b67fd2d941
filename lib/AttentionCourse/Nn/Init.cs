using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Nn;

/// <summary>Seeded initializers for parameters; the same <see cref="Random"/> seed gives the same numbers on every machine.</summary>
public static class Init
{
    /// <summary>A <c>(rows, columns)</c> matrix with entries uniform in <c>[-bound, bound)</c>.</summary>
    public static Matrix<double> Uniform(int rows, int columns, double bound, Random random) =>
        Matrix<double>.Build.Dense(rows, columns, (_, _) => (2 * random.NextDouble() - 1) * bound);

    /// <summary>A <c>(rows, columns)</c> matrix with normal entries of mean 0 and the given standard deviation.</summary>
    public static Matrix<double> Normal(int rows, int columns, double standardDeviation, Random random) =>
        Tensors.Tensor.Randn(rows, columns, random, standardDeviation).Value;
}

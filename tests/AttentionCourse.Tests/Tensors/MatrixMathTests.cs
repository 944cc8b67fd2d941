using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests.Tensors;

public class MatrixMathTests
{
    private static Matrix<double> Random(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextDouble() * 2 - 1);
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 7, 1, 5 }, { 3, 5, 4 }, { 40, 33, 50 }, { 64, 64, 64 }, { 1, 100, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_backend_computes_the_same_products(int n, int k, int m)
    {
        var a = Random(n, k, 1);
        var b = Random(k, m, 2);
        var bt = Random(m, k, 3);
        var at = Random(k, n, 4);
        var backends = OpenBlas.IsAvailable ? new[] { MatrixBackend.Managed, MatrixBackend.OpenBlas, MatrixBackend.Automatic } : [MatrixBackend.Managed, MatrixBackend.Automatic];
        foreach (var backend in backends)
        {
            Assert.True((MatrixMath.Multiply(a, b, backend) - a * b).InfinityNorm() < 1e-10, $"{backend} A B");
            Assert.True((MatrixMath.MultiplyTransposed(a, bt, backend) - a * bt.Transpose()).InfinityNorm() < 1e-10, $"{backend} A B^T");
            Assert.True((MatrixMath.TransposeAndMultiply(at, b, backend) - at.Transpose() * b).InfinityNorm() < 1e-10, $"{backend} A^T B");
        }
    }

    [SkippableFact]
    public void OpenBlas_is_used_when_installed_and_required_in_ci()
    {
        bool ci = Environment.GetEnvironmentVariable("CI") == "true";
        bool forcedManaged = string.Equals(Environment.GetEnvironmentVariable("ATTENTIONCOURSE_BLAS"), "managed", StringComparison.OrdinalIgnoreCase);
        Skip.If(!OpenBlas.IsAvailable && (!ci || forcedManaged), "OpenBLAS is not installed (apt-get install -y libopenblas0-pthread); the managed path is used.");
        Assert.True(OpenBlas.IsAvailable, "CI installs libopenblas0-pthread, so OpenBLAS must load.");
        Assert.NotNull(OpenBlas.LibraryName);
    }
}

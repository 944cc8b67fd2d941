using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace AttentionCourse.Tensors;

/// <summary>Which implementation computes a matrix product.</summary>
internal enum MatrixBackend
{
    /// <summary>OpenBLAS when installed and the product is large enough to repay the call, otherwise managed.</summary>
    Automatic,
    /// <summary>MathNet.Numerics' managed provider.</summary>
    Managed,
    /// <summary>OpenBLAS through P/Invoke (throws if it is not installed).</summary>
    OpenBlas,
}

/// <summary>
/// The dense matrix products every layer spends its time in, in one place so that a faster backend serves all of
/// them: OpenBLAS when it is installed (see docs/performance.md), MathNet's managed code otherwise.
/// </summary>
internal static class MatrixMath
{
    /// <summary>
    /// Below this many multiply-adds the managed code wins: pinning and the native call cost more than they save.
    /// Measured with the benchmarks in bench/ (docs/performance.md).
    /// </summary>
    internal const long NativeThreshold = 8 * 8 * 8;

    /// <summary>A B: <c>(n, k) x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic) =>
        UseNative(backend, a.RowCount, b.ColumnCount, a.ColumnCount)
            ? Native(false, false, a, b, a.RowCount, b.ColumnCount, a.ColumnCount)
            : a.Multiply(b);

    /// <summary>A B^T: <c>(n, k) x (m, k)^T -> (n, m)</c>.</summary>
    public static Matrix<double> MultiplyTransposed(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic) =>
        UseNative(backend, a.RowCount, b.RowCount, a.ColumnCount)
            ? Native(false, true, a, b, a.RowCount, b.RowCount, a.ColumnCount)
            : a.TransposeAndMultiply(b);

    /// <summary>A^T B: <c>(k, n)^T x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> TransposeAndMultiply(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic) =>
        UseNative(backend, a.ColumnCount, b.ColumnCount, a.RowCount)
            ? Native(true, false, a, b, a.ColumnCount, b.ColumnCount, a.RowCount)
            : a.TransposeThisAndMultiply(b);

    private static bool UseNative(MatrixBackend backend, int m, int n, int k) => backend switch
    {
        MatrixBackend.Managed => false,
        MatrixBackend.OpenBlas => true,
        _ => OpenBlas.IsAvailable && (long)m * n * k >= NativeThreshold,
    };

    private static Matrix<double> Native(bool transposeA, bool transposeB, Matrix<double> a, Matrix<double> b, int m, int n, int k)
    {
        var result = new DenseMatrix(m, n);
        if (m == 0 || n == 0) return result;
        if (k == 0) return result;
        OpenBlas.Gemm(transposeA, transposeB, m, n, k, Dense(a), Dense(b), result.Values);
        return result;
    }

    private static double[] Dense(Matrix<double> matrix) => (matrix as DenseMatrix ?? DenseMatrix.OfMatrix(matrix)).Values;
}

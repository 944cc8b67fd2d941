using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

/// <summary>
/// The dense matrix products every layer spends its time in, in one place so that a faster
/// backend can serve all of them.
/// </summary>
internal static class MatrixMath
{
    /// <summary>A B: <c>(n, k) x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b) => a.Multiply(b);

    /// <summary>A B^T: <c>(n, k) x (m, k)^T -> (n, m)</c>.</summary>
    public static Matrix<double> MultiplyTransposed(Matrix<double> a, Matrix<double> b) => a.TransposeAndMultiply(b);

    /// <summary>A^T B: <c>(k, n)^T x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> TransposeAndMultiply(Matrix<double> a, Matrix<double> b) => a.TransposeThisAndMultiply(b);
}

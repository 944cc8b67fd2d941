using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace AttentionCourse.Tensors;

/// <summary>Which implementation computes a matrix product.</summary>
internal enum MatrixBackend
{
    /// <summary>Whatever <see cref="MatrixBackendChoice"/> decided for this process.</summary>
    Automatic,
    /// <summary>The library's own vectorized product (<see cref="ManagedMatrixProduct"/>): bit-for-bit the same on every machine.</summary>
    Managed,
    /// <summary>OpenBLAS through P/Invoke (throws if it is not installed).</summary>
    OpenBlas,
    /// <summary>MathNet.Numerics' managed provider (only for benchmarks: about 2 GFLOP/s).</summary>
    MathNet,
}

/// <summary>
/// The dense matrix products every layer spends its time in, in one place so that one backend serves all of
/// them: the library's own managed product by default (reproducible, docs/determinism.md), OpenBLAS when a
/// student opts in with <c>ATTENTIONCOURSE_BLAS=openblas</c> (see <see cref="MatrixBackendChoice"/>).
/// </summary>
internal static class MatrixMath
{
    /// <summary>
    /// Below this many multiply-adds the managed code wins even when OpenBLAS is chosen: pinning and the native
    /// call cost more than they save. Measured with the benchmarks in bench/ (docs/performance.md).
    /// </summary>
    internal const long NativeThreshold = 8 * 8 * 8;

    /// <summary>A B: <c>(n, k) x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic)
    {
        RequireInner("A B", a.ColumnCount, b.RowCount, a, b);
        int m = a.RowCount, n = b.ColumnCount, k = a.ColumnCount;
        return Resolve(backend, m, n, k) switch
        {
            MatrixBackend.MathNet => a.Multiply(b),
            MatrixBackend.OpenBlas => Native(false, false, a, b, m, n, k),
            _ => Managed(Dense(a), 1, m, Dense(b), 1, k, m, n, k),
        };
    }

    /// <summary>A B^T: <c>(n, k) x (m, k)^T -> (n, m)</c>.</summary>
    public static Matrix<double> MultiplyTransposed(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic)
    {
        RequireInner("A B^T", a.ColumnCount, b.ColumnCount, a, b);
        int m = a.RowCount, n = b.RowCount, k = a.ColumnCount;
        return Resolve(backend, m, n, k) switch
        {
            MatrixBackend.MathNet => a.TransposeAndMultiply(b),
            MatrixBackend.OpenBlas => Native(false, true, a, b, m, n, k),
            _ => Managed(Dense(a), 1, m, Dense(b), n, 1, m, n, k),
        };
    }

    /// <summary>A^T B: <c>(k, n)^T x (k, m) -> (n, m)</c>.</summary>
    public static Matrix<double> TransposeAndMultiply(Matrix<double> a, Matrix<double> b, MatrixBackend backend = MatrixBackend.Automatic)
    {
        RequireInner("A^T B", a.RowCount, b.RowCount, a, b);
        int m = a.ColumnCount, n = b.ColumnCount, k = a.RowCount;
        return Resolve(backend, m, n, k) switch
        {
            MatrixBackend.MathNet => a.TransposeThisAndMultiply(b),
            MatrixBackend.OpenBlas => Native(true, false, a, b, m, n, k),
            _ => Managed(Dense(a), k, 1, Dense(b), 1, k, m, n, k),
        };
    }

    /// <summary>
    /// <c>C = op(A) op(B)</c> on plain column-major arrays, for an operation that multiplies many small blocks and
    /// reuses its buffers: <c>op(A)</c> is <c>(m, k)</c> (stored <c>(k, m)</c> when <paramref name="transposeA"/>),
    /// <c>op(B)</c> is <c>(k, n)</c> (stored <c>(n, k)</c> when <paramref name="transposeB"/>), C is <c>(m, n)</c>.
    /// The arrays may be longer than their matrices; the same arithmetic as the matrix overloads.
    /// </summary>
    internal static void Multiply(bool transposeA, bool transposeB, double[] a, double[] b, double[] c, int m, int n, int k)
    {
        if (Resolve(MatrixBackend.Automatic, m, n, k) == MatrixBackend.OpenBlas)
        {
            if (m > 0 && n > 0 && k > 0) OpenBlas.Gemm(transposeA, transposeB, m, n, k, a, b, c);
            else Array.Clear(c, 0, m * n);
            return;
        }
        ManagedMatrixProduct.Multiply(a, transposeA ? k : 1, transposeA ? 1 : m, b, transposeB ? n : 1, transposeB ? 1 : k, c, m, n, k);
    }

    /// <summary>
    /// <c>C = C + op(A) op(B)</c> on plain column-major arrays (shapes as in
    /// <see cref="Multiply(bool, bool, double[], double[], double[], int, int, int)"/>): the product is summed first and
    /// then added, the same bits as computing it apart and adding it, without the intermediate array when the managed
    /// product can add in place.
    /// </summary>
    internal static void MultiplyAdd(bool transposeA, bool transposeB, double[] a, double[] b, double[] c, int m, int n, int k)
    {
        if (Resolve(MatrixBackend.Automatic, m, n, k) == MatrixBackend.Managed && ManagedMatrixProduct.AddsInPlace(k))
        {
            ManagedMatrixProduct.Multiply(a, transposeA ? k : 1, transposeA ? 1 : m, b, transposeB ? n : 1, transposeB ? 1 : k, c, m, n, k, addToC: true);
            return;
        }
        var product = System.Buffers.ArrayPool<double>.Shared.Rent(m * n);
        Multiply(transposeA, transposeB, a, b, product, m, n, k);
        System.Numerics.Tensors.TensorPrimitives.Add(c.AsSpan(0, m * n), product.AsSpan(0, m * n), c.AsSpan(0, m * n));
        System.Buffers.ArrayPool<double>.Shared.Return(product);
    }

    private static MatrixBackend Resolve(MatrixBackend backend, int m, int n, int k) => backend switch
    {
        MatrixBackend.Automatic => MatrixBackendChoice.Current.Backend == MatrixBackend.OpenBlas && (long)m * n * k >= NativeThreshold
            ? MatrixBackend.OpenBlas
            : MatrixBackend.Managed,
        _ => backend,
    };

    private static void RequireInner(string product, int left, int right, Matrix<double> a, Matrix<double> b)
    {
        if (left != right)
            throw new ArgumentException($"Matrix product {product}: A is ({a.RowCount}, {a.ColumnCount}) and B is ({b.RowCount}, {b.ColumnCount}); the inner dimensions {left} and {right} differ.");
    }

    private static Matrix<double> Managed(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColumnStride, int m, int n, int k)
    {
        var result = new DenseMatrix(m, n);
        ManagedMatrixProduct.Multiply(a, aRowStride, aDepthStride, b, bDepthStride, bColumnStride, result.Values, m, n, k);
        return result;
    }

    private static Matrix<double> Native(bool transposeA, bool transposeB, Matrix<double> a, Matrix<double> b, int m, int n, int k)
    {
        var result = new DenseMatrix(m, n);
        if (m == 0 || n == 0 || k == 0) return result;
        OpenBlas.Gemm(transposeA, transposeB, m, n, k, Dense(a), Dense(b), result.Values);
        return result;
    }

    private static double[] Dense(Matrix<double> matrix) => (matrix as DenseMatrix ?? DenseMatrix.OfMatrix(matrix)).Values;
}

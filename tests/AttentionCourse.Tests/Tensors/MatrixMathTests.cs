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
        { 9, 257, 13 }, { 130, 300, 70 }, { 97, 513, 129 },
    };

    /// <summary>The definition the managed product promises: one fused multiply-add chain per entry, in depth order.</summary>
    private static Matrix<double> FmaChain(Func<int, int, double> a, Func<int, int, double> b, int n, int k, int m) =>
        Matrix<double>.Build.Dense(n, m, (i, j) =>
        {
            double sum = 0;
            for (int p = 0; p < k; p++) sum = Math.FusedMultiplyAdd(a(i, p), b(p, j), sum);
            return sum;
        });

    private static void AssertBitwiseEqual(Matrix<double> expected, Matrix<double> actual, string what)
    {
        Assert.Equal((expected.RowCount, expected.ColumnCount), (actual.RowCount, actual.ColumnCount));
        for (int i = 0; i < expected.RowCount; i++)
            for (int j = 0; j < expected.ColumnCount; j++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i, j]) == BitConverter.DoubleToInt64Bits(actual[i, j]),
                    $"{what}: entry ({i}, {j}) is {actual[i, j]:R}, the fused multiply-add chain gives {expected[i, j]:R}.");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Products_on_plain_arrays_give_the_same_bits_as_products_of_matrices(int n, int k, int m)
    {
        var a = Random(n, k, 1);
        var aTransposed = a.Transpose();
        var b = Random(k, m, 2);
        var bTransposed = b.Transpose();
        var expected = MatrixMath.Multiply(a, b);
        foreach (var (transposeA, transposeB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            var c = new double[n * m + 3]; // longer than the product, as a reused buffer may be
            MatrixMath.Multiply(transposeA, transposeB, (transposeA ? aTransposed : a).ToColumnMajorArray(),
                (transposeB ? bTransposed : b).ToColumnMajorArray(), c, n, m, k);
            AssertBitwiseEqual(expected, Matrix<double>.Build.Dense(n, m, c[..(n * m)]), $"transposeA {transposeA}, transposeB {transposeB}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Managed_products_are_exactly_one_fused_multiply_add_chain_per_entry(int n, int k, int m)
    {
        var a = Random(n, k, 1);
        var b = Random(k, m, 2);
        var bt = Random(m, k, 3);
        var at = Random(k, n, 4);
        AssertBitwiseEqual(FmaChain((i, p) => a[i, p], (p, j) => b[p, j], n, k, m), MatrixMath.Multiply(a, b, MatrixBackend.Managed), "A B");
        AssertBitwiseEqual(FmaChain((i, p) => a[i, p], (p, j) => bt[j, p], n, k, m), MatrixMath.MultiplyTransposed(a, bt, MatrixBackend.Managed), "A B^T");
        AssertBitwiseEqual(FmaChain((i, p) => at[p, i], (p, j) => b[p, j], n, k, m), MatrixMath.TransposeAndMultiply(at, b, MatrixBackend.Managed), "A^T B");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Adding_a_product_into_C_gives_the_bits_of_adding_the_product_computed_apart(int n, int k, int m)
    {
        var a = Random(n, k, 1);
        var b = Random(k, m, 2);
        var start = Random(n, m, 3);
        foreach (var (transposeA, transposeB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            var aData = (transposeA ? a.Transpose() : a).ToColumnMajorArray();
            var bData = (transposeB ? b.Transpose() : b).ToColumnMajorArray();
            var product = new double[n * m];
            MatrixMath.Multiply(transposeA, transposeB, aData, bData, product, n, m, k);
            var expected = start.ToColumnMajorArray();
            for (int i = 0; i < expected.Length; i++) expected[i] += product[i];
            var c = start.ToColumnMajorArray();
            MatrixMath.MultiplyAdd(transposeA, transposeB, aData, bData, c, n, m, k); // in place up to depth 256, apart beyond
            AssertBitwiseEqual(Matrix<double>.Build.Dense(n, m, expected), Matrix<double>.Build.Dense(n, m, c),
                $"C + A B, transposeA {transposeA}, transposeB {transposeB}");
        }
    }

    [Fact]
    public void The_managed_product_refuses_to_add_in_place_a_product_deeper_than_one_block()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ManagedMatrixProduct.Multiply(new double[257], 1, 1, new double[257], 1, 1, new double[1], 1, 1, 257, addToC: true));
        Assert.Contains("depth 257", error.Message);
    }

    [Fact]
    public void Managed_products_do_not_depend_on_the_number_of_threads()
    {
        var a = Random(330, 310, 5);
        var b = Random(310, 350, 6);
        Assert.True(330L * 310 * 350 >= ManagedMatrixProduct.ParallelThreshold); // large enough to be shared out
        int before = ManagedMatrixProduct.Threads;
        try
        {
            ManagedMatrixProduct.Threads = 1;
            var one = MatrixMath.Multiply(a, b, MatrixBackend.Managed);
            foreach (int threads in new[] { 2, 3, 7 })
            {
                ManagedMatrixProduct.Threads = threads;
                AssertBitwiseEqual(one, MatrixMath.Multiply(a, b, MatrixBackend.Managed), $"{threads} threads");
            }
        }
        finally
        {
            ManagedMatrixProduct.Threads = before;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_backend_computes_the_same_products(int n, int k, int m)
    {
        var a = Random(n, k, 1);
        var b = Random(k, m, 2);
        var bt = Random(m, k, 3);
        var at = Random(k, n, 4);
        var backends = OpenBlas.IsAvailable
            ? new[] { MatrixBackend.Managed, MatrixBackend.OpenBlas, MatrixBackend.Automatic }
            : [MatrixBackend.Managed, MatrixBackend.Automatic];
        foreach (var backend in backends)
        {
            Assert.True((MatrixMath.Multiply(a, b, backend) - a * b).InfinityNorm() < 1e-10, $"{backend} A B");
            Assert.True((MatrixMath.MultiplyTransposed(a, bt, backend) - a * bt.Transpose()).InfinityNorm() < 1e-10, $"{backend} A B^T");
            Assert.True((MatrixMath.TransposeAndMultiply(at, b, backend) - at.Transpose() * b).InfinityNorm() < 1e-10, $"{backend} A^T B");
        }
    }

    [Fact]
    public void Products_of_views_and_sparse_storage_use_their_values()
    {
        var a = Random(20, 30, 7);
        var view = a.SubMatrix(2, 10, 3, 12);
        var sparse = Matrix<double>.Build.SparseOfMatrix(Random(12, 9, 8));
        Assert.True((MatrixMath.Multiply(view, sparse) - view * sparse).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void A_product_with_mismatched_inner_dimensions_names_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixMath.Multiply(Random(2, 3, 1), Random(4, 5, 2)));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4, 5)", error.Message);
    }

    [Fact]
    public void Managed_products_are_the_default_even_when_OpenBlas_is_installed()
    {
        var choice = MatrixBackendChoice.Decide(null, openBlasLoaded: true, "Haswell", avx2: true, avx512: false);
        Assert.Equal(MatrixBackend.Managed, choice.Backend);
        Assert.Contains("openblas", choice.Reason);
    }

    [Fact]
    public void OpenBlas_is_used_when_asked_for_and_running_a_kernel_for_the_processor()
    {
        var choice = MatrixBackendChoice.Decide("openblas", openBlasLoaded: true, "SkylakeX", avx2: true, avx512: true);
        Assert.Equal(MatrixBackend.OpenBlas, choice.Backend);
    }

    [Fact]
    public void OpenBlas_running_a_generic_kernel_on_an_avx512_processor_is_not_used_and_the_reason_says_how_to_fix_it()
    {
        var choice = MatrixBackendChoice.Decide("openblas", openBlasLoaded: true, "Prescott", avx2: true, avx512: true);
        Assert.Equal(MatrixBackend.Managed, choice.Backend);
        Assert.Contains("Prescott", choice.Reason);
        Assert.Contains("OPENBLAS_CORETYPE=SkylakeX", choice.Reason);
    }

    [Fact]
    public void OpenBlas_force_uses_even_a_generic_kernel()
    {
        var choice = MatrixBackendChoice.Decide("openblas-force", openBlasLoaded: true, "Prescott", avx2: true, avx512: true);
        Assert.Equal(MatrixBackend.OpenBlas, choice.Backend);
        Assert.Contains("Prescott", choice.Reason);
    }

    [Fact]
    public void Asking_for_OpenBlas_without_it_installed_says_so_and_uses_the_managed_product()
    {
        var choice = MatrixBackendChoice.Decide("OpenBLAS", openBlasLoaded: false, null, avx2: true, avx512: false);
        Assert.Equal(MatrixBackend.Managed, choice.Backend);
        Assert.Contains("not installed", choice.Reason);
    }

    [Fact]
    public void An_unknown_backend_name_is_an_error_that_lists_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MatrixBackendChoice.Decide("mkl", true, "Haswell", true, false));
        Assert.Contains("managed", error.Message);
        Assert.Contains("openblas", error.Message);
    }

    [SkippableFact]
    public void OpenBlas_loads_when_installed_and_is_required_in_ci()
    {
        bool ci = Environment.GetEnvironmentVariable("CI") == "true";
        Skip.If(!OpenBlas.IsAvailable && !ci, "OpenBLAS is not installed (apt-get install -y libopenblas0-pthread); only the managed product is checked.");
        Assert.True(OpenBlas.IsAvailable, "CI installs libopenblas0-pthread, so OpenBLAS must load.");
        Assert.NotNull(OpenBlas.LibraryName);
        Assert.False(string.IsNullOrEmpty(OpenBlas.CoreName), "openblas_get_corename reports the kernel in use.");
    }
}

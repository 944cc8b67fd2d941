using System.Runtime.InteropServices;

namespace AttentionCourse.Tensors;

/// <summary>
/// Optional native matrix products from OpenBLAS (Debian package <c>libopenblas0-pthread</c>), called through
/// function pointers so that a machine without it simply keeps the managed path. It is loaded only when
/// <c>ATTENTIONCOURSE_BLAS=openblas</c> asks for it (see <see cref="MatrixBackendChoice"/>), or by the benchmarks.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int ColumnMajor = 102, NoTranspose = 111, Transpose = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> SgemmPointer;

    static OpenBlas()
    {
        foreach (var name in CandidateNames())
        {
            // Only OpenBLAS: the reference libblas.so.3 also exports cblas_dgemm but is slower than the managed code.
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out _)
                && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm)
                && NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm))
            {
                Dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
                SgemmPointer = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
                LibraryName = name;
                if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var corename))
                    CoreName = Marshal.PtrToStringAnsi(((delegate* unmanaged<IntPtr>)corename)());
                return;
            }
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Whether OpenBLAS was found and is used.</summary>
    public static bool IsAvailable => Dgemm != null;

    /// <summary>The library file that was loaded, if any.</summary>
    public static string? LibraryName { get; }

    /// <summary>The kernel OpenBLAS chose for this processor (<c>openblas_get_corename</c>, e.g. <c>Haswell</c>), if loaded.</summary>
    public static string? CoreName { get; }

    private static IEnumerable<string> CandidateNames()
    {
        yield return "libopenblas.so.0";
        yield return "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
        yield return "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0";
        yield return "libopenblas.so";
        yield return "libopenblas.dylib";
        yield return "libopenblas.dll";
        yield return "libblas.so.3"; // Debian's alternatives may point this at OpenBLAS
    }

    /// <summary>
    /// <c>C = op(A) op(B)</c> on column-major arrays, with <c>op(A)</c> of shape <c>(m, k)</c> and <c>op(B)</c> of
    /// shape <c>(k, n)</c>; <paramref name="transposeA"/>/<paramref name="transposeB"/> say the stored matrix is the transpose.
    /// </summary>
    public static void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double[] a, double[] b, double[] c)
    {
        if (Dgemm == null) throw new InvalidOperationException("OpenBLAS is not available on this machine.");
        fixed (double* pa = a, pb = b, pc = c)
            Dgemm(ColumnMajor, transposeA ? Transpose : NoTranspose, transposeB ? Transpose : NoTranspose, m, n, k,
                1.0, pa, transposeA ? k : m, pb, transposeB ? n : k, 0.0, pc, m);
    }

    /// <summary>Single-precision <c>C = A B</c> on square column-major arrays of size <paramref name="m"/> x <paramref name="k"/> and <paramref name="k"/> x <paramref name="n"/> (for the benchmark that compares float and double).</summary>
    public static void Sgemm(int m, int n, int k, float[] a, float[] b, float[] c)
    {
        if (SgemmPointer == null) throw new InvalidOperationException("OpenBLAS is not available on this machine.");
        fixed (float* pa = a, pb = b, pc = c)
            SgemmPointer(ColumnMajor, NoTranspose, NoTranspose, m, n, k, 1f, pa, m, pb, k, 0f, pc, m);
    }
}

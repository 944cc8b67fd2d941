using System.Runtime.Intrinsics.X86;

namespace AttentionCourse.Tensors;

/// <summary>
/// Which matrix-product backend this process uses, and why, decided once from the environment variable
/// <c>ATTENTIONCOURSE_BLAS</c> (<c>managed</c>, the default, or <c>openblas</c>) and from what OpenBLAS reports.
/// <c>openblas-force</c> uses OpenBLAS whatever kernel it runs: the tests use it to check that every lesson's
/// trained result also holds under OpenBLAS's generic kernel, the one old builds pick on new processors.
/// </summary>
/// <remarks>
/// The managed product is the default because it gives the same bits on every machine (docs/determinism.md).
/// OpenBLAS is an opt-in for speed. Old OpenBLAS builds (Debian 12 ships 0.3.21) do not recognise recent
/// processors and silently run a generic kernel several times slower than the right one; when that happens
/// the managed product is used instead and the reason says how to pick OpenBLAS's right kernel.
/// </remarks>
internal sealed record MatrixBackendChoice(MatrixBackend Backend, string Reason)
{
    /// <summary>The environment variable that chooses the backend.</summary>
    public const string Variable = "ATTENTIONCOURSE_BLAS";

    /// <summary>OpenBLAS kernels written for AVX2 or AVX-512 (anything else on such a processor is a fallback).</summary>
    private static readonly string[] VectorKernels = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids", "excavator"];

    /// <summary>The choice for this process.</summary>
    public static MatrixBackendChoice Current { get; } = Decide(
        Environment.GetEnvironmentVariable(Variable), OpenBlas.IsAvailable, OpenBlas.CoreName, Avx2.IsSupported, Avx512F.IsSupported);

    /// <summary>One line for people: the backend and the reason.</summary>
    public string Describe() => $"{(Backend == MatrixBackend.OpenBlas ? "OpenBLAS" : "managed")} matrix products: {Reason}";

    /// <summary>The decision, from what the environment says and what OpenBLAS reports (a pure function, for tests).</summary>
    internal static MatrixBackendChoice Decide(string? requested, bool openBlasLoaded, string? coreName, bool avx2, bool avx512)
    {
        const string reproducible = "the library's own, the same bits on every machine";
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("managed", StringComparison.OrdinalIgnoreCase))
            return new(MatrixBackend.Managed, openBlasLoaded
                ? $"{reproducible} (OpenBLAS is installed; {Variable}=openblas would use it, at the cost of bit-for-bit reproducibility)"
                : reproducible);
        bool force = requested.Equals("openblas-force", StringComparison.OrdinalIgnoreCase);
        if (!force && !requested.Equals("openblas", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{Variable}={requested} is not a backend; use 'managed' (the default), 'openblas' or 'openblas-force'.");
        if (!openBlasLoaded)
            return new(MatrixBackend.Managed, $"{Variable}=openblas but OpenBLAS is not installed (Debian: apt-get install libopenblas0-pthread); {reproducible}");
        string core = coreName ?? "unknown";
        if (avx2 && !force && !VectorKernels.Contains(core.ToLowerInvariant()))
        {
            string right = avx512 ? "SkylakeX" : "Haswell";
            return new(MatrixBackend.Managed,
                $"OpenBLAS runs its generic '{core}' kernel on this {(avx512 ? "AVX-512" : "AVX2")} processor (it does not recognise it), " +
                $"several times slower than its '{right}' kernel; set OPENBLAS_CORETYPE={right} to use OpenBLAS. Using the library's own instead");
        }
        return new(MatrixBackend.OpenBlas, $"{Variable}={requested.ToLowerInvariant()}, kernel '{core}' (results may differ from other machines in the last bits)");
    }
}

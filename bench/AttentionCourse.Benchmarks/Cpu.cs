namespace AttentionCourse.Benchmarks;

/// <summary>The processor's name, printed beside every figure (figures differ from processor to processor).</summary>
internal static class Cpu
{
    /// <summary>The model name from /proc/cpuinfo (or the architecture where there is none), with the vector extensions .NET uses.</summary>
    public static string Name { get; } = Read();

    private static string Read()
    {
        string model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        string vectors = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512"
            : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "no AVX2";
        return $"{model} ({vectors}, {Environment.ProcessorCount} cores)";
    }
}

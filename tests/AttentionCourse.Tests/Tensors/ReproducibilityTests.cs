using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AttentionCourse.Tests.Tensors;

/// <summary>
/// Same seed, same bits: a little training of everything the lessons train gives one fingerprint whatever vector
/// extensions the processor has and however many cores it uses, and that fingerprint is the one recorded here
/// (so a machine of another make or generation, CI's included, must reproduce it).
/// </summary>
public partial class ReproducibilityTests(ITestOutputHelper output)
{
    /// <summary>
    /// What tests/AttentionCourse.ReproducibilityProbe prints on any x86-64 or ARM64 machine. A change to the
    /// library's arithmetic (a new operation order, a different initializer) changes it on purpose: then run the
    /// probe, check that every configuration below agrees, and record the new value.
    /// </summary>
    private const string RecordedFingerprint = "C15CF8363D15CFE6B62296278D36988CCC8DDCA6CB54444D131A2A2FEAC6D353";

    /// <summary>Runtime settings that change how the JIT vectorizes and how many threads share a product.</summary>
    private static readonly (string Name, string Variable, string Value)[] Configurations =
    [
        ("this processor as it is", "", ""),
        ("no AVX2 (2-wide vectors, as on an old x86 or an ARM64 machine)", "DOTNET_EnableAVX2", "0"),
        ("no fused multiply-add instructions", "DOTNET_EnableFMA", "0"),
        ("one core", "DOTNET_PROCESSOR_COUNT", "1"),
    ];

    [Fact]
    public void Training_gives_the_same_bits_whatever_the_vector_width_or_the_number_of_cores()
    {
        var widths = new HashSet<string>();
        foreach (var (name, variable, value) in Configurations)
        {
            var (fingerprint, width) = RunProbe(variable, value);
            output.WriteLine($"{name,-66} vector width {width}  {fingerprint}");
            widths.Add(width);
            Assert.True(fingerprint == RecordedFingerprint,
                $"With {name} ({variable}={value}) training gave fingerprint {fingerprint}, not the recorded {RecordedFingerprint}.");
        }
        Assert.True(widths.Count >= 2 || !System.Numerics.Vector.IsHardwareAccelerated, "The configurations should have run with at least two vector widths.");
    }

    [SkippableFact]
    public void OpenBlas_changes_the_fingerprint_which_is_why_it_is_not_the_default()
    {
        Skip.IfNot(AttentionCourse.Tensors.OpenBlas.IsAvailable, "OpenBLAS is not installed (apt-get install -y libopenblas0-pthread).");
        var (fingerprint, _) = RunProbe("ATTENTIONCOURSE_BLAS", "openblas");
        output.WriteLine($"OpenBLAS ({AttentionCourse.Tensors.OpenBlas.CoreName}): {fingerprint}");
        Assert.NotEqual(RecordedFingerprint, fingerprint);
    }

    private static (string Fingerprint, string Width) RunProbe(string variable, string value)
    {
        string probe = Path.Combine(AppContext.BaseDirectory.Replace("AttentionCourse.Tests", "AttentionCourse.ReproducibilityProbe", StringComparison.Ordinal),
            "AttentionCourse.ReproducibilityProbe.dll");
        Assert.True(File.Exists(probe), $"The probe is not built at {probe}: build AttentionCourse.sln.");
        var start = new ProcessStartInfo("dotnet", [probe]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("ATTENTIONCOURSE_BLAS");
        if (variable != "") start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "The probe did not finish within 3 minutes.");
        string text = stdout.Result;
        Assert.True(process.ExitCode == 0, $"The probe failed ({variable}={value}): {text}{stderr.Result}");
        return (Fingerprint().Match(text).Groups[1].Value, Width().Match(text).Groups[1].Value);
    }

    [GeneratedRegex("fingerprint: ([0-9A-F]{64})")]
    private static partial Regex Fingerprint();

    [GeneratedRegex("vector width: (\\d+)")]
    private static partial Regex Width();
}

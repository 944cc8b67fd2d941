using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttentionCourse.Tool;

/// <summary>One lesson of a <c>course run</c>: outcome, time, peak memory and the captured values.</summary>
internal sealed record LessonSummary(
    string Lesson,
    bool Succeeded,
    double Seconds,
    double PeakMemoryMiB,
    string? Failure,
    IReadOnlyDictionary<string, string> Values);

/// <summary>
/// What <c>course run</c> writes to <c>run-summary.json</c> beside the executed notebooks, so that runs can be compared
/// (time and memory regressions, the same numbers on another machine or backend).
/// </summary>
internal sealed record RunSummary(string Machine, string MatrixProducts, DateTime FinishedUtc, IReadOnlyList<LessonSummary> Lessons)
{
    public const string FileName = "run-summary.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The processor model, cores and operating system, as figures must be read beside them.</summary>
    public static string ThisMachine()
    {
        string model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown processor"
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        return $"{model}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options));
    }

    public static RunSummary Read(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty.");
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>Writes what grading found: a table for the console, Gradescope's results.json, and the gradebook CSV.</summary>
public static class GradeReport
{
    /// <summary>The submission's table: exercise, points, max, message; then the problems met while running it.</summary>
    public static string Table(SubmissionResult result)
    {
        var text = new StringBuilder();
        int width = Math.Max(8, result.Exercises.Max(e => e.Exercise.Name.Length));
        text.AppendLine($"{result.Name}: {Points(result.Score)} / {Points(result.MaxScore)} ({result.Duration.TotalSeconds:F1} s)");
        text.AppendLine($"  {"exercise".PadRight(width)}  {"points",6}  {"max",5}  message");
        foreach (var e in result.Exercises)
            text.AppendLine($"  {e.Exercise.Name.PadRight(width)}  {Points(e.Score),6}  {Points(e.Exercise.Points),5}  {OneLine(e.Message)}");
        foreach (var problem in result.Problems) text.AppendLine($"  ! {OneLine(problem)}");
        return text.ToString();
    }

    /// <summary>Gradescope's results.json (score, tests with name, number, score, max_score, output, visibility).</summary>
    public static void WriteResultsJson(SubmissionResult result, string path)
    {
        var tests = new JsonArray();
        foreach (var e in result.Exercises)
            tests.Add(new JsonObject
            {
                ["name"] = e.Exercise.Name,
                ["number"] = e.Exercise.Id,
                ["score"] = e.Score,
                ["max_score"] = e.Exercise.Points,
                ["status"] = e.Score >= e.Exercise.Points ? "passed" : "failed",
                ["output"] = e.Message,
                ["visibility"] = "visible",
            });
        var root = new JsonObject
        {
            ["score"] = result.Score,
            ["execution_time"] = Math.Round(result.Duration.TotalSeconds, 1),
            ["output"] = result.Problems.Count == 0 ? "Every notebook ran to the end." : "While running your notebooks:\n" + string.Join("\n", result.Problems),
            ["visibility"] = "visible",
            ["tests"] = tests,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>The score of each exercise (by id) in a results.json written by <see cref="WriteResultsJson"/>.</summary>
    public static IReadOnlyDictionary<string, double> ReadScores(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        return root["tests"]!.AsArray().ToDictionary(t => t!["number"]!.GetValue<string>(), t => t!["score"]!.GetValue<double>());
    }

    /// <summary>The gradebook: one row per student, one column per exercise, then the total.</summary>
    public static void WriteGradebook(GradingManifest manifest, IEnumerable<(string Student, IReadOnlyDictionary<string, double> Scores)> rows, string path)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', ["student", .. manifest.Exercises.Select(e => e.Id), "total", "max"]));
        foreach (var (student, scores) in rows.OrderBy(r => r.Student, StringComparer.Ordinal))
        {
            var points = manifest.Exercises.Select(e => scores.GetValueOrDefault(e.Id)).ToList();
            text.AppendLine(string.Join(',', [Csv(student), .. points.Select(Points), Points(points.Sum()), Points(manifest.MaxScore)]));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    private static string Points(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Length > 160 ? text.ReplaceLineEndings(" ")[..157] + "..." : text.ReplaceLineEndings(" ");

    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

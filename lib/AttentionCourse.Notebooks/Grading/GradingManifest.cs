using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>One graded exercise: which lesson, its number there, what it is worth and the hidden check that grades it.</summary>
/// <param name="Lesson">The lesson's notebook name without extension, e.g. <c>03-types-of-attention</c>.</param>
/// <param name="Exercise">The exercise's number in the lesson (as its heading and check cell say).</param>
/// <param name="Title">A few words saying what the exercise is.</param>
/// <param name="Points">What a correct answer earns.</param>
/// <param name="Check">The hidden check: a C# file, relative to the manifest, run in the student's kernel after the notebook.</param>
public sealed record GradedExercise(string Lesson, int Exercise, string Title, double Points, string Check)
{
    /// <summary>A short, stable identifier: <c>03.1</c> (gradebook column, Gradescope test number).</summary>
    [JsonIgnore]
    public string Id => $"{LessonNumber}.{Exercise}";

    /// <summary>The lesson's number as written in its file name ("03").</summary>
    [JsonIgnore]
    public string LessonNumber => new(Lesson.TakeWhile(char.IsDigit).ToArray());

    /// <summary>"Lesson 3, exercise 1: scaled dot-product scores".</summary>
    [JsonIgnore]
    public string Name => $"{StudentEdition.LessonName(Lesson)}, exercise {Exercise}: {Title}";
}

/// <summary>
/// <c>grading/manifest.json</c>: every graded exercise with its points and hidden check, and the limits a submission
/// runs under. A new lesson adds its exercises by adding entries and check files; nothing else changes.
/// </summary>
public sealed record GradingManifest
{
    /// <summary>The exercises in gradebook order.</summary>
    public required IReadOnlyList<GradedExercise> Exercises { get; init; }

    /// <summary>Code run before the checks of every lesson (the namespaces checks use), relative to the manifest.</summary>
    public string? Prelude { get; init; }

    /// <summary>The longest one notebook's cells may run, in seconds.</summary>
    public double NotebookTimeLimitSeconds { get; init; } = 300;

    /// <summary>The longest one hidden check may run, in seconds.</summary>
    public double CheckTimeLimitSeconds { get; init; } = 30;

    /// <summary>The managed heap a submission's process may use, in megabytes; the process is also stopped when its
    /// memory passes this by a further gigabyte (native memory).</summary>
    public int MemoryLimitMegabytes { get; init; } = 2048;

    /// <summary>The folder holding the manifest (check paths are relative to it).</summary>
    [JsonIgnore]
    public string Folder { get; private init; } = ".";

    /// <summary>The lessons that have graded exercises, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Lessons => Exercises.Select(e => e.Lesson).Distinct().ToList();

    /// <summary>The total of all points.</summary>
    [JsonIgnore]
    public double MaxScore => Exercises.Sum(e => e.Points);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads and checks a manifest: every check file exists, no exercise twice, points positive.</summary>
    /// <exception cref="InvalidDataException">The manifest is malformed; the message says what to fix.</exception>
    public static GradingManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Grading manifest not found: {path}", path);
        GradingManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<GradingManifest>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid grading manifest: {e.Message}", e);
        }
        manifest = manifest with { Folder = Path.GetDirectoryName(Path.GetFullPath(path))! };
        var problems = new List<string>();
        foreach (var duplicate in manifest.Exercises.GroupBy(e => e.Id).Where(g => g.Count() > 1))
            problems.Add($"exercise {duplicate.Key} appears {duplicate.Count()} times");
        foreach (var exercise in manifest.Exercises)
        {
            if (exercise.Points <= 0) problems.Add($"exercise {exercise.Id} has {exercise.Points} points; give it more than 0");
            if (exercise.LessonNumber.Length == 0) problems.Add($"lesson '{exercise.Lesson}' does not start with its number");
            if (!File.Exists(manifest.PathOf(exercise.Check))) problems.Add($"exercise {exercise.Id}: check file {exercise.Check} not found");
        }
        if (manifest.Prelude != null && !File.Exists(manifest.PathOf(manifest.Prelude))) problems.Add($"prelude {manifest.Prelude} not found");
        if (problems.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", problems)}.");
        return manifest;
    }

    /// <summary>A path named in the manifest, made absolute.</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Folder, relative));
}

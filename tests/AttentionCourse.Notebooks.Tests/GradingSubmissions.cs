using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Grading;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>Builds submissions for the grading tests from the lessons, and runs <c>course grade</c> on them.</summary>
internal static class GradingSubmissions
{
    public static string[] Lessons { get; } =
        Directory.GetFiles(TestPaths.Notebooks, "*.ipynb").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    public static Notebook Lesson(string lesson) => Notebook.Load(Path.Combine(TestPaths.Notebooks, lesson + ".ipynb"));

    /// <summary>
    /// Only the setup cell and the exercise cells: what the hidden checks call, without the training cells (lessons 1,
    /// 2, 4, 6, 7 and 8 train for tens of seconds; the checks never use what they train). The using directives of the
    /// cells left out move to the setup cell, since an exercise may use a namespace that an earlier cell opened.
    /// </summary>
    public static Notebook ExercisesOnly(Notebook notebook)
    {
        var exerciseCells = StudentEdition.Exercises(notebook).Select(e => e.Cell).ToHashSet();
        var cells = notebook.CodeCells.ToList();
        var usings = cells.Skip(1).Where(c => !exerciseCells.Contains(c))
            .SelectMany(c => c.Source.Split('\n')).Where(l => l.StartsWith("using ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';') && !l.Contains('(')) // directives, not using (...) statements
            .Distinct().ToList();
        var setup = cells[0].Json.DeepClone().AsObject();
        if (usings.Count > 0) setup["source"] = NotebookCell.SplitLines(cells[0].Source + "\n" + string.Join('\n', usings));
        var kept = cells.Where(exerciseCells.Contains).Select(c => c.Json.DeepClone()).Prepend(setup).ToArray();
        var root = notebook.Root.DeepClone().AsObject();
        root["cells"] = new JsonArray(kept);
        return Notebook.Parse(root.ToJsonString(), notebook.Path);
    }

    /// <summary>The notebook with exercise <paramref name="exercise"/>'s solution region replaced by <paramref name="body"/>.</summary>
    public static Notebook WithSolution(Notebook notebook, int exercise, string body)
    {
        var copy = notebook.Clone();
        var cell = StudentEdition.Exercises(copy).Single(e => e.Exercise == exercise).Cell;
        var lines = cell.Source.Split('\n').ToList();
        int begin = lines.FindIndex(l => l.Trim() == StudentEdition.BeginMarker);
        int end = lines.FindIndex(l => l.Trim() == StudentEdition.EndMarker);
        lines.RemoveRange(begin + 1, end - begin - 1);
        lines.InsertRange(begin + 1, body.Split('\n'));
        cell.Source = string.Join('\n', lines);
        return copy;
    }

    /// <summary>The notebook with a new code cell holding <paramref name="source"/> after code cell <paramref name="afterCodeCell"/>.</summary>
    public static Notebook WithCell(Notebook notebook, int afterCodeCell, string source)
    {
        var copy = notebook.Clone();
        var after = copy.CodeCells.ElementAt(afterCodeCell - 1);
        var cell = after.Json.DeepClone().AsObject();
        cell["id"] = Guid.NewGuid().ToString("N")[..8];
        cell["source"] = NotebookCell.SplitLines(source);
        copy.Root["cells"]!.AsArray().Insert(after.Index + 1, cell);
        return Notebook.Parse(copy.Root.ToJsonString(), notebook.Path);
    }

    /// <summary>Writes notebooks (named by lesson) into a new folder named <paramref name="name"/>.</summary>
    public static string Folder(string parent, string name, params (string Lesson, Notebook Notebook)[] notebooks)
    {
        string folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        foreach (var (lesson, notebook) in notebooks) notebook.Save(Path.Combine(folder, lesson + ".ipynb"));
        return folder;
    }

    /// <summary>A copy of grading/ with shorter limits, so that tests of hangs do not wait five minutes.</summary>
    public static string Manifest(double notebookSeconds, double checkSeconds, int memoryMegabytes = 2048)
    {
        string folder = Path.Combine(TestPaths.TemporaryFolder("manifest"), "grading");
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "grading"), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(folder, Path.GetRelativePath(Path.Combine(TestPaths.RepositoryRoot, "grading"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string manifest = Path.Combine(folder, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["notebookTimeLimitSeconds"] = notebookSeconds;
        json["checkTimeLimitSeconds"] = checkSeconds;
        json["memoryLimitMegabytes"] = memoryMegabytes;
        File.WriteAllText(manifest, json.ToJsonString());
        return manifest;
    }

    /// <summary>Runs <c>course grade</c> in-process (its submissions run in child processes) from the repository root.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> Grade(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CourseCommand.RunAsync(["grade", "--no-build", .. arguments], TestPaths.RepositoryRoot, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The score of every exercise (by id, e.g. "03.1") in a submission's results.json.</summary>
    public static IReadOnlyDictionary<string, double> Scores(string output, string submission) =>
        GradeReport.ReadScores(Path.Combine(output, submission, "results.json"));

    /// <summary>What the check said about each exercise in a submission's results.json.</summary>
    public static IReadOnlyDictionary<string, string> Messages(string output, string submission) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, submission, "results.json")))!["tests"]!.AsArray()
            .ToDictionary(t => t!["number"]!.GetValue<string>(), t => t!["output"]!.GetValue<string>());

    /// <summary>The manifest's points per exercise id.</summary>
    public static IReadOnlyDictionary<string, double> MaxPoints { get; } =
        GradingManifest.Load(Path.Combine(TestPaths.RepositoryRoot, "grading", "manifest.json")).Exercises.ToDictionary(e => e.Id, e => e.Points);

    /// <summary>A hash of every file under <paramref name="folder"/>, to show nothing there changed.</summary>
    public static string Snapshot(string folder) => SubmissionGrader.Fingerprint(folder);
}

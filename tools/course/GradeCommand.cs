using System.Diagnostics;
using AttentionCourse.Notebooks.Grading;

namespace AttentionCourse.Tool;

/// <summary><c>course grade &lt;submission&gt;...</c>: grades submissions with the hidden checks; writes results.json and the gradebook.</summary>
internal static class GradeCommand
{
    public const string Usage = """
        course grade <submission> [<submission> ...] [--output <folder>] [--jobs <n>] [--regrade] [--manifest <file>] [--no-build]

          A submission is a folder of notebooks or a .zip of them, named for the student. Each is graded in its own
          process, on a copy, under the time and memory limits of grading/manifest.json: its notebooks run (past
          failing cells), then the hidden checks. Prints a table per submission and writes
          <folder>/<submission>/results.json (Gradescope's format) and <folder>/gradebook.csv
          (default folder: artifacts/grades). --jobs grades several at once; a submission already graded and
          unchanged is skipped unless --regrade.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        string output = Path.Combine(layout.Artifacts, "grades");
        string manifestPath = Path.Combine(layout.Root, "grading", "manifest.json");
        int jobs = 1;
        bool regrade = false, build = true;
        var submissions = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--output": output = Path.GetFullPath(Options.Value(arguments, ref i, Usage)); break;
                case "--manifest": manifestPath = Path.GetFullPath(Options.Value(arguments, ref i, Usage)); break;
                case "--jobs":
                    if (!int.TryParse(Options.Value(arguments, ref i, Usage), out jobs) || jobs < 1)
                        throw new CommandLineException($"--jobs needs a whole number of at least 1.\n\n{Usage}");
                    break;
                case "--regrade": regrade = true; break;
                case "--no-build": build = false; break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new CommandLineException($"Unknown option {flag}.\n\n{Usage}");
                default: submissions.Add(Path.GetFullPath(arguments[i])); break;
            }
        }
        if (submissions.Count == 0) throw new CommandLineException($"Name at least one submission.\n\n{Usage}");
        foreach (var missing in submissions.Where(s => !File.Exists(s) && !Directory.Exists(s)))
            throw new CommandLineException($"Submission not found: {missing}");
        foreach (var twice in submissions.GroupBy(SubmissionGrader.NameOf).Where(g => g.Count() > 1))
            throw new CommandLineException($"Two submissions are named {twice.Key}: {string.Join(", ", twice)}. Each needs its own name.");

        var manifest = GradingManifest.Load(manifestPath);
        if (build) RunCommand.EnsureLibraryBuilt(layout, console);
        var grader = new SubmissionGrader(manifest, Path.GetDirectoryName(layout.LibraryAssembly)!, Path.Combine(layout.Root, "data"), ChildCommand);

        // Decided before any student code runs, so no submission can mark another as graded.
        var toGrade = submissions.Where(s => regrade || !AlreadyGraded(s, output)).ToList();
        foreach (var skipped in submissions.Except(toGrade))
            console.WriteLine($"{SubmissionGrader.NameOf(skipped)}: already graded and unchanged, skipped (--regrade grades it again).");

        string work = Directory.CreateTempSubdirectory("course-grade-").FullName;
        var results = new List<(SubmissionResult Result, string Fingerprint)>();
        int finished = 0;
        using var slots = new SemaphoreSlim(jobs);
        await Task.WhenAll(toGrade.Select(async submission =>
        {
            await slots.WaitAsync();
            try
            {
                string fingerprint = SubmissionGrader.Fingerprint(submission);
                var result = await grader.GradeAsync(submission, work);
                Write(result, fingerprint, output);
                lock (results)
                {
                    results.Add((result, fingerprint));
                    finished++;
                    console.WriteLine($"[{finished}/{toGrade.Count}] " + GradeReport.Table(result));
                }
            }
            finally
            {
                slots.Release();
            }
        }));
        try { Directory.Delete(work, recursive: true); }
        catch (IOException) { }

        // Written again at the end: a submission's code may have written over another's files while it ran.
        foreach (var (result, fingerprint) in results) Write(result, fingerprint, output);
        var rows = Directory.GetDirectories(output)
            .Where(folder => File.Exists(Path.Combine(folder, "results.json")))
            .Select(folder => (Path.GetFileName(folder), Scores(folder, results)));
        string gradebook = Path.Combine(output, "gradebook.csv");
        GradeReport.WriteGradebook(manifest, rows, gradebook);
        console.WriteLine($"Graded {results.Count} of {submissions.Count} submissions. Results: {output}/<submission>/results.json; gradebook: {gradebook}");
        return 0;
    }

    private static IReadOnlyDictionary<string, double> Scores(string folder, List<(SubmissionResult Result, string Fingerprint)> results)
    {
        var graded = results.FirstOrDefault(r => r.Result.Name == Path.GetFileName(folder)).Result;
        return graded is null
            ? GradeReport.ReadScores(Path.Combine(folder, "results.json"))
            : graded.Exercises.ToDictionary(e => e.Exercise.Id, e => e.Score);
    }

    private static void Write(SubmissionResult result, string fingerprint, string output)
    {
        string folder = Path.Combine(output, result.Name);
        GradeReport.WriteResultsJson(result, Path.Combine(folder, "results.json"));
        File.WriteAllText(Path.Combine(folder, "submission.sha256"), fingerprint);
    }

    private static bool AlreadyGraded(string submission, string output)
    {
        string folder = Path.Combine(output, SubmissionGrader.NameOf(submission));
        string recorded = Path.Combine(folder, "submission.sha256");
        return File.Exists(Path.Combine(folder, "results.json")) && File.Exists(recorded)
            && File.ReadAllText(recorded).Trim() == SubmissionGrader.Fingerprint(submission);
    }

    /// <summary>Starts <c>course grade-one</c> with the same .NET host and the same build of this tool.</summary>
    private static ProcessStartInfo ChildCommand(string plan)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(typeof(GradeCommand).Assembly.Location);
        start.ArgumentList.Add("grade-one");
        start.ArgumentList.Add(plan);
        return start;
    }
}

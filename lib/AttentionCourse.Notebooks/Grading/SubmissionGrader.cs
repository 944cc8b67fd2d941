using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>The grade of one exercise.</summary>
/// <param name="Exercise">The exercise.</param>
/// <param name="Score">Points earned.</param>
/// <param name="Message">What the check said ("correct", or what is wrong).</param>
public sealed record ExerciseResult(GradedExercise Exercise, double Score, string Message);

/// <summary>The grade of one submission.</summary>
/// <param name="Name">The submission's name (its folder or zip name).</param>
/// <param name="Exercises">Every exercise of the manifest, in its order.</param>
/// <param name="Problems">What went wrong while running the notebooks (failing cells, hangs, crashes).</param>
/// <param name="Duration">Wall-clock time spent grading.</param>
public sealed record SubmissionResult(string Name, IReadOnlyList<ExerciseResult> Exercises, IReadOnlyList<string> Problems, TimeSpan Duration)
{
    /// <summary>Points earned.</summary>
    public double Score => Exercises.Sum(e => e.Score);

    /// <summary>Points available.</summary>
    public double MaxScore => Exercises.Sum(e => e.Exercise.Points);
}

/// <summary>
/// Grades one submission (a folder of notebooks or a zip): copies its notebooks next to a copy of the library build,
/// runs them with the hidden checks in a child process (<see cref="GradingChild"/>) under time and memory limits,
/// and computes the scores from the events the child reports behind a per-run secret. When the child hangs or dies,
/// the cell or check it was in is left out and the child starts again, so a broken cell costs only what depends on it.
/// </summary>
/// <param name="manifest">The exercises, checks and limits.</param>
/// <param name="libraryBuild">The folder of the library build the notebooks <c>#r</c> (lib/AttentionCourse/bin/Debug/net10.0).</param>
/// <param name="dataFolder">The course's data/ folder, copied beside the notebooks when it exists, or null.</param>
/// <param name="childCommand">How to start <c>course grade-one &lt;plan&gt;</c> for a plan file.</param>
public sealed class SubmissionGrader(GradingManifest manifest, string libraryBuild, string? dataFolder, Func<string, ProcessStartInfo> childCommand)
{
    /// <summary>The most printed characters a cell keeps while grading.</summary>
    public int MaxOutputCharacters { get; init; } = 100_000;

    /// <summary>The most times a submission's process is started (each restart leaves out one more cell or check).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The name a submission is graded and reported under: its folder's or zip's name.</summary>
    public static string NameOf(string submission)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(submission)));
        return name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    /// <summary>A hash of the submission's content, to tell whether it changed since it was graded.</summary>
    public static string Fingerprint(string submission)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (File.Exists(submission)) hash.AppendData(File.ReadAllBytes(submission));
        else
            foreach (var file in Directory.GetFiles(submission, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(submission, file) + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Grades <paramref name="submission"/>, working in a fresh folder under <paramref name="workRoot"/> that is deleted afterwards.</summary>
    public async Task<SubmissionResult> GradeAsync(string submission, string workRoot, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        string name = NameOf(submission);
        string work = Path.Combine(workRoot, $"{name}-{Guid.NewGuid():N}");
        try
        {
            // A fresh copy for every start of the child: an earlier start may have deleted or changed its files.
            var run = new Attempts(manifest, PrepareCopy(submission, Path.Combine(work, "run-1")).Keys.ToHashSet());
            for (int attempt = 1; attempt <= MaxAttempts && !run.AllDone && !cancellation.IsCancellationRequested; attempt++)
            {
                var copies = attempt == 1 ? Copies(Path.Combine(work, "run-1")) : PrepareCopy(submission, Path.Combine(work, $"run-{attempt}"));
                await RunChildAsync(run, copies, Path.Combine(work, $"run-{attempt}", "grader"), cancellation);
            }
            return new SubmissionResult(name, run.Results(), run.Problems, clock.Elapsed);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Lays out <c>work/course/notebooks/*.ipynb</c> (copies of the submission's lesson notebooks) beside
    /// <c>work/course/lib/...</c> (a copy of the library build), so the notebooks' relative <c>#r</c> resolves and
    /// nothing the notebooks do touches the student's files or the instructor's.
    /// </summary>
    private Dictionary<string, string> PrepareCopy(string submission, string work)
    {
        Directory.CreateDirectory(work);
        string source = submission;
        if (File.Exists(submission))
        {
            source = Path.Combine(work, "upload");
            ZipFile.ExtractToDirectory(submission, source);
        }
        else if (!Directory.Exists(submission))
            throw new FileNotFoundException($"Submission not found: {submission} (give a folder of notebooks or a .zip).", submission);

        string course = Path.Combine(work, "course");
        CopyFolder(libraryBuild, Path.Combine(course, "lib", "AttentionCourse", "bin", "Debug", "net10.0"));
        if (dataFolder != null && Directory.Exists(dataFolder)) CopyFolder(dataFolder, Path.Combine(course, "data"));
        Directory.CreateDirectory(Path.Combine(work, "grader"));

        var notebooks = Directory.GetFiles(source, "*.ipynb", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".ipynb_checkpoints", StringComparison.Ordinal)).ToList();
        foreach (var lesson in manifest.Lessons)
        {
            string number = new(lesson.TakeWhile(char.IsDigit).ToArray());
            string? found = notebooks.FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), lesson, StringComparison.OrdinalIgnoreCase))
                ?? notebooks.Where(f => Path.GetFileName(f).StartsWith(number, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (found is null) continue;
            string copy = Path.Combine(course, "notebooks", lesson + ".ipynb");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(found, copy);
        }
        return Copies(work);
    }

    /// <summary>The lesson notebooks laid out by <see cref="PrepareCopy"/> in <paramref name="work"/>, by lesson.</summary>
    private Dictionary<string, string> Copies(string work) =>
        manifest.Lessons.Select(lesson => (lesson, Path.Combine(work, "course", "notebooks", lesson + ".ipynb")))
            .Where(c => File.Exists(c.Item2)).ToDictionary(c => c.lesson, c => c.Item2);

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>One start of the child: writes the plan of what is left, feeds it the secret, follows its events, and
    /// stops it when it overruns its time or memory.</summary>
    private async Task RunChildAsync(Attempts run, IReadOnlyDictionary<string, string> copies, string graderFolder, CancellationToken cancellation)
    {
        string plan = Path.Combine(graderFolder, $"plan-{Guid.NewGuid():N}.json");
        run.Plan(copies, MaxOutputCharacters).Save(plan);
        string secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

        var start = childCommand(plan);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = graderFolder;
        // The managed heap stops at the limit (an OutOfMemoryException in the cell that asked for too much).
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)manifest.MemoryLimitMegabytes * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(secret);
        process.StandardInput.Close();

        var stderrStart = new FirstLines(20);
        var errors = PumpAsync(process.StandardError, line => stderrStart.Add(line));
        var events = PumpAsync(process.StandardOutput, line =>
        {
            if (GradingEvent.Parse(line, secret) is GradingEvent e) run.Apply(e);
        });

        string? killed = null;
        long memoryLimit = ((long)manifest.MemoryLimitMegabytes + 1024) * 1024 * 1024;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(250, CancellationToken.None));
            if (exited.IsCompleted) break;
            if (cancellation.IsCancellationRequested) killed = "grading was cancelled";
            else if (WorkingSet(process) > memoryLimit) killed = $"it used more than {memoryLimit / (1024 * 1024):N0} MB of memory";
            else if (run.CurrentElapsed > Budget(run.CurrentChecks)) killed = $"it ran past the time limit ({Budget(run.CurrentChecks).TotalSeconds:F0} s)";
            if (killed is null) continue;
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            break;
        }
        await exited;
        await Task.WhenAll(events, errors);
        if (!run.AllDone) run.Stopped(killed ?? Describe(process.ExitCode, stderrStart.Text));
    }

    /// <summary>The process's resident memory, or 0 once it has exited.</summary>
    private static long WorkingSet(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private TimeSpan Budget(int checks) =>
        TimeSpan.FromSeconds(manifest.NotebookTimeLimitSeconds + checks * manifest.CheckTimeLimitSeconds + 60);

    private static string Describe(int exitCode, string stderr)
    {
        string said = stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal)) ?? "";
        return exitCode == GradingChild.TimedOut ? "it ran out of time or memory"
            : $"it ended the process (exit code {exitCode}{(said.Length > 0 ? ": " + said : "")})";
    }

    /// <summary>Reads lines without ever holding more than a bounded amount of a student's output in memory.</summary>
    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        const int maxLine = 1 << 20;
        var buffer = new char[8192];
        var line = new System.Text.StringBuilder();
        bool overlong = false;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            for (int i = 0; i < read; i++)
            {
                char c = buffer[i];
                if (c == '\n')
                {
                    if (!overlong) onLine(line.ToString());
                    line.Clear();
                    overlong = false;
                }
                else if (!overlong && line.Length < maxLine) line.Append(c);
                else
                {
                    overlong = true;
                    line.Clear();
                }
            }
        if (line.Length > 0 && !overlong) onLine(line.ToString());
    }

    /// <summary>The first lines a process wrote to its error stream (where the runtime says why it died).</summary>
    private sealed class FirstLines(int count)
    {
        private readonly List<string> lines = [];
        public void Add(string line)
        {
            lock (lines)
                if (lines.Count < count) lines.Add(line.Length > 300 ? line[..300] : line);
        }
        public string Text { get { lock (lines) return string.Join('\n', lines); } }
    }
}

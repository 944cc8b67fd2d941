using System.Diagnostics;
using AttentionCourse.Notebooks;

namespace AttentionCourse.Tool;

/// <summary><c>course run [notebooks...]</c>: executes notebooks headlessly and writes them with outputs, plus HTML.</summary>
internal static class RunCommand
{
    public const string Usage = """
        course run [notebook ...] [--output <folder>] [--timeout <minutes>] [--values <name,...>] [--no-build]

          Executes each notebook top to bottom (all of notebooks/*.ipynb when none is named), stopping a notebook
          at its first failing cell. Writes the executed notebook (with outputs) and an HTML page that shows the
          charts offline to <folder>/notebooks/ (default: artifacts/notebooks/). The notebooks themselves are not
          modified. Builds the library the notebooks load first, unless --no-build. Prints each notebook's time and
          peak memory and writes them, with the values of the variables named by --values, to run-summary.json in
          the same folder. Exits with 1 if any notebook fails.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        bool build = true;
        var names = new List<string>();
        string output = Path.Combine(layout.Artifacts, "notebooks");
        var timeout = TimeSpan.FromMinutes(10);
        var values = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--output":
                    output = Path.Combine(Path.GetFullPath(Value(arguments, ref i)), "notebooks");
                    break;
                case "--timeout":
                    timeout = TimeSpan.FromMinutes(double.Parse(Value(arguments, ref i), System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "--values":
                    values.AddRange(Value(arguments, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--no-build":
                    build = false;
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new CommandLineException($"Unknown option {flag}.\n\n{Usage}");
                default:
                    names.Add(arguments[i]);
                    break;
            }
        }

        var notebooks = names.Count == 0 ? AllNotebooks(layout) : names.Select(n => Resolve(n, layout)).ToList();
        if (build) EnsureLibraryBuilt(layout, console);

        string machine = RunSummary.ThisMachine();
        string products = AttentionCourse.Tensors.MatrixProducts.Description;
        console.WriteLine($"{machine}; {products}");

        var lessons = new List<LessonSummary>();
        foreach (var path in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            var progress = new ConsoleProgress(name, console);
            NotebookRunResult result;
            double peak;
            using (var memory = PeakMemory.Start())
            {
                var sources = Notebook.Load(path).CodeCells.Select(c => c.Source).ToList();
                var captured = values.Where(v => Defines(sources, v)).ToList();
                result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { Timeout = timeout, Progress = progress, CaptureVariables = captured });
                peak = memory.MiB;
            }
            progress.Finish(result);
            result.Executed.Save(Path.Combine(output, name + ".ipynb"));
            HtmlExporter.Write(result.Executed, Path.Combine(output, name + ".html"), name, result.Failure);
            lessons.Add(new LessonSummary(name, result.Succeeded, Math.Round(result.Duration.TotalSeconds, 1), Math.Round(peak),
                result.Failure?.ToString(), result.Values));
        }
        new RunSummary(machine, products, DateTime.UtcNow, lessons).Write(output);

        console.WriteLine();
        console.WriteLine($"{"notebook",-32} {"result",-8} {"time",8} {"peak memory",12}");
        foreach (var lesson in lessons)
            console.WriteLine($"{lesson.Lesson,-32} {(lesson.Succeeded ? "ok" : "FAILED"),-8} {lesson.Seconds,7:F1}s {lesson.PeakMemoryMiB,8:F0} MiB");
        foreach (var lesson in lessons.Where(l => l.Values.Count > 0))
            console.WriteLine($"{lesson.Lesson}: {string.Join(", ", lesson.Values.Select(v => $"{v.Key} = {v.Value}"))}");
        console.WriteLine($"Outputs: {output} (times and memory in {RunSummary.FileName})");
        int failed = lessons.Count(l => !l.Succeeded);
        if (failed > 0) console.WriteLine($"{failed} of {lessons.Count} notebooks failed.");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// Whether a code cell of the notebook assigns <paramref name="variable"/>, alone (<c>var x = ...</c>) or in a
    /// deconstruction (<c>var (x, y) = ...</c>): --values may name variables of several lessons at once.
    /// </summary>
    private static bool Defines(IReadOnlyList<string> codeCells, string variable)
    {
        string name = System.Text.RegularExpressions.Regex.Escape(variable);
        var assignment = new System.Text.RegularExpressions.Regex($@"\b{name}\s*=(?!=)|\([^()]*\b{name}\b[^()]*\)\s*=(?!=)");
        return codeCells.Any(assignment.IsMatch);
    }

    private static string Value(IReadOnlyList<string> arguments, ref int i) => Options.Value(arguments, ref i, Usage);

    private static List<string> AllNotebooks(RepositoryLayout layout)
    {
        if (!Directory.Exists(layout.Notebooks)) throw new CommandLineException($"No notebooks folder at {layout.Notebooks}.");
        var all = Directory.GetFiles(layout.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (all.Count == 0) throw new CommandLineException($"No .ipynb files in {layout.Notebooks}.");
        return all;
    }

    /// <summary>Accepts a path, a file name in notebooks/, or a name without extension ("03-types-of-attention").</summary>
    private static string Resolve(string name, RepositoryLayout layout)
    {
        string[] candidates =
        [
            Path.GetFullPath(name),
            Path.Combine(layout.Notebooks, name),
            Path.Combine(layout.Notebooks, name + ".ipynb"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? Directory.GetFiles(layout.Notebooks, name + "*.ipynb").SingleOrDefault()
            ?? throw new CommandLineException($"Notebook not found: {name} (looked for {string.Join(", ", candidates)}).");
    }

    /// <summary>The notebooks #r the Debug build of the library: build it if it is missing or older than its sources.</summary>
    internal static void EnsureLibraryBuilt(RepositoryLayout layout, TextWriter console)
    {
        var built = File.Exists(layout.LibraryAssembly) ? File.GetLastWriteTimeUtc(layout.LibraryAssembly) : DateTime.MinValue;
        if (built >= (layout.NewestLibrarySource()?.WrittenUtc ?? DateTime.MinValue)) return;

        console.WriteLine($"Building the library the notebooks use ({layout.LibraryAssembly}) ...");
        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", layout.LibraryProject, "-c", "Debug", "--nologo", "-v", "quiet"]) { UseShellExecute = false })!;
        build.WaitForExit();
        if (build.ExitCode != 0 || !File.Exists(layout.LibraryAssembly))
            throw new CommandLineException($"Building {layout.LibraryProject} failed; fix the build errors above and run again.", 1);
    }

    /// <summary>Shows which cell is running: one line updated in place on a terminal, plain lines when redirected (CI logs).</summary>
    private sealed class ConsoleProgress(string name, TextWriter console) : IProgress<CellProgress>
    {
        private readonly bool interactive = console == Console.Out && !Console.IsOutputRedirected;

        public void Report(CellProgress value)
        {
            string line = $"{name}: cell {value.CodeCellNumber}/{value.CodeCellCount}  {value.Elapsed.TotalSeconds,6:F1}s";
            if (interactive) console.Write("\r" + line.PadRight(70));
            else console.WriteLine(line);
        }

        public void Finish(NotebookRunResult result)
        {
            if (interactive) console.Write("\r");
            console.WriteLine(result.Succeeded
                ? $"{name}: ok in {result.Duration.TotalSeconds:F1}s".PadRight(70)
                : $"{name}: FAILED at {result.Failure}");
        }
    }
}

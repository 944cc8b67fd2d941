using System.Diagnostics;
using AttentionCourse.Notebooks;

namespace AttentionCourse.Tool;

/// <summary><c>course run [notebooks...]</c>: executes notebooks headlessly and writes them with outputs, plus HTML.</summary>
internal static class RunCommand
{
    public const string Usage = """
        course run [notebook ...] [--output <folder>] [--timeout <minutes>] [--no-build]

          Executes each notebook top to bottom (all of notebooks/*.ipynb when none is named), stopping a notebook
          at its first failing cell. Writes the executed notebook (with outputs) and an HTML page that shows the
          charts offline to <folder>/notebooks/ (default: artifacts/notebooks/). The notebooks themselves are not
          modified. Builds the library the notebooks load first, unless --no-build. Exits with 1 if any notebook fails.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        bool build = true;
        var names = new List<string>();
        string output = Path.Combine(layout.Artifacts, "notebooks");
        var timeout = TimeSpan.FromMinutes(10);
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

        var results = new List<(string Name, NotebookRunResult Result)>();
        foreach (var path in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            var progress = new ConsoleProgress(name, console);
            var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { Timeout = timeout, Progress = progress });
            progress.Finish(result);
            result.Executed.Save(Path.Combine(output, name + ".ipynb"));
            HtmlExporter.Write(result.Executed, Path.Combine(output, name + ".html"), name, result.Failure);
            results.Add((name, result));
        }

        console.WriteLine();
        console.WriteLine($"{"notebook",-32} {"result",-8} {"time",8}");
        foreach (var (name, result) in results)
            console.WriteLine($"{name,-32} {(result.Succeeded ? "ok" : "FAILED"),-8} {result.Duration.TotalSeconds,7:F1}s");
        console.WriteLine($"Outputs: {output}");
        int failed = results.Count(r => !r.Result.Succeeded);
        if (failed > 0) console.WriteLine($"{failed} of {results.Count} notebooks failed.");
        return failed == 0 ? 0 : 1;
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

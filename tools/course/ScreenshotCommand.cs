using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AttentionCourse.Notebooks;

namespace AttentionCourse.Tool;

/// <summary>
/// <c>course screenshot</c>: a PNG of some cells of an executed lesson, as its offline HTML page shows them, taken
/// with headless Chromium (the README's screenshots under docs/ are made with it).
/// </summary>
internal static class ScreenshotCommand
{
    public const string Usage = """
        course screenshot <lesson> --cells <list> --output <file.png> [--width <px>] [--height <px>] [--from <folder>]

          Takes the executed lesson that `course run` wrote (artifacts/notebooks/<lesson>.ipynb, or <folder>/<lesson>.ipynb
          with --from), keeps the cells listed (1-based, as an editor counts all cells: "8-9" or "3,8,9"), renders them
          with the same offline HTML as `course run`, and saves a screenshot taken by headless Chromium
          (default 1000 x 800 pixels). Needs the Debian package chromium.
        """;

    public static int Run(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        string? lesson = null, cells = null, output = null;
        string from = Path.Combine(layout.Artifacts, "notebooks");
        int width = 1000, height = 800;
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--cells": cells = Value(arguments, ref i); break;
                case "--output": output = Path.GetFullPath(Value(arguments, ref i)); break;
                case "--from": from = Path.GetFullPath(Value(arguments, ref i)); break;
                case "--width": width = Pixels(Value(arguments, ref i), "--width"); break;
                case "--height": height = Pixels(Value(arguments, ref i), "--height"); break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new CommandLineException($"Unknown option {flag}.\n\n{Usage}");
                default:
                    if (lesson != null) throw new CommandLineException($"One lesson at a time (got {lesson} and {arguments[i]}).\n\n{Usage}");
                    lesson = Path.GetFileNameWithoutExtension(arguments[i]);
                    break;
            }
        }
        if (lesson == null || cells == null || output == null)
            throw new CommandLineException($"course screenshot needs a lesson, --cells and --output.\n\n{Usage}");

        string executed = Path.Combine(from, lesson + ".ipynb");
        if (!File.Exists(executed))
            throw new CommandLineException($"No executed notebook at {executed}: run `course run {lesson}` first.");
        var notebook = Notebook.Load(executed);
        var selected = ParseCells(cells, notebook.Cells.Count);

        var excerptRoot = notebook.Root.DeepClone().AsObject();
        excerptRoot["cells"] = new JsonArray(selected.Select(n => notebook.Cells[n - 1].Json.DeepClone()).ToArray());
        var excerpt = Notebook.Parse(excerptRoot.ToJsonString(), executed);

        string page = Path.Combine(Directory.CreateTempSubdirectory("course-screenshot-").FullName, lesson + ".html");
        HtmlExporter.Write(excerpt, page, lesson);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        TakeScreenshot(page, output, width, height);
        console.WriteLine($"{output}: cells {cells} of {lesson}, {width} x {height}");
        return 0;
    }

    /// <summary>"3,8-9" to [3, 8, 9]; each number must name a cell.</summary>
    internal static IReadOnlyList<int> ParseCells(string list, int cellCount)
    {
        var cells = new List<int>();
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new CommandLineException($"--cells: '{part}' is not a cell number or a range like 8-9.");
            int first = int.Parse(ends[0], CultureInfo.InvariantCulture), last = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (first < 1 || last > cellCount || first > last)
                throw new CommandLineException($"--cells: '{part}' is outside the notebook's cells 1-{cellCount}.");
            for (int n = first; n <= last; n++) cells.Add(n);
        }
        if (cells.Count == 0) throw new CommandLineException("--cells names no cell.");
        return cells;
    }

    private static void TakeScreenshot(string page, string output, int width, int height)
    {
        string chromium = Options.FindOnPath(["chromium", "chromium-browser", "google-chrome"])
            ?? throw new CommandLineException("Chromium is not installed: apt-get install -y chromium", 1);
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
            $"--window-size={width},{height}", $"--screenshot={output}", new Uri(page).AbsoluteUri,
        })
            start.ArgumentList.Add(argument);
        if (File.Exists(output)) File.Delete(output);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new CommandLineException($"Chromium did not finish the screenshot of {page} within 2 minutes.", 1);
        }
        if (process.ExitCode != 0 || !File.Exists(output))
            throw new CommandLineException($"Chromium failed (exit code {process.ExitCode}) to write {output}:\n{error.Result}", 1);
    }

    private static int Pixels(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pixels) && pixels is >= 100 and <= 8000
            ? pixels
            : throw new CommandLineException($"{option} must be a whole number of pixels between 100 and 8000, not '{text}'.");

    private static string Value(IReadOnlyList<string> arguments, ref int i) => Options.Value(arguments, ref i, Usage);
}

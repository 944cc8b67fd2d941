using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Executes a notebook's C# cells top to bottom, in this process, on the .NET Interactive C# kernel, as VS Code
/// and Jupyter would: <c>#r "nuget: ..."</c> restores packages and loads their kernel extensions (so Plotly.NET
/// charts display as HTML), relative paths resolve from the notebook's folder, and execution stops at the first
/// failing cell.
/// </summary>
public static partial class NotebookRunner
{
    // The working directory is process-wide, so notebooks run one at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Executes the notebook at <paramref name="path"/>; the file itself is never modified.</summary>
    /// <exception cref="FileNotFoundException">The notebook does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid notebook.</exception>
    public static Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null) =>
        RunAsync(Notebook.Load(path), options);

    /// <summary>Executes <paramref name="notebook"/> (a copy receives the outputs; the argument is not changed).</summary>
    public static async Task<NotebookRunResult> RunAsync(Notebook notebook, NotebookRunOptions? options = null)
    {
        options ??= new NotebookRunOptions();
        var executed = notebook.Clone();
        string folder = Path.GetDirectoryName(Path.GetFullPath(notebook.Path ?? "notebook.ipynb"))!;
        string name = Path.GetFileName(notebook.Path ?? "notebook");

        await OneAtATime.WaitAsync();
        string previousDirectory = Directory.GetCurrentDirectory();
        using var kernel = CreateKernel();
        var clock = Stopwatch.StartNew();
        var timings = new List<CellTiming>();
        CellFailure? failure = null;
        var values = new Dictionary<string, string>();
        try
        {
            Directory.SetCurrentDirectory(folder);
            var codeCells = executed.CodeCells.ToList();
            bool stopped = false, timedOut = false;
            for (int n = 0; n < codeCells.Count && !stopped; n++)
            {
                var cell = codeCells[n];
                options.Progress?.Report(new CellProgress(name, n + 1, codeCells.Count, clock.Elapsed));
                cell.Outputs.Clear();
                cell.Json["execution_count"] = n + 1;
                var started = clock.Elapsed;
                CellFailure? cellFailure;
                if (options.SkipCodeCells.Contains(n + 1))
                    cellFailure = Skipped(cell, n + 1);
                else if (cell.KernelName is not ("csharp" or "C#"))
                    cellFailure = new CellFailure(cell.Index + 1, n + 1, null, null, "UnsupportedKernel", $"the cell asks for kernel '{cell.KernelName}'; this runner executes C# cells only.");
                else
                {
                    cellFailure = await ExecuteCellAsync(kernel, cell, n + 1, options.Timeout - clock.Elapsed, options.MaxOutputCharacters);
                    timings.Add(new CellTiming(cell.Index + 1, clock.Elapsed - started));
                }
                if (cellFailure is null) continue;
                failure ??= cellFailure;
                options.CellFailed?.Invoke(cellFailure);
                // After a time-out the kernel is still busy with the cell, so nothing more can run.
                timedOut = cellFailure.ErrorName == "Timeout";
                stopped = !options.ContinueAfterFailure || timedOut;
            }
            if (failure is null)
                foreach (var variable in options.CaptureVariables)
                    values[variable] = await RequestValueAsync(kernel, variable);
            if (options.AfterCells != null && !timedOut)
                await options.AfterCells(new NotebookSession(kernel, options.MaxOutputCharacters));
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
        return new NotebookRunResult(executed, failure, clock.Elapsed, timings, values);
    }

    private static CompositeKernel CreateKernel()
    {
        var kernel = new CSharpKernel();
        EmitDebugInformation(kernel);
        var csharp = kernel
            .UseNugetDirective(async (kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                foreach (var reference in references)
                    await LoadKernelExtensionsAsync(kernel.RootKernel, reference.PackageRoot);
            })
            .UseKernelHelpers()
            .UseValueSharing();
        return new CompositeKernel { csharp };
    }

    /// <summary>
    /// Asks Roslyn for debug information, so that a run-time exception's stack trace says which line of the cell
    /// threw. The kernel keeps its script options private; 1.0.0-beta.26120.1 is the last .NET Interactive release,
    /// so the field will not move. Without it, run-time failures simply carry no line.
    /// </summary>
    private static void EmitDebugInformation(CSharpKernel kernel)
    {
        var field = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(kernel) is Microsoft.CodeAnalysis.Scripting.ScriptOptions options)
            field.SetValue(kernel, options.WithEmitDebugInformation(true));
    }

    private static readonly HashSet<string> LoadedExtensions = new(StringComparer.Ordinal);

    /// <summary>
    /// Loads the kernel extensions a NuGet package ships in <c>interactive-extensions/dotnet</c>, as the real kernel
    /// does (Plotly.NET.Interactive registers the chart formatter this way).
    /// </summary>
    private static async Task LoadKernelExtensionsAsync(Kernel kernel, string packageRoot)
    {
        string folder = Path.Combine(packageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(folder)) return;
        foreach (var dll in Directory.GetFiles(folder, "*.dll"))
        {
            var assembly = Assembly.LoadFrom(dll);
            foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract))
            {
                var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                await extension.OnLoadAsync(kernel);
                LoadedExtensions.Add(type.FullName!);
            }
        }
    }

    private static CellFailure Skipped(NotebookCell cell, int codeCellNumber)
    {
        const string reason = "not run: this cell stopped an earlier run of the notebook (it ran out of time or ended the process).";
        new OutputCollector(cell.Outputs, codeCellNumber, null).AddError("Skipped", reason);
        return new CellFailure(cell.Index + 1, codeCellNumber, null, null, "Skipped", reason);
    }

    /// <summary>Runs <paramref name="cell"/>'s code and stores its outputs in it; returns why it failed, or null.</summary>
    internal static async Task<CellFailure?> ExecuteCellAsync(Kernel kernel, NotebookCell cell, int codeCellNumber, TimeSpan remaining, int? maxOutputCharacters = null)
    {
        string source = cell.Source;
        var outputs = new OutputCollector(cell.Outputs, codeCellNumber, maxOutputCharacters);
        using var subscription = kernel.KernelEvents.Subscribe(outputs.OnEvent);
        var send = kernel.SendAsync(new SubmitCode(source));
        if (remaining <= TimeSpan.Zero || await Task.WhenAny(send, Task.Delay(remaining)) != send)
        {
            outputs.AddError("Timeout", "the notebook's time limit ran out in this cell");
            return new CellFailure(cell.Index + 1, codeCellNumber, null, null, "Timeout", "the notebook's time limit ran out in this cell.");
        }
        var result = await send;
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        if (failed is null) return null;

        string errorName = failed.Exception switch
        {
            CodeSubmissionCompilationErrorException => "CompilationError",
            null => "Error",
            var e => e.GetType().Name,
        };
        int? line = FailingLine(failed, result.Events.OfType<DiagnosticsProduced>());
        string[] lines = source.Split('\n');
        string? sourceLine = line is int l && l >= 1 && l <= lines.Length ? lines[l - 1].TrimEnd('\r') : null;
        outputs.AddError(errorName, failed.Message);
        return new CellFailure(cell.Index + 1, codeCellNumber, line, sourceLine, errorName, failed.Message);
    }

    [GeneratedRegex(@"^\((\d+),\d+\): error", RegexOptions.Multiline)]
    private static partial Regex CompilerErrorLine();

    [GeneratedRegex(@"Submission#\d+[^\n]*:line (\d+)")]
    private static partial Regex StackTraceLine();

    private static int? FailingLine(CommandFailed failed, IEnumerable<DiagnosticsProduced> diagnostics)
    {
        var error = diagnostics.SelectMany(d => d.Diagnostics).FirstOrDefault(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (error != null) return error.LinePositionSpan.Start.Line + 1;
        var compiler = CompilerErrorLine().Match(failed.Message);
        if (compiler.Success) return int.Parse(compiler.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // The outermost submission frame is the failing cell's own code (inner ones may be methods defined in earlier cells).
        var frame = StackTraceLine().Matches(failed.Exception?.StackTrace ?? "").LastOrDefault();
        return frame is null ? null : int.Parse(frame.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> RequestValueAsync(Kernel kernel, string name)
    {
        var result = await kernel.SendAsync(new RequestValue(name, mimeType: "application/json", targetKernelName: "csharp"));
        var produced = result.Events.OfType<ValueProduced>().FirstOrDefault()
            ?? throw new InvalidOperationException($"The notebook defines no variable named '{name}' to capture.");
        return produced.FormattedValue.Value;
    }

    /// <summary>Turns kernel events into nbformat outputs, replacing displays that are updated in place (progress).</summary>
    private sealed class OutputCollector(JsonArray outputs, int executionCount, int? maxStreamCharacters)
    {
        private long streamCharacters;

        private readonly Dictionary<string, JsonObject> displays = new(StringComparer.Ordinal);
        private readonly List<JsonObject> unbound = [];

        /// <summary>
        /// The display an update replaces. This kernel version gives the first update of a display a new id (and
        /// reuses that id afterwards), so an unknown id binds to the latest display not yet bound to an update.
        /// </summary>
        private JsonObject? Target(string? valueId)
        {
            if (valueId is null) return null;
            if (displays.TryGetValue(valueId, out var known)) return known;
            if (unbound.Count == 0) return null;
            var latest = unbound[^1];
            unbound.RemoveAt(unbound.Count - 1);
            displays[valueId] = latest;
            return latest;
        }

        public void OnEvent(KernelEvent e)
        {
            // Cell code may print or update displays from other threads (e.g. jobs of Concurrently): one event at a time.
            lock (displays) OnEventLocked(e);
        }

        private void OnEventLocked(KernelEvent e)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    AddStream("stdout", Text(stdout.FormattedValues));
                    break;
                case StandardErrorValueProduced stderr:
                    AddStream("stderr", Text(stderr.FormattedValues));
                    break;
                case ReturnValueProduced value:
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["data"] = Bundle(value.FormattedValues),
                        ["metadata"] = new JsonObject(),
                        ["execution_count"] = executionCount,
                    });
                    break;
                case DisplayedValueUpdated updated when Target(updated.ValueId) is JsonObject existing:
                    existing["data"] = Bundle(updated.FormattedValues);
                    break;
                case DisplayEvent displayed and (DisplayedValueProduced or DisplayedValueUpdated):
                    var output = new JsonObject
                    {
                        ["output_type"] = "display_data",
                        ["data"] = Bundle(displayed.FormattedValues),
                        ["metadata"] = new JsonObject(),
                    };
                    if (displayed.ValueId != null) displays[displayed.ValueId] = output;
                    unbound.Add(output);
                    outputs.Add(output);
                    break;
            }
        }

        public void AddError(string name, string message)
        {
            lock (displays) outputs.Add(ErrorOutput(name, message));
        }

        private static JsonObject ErrorOutput(string name, string message) => new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = name,
            ["evalue"] = message,
            ["traceback"] = new JsonArray(message.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        };

        private void AddStream(string stream, string text)
        {
            // A cell that prints without end must not take the process's memory with it: keep the start only.
            if (maxStreamCharacters is int limit)
            {
                long before = streamCharacters;
                streamCharacters += text.Length;
                if (before > limit) return;
                if (streamCharacters > limit)
                    text = text[..(int)(limit - before)] + $"\n[output cut: this cell printed more than {limit:N0} characters]\n";
            }
            // Consecutive writes to the same stream form one output, as Jupyter stores them.
            if (outputs.Count > 0 && outputs[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == stream)
            {
                var joined = NotebookCell.SplitLines(string.Concat(last["text"]!.AsArray().Select(l => l!.GetValue<string>())) + text);
                last["text"] = joined;
                return;
            }
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = stream, ["text"] = NotebookCell.SplitLines(text) });
        }

        private static string Text(IReadOnlyCollection<FormattedValue> values) =>
            values.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? values.FirstOrDefault()?.Value ?? "";

        private static JsonObject Bundle(IReadOnlyCollection<FormattedValue> values)
        {
            var data = new JsonObject();
            foreach (var value in values)
                data[value.MimeType] = value.MimeType.EndsWith("json", StringComparison.Ordinal) && TryParse(value.Value) is JsonNode json
                    ? json
                    : NotebookCell.SplitLines(value.Value);
            return data;
        }

        private static JsonNode? TryParse(string text)
        {
            try { return JsonNode.Parse(text); }
            catch (System.Text.Json.JsonException) { return null; }
        }
    }
}

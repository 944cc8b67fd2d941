using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks;

/// <summary>One thing wrong with a notebook file; <see cref="Cell"/> is 1-based among all cells, null for the whole file.</summary>
public sealed record NotebookProblem(int? Cell, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Cell is int cell ? $"cell {cell}: {Message}" : Message;
}

/// <summary>
/// Checks that a notebook is one VS Code (Polyglot Notebooks), Jupyter and the course runner all open the same way:
/// nbformat 4.5 structure with cell ids, the .NET Interactive C# kernelspec and Polyglot Notebooks metadata, a kernel
/// name on every code cell, no absolute paths, and (for the repository's copy) no stale outputs.
/// </summary>
public static partial class NotebookFormat
{
    /// <summary>The Jupyter kernelspec name <c>dotnet interactive jupyter install</c> registers for C#.</summary>
    public const string KernelSpecName = ".net-csharp";

    /// <summary>The Polyglot Notebooks kernel that runs C# cells.</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>
    /// Every problem found in <paramref name="notebook"/> (empty when it is fine). With
    /// <paramref name="requireNoOutputs"/> (the notebooks kept in the repository) a code cell holding outputs or an
    /// execution count is a problem: outputs belong in the runner's artifacts, not in the lesson a student opens.
    /// </summary>
    public static IReadOnlyList<NotebookProblem> Check(Notebook notebook, bool requireNoOutputs = true)
    {
        var problems = new List<NotebookProblem>();
        var root = notebook.Root;
        void File(string message) => problems.Add(new NotebookProblem(null, message));

        if (root["nbformat_minor"] is not JsonValue minorValue || !minorValue.TryGetValue(out int minor) || minor < 5)
            File($"nbformat_minor is {root["nbformat_minor"]?.ToJsonString() ?? "missing"}; 4.5 or later is needed (cells carry ids)");

        var metadata = root["metadata"] as JsonObject;
        if (metadata == null) File("has no metadata");
        var kernelSpec = metadata?["kernelspec"] as JsonObject;
        string? specName = Text(kernelSpec?["name"]);
        if (kernelSpec == null) File($"metadata.kernelspec is missing; Jupyter needs {{\"name\": \"{KernelSpecName}\", \"language\": \"C#\", \"display_name\": \".NET (C#)\"}}");
        else
        {
            if (specName != KernelSpecName) File($"metadata.kernelspec.name is {specName ?? "missing"}; expected {KernelSpecName}");
            if (Text(kernelSpec["language"]) != "C#") File($"metadata.kernelspec.language is {Text(kernelSpec["language"]) ?? "missing"}; expected C#");
            if (string.IsNullOrWhiteSpace(Text(kernelSpec["display_name"]))) File("metadata.kernelspec.display_name is missing");
        }
        string? languageName = Text(metadata?["language_info"]?["name"]);
        if (languageName is not ("C#" or "polyglot-notebook"))
            File($"metadata.language_info.name is {languageName ?? "missing"}; expected C# (or polyglot-notebook)");

        var kernelInfo = metadata?["polyglot_notebook"]?["kernelInfo"] as JsonObject;
        var knownKernels = new HashSet<string>(StringComparer.Ordinal);
        if (kernelInfo == null) File("metadata.polyglot_notebook.kernelInfo is missing; VS Code's Polyglot Notebooks reads the default kernel from it");
        else
        {
            string? defaultKernel = Text(kernelInfo["defaultKernelName"]);
            if (defaultKernel != CSharpKernelName) File($"metadata.polyglot_notebook.kernelInfo.defaultKernelName is {defaultKernel ?? "missing"}; expected {CSharpKernelName}");
            foreach (var item in kernelInfo["items"] as JsonArray ?? [])
                if (Text(item?["name"]) is string name) knownKernels.Add(name);
            if (!knownKernels.Contains(CSharpKernelName)) File($"metadata.polyglot_notebook.kernelInfo.items does not list the {CSharpKernelName} kernel");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in notebook.Cells)
        {
            int number = cell.Index + 1;
            void Problem(string message) => problems.Add(new NotebookProblem(number, message));
            string? id = Text(cell.Json["id"]);
            if (id == null) Problem("has no id");
            else if (!CellIdPattern().IsMatch(id)) Problem($"id '{id}' is not 1-64 letters, digits, '-' or '_'");
            else if (ids.TryGetValue(id, out int first)) Problem($"id '{id}' is already used by cell {first}");
            else ids[id] = number;
            if (cell.Json["metadata"] is not JsonObject) Problem("has no metadata object");

            if (cell.Kind == CellKind.Code)
            {
                string? kernel = Text(cell.Json["metadata"]?["polyglot_notebook"]?["kernelName"]);
                if (kernel == null) Problem($"code cell has no metadata.polyglot_notebook.kernelName (expected {CSharpKernelName})");
                else if (kernelInfo != null && !knownKernels.Contains(kernel)) Problem($"code cell asks for kernel '{kernel}', which metadata.polyglot_notebook.kernelInfo does not list");
                if (cell.Json["outputs"] is not JsonArray outputs) Problem("code cell has no outputs array");
                else if (requireNoOutputs && outputs.Count > 0) Problem($"code cell holds {outputs.Count} stale output(s); clear outputs before committing");
                if (!cell.Json.ContainsKey("execution_count")) Problem("code cell has no execution_count");
                else if (requireNoOutputs && cell.Json["execution_count"] != null) Problem("code cell has an execution_count; clear outputs before committing");
            }
            else if (cell.Json.ContainsKey("outputs") || cell.Json.ContainsKey("execution_count"))
                Problem($"{cell.Kind.ToString().ToLowerInvariant()} cell has outputs or an execution_count, which only code cells may have");

            foreach (var (line, text) in Lines(cell.Source))
                if (AbsolutePathPattern().Match(text) is { Success: true } match)
                    Problem($"line {line} holds the absolute path '{match.Groups["path"].Value}'; use a path relative to the notebook's folder");
        }
        return problems;
    }

    /// <summary>Loads <paramref name="path"/> and checks it; a file that cannot be read as a notebook is one problem.</summary>
    public static IReadOnlyList<NotebookProblem> Check(string path, bool requireNoOutputs = true)
    {
        try
        {
            return Check(Notebook.Load(path), requireNoOutputs);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            return [new NotebookProblem(null, e.Message)];
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static IEnumerable<(int Line, string Text)> Lines(string source) =>
        source.Split('\n').Select((text, index) => (index + 1, text));

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellIdPattern();

    /// <summary>A Windows drive path, a file URI, or a Unix path under a machine-specific root, inside a string or directive.</summary>
    [GeneratedRegex("""(?:["'\s(]|^)(?<path>[A-Za-z]:[\\/][^"'\s]*|file:///?[^"'\s]*|/(?:home|root|Users|tmp|work|mnt|media|opt|var|srv)/[^"'\s]*)""")]
    private static partial Regex AbsolutePathPattern();
}

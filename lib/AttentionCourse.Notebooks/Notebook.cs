using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks;

/// <summary>The kind of a notebook cell.</summary>
public enum CellKind
{
    /// <summary>Code to execute.</summary>
    Code,
    /// <summary>Markdown prose.</summary>
    Markdown,
    /// <summary>Raw text passed through untouched.</summary>
    Raw,
}

/// <summary>
/// A Jupyter notebook (nbformat 4) as read from an <c>.ipynb</c> file. The JSON is kept as a tree so that every
/// piece of metadata (kernelspec, Polyglot Notebooks cell kernels, widgets) survives a load and save unchanged.
/// </summary>
public sealed class Notebook
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Notebook(JsonObject root, string? path)
    {
        Root = root;
        Path = path;
        Cells = root["cells"]!.AsArray().Select((cell, index) => new NotebookCell(cell!.AsObject(), index)).ToList();
    }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>The file the notebook was read from, if any.</summary>
    public string? Path { get; }

    /// <summary>All cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The code cells in order.</summary>
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(c => c.Kind == CellKind.Code);

    /// <summary>Reads and validates an <c>.ipynb</c> file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an nbformat 4 notebook; the message names the file and the problem.</exception>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON; <paramref name="path"/> is used in error messages only.</summary>
    /// <exception cref="InvalidDataException">The text is not an nbformat 4 notebook.</exception>
    public static Notebook Parse(string json, string? path = null)
    {
        string name = path ?? "notebook";
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        if (node is not JsonObject root) throw new InvalidDataException($"{name} is not a notebook: the top level must be a JSON object.");
        if (root["nbformat"] is not JsonValue format || !format.TryGetValue(out int major) || major != 4)
            throw new InvalidDataException($"{name} is not an nbformat 4 notebook (nbformat is {root["nbformat"]?.ToJsonString() ?? "missing"}).");
        if (root["cells"] is not JsonArray cells) throw new InvalidDataException($"{name} has no \"cells\" array.");
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) throw new InvalidDataException($"{name}: cell {i + 1} is not a JSON object.");
            string? type = cell["cell_type"]?.GetValue<string>();
            if (type is not ("code" or "markdown" or "raw")) throw new InvalidDataException($"{name}: cell {i + 1} has cell_type {type ?? "missing"}; expected code, markdown or raw.");
            if (cell["source"] is not (JsonArray or JsonValue)) throw new InvalidDataException($"{name}: cell {i + 1} has no source.");
        }
        return new Notebook(root, path);
    }

    /// <summary>A deep copy, e.g. to fill with outputs without touching the original.</summary>
    public Notebook Clone() => new(Root.DeepClone().AsObject(), Path);

    /// <summary>The notebook as indented JSON.</summary>
    public string ToJson() => Root.ToJsonString(WriteOptions) + "\n";

    /// <summary>
    /// Writes the notebook to <paramref name="path"/>, creating the folder. Refuses to overwrite the file the
    /// notebook was read from unless <paramref name="overwriteSource"/> is set, so a student's notebook is never lost.
    /// </summary>
    public void Save(string path, bool overwriteSource = false)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!overwriteSource && Path != null && string.Equals(full, System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
            throw new IOException($"Refusing to overwrite the source notebook {Path}; write the executed copy somewhere else.");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, ToJson());
    }
}

/// <summary>One cell of a <see cref="Notebook"/>, a view over its JSON.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json, int index)
    {
        Json = json;
        Index = index;
    }

    /// <summary>The cell's JSON object.</summary>
    public JsonObject Json { get; }

    /// <summary>Position among all cells, 0-based.</summary>
    public int Index { get; }

    /// <summary>Code, markdown or raw.</summary>
    public CellKind Kind => Json["cell_type"]!.GetValue<string>() switch
    {
        "code" => CellKind.Code,
        "markdown" => CellKind.Markdown,
        _ => CellKind.Raw,
    };

    /// <summary>The cell's text (nbformat stores it as a string or a list of lines).</summary>
    public string Source
    {
        get => Json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
            JsonValue text => text.GetValue<string>(),
            _ => "",
        };
        set => Json["source"] = SplitLines(value);
    }

    /// <summary>The kernel a Polyglot Notebooks cell asks for (<c>metadata.polyglot_notebook.kernelName</c>), default <c>csharp</c>.</summary>
    public string KernelName => Json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? "csharp";

    /// <summary>The cell's outputs (code cells), created empty if missing.</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());

    /// <summary>Splits text into nbformat's list-of-lines form (each line keeps its newline).</summary>
    public static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }
}

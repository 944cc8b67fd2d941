using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;

namespace AttentionCourse.Notebooks;

/// <summary>The kernel of a notebook that has just run: more code can run in it, seeing everything the cells defined.</summary>
public sealed class NotebookSession
{
    private readonly Kernel kernel;
    private readonly int? maxOutputCharacters;

    internal NotebookSession(Kernel kernel, int? maxOutputCharacters)
    {
        this.kernel = kernel;
        this.maxOutputCharacters = maxOutputCharacters;
    }

    /// <summary>Runs <paramref name="code"/> as one more cell; returns null when it ran, or why it failed (a time-out leaves the kernel busy).</summary>
    public Task<CellFailure?> RunAsync(string code, TimeSpan timeout)
    {
        var cell = new NotebookCell(new JsonObject { ["cell_type"] = "code", ["source"] = code, ["outputs"] = new JsonArray() }, -1);
        return NotebookRunner.ExecuteCellAsync(kernel, cell, 0, timeout, maxOutputCharacters);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>What a submission's process must do: the notebooks to run, the cells to leave out, the checks to run after.</summary>
/// <param name="Notebooks">The notebooks in order.</param>
/// <param name="Prelude">Code run before the checks (namespaces), or null.</param>
/// <param name="NotebookTimeLimitSeconds">The longest one notebook's cells may run.</param>
/// <param name="CheckTimeLimitSeconds">The longest one check may run.</param>
/// <param name="MaxOutputCharacters">The most printed characters a cell keeps.</param>
public sealed record GradingPlan(IReadOnlyList<PlannedNotebook> Notebooks, string? Prelude, double NotebookTimeLimitSeconds,
    double CheckTimeLimitSeconds, int MaxOutputCharacters)
{
    /// <summary>Reads a plan written by <see cref="Save"/>.</summary>
    public static GradingPlan Load(string path) =>
        JsonSerializer.Deserialize<GradingPlan>(File.ReadAllText(path), GradingManifest.Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Writes the plan as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, GradingManifest.Json));
}

/// <summary>One notebook of a plan.</summary>
/// <param name="Lesson">The lesson it is graded as.</param>
/// <param name="Path">The copy to run.</param>
/// <param name="SkipCells">Code cells (1-based) not to run: they hung or ended the process in an earlier attempt.</param>
/// <param name="Checks">The hidden checks still to run, in order.</param>
public sealed record PlannedNotebook(string Lesson, string Path, IReadOnlyList<int> SkipCells, IReadOnlyList<PlannedCheck> Checks);

/// <summary>A hidden check to run after a notebook.</summary>
/// <param name="Exercise">The exercise it grades.</param>
/// <param name="Code">Its C# code: it throws when the student's answer is wrong.</param>
public sealed record PlannedCheck(int Exercise, string Code);

/// <summary>
/// What a submission's process tells the grader, one JSON line each, behind the run's secret: a notebook starts, a
/// cell starts or fails, a check starts or has a result, a notebook is done or ran out of time, all is finished.
/// </summary>
/// <param name="Kind">notebook, cell, cellFailed, check, result, stopped (a cell ran out of time or memory), done or finished.</param>
/// <param name="Lesson">The lesson concerned.</param>
/// <param name="Cell">The code cell (1-based), for cell events.</param>
/// <param name="Exercise">The exercise, for check events.</param>
/// <param name="Passed">For results: whether the check passed.</param>
/// <param name="Message">For results and failures: what happened.</param>
public sealed record GradingEvent(string Kind, string? Lesson = null, int? Cell = null, int? Exercise = null, bool? Passed = null, string? Message = null)
{
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The line the process writes: the secret, a space, the event as JSON.</summary>
    public string ToLine(string secret) => secret + " " + JsonSerializer.Serialize(this, Compact);

    /// <summary>The event on a line, or null when the line does not start with the secret (anything a student printed).</summary>
    public static GradingEvent? Parse(string line, string secret)
    {
        if (!line.StartsWith(secret + " ", StringComparison.Ordinal)) return null;
        try { return JsonSerializer.Deserialize<GradingEvent>(line[(secret.Length + 1)..], Compact); }
        catch (JsonException) { return null; }
    }
}

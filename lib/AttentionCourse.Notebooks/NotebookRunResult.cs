namespace AttentionCourse.Notebooks;

/// <summary>Where and why a notebook stopped.</summary>
/// <param name="CellNumber">1-based position among ALL cells (markdown included), as an editor shows it.</param>
/// <param name="CodeCellNumber">1-based position among code cells only.</param>
/// <param name="Line">1-based line within the cell, when the compiler or stack trace says it.</param>
/// <param name="SourceLine">The text of that line, when known.</param>
/// <param name="ErrorName">The exception type or <c>CompilationError</c> or <c>Timeout</c>.</param>
/// <param name="Message">The error message.</param>
public sealed record CellFailure(int CellNumber, int CodeCellNumber, int? Line, string? SourceLine, string ErrorName, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"cell {CellNumber} (code cell {CodeCellNumber})" + (Line is null ? "" : $", line {Line}") + $": {ErrorName}: {Message}"
        + (SourceLine is null ? "" : $"\n    > {SourceLine.Trim()}");
}

/// <summary>How long one code cell took.</summary>
/// <param name="CellNumber">1-based position among all cells.</param>
/// <param name="Duration">Wall-clock execution time.</param>
public sealed record CellTiming(int CellNumber, TimeSpan Duration);

/// <summary>The outcome of executing a notebook.</summary>
/// <param name="Executed">A copy of the notebook with outputs and execution counts filled in.</param>
/// <param name="Failure">The first failing cell, or null if every cell ran.</param>
/// <param name="Duration">Total wall-clock time.</param>
/// <param name="Timings">Per code cell timings, for the cells that ran.</param>
/// <param name="Values">Variables captured after the run (see <see cref="NotebookRunOptions.CaptureVariables"/>), as JSON text.</param>
public sealed record NotebookRunResult(
    Notebook Executed,
    CellFailure? Failure,
    TimeSpan Duration,
    IReadOnlyList<CellTiming> Timings,
    IReadOnlyDictionary<string, string> Values)
{
    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;
}

/// <summary>Progress of a run, reported before each code cell.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="CodeCellNumber">1-based number of the code cell about to run.</param>
/// <param name="CodeCellCount">Number of code cells.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record CellProgress(string Notebook, int CodeCellNumber, int CodeCellCount, TimeSpan Elapsed);

/// <summary>Options for <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>The longest a whole notebook may run before it is stopped and reported as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Variables whose values (as JSON) to read from the kernel after a successful run, e.g. a trained model's accuracy.</summary>
    public IReadOnlyList<string> CaptureVariables { get; init; } = [];

    /// <summary>Receives progress before each code cell.</summary>
    public IProgress<CellProgress>? Progress { get; init; }

    /// <summary>Keep executing the cells after a failing one (grading does; a time-out still stops the run).</summary>
    public bool ContinueAfterFailure { get; init; }

    /// <summary>Code cells (1-based among code cells) not to execute; each gets a "Skipped" error output.</summary>
    public IReadOnlySet<int> SkipCodeCells { get; init; } = new HashSet<int>();

    /// <summary>The most characters of printed text a cell keeps; the rest is cut (null: no limit).</summary>
    public int? MaxOutputCharacters { get; init; }

    /// <summary>Called as soon as a cell fails, before the next one runs.</summary>
    public Action<CellFailure>? CellFailed { get; init; }

    /// <summary>
    /// Runs after the notebook's cells, in the same kernel (unless a cell ran out of time): grading runs its hidden
    /// checks here.
    /// </summary>
    public Func<NotebookSession, Task>? AfterCells { get; init; }
}

using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>
/// The submission's side of grading (<c>course grade-one</c>, in its own process): runs each notebook of the plan,
/// keeping on past failing cells, then the hidden checks in the same kernel, and reports every step to the grader
/// on standard output behind a secret the notebook's code never sees. It computes no scores.
/// </summary>
public static partial class GradingChild
{
    /// <summary>Exit code when a cell or check ran out of time or memory (the process cannot go on).</summary>
    public const int TimedOut = 3;

    /// <summary>Runs <paramref name="plan"/>, writing events to <paramref name="events"/>; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(GradingPlan plan, string secret, TextWriter events)
    {
        void Emit(GradingEvent e)
        {
            lock (events)
            {
                // A blank line first: text a cell left unfinished on the real standard output cannot swallow the event.
                events.WriteLine();
                events.WriteLine(e.ToLine(secret));
                events.Flush();
            }
        }
        var checkLimit = TimeSpan.FromSeconds(plan.CheckTimeLimitSeconds);
        foreach (var planned in plan.Notebooks)
        {
            Emit(new GradingEvent("notebook", planned.Lesson));
            Notebook notebook;
            try
            {
                notebook = Notebook.Load(planned.Path);
            }
            catch (InvalidDataException e)
            {
                foreach (var check in planned.Checks)
                    Emit(new GradingEvent("result", planned.Lesson, Exercise: check.Exercise, Passed: false, Message: $"The notebook cannot be read: {e.Message}"));
                Emit(new GradingEvent("done", planned.Lesson));
                continue;
            }

            bool checkTimedOut = false;
            CellFailure? hung = null;
            var options = new NotebookRunOptions
            {
                Timeout = TimeSpan.FromSeconds(plan.NotebookTimeLimitSeconds),
                ContinueAfterFailure = true,
                SkipCodeCells = planned.SkipCells.ToHashSet(),
                MaxOutputCharacters = plan.MaxOutputCharacters,
                Progress = new Reporter(p => Emit(new GradingEvent("cell", planned.Lesson, Cell: p.CodeCellNumber))),
                CellFailed = f =>
                {
                    if (Fatal(f)) hung = f;
                    Emit(new GradingEvent("cellFailed", planned.Lesson, Cell: f.CodeCellNumber,
                        Message: f.Message.Contains(f.ErrorName, StringComparison.Ordinal) ? FirstLine(f.Message) : $"{f.ErrorName}: {FirstLine(f.Message)}"));
                },
                AfterCells = async session =>
                {
                    if (plan.Prelude != null) await session.RunAsync(plan.Prelude, checkLimit);
                    foreach (var check in planned.Checks)
                    {
                        Emit(new GradingEvent("check", planned.Lesson, Exercise: check.Exercise));
                        // A block, so the check's names never clash with the notebook's.
                        var failure = await session.RunAsync("{\n" + check.Code + "\n}", checkLimit);
                        Emit(new GradingEvent("result", planned.Lesson, Exercise: check.Exercise, Passed: failure is null,
                            Message: failure is null ? "correct" : Explain(failure, checkLimit)));
                        if (failure != null && Fatal(failure))
                        {
                            checkTimedOut = true;
                            return;
                        }
                    }
                },
            };
            await NotebookRunner.RunAsync(notebook, options);
            if (hung != null)
            {
                Emit(new GradingEvent("stopped", planned.Lesson, Cell: hung.CodeCellNumber, Message: hung.ErrorName == "Timeout"
                    ? $"it ran past the notebook's time limit ({plan.NotebookTimeLimitSeconds:F0} s)"
                    : "it ran out of memory (the memory limit is there to protect the grader and the other submissions)"));
                return TimedOut;
            }
            if (checkTimedOut) return TimedOut;
            Emit(new GradingEvent("done", planned.Lesson));
        }
        Emit(new GradingEvent("finished"));
        return 0;
    }

    /// <summary>
    /// A failure after which the process cannot go on: a time-out leaves the kernel busy, and after running out of
    /// memory what the cell allocated is still held. The process ends; the grader starts it again without that step.
    /// </summary>
    private static bool Fatal(CellFailure failure) => failure.ErrorName is "Timeout" or "OutOfMemoryException";

    /// <summary>What a failed check says to the student: the check's own message, without stack frames.</summary>
    internal static string Explain(CellFailure failure, TimeSpan limit) => failure.ErrorName switch
    {
        "Timeout" => $"The check ran out of time ({limit.TotalSeconds:F0} s) calling your code: does it finish on every input?",
        "OutOfMemoryException" => "Your code ran out of memory on the check's input.",
        "CompilationError" => $"The check could not call your code ({FirstLine(failure.Message)}): did its cell run without errors, "
            + "and does the function keep the name and parameters the exercise gives?",
        _ => string.Join('\n', failure.Message.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !StackFrame().IsMatch(l)).Take(6))
            .Replace("AttentionCourse.Exercises.ExerciseFailedException: ", "", StringComparison.Ordinal).Trim(),
    };

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');

    [GeneratedRegex(@"^\s+at |^\s*---")]
    private static partial Regex StackFrame();

    /// <summary>Reports synchronously, so the grader knows which cell is running before it runs.</summary>
    private sealed class Reporter(Action<CellProgress> report) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => report(value);
    }
}

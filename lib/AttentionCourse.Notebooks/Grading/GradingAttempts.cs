using System.Diagnostics;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>
/// What the grader knows about one submission across starts of its process: results so far, cells to leave out,
/// notebooks finished, and where the process was (so that when it hangs or dies, the cell or check it was in is
/// blamed and the rest is graded on the next start). Scores are computed here, in the grader, never in the child.
/// </summary>
internal sealed class Attempts(GradingManifest manifest, IReadOnlySet<string> submitted)
{
    private const int MaxProblemsPerLesson = 8;
    private readonly object gate = new();
    private readonly Dictionary<string, SortedSet<int>> skipCells = [];
    private readonly Dictionary<string, (bool Passed, string Message)> results = [];
    private readonly HashSet<string> done = [];
    private readonly List<string> problems = [];
    private readonly Stopwatch clock = new();
    private string? lesson;
    private int? cell;
    private int? exercise;
    private bool stopExplained;

    public bool AllDone { get { lock (gate) return submitted.All(done.Contains); } }

    public IReadOnlyList<string> Problems { get { lock (gate) return problems.ToList(); } }

    /// <summary>Time since the current notebook (or the process) started.</summary>
    public TimeSpan CurrentElapsed => clock.Elapsed;

    /// <summary>How many checks the current notebook still has to run (they add to its time budget).</summary>
    public int CurrentChecks { get { lock (gate) return lesson is null ? 0 : manifest.Exercises.Count(e => e.Lesson == lesson); } }

    /// <summary>The plan for the next start: the notebooks not done, without the cells that stopped earlier starts, and the checks without a result.</summary>
    public GradingPlan Plan(IReadOnlyDictionary<string, string> copies, int maxOutputCharacters)
    {
        lock (gate)
        {
            (lesson, cell, exercise, stopExplained) = (null, null, null, false);
            clock.Restart();
            var notebooks = manifest.Lessons.Where(l => submitted.Contains(l) && copies.ContainsKey(l) && !done.Contains(l)).Select(l => new PlannedNotebook(
                l, copies[l], skipCells.GetValueOrDefault(l)?.ToList() ?? [],
                manifest.Exercises.Where(e => e.Lesson == l && !results.ContainsKey(e.Id))
                    .Select(e => new PlannedCheck(e.Exercise, File.ReadAllText(manifest.PathOf(e.Check)))).ToList())).ToList();
            string? prelude = manifest.Prelude is null ? null : File.ReadAllText(manifest.PathOf(manifest.Prelude));
            return new GradingPlan(notebooks, prelude, manifest.NotebookTimeLimitSeconds, manifest.CheckTimeLimitSeconds, maxOutputCharacters);
        }
    }

    /// <summary>Follows one event of the child.</summary>
    public void Apply(GradingEvent e)
    {
        lock (gate)
        {
            switch (e.Kind)
            {
                case "notebook":
                    (lesson, cell, exercise) = (e.Lesson, null, null);
                    clock.Restart();
                    break;
                case "cell":
                    (cell, exercise) = (e.Cell, null);
                    break;
                case "cellFailed" when e.Lesson != null:
                    Problem(e.Lesson, $"code cell {e.Cell} failed: {e.Message}");
                    break;
                case "check":
                    (cell, exercise) = (null, e.Exercise);
                    break;
                case "result" when e.Lesson != null && e.Exercise is int number && Find(e.Lesson, number) is GradedExercise graded:
                    results[graded.Id] = (e.Passed == true, e.Message ?? "");
                    break;
                case "stopped" when e.Lesson != null && e.Cell is int hung:
                    Skip(e.Lesson, hung, e.Message ?? "it could not finish");
                    stopExplained = true;
                    break;
                case "done" when e.Lesson != null:
                    done.Add(e.Lesson);
                    (lesson, cell, exercise) = (null, null, null);
                    break;
            }
        }
    }

    /// <summary>The child stopped before finishing, for <paramref name="reason"/>: blame what it was doing.</summary>
    public void Stopped(string reason)
    {
        lock (gate)
        {
            if (stopExplained) return;
            if (lesson is null)
                problems.Add($"The grading process stopped outside any notebook: {reason}.");
            else if (exercise is int number && Find(lesson, number) is GradedExercise graded)
            {
                if (!results.ContainsKey(graded.Id))
                    results[graded.Id] = (false, $"Checking this exercise stopped the process: {reason}. Does your code end, without deep recursion, on every input?");
                if (manifest.Exercises.Where(e => e.Lesson == lesson).All(e => results.ContainsKey(e.Id))) done.Add(lesson);
            }
            else if (cell is int stuck)
                Skip(lesson, stuck, reason);
            else
            {
                Problem(lesson, $"the notebook could not start: {reason}");
                done.Add(lesson);
            }
        }
    }

    /// <summary>Every exercise of the manifest with its score, computed from the checks' results.</summary>
    public IReadOnlyList<ExerciseResult> Results()
    {
        lock (gate)
            return manifest.Exercises.Select(e =>
                !submitted.Contains(e.Lesson) ? new ExerciseResult(e, 0, $"No notebook for this lesson in the submission (expected {e.Lesson}.ipynb).")
                : results.TryGetValue(e.Id, out var r) ? new ExerciseResult(e, r.Passed ? e.Points : 0, r.Message)
                : new ExerciseResult(e, 0, "Not graded: the notebook could not be run far enough (see the problems above).")).ToList();
    }

    private GradedExercise? Find(string lessonName, int number) =>
        manifest.Exercises.FirstOrDefault(x => x.Lesson == lessonName && x.Exercise == number);

    private void Skip(string lessonName, int hung, string reason)
    {
        if (!skipCells.TryGetValue(lessonName, out var skipped)) skipCells[lessonName] = skipped = [];
        skipped.Add(hung);
        Problem(lessonName, $"code cell {hung} stopped the run: {reason}; the notebook was run again without it");
    }

    private void Problem(string lessonName, string text)
    {
        string line = $"{lessonName}: {text}";
        if (problems.Contains(line) || problems.Count(p => p.StartsWith(lessonName + ":", StringComparison.Ordinal)) >= MaxProblemsPerLesson) return;
        problems.Add(line);
    }
}

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// The test classes that execute whole lessons (in-process, on the real kernel, through OpenBLAS, graded) share one
/// collection, so xunit runs them one after another: side by side on a 2-core machine each would take several times
/// as long and the slowest lessons would run past their time limits.
/// </summary>
internal static class LessonRuns
{
    public const string Collection = "Whole lessons, one at a time";
}

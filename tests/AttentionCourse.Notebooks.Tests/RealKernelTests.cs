using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// Every lesson runs where students really open it: on the real .NET Interactive kernel (the tool VS Code's Polyglot
/// Notebooks and Jupyter start), through Jupyter's own client, with every chart rendered and every exercise check
/// passing; and a failing cell fails the run. dotnet-repl, the other headless client, is checked too.
/// </summary>
[Collection(LessonRuns.Collection)]
public class RealKernelTests
{
    public static TheoryData<string> Lessons() => CourseNotebookTests.Lessons();

    private static string Copy(string fixture)
    {
        string folder = TestPaths.TemporaryFolder("real-kernel-fixture");
        string path = Path.Combine(folder, fixture);
        File.Copy(TestPaths.Fixture(fixture), path);
        return path;
    }

    private static List<JsonObject> Outputs(Notebook executed) => executed.CodeCells.SelectMany(c => c.Outputs).OfType<JsonObject>().ToList();

    /// <summary>Asserts what a student must see: no error output, the lesson's charts, and every exercise check passing.</summary>
    private static void AssertLessonOutputs(string lesson, Notebook executed, string client, bool countsExecutions = true)
    {
        var outputs = Outputs(executed);
        var errors = outputs.Where(o => (string?)o["output_type"] == "error").Select(o => $"{o["ename"]}: {o["evalue"]}").ToList();
        Assert.True(errors.Count == 0, $"{lesson} under {client} produced errors:\n{string.Join("\n", errors)}");

        if (countsExecutions) // Jupyter numbers every executed cell; dotnet-repl does not number any
        {
            int unexecuted = executed.CodeCells.Count(c => c.Json["execution_count"] is null && c.Source.Trim().Length > 0);
            Assert.True(unexecuted == 0, $"{lesson} under {client}: {unexecuted} code cells were not executed.");
        }

        int charts = outputs.Count(o => CourseNotebookTests.Html(o).Contains("renderPlotly", StringComparison.Ordinal));
        int expected = CourseNotebookTests.Expectations[lesson].Charts;
        Assert.True(charts >= expected, $"{lesson} under {client} rendered {charts} Plotly charts, expected at least {expected}.");

        int exercises = executed.CodeCells.Count(c => c.Source.Contains("// BEGIN SOLUTION", StringComparison.Ordinal));
        string allOutputs = string.Join("\n", outputs.Select(CourseNotebookTests.Html));
        for (int n = 1; n <= exercises; n++)
            Assert.True(allOutputs.Contains($"Exercise {n}: correct", StringComparison.Ordinal), $"{lesson} under {client}: no 'Exercise {n}: correct'.");
    }

    [SkippableTheory]
    [MemberData(nameof(Lessons))]
    public void Lesson_runs_in_Jupyter_on_the_real_dotnet_interactive_kernel(string lesson)
    {
        RealKernel.RequireJupyter();
        string output = Path.Combine(TestPaths.TemporaryFolder("jupyter"), lesson + ".ipynb");
        var run = RealKernel.RunInJupyter(Path.Combine(TestPaths.Notebooks, lesson + ".ipynb"), output);
        Assert.True(run.ExitCode == 0, $"jupyter nbconvert --execute {lesson}: {run}");

        var executed = Notebook.Load(output);
        AssertLessonOutputs(lesson, executed, "Jupyter");

        // The kernel's own chart output, put through the runner's HTML page, draws offline.
        if (Chromium.IsInstalled)
        {
            string page = Path.ChangeExtension(output, ".html");
            HtmlExporter.Write(executed, page);
            int drawn = CourseNotebookTests.PlotContainer().Matches(Chromium.DumpDom(page)).Count;
            Assert.True(drawn >= CourseNotebookTests.Expectations[lesson].Charts, $"{lesson}: the Jupyter output's HTML drew {drawn} charts offline.");
        }
    }

    [SkippableFact]
    public void A_failing_cell_fails_the_Jupyter_run_and_names_the_error()
    {
        RealKernel.RequireJupyter();
        string notebook = Copy("failing.ipynb");
        var run = RealKernel.RunInJupyter(notebook, Path.Combine(TestPaths.TemporaryFolder("jupyter-failing"), "failing.ipynb"));
        Assert.True(run.ExitCode != 0, $"nbconvert succeeded on a notebook whose cell throws: {run}");
        Assert.Contains("CellExecutionError", run.Error);
        Assert.Contains("Index was outside the bounds of the array", run.Error);
    }

    [SkippableFact]
    public void Lesson_3_runs_in_dotnet_repl_and_a_failing_cell_exits_2()
    {
        RealKernel.RequireRepl();
        const string lesson = "03-types-of-attention";
        string output = Path.Combine(TestPaths.TemporaryFolder("repl"), lesson + ".ipynb");
        var run = RealKernel.RunInRepl(Path.Combine(TestPaths.Notebooks, lesson + ".ipynb"), output);
        Assert.True(run.ExitCode == 0, $"dotnet-repl --run {lesson}: {run}");
        AssertLessonOutputs(lesson, Notebook.Load(output), "dotnet-repl", countsExecutions: false);

        string failing = Copy("failing.ipynb");
        var failed = RealKernel.RunInRepl(failing, Path.Combine(TestPaths.TemporaryFolder("repl-failing"), "failing.ipynb"));
        Assert.True(failed.ExitCode == 2, $"dotnet-repl on a failing notebook: {failed}");
    }
}

using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Tests;

public class RunnerTests
{
    [Fact]
    public async Task A_working_notebook_runs_every_cell_and_keeps_its_outputs()
    {
        string path = TestPaths.Fixture("working.ipynb");
        string before = File.ReadAllText(path);
        var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions { CaptureVariables = ["answer"] });

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(before, File.ReadAllText(path));
        var cells = result.Executed.CodeCells.ToList();
        Assert.Equal([1, 2, 3, 4], cells.Select(c => c.Json["execution_count"]!.GetValue<int>()));
        Assert.Contains(cells[1].Outputs, o => o!["output_type"]!.GetValue<string>() == "stream" && Text(o["text"]).Contains("hello from the notebook"));
        Assert.Contains(cells[1].Outputs, o => o!["output_type"]!.GetValue<string>() == "execute_result" && Text(o["data"]!["text/html"]).Contains("42"));
        Assert.Contains(cells[2].Outputs, o => Text(o!["data"]?["text/html"]).Contains("Plotly"));
        Assert.Equal("42", result.Values["answer"]);
        Assert.Equal(4, result.Timings.Count);
        // A display updated in place (training progress) stays one output holding the last update.
        var progress = Assert.Single(cells[3].Outputs);
        Assert.Equal("step 3", Text(progress!["data"]!["text/plain"]));
    }

    [Fact]
    public void The_runner_and_these_tests_raise_the_call_count_threshold_so_Roslyn_recompiles_less_during_training()
    {
        // This process runs notebooks as the runner does; the runner's own configuration is copied beside it.
        Assert.Equal(256, Convert.ToInt32(AppContext.GetData("System.Runtime.TieredCompilation.CallCountThreshold")));
        string runnerConfig = Path.Combine(AppContext.BaseDirectory, "course.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(runnerConfig))!["runtimeOptions"]!["configProperties"]!;
        Assert.Equal(256, properties["System.Runtime.TieredCompilation.CallCountThreshold"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_cell_stops_the_run_and_is_reported_with_its_number_line_and_error()
    {
        var result = await NotebookRunner.RunAsync(TestPaths.Fixture("failing.ipynb"));

        Assert.False(result.Succeeded);
        var failure = result.Failure!;
        Assert.Equal(3, failure.CodeCellNumber);
        Assert.Equal(4, failure.CellNumber); // the markdown title is cell 1
        Assert.Equal("IndexOutOfRangeException", failure.ErrorName);
        Assert.Equal(3, failure.Line);
        Assert.Equal("Console.WriteLine(values[5]);", failure.SourceLine);
        Assert.Contains("outside the bounds", failure.Message);
        var cells = result.Executed.CodeCells.ToList();
        Assert.Contains(cells[2].Outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        Assert.Empty(cells[3].Outputs);
        Assert.Null(cells[3].Json["execution_count"]?.GetValue<int?>());
        Assert.Contains("steps = 2", Text(cells[1].Outputs[0]!["text"]));

        var html = HtmlExporter.ToHtml(result.Executed, "failing", failure);
        Assert.Contains("This run stopped with an error</strong> in <a href=\"#cell-4\">", html);
        Assert.Contains("id=\"cell-4\"", html);
    }

    [Fact]
    public async Task A_compilation_error_names_the_line_and_its_source()
    {
        var result = await NotebookRunner.RunAsync(TestPaths.Fixture("compile-error.ipynb"));
        var failure = result.Failure!;
        Assert.Equal("CompilationError", failure.ErrorName);
        Assert.Equal(2, failure.CodeCellNumber);
        Assert.Equal(2, failure.Line);
        Assert.Equal("var z = y + undefinedName;", failure.SourceLine);
        Assert.Contains("undefinedName", failure.Message);
    }

    [Fact]
    public async Task A_notebook_over_its_time_limit_fails_in_the_cell_that_ran_out()
    {
        // The first cell is quick (a few seconds at most on a loaded machine); the second sleeps a minute.
        var result = await NotebookRunner.RunAsync(TestPaths.Fixture("slow.ipynb"), new NotebookRunOptions { Timeout = TimeSpan.FromSeconds(10) });
        Assert.Equal("Timeout", result.Failure?.ErrorName);
        Assert.Equal(2, result.Failure!.CodeCellNumber);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), $"the run should stop at the limit, took {result.Duration}");
    }

    [Theory]
    [InlineData("malformed.ipynb", "not valid JSON")]
    [InlineData("old-format.ipynb", "not an nbformat 4 notebook")]
    public void Malformed_notebooks_are_rejected_with_the_file_and_the_problem(string fixture, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => Notebook.Load(TestPaths.Fixture(fixture)));
        Assert.Contains(fixture, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_missing_notebook_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Notebook.Load("no-such-lesson.ipynb"));
        Assert.Contains("no-such-lesson.ipynb", error.Message);
    }

    [Fact]
    public void Saving_over_the_source_notebook_is_refused()
    {
        string folder = TestPaths.TemporaryFolder("save");
        string path = Path.Combine(folder, "student.ipynb");
        File.Copy(TestPaths.Fixture("working.ipynb"), path);
        var notebook = Notebook.Load(path);
        Assert.Throws<IOException>(() => notebook.Save(path));
        notebook.Save(Path.Combine(folder, "copy.ipynb"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "copy.ipynb")))), "the copy must hold the same notebook");
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue value => value.ToString(),
        _ => "",
    };
}

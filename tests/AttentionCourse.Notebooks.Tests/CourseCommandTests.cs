using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>The <c>course</c> command on a scratch checkout: usage, bad input and exit codes, artifacts.</summary>
public class CourseCommandTests
{
    /// <summary>A minimal checkout: AttentionCourse.sln and notebooks/ holding the given fixtures.</summary>
    private static string Checkout(params string[] fixtures)
    {
        string root = TestPaths.TemporaryFolder("checkout");
        File.WriteAllText(Path.Combine(root, "AttentionCourse.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        foreach (var fixture in fixtures) File.Copy(TestPaths.Fixture(fixture), Path.Combine(root, "notebooks", fixture));
        return root;
    }

    private static async Task<(int ExitCode, string Output, string Error)> Course(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CourseCommand.RunAsync(args, workingDirectory, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Without_arguments_it_prints_usage_and_exits_2()
    {
        var (code, output, _) = await Course(Checkout());
        Assert.Equal(2, code);
        Assert.Contains("course run", output);
    }

    [Fact]
    public async Task A_missing_notebook_is_named_and_exits_2()
    {
        var (code, _, error) = await Course(Checkout(), "run", "99-no-such-lesson", "--no-build");
        Assert.Equal(2, code);
        Assert.Contains("Notebook not found: 99-no-such-lesson", error);
    }

    [Fact]
    public async Task Outside_a_checkout_it_says_where_it_looked()
    {
        var (code, _, error) = await Course(TestPaths.TemporaryFolder("nowhere"), "run");
        Assert.Equal(2, code);
        Assert.Contains("no AttentionCourse.sln", error);
    }

    [Fact]
    public async Task Run_writes_each_notebook_and_its_html_and_exits_1_when_one_fails()
    {
        string root = Checkout("working.ipynb", "failing.ipynb");
        var (code, output, _) = await Course(root, "run", "--no-build");
        Assert.Equal(1, code);
        Assert.Contains("failing: FAILED at cell 4 (code cell 3), line 3", output);
        Assert.Contains("1 of 2 notebooks failed.", output);
        foreach (var name in new[] { "working", "failing" })
        {
            Assert.True(File.Exists(Path.Combine(root, "artifacts", "notebooks", name + ".ipynb")), $"{name}.ipynb missing");
            Assert.True(File.Exists(Path.Combine(root, "artifacts", "notebooks", name + ".html")), $"{name}.html missing");
        }
        Assert.Contains("This run stopped with an error", File.ReadAllText(Path.Combine(root, "artifacts", "notebooks", "failing.html")));
    }

    [Fact]
    public async Task Run_reports_each_notebooks_time_peak_memory_and_requested_values_in_run_summary_json()
    {
        string root = Checkout("working.ipynb", "failing.ipynb");
        var (_, output, _) = await Course(root, "run", "--no-build", "--values", "answer,definedNowhere");
        Assert.Contains("matrix products:", output);
        Assert.Contains("MiB", output);
        var summary = RunSummary.Read(Path.Combine(root, "artifacts", "notebooks", RunSummary.FileName));
        Assert.Contains("cores", summary.Machine);
        Assert.Equal(["failing", "working"], summary.Lessons.Select(l => l.Lesson).Order(StringComparer.Ordinal));
        var working = summary.Lessons.Single(l => l.Lesson == "working");
        Assert.True(working.Succeeded);
        Assert.True(working.Seconds > 0 && working.PeakMemoryMiB > 10, $"time {working.Seconds} s, peak {working.PeakMemoryMiB} MiB");
        Assert.Equal("42", working.Values["answer"]);
        Assert.False(working.Values.ContainsKey("definedNowhere"), "a name the notebook never assigns is left out, not an error");
        Assert.Contains("working: answer = 42", output);
        Assert.Contains("cell 4", summary.Lessons.Single(l => l.Lesson == "failing").Failure);
    }
}

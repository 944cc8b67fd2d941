using System.IO.Compression;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// One <c>course grade --jobs 2</c> run over lesson 3 submissions that hang, crash the process, delete files, print
/// megabytes or without end, do not compile, exhaust memory or forge their results, next to an honest one (a zip). Limits are short so that hangs cost seconds.
/// </summary>
public sealed class GradedHostileSubmissions : IAsyncLifetime
{
    public const string Lesson = "03-types-of-attention";

    public string Output { get; } = Path.Combine(TestPaths.TemporaryFolder("hostile-grades"), "grades");
    public string Submissions { get; } = TestPaths.TemporaryFolder("hostile");
    public string RepositoryBefore { get; } = GradingSubmissions.Snapshot(Path.Combine(TestPaths.RepositoryRoot, "grading"))
        + GradingSubmissions.Snapshot(TestPaths.Notebooks);
    public Dictionary<string, string> SubmissionsBefore { get; } = [];
    public string ConsoleOutput { get; private set; } = "";
    public string RerunOutput { get; private set; } = "";
    public TimeSpan Duration { get; private set; }
    public TimeSpan RerunDuration { get; private set; }

    public async Task InitializeAsync()
    {
        var lesson = GradingSubmissions.Lesson(Lesson);
        string honestSource = GradingSubmissions.Folder(TestPaths.TemporaryFolder("honest"), "honest", (Lesson, lesson));
        string honest = Path.Combine(Submissions, "honest.zip");
        ZipFile.CreateFromDirectory(honestSource, honest);

        string hangs = GradingSubmissions.Folder(Submissions, "hangs",
            (Lesson, GradingSubmissions.WithSolution(lesson, 2, "    while (true) { }")));
        string crashes = GradingSubmissions.Folder(Submissions, "crashes", (Lesson, GradingSubmissions.WithSolution(
            GradingSubmissions.WithCell(lesson, 1, "Environment.Exit(42);"), 3, "    return WeightsAtTemperature(scores, temperature);")));
        string vandal = GradingSubmissions.Folder(Submissions, "vandal", (Lesson, GradingSubmissions.WithCell(lesson, 1, """
            using System.IO;
            foreach (var file in Directory.GetFiles("..", "*", SearchOption.AllDirectories)) File.Delete(file);
            Directory.Delete("../lib", recursive: true);
            Console.WriteLine($"deleted: {!File.Exists("03-types-of-attention.ipynb")}");
            """)));
        // Megabytes on both channels (the kernel's and the process's own standard output), then output without end.
        string loud = GradingSubmissions.Folder(Submissions, "loud", (Lesson, GradingSubmissions.WithCell(GradingSubmissions.WithCell(lesson, 1, """
            for (int i = 0; i < 20_000; i++) Console.WriteLine(new string('a', 100));
            using (var raw = Console.OpenStandardOutput()) raw.Write(System.Text.Encoding.ASCII.GetBytes(new string('y', 4_000_000)));
            """), 2, "while (true) Console.WriteLine(\"all work and no play\");")));
        string typo = GradingSubmissions.Folder(Submissions, "typo",
            (Lesson, GradingSubmissions.WithSolution(lesson, 1, "    return queries.MatMul(keys.Transpose()).Scale(1 / Math.Sqrt(keys.Columns))")));
        string hog = GradingSubmissions.Folder(Submissions, "hog", (Lesson, GradingSubmissions.WithCell(lesson, 1, """
            var hog = new List<double[]>();
            while (true) hog.Add(new double[50_000_000]);
            """)));
        string fakeEvent = """{"kind":"result","lesson":"03-types-of-attention","exercise":1,"passed":true,"message":"correct"}""";
        string forger = GradingSubmissions.Folder(Submissions, "forger", (Lesson, GradingSubmissions.WithSolution(
            GradingSubmissions.WithCell(lesson, 1, $$""""
                using System.IO;
                Directory.CreateDirectory(@"{{Output}}/forger");
                File.WriteAllText(@"{{Output}}/forger/results.json", """{"score": 99, "tests": []}""");
                File.WriteAllText(@"{{Output}}/gradebook.csv", "forged");
                Console.WriteLine("""{{fakeEvent}}""");
                using (var raw = new StreamWriter(Console.OpenStandardOutput()))
                    foreach (var secret in new[] { "", "0000", "GRADE" }) raw.WriteLine(secret + " " + """{{fakeEvent}}""");
                """"), 1, "    throw new NotImplementedException();")));

        foreach (var folder in new[] { hangs, crashes, vandal, loud, typo, hog, forger }) SubmissionsBefore[folder] = GradingSubmissions.Snapshot(folder);
        SubmissionsBefore[honest] = GradingSubmissions.Snapshot(honest);

        string manifest = GradingSubmissions.Manifest(notebookSeconds: 60, checkSeconds: 10, memoryMegabytes: 1536);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (_, ConsoleOutput, _) = await GradingSubmissions.Grade(
            [honest, hangs, crashes, vandal, loud, typo, hog, forger, "--output", Output, "--jobs", "2", "--manifest", manifest]);
        Duration = clock.Elapsed;
        clock.Restart();
        (_, RerunOutput, _) = await GradingSubmissions.Grade([honest, "--output", Output, "--manifest", manifest]);
        RerunDuration = clock.Elapsed;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public IReadOnlyDictionary<string, double> Scores(string submission) => GradingSubmissions.Scores(Output, submission);

    public IReadOnlyDictionary<string, string> Messages(string submission) => GradingSubmissions.Messages(Output, submission);
}

[Collection(LessonRuns.Collection)]
public class GradingHostileSubmissionTests(GradedHostileSubmissions graded) : IClassFixture<GradedHostileSubmissions>
{
    private void AssertLesson3(string submission, double exercise1, double exercise2, double exercise3)
    {
        var scores = graded.Scores(submission);
        var messages = graded.Messages(submission);
        string report = $"{submission}: {string.Join("; ", messages.Where(m => m.Key.StartsWith("03", StringComparison.Ordinal)).Select(m => $"{m.Key} {scores[m.Key]}: {m.Value}"))}\n{graded.ConsoleOutput}";
        Assert.True(scores["03.1"] == exercise1 && scores["03.2"] == exercise2 && scores["03.3"] == exercise3, report);
    }

    [Fact]
    public void An_honest_zip_graded_alongside_keeps_full_marks() => AssertLesson3("honest", 2, 3, 2);

    [Fact]
    public void A_function_that_never_returns_costs_only_its_exercise()
    {
        AssertLesson3("hangs", 2, 0, 2);
        Assert.Contains("ran out of time", graded.Messages("hangs")["03.2"]);
    }

    [Fact]
    public void Environment_Exit_and_a_stack_overflow_cost_only_the_exercise_that_overflows()
    {
        AssertLesson3("crashes", 2, 3, 0);
        Assert.Contains("stopped the process", graded.Messages("crashes")["03.3"]);
        string results = File.ReadAllText(Path.Combine(graded.Output, "crashes", "results.json"));
        Assert.Contains("exit code 42", results);
    }

    [Fact]
    public void Deleting_every_file_it_can_reach_harms_only_its_own_copy()
    {
        AssertLesson3("vandal", 2, 3, 2);
        foreach (var (submission, before) in graded.SubmissionsBefore)
            Assert.True(before == GradingSubmissions.Snapshot(submission), $"{submission} changed while it was graded");
        Assert.Equal(graded.RepositoryBefore, GradingSubmissions.Snapshot(Path.Combine(TestPaths.RepositoryRoot, "grading"))
            + GradingSubmissions.Snapshot(TestPaths.Notebooks));
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "lib", "AttentionCourse", "bin", "Debug", "net10.0", "AttentionCourse.dll")));
    }

    [Fact]
    public void Megabytes_of_output_and_output_without_end_do_not_cost_points()
    {
        AssertLesson3("loud", 2, 3, 2);
        // The endless cell either runs out of time (and is left out on a restart) or fails; either way the report is
        // written and small.
        var report = new FileInfo(Path.Combine(graded.Output, "loud", "results.json"));
        Assert.True(report.Exists && report.Length < 200_000, $"results.json is {report.Length} bytes");
    }

    [Fact]
    public void A_compile_error_costs_only_the_exercise_it_breaks()
    {
        AssertLesson3("typo", 0, 3, 2);
        Assert.Contains("could not call your code", graded.Messages("typo")["03.1"]);
        Assert.Contains("CS1002", File.ReadAllText(Path.Combine(graded.Output, "typo", "results.json")));
    }

    [Fact]
    public void A_cell_that_runs_out_of_memory_is_left_out_and_costs_nothing()
    {
        AssertLesson3("hog", 2, 3, 2);
        Assert.Contains("ran out of memory", File.ReadAllText(Path.Combine(graded.Output, "hog", "results.json")));
    }

    [Fact]
    public void Forged_results_files_and_fake_events_change_nothing()
    {
        AssertLesson3("forger", 0, 3, 2);
        // Exercises 2 and 3 (5 points) and the exploratory exercise 4 (2 points, solved honestly; 0 only if its check,
        // which trains twice, ran past this run's 10 s check limit): the forged files and events add nothing.
        double exploratory = graded.Scores("forger")["03.4"];
        Assert.True(exploratory is 0 or 2, $"forger, exercise 03.4: {exploratory} points");
        double total = 5 + exploratory;
        Assert.Equal(total, (double)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(graded.Output, "forger", "results.json")))!["score"]!);
        var gradebook = File.ReadAllLines(Path.Combine(graded.Output, "gradebook.csv"));
        Assert.Contains(gradebook, l => l.StartsWith("forger,", StringComparison.Ordinal) && l.EndsWith($",{total},{GradingSubmissions.MaxPoints.Values.Sum()}", StringComparison.Ordinal));
        Assert.Equal(9, gradebook.Length);
    }

    [Fact]
    public void A_submission_already_graded_and_unchanged_is_skipped_on_a_rerun()
    {
        Assert.Contains("honest: already graded and unchanged, skipped", graded.RerunOutput);
        Assert.True(graded.RerunDuration < TimeSpan.FromSeconds(10), $"the rerun took {graded.RerunDuration}");
        AssertLesson3("honest", 2, 3, 2);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// Executes every lesson under notebooks/ with the runner and checks what a student should see: no error, the
/// charts, every exercise's check passing, and the lesson's key numbers in range. Each notebook runs once per test run.
/// </summary>
[Collection(LessonRuns.Collection)]
public partial class CourseNotebookTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>What a lesson must produce.</summary>
    internal sealed record Expectation(int Charts, IReadOnlyDictionary<string, (double Low, double High)> Values);

    internal static readonly Dictionary<string, Expectation> Expectations = new()
    {
        ["01-introduction"] = new(Charts: 3, new Dictionary<string, (double, double)>
        {
            ["attentiveAccuracy"] = (0.9, 1.0),   // the date model with attention is nearly always right
            ["plainAccuracy"] = (0.0, 0.85),      // the one without is clearly worse on the same budget
        }),
        ["02-how-attention-works"] = new(Charts: 3, new Dictionary<string, (double, double)>
        {
            ["longAccuracyWith"] = (0.8, 1.0),     // attention keeps long reversals right
            ["longAccuracyWithout"] = (0.0, 0.5),  // the fixed context vector does not
            ["reversalAlignment"] = (0.8, 1.0),    // the weights trace the anti-diagonal
        }),
        ["03-types-of-attention"] = new(Charts: 9, new Dictionary<string, (double, double)>
        {
            ["unscaledMaxWeight"] = (0.9, 1.0),   // softmax saturates at d_k = 1024 without scaling
            ["scaledMaxWeight"] = (0.0, 0.5),     // ... and not with it
            ["additiveSlowdown"] = (1.0, double.MaxValue), // additive scores cost more than one matrix product
            ["dotAccuracy"] = (0.9, 1.0),         // trained in the same decoder, each score learns the dates
            ["generalAccuracy"] = (0.8, 1.0),     // ... the general one a few points behind at this budget
            ["additiveAccuracy"] = (0.9, 1.0),
        }),
        ["04-machine-translation"] = new(Charts: 6, new Dictionary<string, (double, double)>
        {
            ["bleuGreedy"] = (0.85, 1.0),     // English to French with attention, 120 steps
            ["bleuBeam"] = (0.85, 1.0),
            ["exactGreedy"] = (0.7, 1.0),
            ["longBleuWith"] = (0.5, 1.0),    // sentences of 15-20 words: attention holds up ...
            ["longBleuWithout"] = (0.0, 0.35), // ... the model without it does not (Bahdanau et al., Fig. 2)
        }),
        ["05-self-attention"] = new(Charts: 8, new Dictionary<string, (double, double)>
        {
            ["neighborAccuracy"] = (0.9, 1.0),          // the 2-head model learns the task (chance 10%)
            ["accuracyWithoutPositions"] = (0.0, 0.45), // without positions it cannot, on the same budget
            ["orderBlindBestGuess"] = (0.25, 0.4),      // ... beyond the best order-blind guess, about 3 in 10
            ["orderBlindness"] = (0.0, 1e-9),           // self-attention is permutation-equivariant
            ["pronounAccuracy"] = (0.9, 1.0),           // one head learns which noun a pronoun refers to
            ["antecedentWeight"] = (0.7, 1.0),          // ... by attending to it ("it" finds "cat")
        }),
        ["06-text-summarization"] = new(Charts: 6, new Dictionary<string, (double, double)>
        {
            ["extractiveRougeL"] = (0.5, 1.0),  // attention over sentences finds the facts ...
            ["lead3RougeL"] = (0.0, 0.4),       // ... which lead-3 often misses
            ["factAccuracy"] = (0.9, 1.0),      // the pointer-generator writes the names and numbers
            ["copyOnFacts"] = (0.9, 1.0),       // ... by copying them (1 - p_gen near 1)
            ["handWrittenFactShare"] = (0.0, 0.9), // the failure case: a hand-written article loses a fact
        }),
        ["07-visual-attention"] = new(Charts: 4, new Dictionary<string, (double, double)>
        {
            ["exactCaptions"] = (0.8, 1.0),           // most held-out images get the exact caption
            ["colorShapeAccuracy"] = (0.9, 1.0),      // colours and shapes named right
            ["attentionConcentration"] = (2.0, double.MaxValue), // the named shape gets far more than its area share
            ["peakOnShape"] = (0.8, 1.0),             // the strongest patch touches the named shape
        }),
        ["08-transformer"] = new(Charts: 8, new Dictionary<string, (double, double)>
        {
            ["paddingDifference"] = (0.0, 1e-9),  // padding never changes a real position's output
            ["causalDifference"] = (0.0, 1e-9),   // a later token never changes an earlier output
            ["dateAccuracy"] = (0.85, 1.0),       // the tiny Transformer learns the date task
            ["sampledDateShare"] = (0.5, 1.0),    // most of the language model's samples are real dates
        }),
        ["09-advantages"] = new(Charts: 5, new Dictionary<string, (double, double)>
        {
            ["rnnFar"] = (0.0, 0.6),               // without attention, distant keys are mostly lost ...
            ["rnnNear"] = (0.45, 1.0),             // ... close ones much less (chance is 10%)
            ["rnnAttentionFar"] = (0.75, 1.0),     // attention reads distant keys
            ["transformerFar"] = (0.9, 1.0),       // ... and so does the Transformer
            ["gruChain128"] = (128, 10_000),       // the GRU's chain of operations grows with T ...
            ["attentionChainGrowth"] = (0, 0),     // ... self-attention's does not
            ["bytesPerMatrix"] = (2.9, 3.1),       // scores, scaled scores, weights: three T x T matrices
            ["scoreExponent"] = (1.2, 4.0),        // the score matrix's time grows faster than T (loose: timing)
        }),
        ["10-conclusion"] = new(Charts: 3, new Dictionary<string, (double, double)>
        {
            ["catWeight"] = (0.85, 1.0),          // lesson 1's query picks "cat"
            ["unscaledMaxWeight"] = (0.99, 1.0),  // unscaled scores at d_k = 1024 saturate the softmax
            ["scaledMaxWeight"] = (0.0, 0.5),     // scaled ones do not
            ["orderBlindness"] = (0.0, 1e-9),     // self-attention without positions is order-blind
            ["lead3RougeL"] = (0.0, 0.4),         // lead-3 on data/news-articles.jsonl
            ["uniformMassError"] = (0.0, 1e-12),  // uniform attention puts a shape's area share on it
        }),
    };

    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRunResult>>> Runs = new();

    public static TheoryData<string> Lessons()
    {
        var lessons = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TestPaths.Notebooks, "*.ipynb").Order(StringComparer.Ordinal))
            lessons.Add(Path.GetFileNameWithoutExtension(path));
        return lessons;
    }

    private static Task<NotebookRunResult> Run(string lesson) => Runs.GetOrAdd(lesson, name => new Lazy<Task<NotebookRunResult>>(() =>
    {
        var expectation = Expectations[name];
        return NotebookRunner.RunAsync(Path.Combine(TestPaths.Notebooks, name + ".ipynb"),
            new NotebookRunOptions { CaptureVariables = expectation.Values.Keys.ToList(), Timeout = TimeSpan.FromMinutes(5) });
    })).Value;

    [Fact]
    public void Every_lesson_has_expectations()
    {
        var missing = Directory.GetFiles(TestPaths.Notebooks, "*.ipynb").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(l => !Expectations.ContainsKey(l)).ToList();
        Assert.True(missing.Count == 0, $"Add expectations for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_runs_without_error_and_shows_its_charts_and_key_numbers(string lesson)
    {
        var result = await Run(lesson);
        Assert.True(result.Succeeded, $"{lesson} failed at {result.Failure}");

        var outputs = result.Executed.CodeCells.SelectMany(c => c.Outputs).OfType<JsonObject>().ToList();
        int charts = outputs.Count(o => Html(o).Contains("renderPlotly", StringComparison.Ordinal));
        Assert.True(charts >= Expectations[lesson].Charts, $"{lesson} shows {charts} charts, expected at least {Expectations[lesson].Charts}.");

        foreach (var (name, (low, high)) in Expectations[lesson].Values)
        {
            double value = double.Parse(result.Values[name], CultureInfo.InvariantCulture);
            output.WriteLine($"managed (default) {lesson,-26} {name,-26} {value,10:G4}  expected [{low}, {high}]");
            Assert.True(value >= low && value <= high, $"{lesson}: {name} = {value}, expected within [{low}, {high}].");
        }
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Every_exercise_has_a_marked_solution_and_its_check_passes(string lesson)
    {
        var result = await Run(lesson);
        Assert.True(result.Succeeded, $"{lesson} failed at {result.Failure}");
        var sources = result.Executed.CodeCells.Select(c => c.Source).ToList();
        int exercises = sources.Count(s => s.Contains("// BEGIN SOLUTION", StringComparison.Ordinal));
        Assert.True(exercises >= 4, $"{lesson} has {exercises} exercises; every lesson needs at least four.");
        Assert.True(result.Executed.Cells.Any(c => c.Source.Contains("(explore)", StringComparison.Ordinal)),
            $"{lesson} has no exercise marked (explore): every lesson needs an experiment to change, retrain and report.");
        Assert.Equal(exercises, sources.Count(s => s.Contains("// END SOLUTION", StringComparison.Ordinal)));

        string allOutputs = string.Join("\n", result.Executed.CodeCells.SelectMany(c => c.Outputs).OfType<JsonObject>().Select(Html));
        for (int n = 1; n <= exercises; n++)
            Assert.Contains($"Exercise {n}: correct", allOutputs);
    }

    [SkippableTheory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_html_draws_every_chart_offline(string lesson)
    {
        Chromium.Require();
        var result = await Run(lesson);
        Assert.True(result.Succeeded, $"{lesson} failed at {result.Failure}");
        string page = Path.Combine(TestPaths.TemporaryFolder("lesson-html"), lesson + ".html");
        HtmlExporter.Write(result.Executed, page);

        string dom = Chromium.DumpDom(page);
        int drawn = PlotContainer().Matches(dom).Count;
        Assert.True(drawn >= Expectations[lesson].Charts, $"{lesson}: headless Chromium drew {drawn} plots offline, expected at least {Expectations[lesson].Charts}.");
    }

    [GeneratedRegex("class=\"plot-container plotly\"")]
    internal static partial Regex PlotContainer();

    /// <summary>An output's HTML (or plain text, or stream text) as one string.</summary>
    internal static string Html(JsonObject output)
    {
        var node = output["data"]?["text/html"] ?? output["data"]?["text/plain"] ?? output["text"];
        return node switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
            JsonValue value => value.ToString(),
            _ => "",
        };
    }
}

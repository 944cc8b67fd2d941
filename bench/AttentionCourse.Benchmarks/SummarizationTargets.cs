using System.Diagnostics;
using AttentionCourse.Metrics;
using AttentionCourse.Summarization;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The summarization targets of issue 13: the extractive summarizer against lead-3 on ROUGE, and how well the
/// pointer-generator reproduces names and numbers by copying. Run with <c>-- targets summarization</c>
/// (<c>extractive</c> or <c>abstractive</c> for one of them).
/// </summary>
internal static class SummarizationTargets
{
    public static void Run(string which, string[] rest)
    {
        if (which is "news-data")
        {
            // The articles lesson 6 opens: data/news-articles.jsonl (see data/README.md).
            var path = rest.Length > 0 ? rest[0] : Path.Combine("data", "news-articles.jsonl");
            NewsArticleFile.WriteGenerated(path, count: 200, seed: 2026);
            Console.WriteLine($"wrote 200 articles (seed 2026) to {Path.GetFullPath(path)}");
            return;
        }
        Console.WriteLine($"CPU: {Machine.CpuName()}, {Environment.ProcessorCount} logical processors");
        if (which is "summarization" or "extractive") Extractive();
        if (which is "summarization" or "abstractive") Abstractive(rest.Length > 0 ? rest.Select(double.Parse).ToArray() : [200, 5e-3, 32]);
    }

    /// <summary>Extractive (top 2 sentences by attention) against lead-3 and lead-2 on 500 held-out articles.</summary>
    public static void Extractive()
    {
        var train = NewsArticles.Generate(2_000, seed: 1);
        var test = NewsArticles.Generate(500, seed: 2);
        var model = ExtractiveSummarizer.Create(train, new Random(1));
        var history = model.Fit(train, steps: 300, batchSize: 16, learningRate: 2e-2, seed: 1);
        var references = test.Select(a => a.Summary).ToList();
        var summaries = test.Select(a => model.Summarize(a, k: 2)).ToList();
        double picked = test.Zip(summaries).Average(p => p.First.FactSentences.SequenceEqual(p.Second.Selected) ? 1.0 : 0.0);
        double mass = test.Zip(summaries).Average(p => p.First.FactSentences.Sum(i => p.Second.Weights[i]));
        Report("extractive top-2", Rouge.Average(summaries.Select(s => s.Text).ToList(), references));
        Report("lead-3", Rouge.Average(test.Select(a => LeadBaseline.Summarize(a, 3)).ToList(), references));
        Report("lead-2", Rouge.Average(test.Select(a => LeadBaseline.Summarize(a, 2)).ToList(), references));
        Console.WriteLine($"extractive: picked exactly the two fact sentences in {picked:P1} of articles; attention on fact sentences {mass:P1} on average; " +
                          $"{model.ParameterCount:N0} parameters, 300 batches of 16 in {history.Duration.TotalSeconds:F1} s");
    }

    /// <summary>Pointer-generator: settings are steps, learning rate, batch size.</summary>
    public static void Abstractive(double[] settings)
    {
        int steps = (int)settings[0], batch = (int)settings[2];
        var train = NewsArticles.Generate(3_000, seed: 1);
        var test = NewsArticles.Generate(300, seed: 2);
        var model = PointerGenerator.Create(train, new Random(1));
        int unknownFacts = test.Sum(a => a.Facts.Count(f => !model.Vocabulary.Contains(f)));
        Console.WriteLine($"abstractive: vocabulary {model.Vocabulary.Count} words; {unknownFacts / (double)test.Sum(a => a.Facts.Count):P1} of held-out fact words are outside it; " +
                          $"{model.ParameterCount:N0} parameters, batch {batch}, Adam {settings[1]}");
        var clock = Stopwatch.StartNew();
        var history = model.Fit(train, steps, batchSize: batch, learningRate: settings[1], seed: 1,
            onProgress: p => { if (p.Step % 100 == 0) Console.WriteLine($"  {p}"); });
        var result = model.Evaluate(test);
        Report("pointer-generator", result.Rouge);
        Report("lead-3", Rouge.Average(test.Select(a => LeadBaseline.Summarize(a, 3)).ToList(), test.Select(a => a.Summary).ToList()));
        Console.WriteLine($"abstractive: facts reproduced {result.FactAccuracy:P1}, exact summaries {result.ExactMatch:P1}; copied words {result.CopiedShare:P1} of output, " +
                          $"words found in the document {result.SourceShare:P1}; mean 1 - p_gen on fact words {result.CopyProbabilityOnFacts:F3}, on other words {result.CopyProbabilityOnOtherWords:F3}; " +
                          $"{steps} batches in {history.Duration.TotalSeconds:F1} s (with evaluation {clock.Elapsed.TotalSeconds:F1} s)");
        foreach (var (article, summary) in test.Zip(result.Summaries).Take(3))
            Console.WriteLine($"  reference: {article.Summary}\n  generated: {summary.Text}");
    }

    private static void Report(string name, Rouge.Scores scores) =>
        Console.WriteLine($"{name,-18} ROUGE-1 {scores.Rouge1.F1:F3}  ROUGE-2 {scores.Rouge2.F1:F3}  ROUGE-L {scores.RougeL.F1:F3}");
}

/// <summary>What machine a measurement ran on.</summary>
internal static class Machine
{
    /// <summary>The processor's model name from /proc/cpuinfo, or "unknown CPU".</summary>
    public static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException) { return "unknown CPU"; }
    }
}

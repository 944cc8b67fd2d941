using AttentionCourse.Metrics;
using AttentionCourse.Summarization;

namespace AttentionCourse.Tests.Summarization;

public class ExtractiveSummarizerTests
{
    [Fact]
    public void Sentence_attention_sums_to_one_and_its_gradients_match_finite_differences()
    {
        var articles = NewsArticles.Generate(3, seed: 1);
        var model = ExtractiveSummarizer.Create(NewsArticles.Generate(50, seed: 2), new Random(1), embeddingSize: 4, hiddenSize: 3);
        Assert.Equal(1, model.Attention(articles[0].Sentences).Value.Row(0).Sum(), 12);
        TestData.AssertGradientsMatch(_ => model.Loss(articles), model.Projection.Weight, model.Query);
    }

    [Fact]
    public void A_small_extractive_summarizer_learns_to_attend_to_fact_sentences_and_beats_lead_3()
    {
        var train = NewsArticles.Generate(400, seed: 1);
        var test = NewsArticles.Generate(100, seed: 2);
        var model = ExtractiveSummarizer.Create(train, new Random(1));
        var history = model.Fit(train, steps: 60, batchSize: 16, learningRate: 2e-2, seed: 1);
        // With two fact sentences the target is (1/2, 1/2), whose entropy log 2 is the lowest loss possible.
        Assert.True(history.FinalLoss(5) < Math.Log(2) + 0.05, $"loss {history.Losses[0]:F2} -> {history.FinalLoss(5):F2}");

        var summaries = test.Select(a => model.Summarize(a, k: 2)).ToList();
        double hits = test.Zip(summaries).Average(p => p.First.FactSentences.SequenceEqual(p.Second.Selected) ? 1.0 : 0.0);
        Assert.True(hits > 0.9, $"picked exactly the fact sentences in {hits:P0} of articles");
        var references = test.Select(a => a.Summary).ToList();
        double extractive = Rouge.Average(summaries.Select(s => s.Text).ToList(), references).RougeL.F1;
        double lead = Rouge.Average(test.Select(a => LeadBaseline.Summarize(a, 3)).ToList(), references).RougeL.F1;
        Assert.True(extractive > lead + 0.1, $"ROUGE-L extractive {extractive:F3} vs lead-3 {lead:F3}");
    }

    [Fact]
    public void Summaries_keep_document_order_and_report_every_weight()
    {
        var model = ExtractiveSummarizer.Create(NewsArticles.Generate(20, seed: 3), new Random(2));
        var article = NewsArticles.Generate(1, seed: 4)[0];
        var summary = model.Summarize(article, k: 3);
        Assert.Equal(summary.Selected.Order(), summary.Selected);
        Assert.Equal(article.Sentences.Count, summary.Weights.Count);
        Assert.Equal(string.Join(' ', summary.Selected.Select(i => article.Sentences[i])), summary.Text);
    }
}

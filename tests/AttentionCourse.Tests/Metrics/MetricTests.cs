using AttentionCourse.Metrics;

namespace AttentionCourse.Tests.Metrics;

public class MetricTests
{
    private static IReadOnlyList<string> Words(string text) => text.Split(' ');

    [Fact]
    public void Bleu_matches_hand_computed_precisions()
    {
        // p1 = 5/6, p2 = 3/5, p3 = 1/4, same length: BLEU-3 = (5/6 * 3/5 * 1/4)^(1/3) = 0.5
        var result = Bleu.Corpus([Words("the cat sat on the mat")], [Words("the cat is on the mat")], maxOrder: 3);
        Assert.Equal([5 / 6.0, 3 / 5.0, 1 / 4.0], result.Precisions);
        Assert.Equal(1, result.BrevityPenalty);
        Assert.Equal(0.5, result.Score, 12);
        Assert.Equal(0, Bleu.Corpus([Words("the cat sat on the mat")], [Words("the cat is on the mat")]).Score);
    }

    [Fact]
    public void Bleu_penalizes_short_candidates_and_clips_repeated_words()
    {
        var brief = Bleu.Corpus([Words("the cat")], [Words("the cat sat on")], maxOrder: 2);
        Assert.Equal(Math.Exp(-1), brief.Score, 12);
        var repeated = Bleu.Corpus([Words("the the the")], [Words("the cat")], maxOrder: 1);
        Assert.Equal(1 / 3.0, repeated.Precisions[0], 12);
    }

    [Fact]
    public void Bleu_sums_counts_over_the_corpus_before_dividing()
    {
        // Corpus-level: p1 = (2 + 1) / (2 + 2) = 3/4, not the mean of sentence precisions.
        var result = Bleu.Corpus([Words("a b"), Words("c d")], [Words("a b"), Words("c e")], maxOrder: 1);
        Assert.Equal(0.75, result.Precisions[0], 12);
        Assert.Equal(1.0, Bleu.Corpus([Words("a b c d")], [Words("a b c d")]).Score, 12);
    }

    [Fact]
    public void Exact_match_and_token_accuracy_match_hand_values()
    {
        Assert.Equal(0.5, SequenceMetrics.ExactMatch(["2021-03-03", "1999-01-01"], ["2021-03-03", "1999-01-02"]));
        IReadOnlyList<IReadOnlyList<int>> predictions = [[1, 2, 3], [4]];
        IReadOnlyList<IReadOnlyList<int>> references = [[1, 2, 4], [4, 5]];
        Assert.Equal(3 / 5.0, SequenceMetrics.TokenAccuracy(predictions, references), 12);
        Assert.Equal(0, SequenceMetrics.ExactMatch(predictions, references));
        Assert.Throws<ArgumentException>(() => SequenceMetrics.ExactMatch(["a"], ["a", "b"]));
    }
}

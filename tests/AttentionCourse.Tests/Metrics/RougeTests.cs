using AttentionCourse.Metrics;

namespace AttentionCourse.Tests.Metrics;

public class RougeTests
{
    [Fact]
    public void Rouge_tokenizes_as_rouge_score_does_lowercase_alphanumeric_runs()
    {
        Assert.Equal(["mr", "o", "neil", "paid", "1", "200"], Rouge.Tokenize("Mr. O'Neil paid 1,200!"));
        Assert.Empty(Rouge.Tokenize(" ... "));
    }

    [Fact]
    public void Rouge_matches_hand_values_on_a_candidate_with_an_extra_word()
    {
        // candidate: the cat was found under the bed (7 words); reference: the cat was under the bed (6 words)
        // ROUGE-1: overlap the x2, cat, was, under, bed = 6; P = 6/7, R = 6/6, F = 2 (6/7) / (6/7 + 1) = 12/13
        // ROUGE-2: candidate bigrams 6, reference bigrams 5, shared: the cat, cat was, under the, the bed = 4;
        //          P = 4/6, R = 4/5, F = 2 (2/3)(4/5) / (2/3 + 4/5) = 8/11
        // ROUGE-L: the whole reference is a subsequence of the candidate, LCS = 6: P = 6/7, R = 1, F = 12/13
        var scores = Rouge.Compute("The cat was found under the bed.", "the cat was under the bed");
        AssertScore(6 / 7.0, 1, 12 / 13.0, scores.Rouge1);
        AssertScore(4 / 6.0, 4 / 5.0, 8 / 11.0, scores.Rouge2);
        AssertScore(6 / 7.0, 1, 12 / 13.0, scores.RougeL);
    }

    [Fact]
    public void Rouge_l_rewards_word_order_where_rouge_2_cannot_tell_lin_2004_example()
    {
        // Lin (2004), section 3.1: reference "police killed the gunman".
        // C1 "police kill the gunman": LCS police, the, gunman = 3 -> P = R = F = 3/4; shared bigram "the gunman" -> 1/3
        // C2 "the gunman kill police": LCS the, gunman = 2 -> P = R = F = 1/2; shared bigram "the gunman" -> 1/3
        const string reference = "Police killed the gunman.";
        Assert.Equal(0.75, Rouge.L("police kill the gunman", reference).F1, 12);
        Assert.Equal(0.5, Rouge.L("the gunman kill police", reference).F1, 12);
        Assert.Equal(1 / 3.0, Rouge.N("police kill the gunman", reference, 2).F1, 12);
        Assert.Equal(1 / 3.0, Rouge.N("the gunman kill police", reference, 2).F1, 12);
    }

    [Fact]
    public void Rouge_n_clips_repeated_words_to_their_count_in_the_other_text()
    {
        // candidate "the the the" vs reference "the cat": overlap min(3, 1) = 1; P = 1/3, R = 1/2, F = 2/5
        var score = Rouge.N("the the the", "the cat", 1);
        Assert.Equal(0.4, score.F1, 12);
        Assert.Equal(1 / 3.0, score.Precision, 12);
    }

    [Fact]
    public void Rouge_is_zero_for_an_empty_candidate_or_no_overlap()
    {
        Assert.Equal(0, Rouge.L("", "the cat").F1);
        Assert.Equal(0, Rouge.N("dog", "the cat", 1).F1);
        Assert.Equal(0, Rouge.N("cat", "cat", 2).F1); // a one-word text has no bigrams
    }

    [Fact]
    public void Rouge_average_is_the_mean_of_per_summary_scores()
    {
        var average = Rouge.Average(["the cat", "a dog"], ["the cat", "the cat"]);
        Assert.Equal(0.5, average.Rouge1.F1, 12);
        Assert.Throws<ArgumentException>(() => Rouge.Average(["a"], []));
    }

    private static void AssertScore(double precision, double recall, double f1, Rouge.Score actual)
    {
        Assert.Equal(precision, actual.Precision, 12);
        Assert.Equal(recall, actual.Recall, 12);
        Assert.Equal(f1, actual.F1, 12);
    }
}

using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class PronounSentencesTests
{
    private static readonly Dictionary<string, string> GenderOf = new()
    {
        ["boy"] = "he", ["man"] = "he", ["king"] = "he", ["father"] = "he",
        ["girl"] = "she", ["woman"] = "she", ["queen"] = "she", ["mother"] = "she",
        ["cat"] = "it", ["dog"] = "it", ["horse"] = "it", ["bird"] = "it",
    };

    [Fact]
    public void The_pronoun_agrees_with_its_antecedent_and_not_with_the_other_noun()
    {
        foreach (var sentence in PronounSentences.Generate(500, seed: 3))
        {
            string pronoun = sentence.Words[sentence.Pronoun];
            int other = sentence.Antecedent == 1 ? 4 : 1;
            Assert.Equal(pronoun, GenderOf[sentence.Words[sentence.Antecedent]]);
            Assert.NotEqual(pronoun, GenderOf[sentence.Words[other]]);
            Assert.All(sentence.Words, w => Assert.Contains(w, PronounSentences.Lexicon));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_sentences_and_both_nouns_are_antecedents_about_equally_often()
    {
        var sentences = PronounSentences.Generate(1000, seed: 4);
        Assert.Equal(sentences.Select(s => s.Text), PronounSentences.Generate(1000, seed: 4).Select(s => s.Text));
        double toSubject = sentences.Average(s => s.Antecedent == 1 ? 1.0 : 0.0);
        Assert.InRange(toSubject, 0.45, 0.55);
    }
}

using AttentionCourse.Data;
using AttentionCourse.Tensors;

namespace AttentionCourse.Attention;

/// <summary>
/// A <see cref="SelfAttentionTagger"/> with one readout over the words on <see cref="PronounSentences"/>: at the
/// pronoun's position it must name the noun the pronoun refers to; no other position is scored.
/// </summary>
public static class PronounTask
{
    /// <summary>The words of <see cref="PronounSentences.Lexicon"/> after the special tokens.</summary>
    public static Vocabulary Vocabulary { get; } = Vocabulary.FromTokens(PronounSentences.Lexicon);

    /// <summary>The sentences as tagged sequences: the antecedent's word at the pronoun, nothing elsewhere.</summary>
    public static List<TaggedSequence> Tagged(IEnumerable<PronounSentence> sentences) => sentences.Select(s =>
    {
        var tokens = Vocabulary.Encode(s.Words);
        var targets = Enumerable.Repeat(TaggingTask.NoTarget, tokens.Length).ToArray();
        targets[s.Pronoun] = tokens[s.Antecedent];
        return new TaggedSequence(tokens, [targets]);
    }).ToList();

    /// <summary>The attention weights of each head for one sentence, <c>(words, words)</c> each.</summary>
    public static IReadOnlyList<MathNet.Numerics.LinearAlgebra.Matrix<double>> HeadWeights(SelfAttentionTagger model, IReadOnlyList<string> words)
    {
        using (Tensor.NoGrad())
            return model.Forward(Vocabulary.Encode(words)).Attention.HeadWeights.Select(w => w.Value).ToList();
    }

    /// <summary>
    /// The weight the pronoun puts on the noun it refers to, averaged over the heads and the sentences: 1 means the
    /// pronoun looks only at its antecedent.
    /// </summary>
    public static double AntecedentWeight(SelfAttentionTagger model, IReadOnlyList<PronounSentence> sentences) =>
        sentences.Average(s => HeadWeights(model, s.Words).Average(w => w[s.Pronoun, s.Antecedent]));
}

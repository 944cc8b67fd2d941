namespace AttentionCourse.Data;

/// <summary>One sentence of the pronoun task: its words, where its pronoun is, and where the noun it refers to is.</summary>
/// <param name="Words">The sentence, e.g. "the boy saw the cat and it was tired".</param>
/// <param name="Pronoun">Position of the pronoun ("it", "he" or "she").</param>
/// <param name="Antecedent">Position of the noun the pronoun refers to.</param>
public sealed record PronounSentence(string[] Words, int Pronoun, int Antecedent)
{
    /// <summary>The sentence as text.</summary>
    public string Text => string.Join(' ', Words);
}

/// <summary>
/// A task that needs one word to find another: "the {noun} {verb} the {noun} and {pronoun} was {adjective}", where
/// the two nouns differ in gender (he, she or it) and the pronoun agrees with one of them, chosen at random. Naming
/// the noun the pronoun stands for needs the pronoun to look back at the noun of its gender: "it" finds "cat".
/// </summary>
public static class PronounSentences
{
    private static readonly (string Pronoun, string[] Nouns)[] Genders =
    [
        ("he", ["boy", "man", "king", "father"]),
        ("she", ["girl", "woman", "queen", "mother"]),
        ("it", ["cat", "dog", "horse", "bird"]),
    ];

    private static readonly string[] Verbs = ["saw", "met", "followed", "heard"];
    private static readonly string[] Adjectives = ["tired", "happy", "hungry", "late"];

    /// <summary>Every word the sentences use, in a fixed order.</summary>
    public static IReadOnlyList<string> Lexicon { get; } =
        ["the", "and", "was", .. Genders.Select(g => g.Pronoun), .. Genders.SelectMany(g => g.Nouns), .. Verbs, .. Adjectives];

    /// <summary><paramref name="count"/> sentences drawn with <paramref name="seed"/>; the same seed gives the same sentences.</summary>
    public static List<PronounSentence> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = new List<PronounSentence>(count);
        for (int i = 0; i < count; i++)
        {
            int first = random.Next(Genders.Length);
            int second = (first + 1 + random.Next(Genders.Length - 1)) % Genders.Length; // a different gender
            string subject = Pick(Genders[first].Nouns, random), obj = Pick(Genders[second].Nouns, random);
            bool toSubject = random.Next(2) == 0;
            string pronoun = Genders[toSubject ? first : second].Pronoun;
            string[] words = ["the", subject, Pick(Verbs, random), "the", obj, "and", pronoun, "was", Pick(Adjectives, random)];
            sentences.Add(new PronounSentence(words, Pronoun: 6, Antecedent: toSubject ? 1 : 4));
        }
        return sentences;
    }

    private static string Pick(string[] words, Random random) => words[random.Next(words.Length)];
}

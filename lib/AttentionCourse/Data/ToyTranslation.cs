namespace AttentionCourse.Data;

/// <summary>
/// A toy translation task with a fixed, invented target language whose word order differs from English,
/// so that the attention alignment between source and target is visibly not diagonal:
/// <list type="bullet">
/// <item>English-like source: <c>[det] [adj] noun verb [det] [adj] noun [adverb]</c> ("the small dog sees a red bird quickly").</item>
/// <item>Target: subject-object-verb order, adjectives after their noun, the adverb before the verb:
/// <c>det' noun' [adj'] det' noun' [adj'] [adverb'] verb'</c>.</item>
/// <item>Agreement: target determiners and adjectives agree with their noun's gender (each noun has one) and
/// number; the verb agrees with the subject's number.</item>
/// </list>
/// The lexicon is fixed (it does not depend on the seed); the seed chooses the sentences.
/// </summary>
public static class ToyTranslation
{
    private static readonly string[] NounStems =
    [
        "dog", "cat", "bird", "horse", "fish", "child", "teacher", "farmer", "king", "queen", "doctor", "student",
        "baker", "sailor", "painter", "singer", "wolf", "fox", "bear", "mouse", "lion", "tiger", "rabbit", "frog",
        "friend", "neighbor", "soldier", "pilot", "driver", "writer", "girl", "boy", "woman", "man", "nurse",
        "monkey", "goat", "sheep", "cow", "duck",
    ];

    private static readonly string[] Adjectives =
    [
        "big", "small", "red", "blue", "green", "old", "young", "happy", "sad", "tall", "short", "quiet",
        "loud", "clever", "lazy", "brave", "kind", "angry", "tired", "hungry", "strong", "gentle", "proud", "shy",
        "rich", "poor", "busy", "calm", "wild", "friendly",
    ];

    private static readonly (string Singular, string Plural)[] Verbs =
    [
        ("sees", "see"), ("likes", "like"), ("helps", "help"), ("follows", "follow"), ("finds", "find"),
        ("calls", "call"), ("watches", "watch"), ("visits", "visit"), ("feeds", "feed"), ("chases", "chase"),
        ("meets", "meet"), ("knows", "know"), ("hears", "hear"), ("teaches", "teach"), ("paints", "paint"),
        ("greets", "greet"), ("loves", "love"), ("fears", "fear"), ("thanks", "thank"), ("pushes", "push"),
    ];

    private static readonly string[] Adverbs = ["quickly", "slowly", "often", "never", "again", "today", "quietly", "gladly"];

    private static readonly Lexicon Target = Lexicon.Create();

    /// <summary>
    /// <paramref name="count"/> (English-like sentence, target sentence) pairs, words separated by spaces
    /// (tokenize with <see cref="WordTokenizer"/> or by splitting on spaces).
    /// </summary>
    public static List<SequencePair> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new List<SequencePair>(count);
        for (int i = 0; i < count; i++)
        {
            var subject = NounPhrase.Random(random);
            var @object = NounPhrase.Random(random);
            int verb = random.Next(Verbs.Length);
            int adverb = random.NextDouble() < 0.4 ? random.Next(Adverbs.Length) : -1;

            var source = new List<string>();
            source.AddRange(subject.English());
            source.Add(subject.Plural ? Verbs[verb].Plural : Verbs[verb].Singular);
            source.AddRange(@object.English());
            if (adverb >= 0) source.Add(Adverbs[adverb]);

            var target = new List<string>();
            target.AddRange(subject.Translated());
            target.AddRange(@object.Translated());
            if (adverb >= 0) target.Add(Target.Adverbs[adverb]);
            target.Add(Target.Verbs[verb] + (subject.Plural ? "an" : "a"));

            pairs.Add(new SequencePair(string.Join(' ', source), string.Join(' ', target)));
        }
        return pairs;
    }

    /// <summary>Number of distinct source words the grammar can produce.</summary>
    public static int SourceVocabularySize =>
        4 + NounStems.Length * 2 + Adjectives.Length + Verbs.Length * 2 + Adverbs.Length;

    private sealed record NounPhrase(int Noun, bool Plural, bool Definite, int Adjective)
    {
        public static NounPhrase Random(Random random) =>
            new(random.Next(NounStems.Length), random.NextDouble() < 0.35, random.NextDouble() < 0.6,
                random.NextDouble() < 0.55 ? random.Next(Adjectives.Length) : -1);

        public IEnumerable<string> English()
        {
            yield return Definite ? (Plural ? "these" : "the") : (Plural ? "some" : "a");
            if (Adjective >= 0) yield return Adjectives[Adjective];
            string stem = NounStems[Noun];
            yield return Plural ? EnglishPlural(stem) : stem;
        }

        public IEnumerable<string> Translated()
        {
            var (word, feminine) = Target.Nouns[Noun];
            // Determiner by definiteness, gender and number; adjective ending by gender and number.
            yield return (Definite, feminine, Plural) switch
            {
                (true, false, false) => "lo", (true, true, false) => "la", (true, false, true) => "los", (true, true, true) => "las",
                (false, false, false) => "un", (false, true, false) => "una", (false, false, true) => "unos", _ => "unas",
            };
            yield return Plural ? word + "s" : word;
            if (Adjective >= 0) yield return Target.Adjectives[Adjective] + (feminine ? "a" : "o") + (Plural ? "s" : "");
        }

        private static string EnglishPlural(string stem) => stem switch
        {
            "child" => "children", "woman" => "women", "man" => "men", "mouse" => "mice", "sheep" => "sheep",
            "fish" => "fish", "wolf" => "wolves", "fox" => "foxes",
            _ => stem + "s",
        };
    }

    /// <summary>The invented target words, made of syllables from a fixed seed.</summary>
    private sealed record Lexicon((string Word, bool Feminine)[] Nouns, string[] Adjectives, string[] Verbs, string[] Adverbs)
    {
        public static Lexicon Create()
        {
            var random = new Random(20261124);
            var used = new HashSet<string> { "lo", "la", "los", "las", "un", "una", "unos", "unas" };
            string Word(int syllables, string ending = "")
            {
                const string consonants = "bdfgklmnprstvz", vowels = "aeiou";
                while (true)
                {
                    var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => $"{consonants[random.Next(consonants.Length)]}{vowels[random.Next(vowels.Length)]}")) + ending;
                    if (used.Add(word)) return word;
                }
            }
            var nouns = NounStems.Select(_ => (Word(2, "r"), random.NextDouble() < 0.5)).ToArray();
            var adjectives = ToyTranslation.Adjectives.Select(_ => Word(2, "t")).ToArray();
            var verbs = ToyTranslation.Verbs.Select(_ => Word(2, "k")).ToArray();
            var adverbs = ToyTranslation.Adverbs.Select(_ => Word(3)).ToArray();
            return new Lexicon(nouns, adjectives, verbs, adverbs);
        }
    }
}

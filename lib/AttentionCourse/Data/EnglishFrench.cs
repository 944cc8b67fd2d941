namespace AttentionCourse.Data;

/// <summary>
/// A small English → French translation task generated from a grammar with real words, so that attention has
/// real reorderings and agreements to learn (lesson 4). Sentences are <c>subject [adverb] verb object [place]</c>:
/// <list type="bullet">
/// <item>Most French adjectives follow their noun ("the black cat" → "le chat noir"); a few precede it, as in
/// English ("the small cat" → "le petit chat"), so "the small black cat" becomes "le petit chat noir".</item>
/// <item>Articles and adjectives agree with the noun's gender and number ("the" is le, la or les; "black" is noir,
/// noire, noirs or noires); the verb agrees with the subject's number, and two subjects joined by "and" are plural.</item>
/// <item>The adverb moves behind the verb ("the cat often sees the dog" → "le chat voit souvent le chien") and an
/// object pronoun moves before it ("the cat sees her" → "le chat la voit").</item>
/// </list>
/// The lexicon is fixed; the seed chooses the sentences, and the same seed gives the same pairs on every machine.
/// No noun or verb starts with a vowel, so French never elides ("l'", "n'").
/// </summary>
public static class EnglishFrench
{
    private sealed record Noun(string English, string EnglishPlural, string French, string FrenchPlural, bool Feminine);

    /// <summary>An adjective with its French forms: masculine and feminine, singular and plural.</summary>
    private sealed record Adjective(string English, string Masculine, string Feminine, string MasculinePlural,
        string FemininePlural, bool BeforeNoun);

    private sealed record Verb(string EnglishSingular, string EnglishPlural, string FrenchSingular, string FrenchPlural);

    private static readonly Noun[] Nouns =
    [
        new("cat", "cats", "chat", "chats", false), new("dog", "dogs", "chien", "chiens", false),
        new("horse", "horses", "cheval", "chevaux", false), new("rabbit", "rabbits", "lapin", "lapins", false),
        new("fox", "foxes", "renard", "renards", false), new("wolf", "wolves", "loup", "loups", false),
        new("pig", "pigs", "cochon", "cochons", false), new("duck", "ducks", "canard", "canards", false),
        new("boy", "boys", "garçon", "garçons", false), new("king", "kings", "roi", "rois", false),
        new("lion", "lions", "lion", "lions", false), new("monkey", "monkeys", "singe", "singes", false),
        new("mouse", "mice", "souris", "souris", true), new("cow", "cows", "vache", "vaches", true),
        new("hen", "hens", "poule", "poules", true), new("turtle", "turtles", "tortue", "tortues", true),
        new("frog", "frogs", "grenouille", "grenouilles", true), new("goat", "goats", "chèvre", "chèvres", true),
        new("girl", "girls", "fille", "filles", true), new("woman", "women", "femme", "femmes", true),
        new("queen", "queens", "reine", "reines", true), new("owl", "owls", "chouette", "chouettes", true),
        new("giraffe", "giraffes", "girafe", "girafes", true), new("whale", "whales", "baleine", "baleines", true),
    ];

    private static readonly Adjective[] Adjectives =
    [
        new("black", "noir", "noire", "noirs", "noires", false),
        new("white", "blanc", "blanche", "blancs", "blanches", false),
        new("green", "vert", "verte", "verts", "vertes", false),
        new("grey", "gris", "grise", "gris", "grises", false),
        new("red", "rouge", "rouge", "rouges", "rouges", false),
        new("happy", "content", "contente", "contents", "contentes", false),
        new("tired", "fatigué", "fatiguée", "fatigués", "fatiguées", false),
        new("hungry", "affamé", "affamée", "affamés", "affamées", false),
        new("lazy", "paresseux", "paresseuse", "paresseux", "paresseuses", false),
        new("clever", "malin", "maligne", "malins", "malignes", false),
        new("small", "petit", "petite", "petits", "petites", true),
        new("big", "grand", "grande", "grands", "grandes", true),
        new("young", "jeune", "jeune", "jeunes", "jeunes", true),
        new("old", "vieux", "vieille", "vieux", "vieilles", true),
    ];

    private static readonly Verb[] Verbs =
    [
        new("sees", "see", "voit", "voient"), new("watches", "watch", "regarde", "regardent"),
        new("follows", "follow", "suit", "suivent"), new("finds", "find", "trouve", "trouvent"),
        new("knows", "know", "connaît", "connaissent"), new("carries", "carry", "porte", "portent"),
        new("pushes", "push", "pousse", "poussent"), new("washes", "wash", "lave", "lavent"),
        new("meets", "meet", "rencontre", "rencontrent"), new("greets", "greet", "salue", "saluent"),
        new("draws", "draw", "dessine", "dessinent"), new("protects", "protect", "protège", "protègent"),
        new("chases", "chase", "chasse", "chassent"), new("feeds", "feed", "nourrit", "nourrissent"),
    ];

    private static readonly (string English, string French)[] Adverbs =
    [
        ("often", "souvent"), ("always", "toujours"), ("sometimes", "parfois"), ("rarely", "rarement"), ("also", "aussi"),
    ];

    private static readonly (string English, string French)[] Pronouns = [("him", "le"), ("her", "la"), ("them", "les")];

    private static readonly (string English, string French)[] Places =
    [
        ("in the garden", "dans le jardin"), ("in the forest", "dans la forêt"), ("near the river", "près de la rivière"),
        ("on the farm", "à la ferme"), ("in the house", "dans la maison"), ("near the lake", "près du lac"),
    ];

    private static readonly HashSet<string> VerbForms =
        Verbs.SelectMany(v => new[] { v.EnglishSingular, v.EnglishPlural, v.FrenchSingular, v.FrenchPlural }).ToHashSet();

    /// <summary>
    /// <paramref name="count"/> (English, French) pairs drawn with <paramref name="seed"/>, words separated by single
    /// spaces, lower case, without punctuation (tokenize with <see cref="WordTokenizer"/>).
    /// </summary>
    public static List<SequencePair> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new List<SequencePair>(count);
        for (int i = 0; i < count; i++) pairs.Add(Sentence(random));
        return pairs;
    }

    /// <summary>Shortest and longest English sentences <see cref="GenerateByLength"/> can ask for (longer ones are too rare).</summary>
    public const int MinWords = 4, MaxWords = 20;

    /// <summary>
    /// <paramref name="perLength"/> different pairs for every English length from <paramref name="minWords"/> to
    /// <paramref name="maxWords"/> words, shortest first, drawn from the same grammar with <paramref name="seed"/>;
    /// pairs whose English is in <paramref name="exclude"/> (e.g. the training sentences) are skipped. For measuring
    /// quality against sentence length, where <see cref="Generate"/> gives few long sentences.
    /// </summary>
    public static List<SequencePair> GenerateByLength(int perLength, int minWords, int maxWords, int seed,
        IEnumerable<SequencePair>? exclude = null)
    {
        if (minWords < MinWords || maxWords > MaxWords || minWords > maxWords)
            throw new ArgumentOutOfRangeException(nameof(maxWords),
                $"Lengths must satisfy {MinWords} <= minWords <= maxWords <= {MaxWords}, got {minWords} to {maxWords}.");
        var seen = (exclude ?? []).Select(p => p.Source).ToHashSet();
        var byLength = Enumerable.Range(minWords, maxWords - minWords + 1).ToDictionary(n => n, _ => new List<SequencePair>());
        var random = new Random(seed);
        while (byLength.Values.Any(list => list.Count < perLength))
        {
            var pair = Sentence(random);
            int words = pair.Source.Split(' ').Length;
            if (byLength.TryGetValue(words, out var list) && list.Count < perLength && seen.Add(pair.Source)) list.Add(pair);
        }
        return byLength.OrderBy(entry => entry.Key).SelectMany(entry => entry.Value).ToList();
    }

    /// <summary>The file of 5,000 pairs lesson 4 splits into training and held-out sentences (in <c>data/</c>).</summary>
    public const string SentencesFile = "english-french.tsv";

    /// <summary>The file of 40 held-out pairs for each length of 4 to 20 English words (in <c>data/</c>).</summary>
    public const string ByLengthFile = "english-french-by-length.tsv";

    /// <summary>
    /// Writes the course's two files into <paramref name="folder"/>: <see cref="SentencesFile"/>
    /// (<c>Generate(5000, seed: 6)</c>) and <see cref="ByLengthFile"/> (<c>GenerateByLength(40, 4, 20, seed: 9)</c>,
    /// without any sentence of the first file).
    /// </summary>
    public static void WriteCourseFiles(string folder)
    {
        var sentences = Generate(5000, seed: 6);
        TranslationFile.Write(Path.Combine(folder, SentencesFile), sentences);
        TranslationFile.Write(Path.Combine(folder, ByLengthFile),
            GenerateByLength(40, MinWords, MaxWords, seed: 9, exclude: sentences));
    }

    /// <summary>Whether <paramref name="word"/> is one of the verbs, in English or French, singular or plural.</summary>
    public static bool IsVerb(string word) => VerbForms.Contains(word);

    private static SequencePair Sentence(Random random)
    {
        var subject = Subject(random);
        int adverb = random.NextDouble() < 0.3 ? random.Next(Adverbs.Length) : -1;
        var verb = Verbs[random.Next(Verbs.Length)];
        int pronoun = random.NextDouble() < 0.15 ? random.Next(Pronouns.Length) : -1;
        var @object = pronoun < 0 ? Subject(random) : default;
        int place = random.NextDouble() < 0.35 ? random.Next(Places.Length) : -1;

        var english = new List<string>(subject.English);
        var french = new List<string>(subject.French);
        if (adverb >= 0) english.Add(Adverbs[adverb].English);
        english.Add(subject.Plural ? verb.EnglishPlural : verb.EnglishSingular);
        if (pronoun >= 0) french.Add(Pronouns[pronoun].French);   // "le chat la voit": the pronoun before the verb
        french.Add(subject.Plural ? verb.FrenchPlural : verb.FrenchSingular);
        if (adverb >= 0) french.Add(Adverbs[adverb].French);       // "le chat voit souvent": the adverb after it
        if (pronoun >= 0) english.Add(Pronouns[pronoun].English);
        else
        {
            english.AddRange(@object.English);
            french.AddRange(@object.French);
        }
        if (place >= 0)
        {
            english.Add(Places[place].English);
            french.Add(Places[place].French);
        }
        return new SequencePair(string.Join(' ', english), string.Join(' ', french));
    }

    /// <summary>One noun phrase, or two joined by "and" (then plural, whatever the nouns' numbers).</summary>
    private static (IEnumerable<string> English, IEnumerable<string> French, bool Plural) Subject(Random random)
    {
        var first = NounPhrase(random);
        if (random.NextDouble() >= 0.2) return first;
        var second = NounPhrase(random);
        return ([.. first.English, "and", .. second.English], [.. first.French, "et", .. second.French], true);
    }

    private static (IEnumerable<string> English, IEnumerable<string> French, bool Plural) NounPhrase(Random random)
    {
        var noun = Nouns[random.Next(Nouns.Length)];
        bool plural = random.NextDouble() < 0.35;
        // "the" (le, la, les), "a" (un, une; singular only), "this"/"these" (ce, cette, ces).
        int determiner = random.Next(plural ? 2 : 3);
        var before = random.NextDouble() < 0.3 ? Pick(random, before: true) : null;
        var after = random.NextDouble() < 0.4 ? Pick(random, before: false) : null;

        var english = new List<string>
        {
            (determiner, plural) switch { (0, _) => "the", (1, false) => "this", (1, true) => "these", _ => "a" },
        };
        if (before != null) english.Add(before.English);
        if (after != null) english.Add(after.English);
        english.Add(plural ? noun.EnglishPlural : noun.English);
        if (english[0] == "a" && "aeiou".Contains(english[1][0])) english[0] = "an";   // "an old cat", "an owl"

        var french = new List<string>
        {
            (determiner, plural, noun.Feminine) switch
            {
                (0, false, false) => "le", (0, false, true) => "la", (0, true, _) => "les",
                (1, false, false) => "ce", (1, false, true) => "cette", (1, true, _) => "ces",
                (_, _, false) => "un", _ => "une",
            },
        };
        if (before != null) french.Add(Form(before, noun.Feminine, plural));
        french.Add(plural ? noun.FrenchPlural : noun.French);
        if (after != null) french.Add(Form(after, noun.Feminine, plural));
        return (english, french, plural);
    }

    private static Adjective Pick(Random random, bool before)
    {
        var choices = Adjectives.Where(a => a.BeforeNoun == before).ToArray();
        return choices[random.Next(choices.Length)];
    }

    private static string Form(Adjective adjective, bool feminine, bool plural) => (feminine, plural) switch
    {
        (false, false) => adjective.Masculine,
        (true, false) => adjective.Feminine,
        (false, true) => adjective.MasculinePlural,
        _ => adjective.FemininePlural,
    };
}

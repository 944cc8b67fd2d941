namespace AttentionCourse.Summarization;

/// <summary>A short news-like document with its reference summary.</summary>
/// <param name="Sentences">The document, one sentence per entry.</param>
/// <param name="FactSentences">Indices of the sentences that carry the facts (who, what, where, when, how many), ascending.</param>
/// <param name="Summary">The reference summary, one sentence stating the facts.</param>
/// <param name="Facts">The fact words a summary must reproduce: first name, surname, town, day, number.</param>
public sealed record NewsArticle(IReadOnlyList<string> Sentences, IReadOnlyList<int> FactSentences, string Summary, IReadOnlyList<string> Facts)
{
    /// <summary>The whole document as one text, sentences separated by spaces.</summary>
    public string Text => string.Join(' ', Sentences);
}

/// <summary>
/// A seeded generator of short news stories in plain English. Two sentences carry the facts: who did what, where
/// and when ("On Tuesday, Helen Ashford opened a new library in Oakhaven.") and a number ("The library holds 4215
/// books."); three to five sentences of filler surround them at random positions, some mentioning the town or
/// another number. The reference summary states the facts in one sentence ("Helen Ashford opened a new library in
/// Oakhaven on Tuesday, with 4215 books."). Surnames and towns are built from hundreds of combinations and numbers
/// range over 12..9998, so a model has to copy them from the document rather than memorise them.
/// </summary>
public static class NewsArticles
{
    private static readonly string[] FirstNames =
    [
        "Helen", "James", "Maria", "David", "Sarah", "Peter", "Laura", "Daniel", "Emma", "Thomas", "Alice", "Robert",
        "Grace", "Samuel", "Chloe", "Martin", "Julia", "Oliver", "Nora", "Victor", "Clara", "Henry", "Irene", "Lucas",
        "Rachel", "Simon", "Diana", "Felix", "Hannah", "Oscar", "Ruth", "Arthur", "Molly", "Edward", "Naomi", "George",
    ];

    private static readonly string[] SurnameStarts =
        ["Ash", "Black", "Brook", "Clay", "Crane", "Dun", "Fair", "Green", "Hart", "Hay", "Holt", "Kings", "Lang", "Lock",
         "Marsh", "Moor", "Pen", "Ross", "Stan", "Thorn", "War", "Whit", "Wood", "York"];

    private static readonly string[] SurnameEnds = ["ford", "ley", "ton", "well", "by", "man", "field", "more", "worth", "ridge", "wick", "dale"];

    private static readonly string[] TownStarts =
        ["North", "South", "Elm", "Oak", "Willow", "Stone", "River", "Maple", "Cedar", "Fox", "Hill", "Lake", "Rose", "Silver", "Amber", "Bright"];

    private static readonly string[] TownEnds = ["haven", "port", "bury", "brook", "mouth", "stead", "gate", "vale", "minster", "cliff", "holm", "ham"];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] Roles = ["teacher", "nurse", "engineer", "farmer", "student", "baker", "retired pilot", "local doctor"];

    /// <summary>What happened: the event, the sentence that gives its number, and how the summary states the number.</summary>
    private sealed record Event(string What, string NumberSentence, string NumberPhrase);

    private static readonly Event[] Events =
    [
        new("opened a new library", "The library holds {n} books.", "with {n} books"),
        new("won the regional chess final", "There were {n} players in the tournament.", "beating {n} players"),
        new("started a plan to plant trees", "The plan covers {n} trees across the area.", "planting {n} trees"),
        new("organised a charity run", "About {n} runners signed up for the race.", "with {n} runners"),
        new("opened a solar farm", "The farm will power {n} homes.", "powering {n} homes"),
        new("opened a bakery", "It sold {n} loaves on its first day.", "selling {n} loaves"),
        new("led a clean-up of the harbour", "Volunteers filled {n} bags with rubbish.", "filling {n} bags"),
        new("finished a new footbridge", "The bridge cost {n} pounds to build.", "costing {n} pounds"),
        new("hosted a music festival", "The festival drew {n} visitors.", "drawing {n} visitors"),
        new("founded a robotics club", "The club already has {n} members.", "with {n} members"),
    ];

    private static readonly string[] WhoWhatTemplates =
    [
        "On {day}, {who} {what} in {town}.",
        "{who}, a {role} from {town}, {what} on {day}.",
        "In {town} on {day}, {role} {who} {what}.",
    ];

    private static readonly string[] Filler =
    [
        "Residents said they had followed the news closely.",
        "The weather stayed dry for most of the day.",
        "Local shops reported a busy afternoon.",
        "Officials said more details would be shared next week.",
        "The council will meet again at the end of the month.",
        "Several families came along with their children.",
        "A spokesperson thanked everyone who had helped.",
        "Traffic on the main road was lighter than usual.",
        "The event was covered by the local radio station.",
        "Many people stayed to talk long after it ended.",
        "Volunteers served tea and cake in the village hall.",
        "The idea was first discussed two years ago.",
        "Not everyone agreed with the plan at first.",
        "Photographs from the day were shared widely online.",
        "The school band played a few songs.",
        "Organisers hope to make it a yearly tradition.",
        "Parking near the square was hard to find.",
        "Some visitors travelled from nearby villages.",
        "{town} has grown steadily over the past decade.",
        "Around {m} people live in {town}.",
        "The last event of this kind in {town} was years ago.",
    ];

    /// <summary><paramref name="count"/> articles drawn with <paramref name="seed"/>; the same seed gives the same articles.</summary>
    public static List<NewsArticle> Generate(int count, int seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"The number of articles must be non-negative, got {count}.");
        var random = new Random(seed);
        var articles = new List<NewsArticle>(count);
        for (int i = 0; i < count; i++) articles.Add(One(random));
        return articles;
    }

    private static NewsArticle One(Random random)
    {
        string first = Pick(random, FirstNames);
        string surname = Pick(random, SurnameStarts) + Pick(random, SurnameEnds);
        string town = Pick(random, TownStarts) + Pick(random, TownEnds);
        string day = Pick(random, Days);
        string number = random.Next(12, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var happening = Pick(random, Events);
        string who = $"{first} {surname}";

        string Fill(string template) => template
            .Replace("{day}", day).Replace("{who}", who).Replace("{what}", happening.What).Replace("{town}", town)
            .Replace("{role}", Pick(random, Roles)).Replace("{n}", number)
            .Replace("{m}", random.Next(800, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture));

        int fillerCount = random.Next(3, 6);
        var filler = new List<string>();
        while (filler.Count < fillerCount)
        {
            string sentence = Pick(random, Filler);
            if (!filler.Contains(sentence)) filler.Add(sentence);
        }
        // The two fact sentences go to random positions, the who-what one first.
        int total = fillerCount + 2;
        int whoPosition = random.Next(total - 1);
        int numberPosition = random.Next(whoPosition + 1, total);
        var sentences = new List<string>(total);
        int nextFiller = 0;
        for (int position = 0; position < total; position++)
        {
            if (position == whoPosition) sentences.Add(Fill(Pick(random, WhoWhatTemplates)));
            else if (position == numberPosition) sentences.Add(Fill(happening.NumberSentence));
            else sentences.Add(Fill(filler[nextFiller++]));
        }
        string summary = $"{who} {happening.What} in {town} on {day}, {happening.NumberPhrase.Replace("{n}", number)}.";
        return new NewsArticle(sentences, [whoPosition, numberPosition], summary, [first, surname, town, day, number]);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

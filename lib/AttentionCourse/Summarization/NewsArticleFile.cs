using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Summarization;

/// <summary>
/// Reads and writes articles as JSON Lines: one article per line,
/// <c>{"sentences": ["...", "..."], "summary": "...", "facts": ["Helen", ...], "fact_sentences": [0, 3]}</c>.
/// Only <c>sentences</c> is required, so a student can summarize documents of their own; a missing
/// <c>summary</c> reads as empty.
/// </summary>
public static class NewsArticleFile
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="articles"/> to <paramref name="path"/> (creating its folder), one JSON object per line.</summary>
    public static void Write(string path, IEnumerable<NewsArticle> articles)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var article in articles)
        {
            var line = new JsonObject
            {
                ["sentences"] = new JsonArray(article.Sentences.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["summary"] = article.Summary,
                ["facts"] = new JsonArray(article.Facts.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["fact_sentences"] = new JsonArray(article.FactSentences.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
            };
            writer.WriteLine(line.ToJsonString(Options));
        }
    }

    /// <summary>Generates <paramref name="count"/> articles with <paramref name="seed"/> and writes them to <paramref name="path"/>.</summary>
    public static void WriteGenerated(string path, int count, int seed) => Write(path, NewsArticles.Generate(count, seed));

    /// <summary>Reads the articles of a JSON Lines file written by <see cref="Write"/> (or by hand); blank lines are skipped.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A line is not an object with a list of sentences; the message names the line.</exception>
    public static List<NewsArticle> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no article file at '{Path.GetFullPath(path)}'. Write one with NewsArticleFile.WriteGenerated(path, count, seed), or give the path of a JSON Lines file with one {{\"sentences\": [...]}} object per line.", path);
        var articles = new List<NewsArticle>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            articles.Add(Parse(line, path, lineNumber));
        }
        return articles;
    }

    private static NewsArticle Parse(string line, string path, int lineNumber)
    {
        InvalidDataException Malformed(string problem) =>
            new($"{path}, line {lineNumber}: {problem}. Each line must be a JSON object such as {{\"sentences\": [\"First sentence.\", \"Second.\"], \"summary\": \"...\"}}.");
        JsonNode? node;
        try { node = JsonNode.Parse(line); }
        catch (JsonException error) { throw Malformed($"not valid JSON ({error.Message})"); }
        if (node is not JsonObject item) throw Malformed("not a JSON object");
        if (item["sentences"] is not JsonArray sentenceArray || sentenceArray.Count == 0)
            throw Malformed("\"sentences\" is missing or is not a non-empty list");
        var sentences = sentenceArray.Select(s => s is JsonValue v && v.TryGetValue(out string? text) ? text : throw Malformed("a sentence is not a string")).ToList();
        string summary = item["summary"] is JsonValue summaryValue && summaryValue.TryGetValue(out string? s) ? s : "";
        var facts = item["facts"] is JsonArray factArray ? factArray.Select(f => f?.ToString() ?? "").ToList() : [];
        var factSentences = new List<int>();
        if (item["fact_sentences"] is JsonArray indexArray)
            foreach (var index in indexArray)
            {
                if (index is not JsonValue v || !v.TryGetValue(out int i) || i < 0 || i >= sentences.Count)
                    throw Malformed($"\"fact_sentences\" holds {index?.ToJsonString() ?? "null"}, which is not a sentence index 0..{sentences.Count - 1}");
                factSentences.Add(i);
            }
        return new NewsArticle(sentences, factSentences, summary, facts);
    }
}

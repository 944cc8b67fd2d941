using AttentionCourse.Summarization;

namespace AttentionCourse.Tests.Summarization;

public class NewsArticleTests
{
    [Fact]
    public void Articles_reproduce_exactly_from_a_seed_and_differ_between_seeds()
    {
        var first = NewsArticles.Generate(20, seed: 5);
        var again = NewsArticles.Generate(20, seed: 5);
        var other = NewsArticles.Generate(20, seed: 6);
        Assert.Equal(first.Select(a => a.Text + a.Summary), again.Select(a => a.Text + a.Summary));
        Assert.NotEqual(first.Select(a => a.Text), other.Select(a => a.Text));
    }

    [Fact]
    public void Fact_sentences_hold_every_fact_and_the_summary_states_them()
    {
        foreach (var article in NewsArticles.Generate(50, seed: 1))
        {
            Assert.InRange(article.Sentences.Count, 5, 7);
            Assert.Equal(2, article.FactSentences.Count);
            var factText = string.Join(' ', article.FactSentences.Select(i => article.Sentences[i]));
            foreach (var fact in article.Facts)
            {
                Assert.Contains(fact, factText);
                Assert.Contains(fact, article.Summary);
            }
        }
    }

    [Fact]
    public void Names_and_numbers_vary_enough_that_they_must_be_copied()
    {
        var articles = NewsArticles.Generate(500, seed: 2);
        Assert.True(articles.Select(a => a.Facts[1]).Distinct().Count() > 150, "surnames");
        Assert.True(articles.Select(a => a.Facts[2]).Distinct().Count() > 120, "towns");
        Assert.True(articles.Select(a => a.Facts[4]).Distinct().Count() > 450, "numbers");
    }

    [Fact]
    public void Fact_sentences_are_not_always_at_the_start()
    {
        var articles = NewsArticles.Generate(200, seed: 3);
        Assert.Contains(articles, a => a.FactSentences[0] >= 3);
        Assert.Contains(articles, a => a.FactSentences[0] == 0);
    }

    [Fact]
    public void Lead_baseline_takes_the_first_k_sentences()
    {
        var article = new NewsArticle(["One.", "Two.", "Three.", "Four."], [3], "Four.", []);
        Assert.Equal("One. Two. Three.", LeadBaseline.Summarize(article));
        Assert.Equal("One.", LeadBaseline.Summarize(article, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LeadBaseline.Summarize(article, 0));
    }

    [Fact]
    public void Article_file_round_trips_what_was_written()
    {
        var path = Path.Combine(Path.GetTempPath(), $"news-{Guid.NewGuid():N}", "articles.jsonl");
        try
        {
            var articles = NewsArticles.Generate(5, seed: 4);
            NewsArticleFile.Write(path, articles);
            var read = NewsArticleFile.Read(path);
            Assert.Equal(articles.Select(a => (a.Text, a.Summary, string.Join(",", a.FactSentences), string.Join(",", a.Facts))),
                read.Select(a => (a.Text, a.Summary, string.Join(",", a.FactSentences), string.Join(",", a.Facts))));
            Assert.Equal(5, File.ReadAllLines(path).Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_file_of_ones_own_documents_needs_only_sentences()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"sentences\": [\"A cat sat.\", \"It purred.\"]}\n\n");
            var article = Assert.Single(NewsArticleFile.Read(path));
            Assert.Equal("A cat sat. It purred.", article.Text);
            Assert.Equal("", article.Summary);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_malformed_file_is_reported_with_its_line_and_a_missing_file_with_its_path()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"sentences\": [\"Fine.\"]}\n{\"summary\": \"no sentences\"}\n");
            var error = Assert.Throws<InvalidDataException>(() => NewsArticleFile.Read(path));
            Assert.Contains("line 2", error.Message);
            Assert.Contains("\"sentences\" is missing", error.Message);

            File.WriteAllText(path, "this is not json\n");
            Assert.Contains("line 1: not valid JSON", Assert.Throws<InvalidDataException>(() => NewsArticleFile.Read(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
        var missing = Assert.Throws<FileNotFoundException>(() => NewsArticleFile.Read("no/such/articles.jsonl"));
        Assert.Contains("no/such/articles.jsonl", missing.Message);
    }
}

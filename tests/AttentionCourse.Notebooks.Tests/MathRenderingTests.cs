using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>LaTeX in markdown is typeset by the KaTeX that the HTML page inlines, with no network.</summary>
public class MathRenderingTests
{
    // The delimiters the lessons use: $...$ inline, $$...$$ on a line of its own (lesson 5), plus a fenced $$ block.
    private const string Prose = """
        # Math

        Each token's vector $x_i$ gives a query $q_i = W_q x_i$ and a key $k_j = W_k x_j$, where $a < b$.

        $$\frac{a}{b}$$

        A fenced block:

        $$
        \mathrm{softmax}\left(\frac{Q K^\top}{\sqrt{d}}\right) V
        $$

        A broken formula (unclosed brace): $x^{2$. Prices in code stay as they are: `$5 and $6`.
        """;

    private const int InlineFormulas = 4; // x_i, q_i = ..., k_j = ..., a < b
    private const int DisplayFormulas = 2; // $$\frac{a}{b}$$ and the fenced block
    private const int OutputFormulas = 1; // y_j, in a text/markdown output

    [Fact]
    public void A_page_with_math_loads_nothing_from_the_network()
    {
        string html = HtmlExporter.ToHtml(MathNotebook(), "math");
        // Script bodies (plotly.js, katex.js) are code, not markup: their strings are not requests the page makes.
        string markup = Regex.Replace(html, "<script>[\\s\\S]*?</script>", "<script></script>");

        Assert.DoesNotMatch(new Regex("<(?!a\\s)[a-z]+\\s[^>]*(src|href)\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase), markup);
        Assert.DoesNotContain("@import", markup);
        var urls = Regex.Matches(markup, "url\\(\\s*[\"']?([^\"')]*)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(20, urls.Count); // one woff2 per KaTeX font face, nothing else
        Assert.All(urls, url => Assert.StartsWith("data:font/woff2;base64,", url));
        Assert.DoesNotMatch(new Regex("\\.(woff|ttf)\\b"), markup);

        // $$...$$ inside a paragraph keeps Markdig's \(...\) but is marked for display math.
        Assert.Contains("<span class=\"math display\">\\(\\frac{a}{b}\\)</span>", html);
        Assert.Contains("<div class=\"math\">", html);
    }

    [Fact]
    public void A_page_without_math_does_not_carry_KaTeX()
    {
        var notebook = Notebook.Parse(NotebookJson(Markdown("# No math\n\nIt costs $5, or $6 with tax.")).ToJsonString());
        string html = HtmlExporter.ToHtml(notebook, "plain");

        Assert.DoesNotContain("class=\"math", html);
        Assert.DoesNotContain("data:font/woff2", html);
        Assert.DoesNotContain("katex.render", html);
        Assert.Contains("It costs $5, or $6 with tax.", html);
    }

    [SkippableFact]
    public void The_html_page_typesets_its_math_with_no_network()
    {
        Chromium.Require();
        string page = Path.Combine(TestPaths.TemporaryFolder("math"), "math.html");
        HtmlExporter.Write(MathNotebook(), page);

        string dom = Chromium.DumpDom(page);
        // Only the rendered document: drop the inlined scripts and styles, and KaTeX's MathML copy of each source.
        string visible = Regex.Replace(dom, "<(script|style)\\b[^>]*>[\\s\\S]*?</\\1>", "");
        string typeset = Regex.Replace(visible, "<annotation\\b[^>]*>[\\s\\S]*?</annotation>", "");

        Assert.Equal(InlineFormulas + DisplayFormulas + OutputFormulas, Regex.Matches(typeset, "class=\"katex\"").Count);
        Assert.Equal(DisplayFormulas, Regex.Matches(typeset, "class=\"katex-display\"").Count);
        Assert.Single(Regex.Matches(typeset, "class=\"katex-error\"")); // shown as red source, page intact
        Assert.DoesNotContain("\\frac", typeset);
        Assert.DoesNotContain("\\mathrm", typeset);
        Assert.DoesNotMatch(new Regex("\\\\[()\\[\\]]"), typeset); // no \( \) \[ \] delimiters left
        Assert.Contains("<code>$5 and $6</code>", typeset);
        Assert.Contains("hello after the math", typeset);
    }

    private static Notebook MathNotebook()
    {
        var code = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = 1,
            ["metadata"] = new JsonObject(),
            ["source"] = NotebookCell.SplitLines("Console.WriteLine(\"hello after the math\");"),
            ["outputs"] = new JsonArray(
                new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "hello after the math\n" },
                new JsonObject
                {
                    ["output_type"] = "display_data",
                    ["metadata"] = new JsonObject(),
                    ["data"] = new JsonObject { ["text/markdown"] = "The output is $y_j$." },
                }),
        };
        return Notebook.Parse(NotebookJson(Markdown(Prose), code).ToJsonString());
    }

    private static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = NotebookCell.SplitLines(source),
    };

    private static JsonObject NotebookJson(params JsonObject[] cells) => new()
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject(),
        ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()),
    };
}

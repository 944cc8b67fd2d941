using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Renders an executed notebook as one self-contained HTML page that shows its charts with no network:
/// plotly.js is inlined (the copy embedded in Plotly.NET), and the require.js loader that Plotly.NET's notebook
/// output expects (normally fetched from a CDN) is replaced by a tiny shim that hands it the inlined Plotly.
/// Pages whose markdown has LaTeX (<c>$...$</c>, <c>$$...$$</c>) also inline KaTeX (its fonts as <c>data:</c> URIs)
/// and typeset every formula when the page loads.
/// </summary>
public static class HtmlExporter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    private static readonly Lazy<string> KatexHead = new(LoadKatexHead);

    /// <summary>The version of plotly.js inlined into pages.</summary>
    public static string PlotlyJsResourceName { get; } = typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceNames()
        .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));

    /// <summary>Writes the HTML page of <paramref name="notebook"/> to <paramref name="path"/>.</summary>
    /// <param name="notebook">The notebook, usually executed.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="title">Page title (default: the notebook's file name).</param>
    /// <param name="failure">When the run stopped early: a banner at the top links to the failing cell.</param>
    public static void Write(Notebook notebook, string path, string? title = null, CellFailure? failure = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToHtml(notebook, title, failure));
    }

    /// <summary>The HTML page of <paramref name="notebook"/>: markdown rendered, code with its outputs.</summary>
    /// <inheritdoc cref="Write" path="/param"/>
    public static string ToHtml(Notebook notebook, string? title = null, CellFailure? failure = null)
    {
        title ??= Path.GetFileNameWithoutExtension(notebook.Path ?? "notebook");
        var body = new StringBuilder();
        bool hasMath = AppendBody(body, notebook, failure);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        html.Append("<style>").Append(Style).Append("</style>\n");
        html.Append("<script>").Append(PlotlyJs.Value).Append("</script>\n");
        html.Append("<script>").Append(RequireShim).Append("</script>\n");
        if (hasMath) html.Append(KatexHead.Value);
        html.Append("</head>\n<body>\n<main>\n");
        html.Append(body);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Appends the cells; returns whether any markdown had math.</summary>
    private static bool AppendBody(StringBuilder html, Notebook notebook, CellFailure? failure)
    {
        bool hasMath = false;
        if (failure != null)
            html.Append("<div class=\"failure\"><strong>This run stopped with an error</strong> in <a href=\"#cell-").Append(failure.CellNumber).Append("\">")
                .Append(WebUtility.HtmlEncode(failure.ToString().Split('\n')[0])).Append("</a>. Cells after it did not run.</div>\n");
        foreach (var cell in notebook.Cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    html.Append("<section id=\"cell-").Append(cell.Index + 1).Append("\" class=\"markdown\">").Append(MarkdownToHtml(cell.Source, ref hasMath)).Append("</section>\n");
                    break;
                case CellKind.Code:
                    AppendCode(html, cell, ref hasMath);
                    break;
                default:
                    html.Append("<pre class=\"raw\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre>\n");
                    break;
            }
        }
        return hasMath;
    }

    /// <summary>
    /// Markdown to HTML. Markdig writes every formula as <c>&lt;span class="math"&gt;\(...\)&lt;/span&gt;</c> (a
    /// <c>$$...$$</c> inside a paragraph too) or, for a fenced <c>$$</c> block, <c>&lt;div class="math"&gt;\[...\]&lt;/div&gt;</c>;
    /// inline <c>$$...$$</c> also gets the class <c>display</c> so the page typesets it as display math, as Jupyter does.
    /// </summary>
    private static string MarkdownToHtml(string source, ref bool hasMath)
    {
        MarkdownDocument document = Markdig.Markdown.Parse(source, Markdown);
        foreach (var math in document.Descendants<MathInline>())
        {
            hasMath = true;
            if (math.DelimiterCount >= 2) math.GetAttributes().AddClass("display");
        }
        if (document.Descendants<MathBlock>().Any()) hasMath = true;
        return document.ToHtml(Markdown);
    }

    private static void AppendCode(StringBuilder html, NotebookCell cell, ref bool hasMath)
    {
        var count = cell.Json["execution_count"]?.ToString() ?? " ";
        html.Append("<section id=\"cell-").Append(cell.Index + 1).Append("\" class=\"code\"><div class=\"prompt\">[").Append(WebUtility.HtmlEncode(count)).Append("]</div>");
        html.Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
        foreach (var output in cell.Outputs.OfType<JsonObject>())
        {
            html.Append("<div class=\"output\">");
            switch (output["output_type"]?.GetValue<string>())
            {
                case "stream":
                    html.Append("<pre class=\"").Append(output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout").Append("\">")
                        .Append(WebUtility.HtmlEncode(Joined(output["text"]))).Append("</pre>");
                    break;
                case "error":
                    html.Append("<pre class=\"error\">").Append(WebUtility.HtmlEncode($"{Joined(output["ename"])}: {Joined(output["evalue"])}")).Append("</pre>");
                    break;
                default:
                    AppendBundle(html, output["data"] as JsonObject, ref hasMath);
                    break;
            }
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendBundle(StringBuilder html, JsonObject? data, ref bool hasMath)
    {
        if (data is null) return;
        if (data["text/html"] is JsonNode rich) html.Append(Joined(rich));
        else if (data["image/svg+xml"] is JsonNode svg) html.Append(Joined(svg));
        else if (data["image/png"] is JsonNode png) html.Append("<img alt=\"output\" src=\"data:image/png;base64,").Append(Joined(png).Trim()).Append("\">");
        else if (data["text/markdown"] is JsonNode markdown) html.Append(MarkdownToHtml(Joined(markdown), ref hasMath));
        else if (data["text/plain"] is JsonNode plain) html.Append("<pre>").Append(WebUtility.HtmlEncode(Joined(plain))).Append("</pre>");
    }

    private static string Joined(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue value => value.ToString(),
        null => "",
        _ => node.ToJsonString(),
    };

    private static string LoadPlotlyJs()
    {
        using var stream = typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceStream(PlotlyJsResourceName)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds {PlotlyJsResourceName}.");
        using var reader = new StreamReader(stream);
        return ScriptSafe(reader.ReadToEnd());
    }

    /// <summary>Code to inline in a script element: a closing script tag inside it would end the element early.</summary>
    private static string ScriptSafe(string code) => code.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The KaTeX part of the page head: its CSS with every font as a woff2 <c>data:</c> URI (the woff and ttf
    /// alternatives dropped), katex.min.js, and the script that typesets each formula Markdig marked.
    /// </summary>
    private static string LoadKatexHead()
    {
        string css = Regex.Replace(ReadKatexResource("katex.min.css"), @"src:[^;}]*", source =>
        {
            var woff2 = Regex.Match(source.Value, @"url\((fonts/[^)]+\.woff2)\)");
            if (!woff2.Success) throw new InvalidOperationException($"katex.min.css has a font without a woff2 file: {source.Value}");
            using var font = OpenKatexResource(woff2.Groups[1].Value);
            using var bytes = new MemoryStream();
            font.CopyTo(bytes);
            return $"src:url(data:font/woff2;base64,{Convert.ToBase64String(bytes.ToArray())}) format(\"woff2\")";
        });
        if (Regex.IsMatch(css, @"url\((?!data:)|@import"))
            throw new InvalidOperationException("katex.min.css still refers to a file the page would load; update HtmlExporter.LoadKatexHead.");
        if (css.Contains("</style", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("katex.min.css contains a closing style tag.");
        string js = ScriptSafe(ReadKatexResource("katex.min.js"));
        return $"<style>{css}</style>\n<script>{js}</script>\n<script>{RenderMath}</script>\n";
    }

    private static Stream OpenKatexResource(string name) =>
        typeof(HtmlExporter).Assembly.GetManifestResourceStream("katex/" + name)
        ?? throw new InvalidOperationException($"AttentionCourse.Notebooks does not embed katex/{name} (see Assets/katex).");

    private static string ReadKatexResource(string name)
    {
        using var reader = new StreamReader(OpenKatexResource(name));
        return reader.ReadToEnd();
    }

    // Typesets every formula Markdig marked (span.math: \(...\), display when it also has the class display;
    // div.math: \[...\]). throwOnError: false shows a bad formula as red source; any other failure leaves that one
    // formula as source and does not stop the rest of the page.
    private const string RenderMath = """
        (function () {
          function typeset() {
            if (!window.katex) { return; }
            var elements = document.querySelectorAll('span.math, div.math');
            for (var i = 0; i < elements.length; i++) {
              var element = elements[i];
              var match = /^\\[(\[]([\s\S]*)\\[)\]]$/.exec(element.textContent.trim());
              if (!match) { continue; }
              var display = element.tagName === 'DIV' || element.classList.contains('display');
              try {
                window.katex.render(match[1], element, { displayMode: display, throwOnError: false });
              } catch (e) {
                if (window.console) { console.error('KaTeX could not typeset', match[1], e); }
              }
            }
          }
          if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', typeset); } else { typeset(); }
        })();
        """;

    // Plotly.NET's notebook output calls requirejs.config({paths: {plotly: CDN}}) and then require(['plotly'], draw).
    // Offline there is no require.js and no CDN: hand the callbacks the inlined Plotly instead.
    private const string RequireShim = """
        (function () {
          var shim = function (dependencies, callback) { if (callback) { callback(window.Plotly); } };
          shim.config = function () { return shim; };
          window.requirejs = shim;
          window.require = shim;
        })();
        """;

    private const string Style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 980px; margin: 0 auto; padding: 24px; }
        section { margin: 12px 0; }
        section.code { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 12px; }
        .prompt { color: #888; font-family: monospace; font-size: 12px; }
        pre { overflow-x: auto; font-size: 13px; }
        pre.source { background: #f5f7fa; padding: 8px; border-radius: 4px; }
        pre.stderr { background: #fff4e5; }
        pre.error { background: #fdecea; color: #a00; padding: 8px; }
        .output { margin-top: 6px; }
        .failure { background: #fdecea; border: 1px solid #e0a0a0; color: #800; padding: 10px 14px; border-radius: 6px; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ddd; padding: 2px 6px; }
        """;
}

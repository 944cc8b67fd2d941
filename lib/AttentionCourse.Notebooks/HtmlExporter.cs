using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Renders an executed notebook as one self-contained HTML page that shows its charts with no network:
/// plotly.js is inlined (the copy embedded in Plotly.NET), and the require.js loader that Plotly.NET's notebook
/// output expects (normally fetched from a CDN) is replaced by a tiny shim that hands it the inlined Plotly.
/// </summary>
public static class HtmlExporter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);

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
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        html.Append("<style>").Append(Style).Append("</style>\n");
        html.Append("<script>").Append(PlotlyJs.Value).Append("</script>\n");
        html.Append("<script>").Append(RequireShim).Append("</script>\n");
        html.Append("</head>\n<body>\n<main>\n");
        if (failure != null)
            html.Append("<div class=\"failure\"><strong>This run stopped with an error</strong> in <a href=\"#cell-").Append(failure.CellNumber).Append("\">")
                .Append(WebUtility.HtmlEncode(failure.ToString().Split('\n')[0])).Append("</a>. Cells after it did not run.</div>\n");
        foreach (var cell in notebook.Cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    html.Append("<section id=\"cell-").Append(cell.Index + 1).Append("\" class=\"markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                    break;
                case CellKind.Code:
                    AppendCode(html, cell);
                    break;
                default:
                    html.Append("<pre class=\"raw\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre>\n");
                    break;
            }
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendCode(StringBuilder html, NotebookCell cell)
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
                    AppendBundle(html, output["data"] as JsonObject);
                    break;
            }
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendBundle(StringBuilder html, JsonObject? data)
    {
        if (data is null) return;
        if (data["text/html"] is JsonNode rich) html.Append(Joined(rich));
        else if (data["image/svg+xml"] is JsonNode svg) html.Append(Joined(svg));
        else if (data["image/png"] is JsonNode png) html.Append("<img alt=\"output\" src=\"data:image/png;base64,").Append(Joined(png).Trim()).Append("\">");
        else if (data["text/markdown"] is JsonNode markdown) html.Append(Markdig.Markdown.ToHtml(Joined(markdown), Markdown));
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
        // A closing script tag inside the inlined code would end the script element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

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

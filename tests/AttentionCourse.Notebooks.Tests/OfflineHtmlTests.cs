using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Tests;

public class OfflineHtmlTests
{
    [SkippableFact]
    public async Task The_html_page_draws_its_heatmap_with_no_network()
    {
        Chromium.Require();
        var result = await NotebookRunner.RunAsync(TestPaths.Fixture("working.ipynb"));
        Assert.True(result.Succeeded, result.Failure?.ToString());
        string page = Path.Combine(TestPaths.TemporaryFolder("html"), "working.html");
        HtmlExporter.Write(result.Executed, page);

        string html = File.ReadAllText(page);
        Assert.DoesNotMatch(new Regex("<script[^>]+src=\"https?:"), html);

        string dom = Chromium.DumpDom(page);
        // plotly.js draws a heatmap as an <image> inside the heatmap layer of its SVG.
        Assert.Contains("class=\"main-svg\"", dom);
        Assert.Matches(new Regex("class=\"heatmaplayer[^\"]*\"><g class=\"hm\"><image "), dom);
        Assert.Contains("hello from the notebook", dom);
    }
}

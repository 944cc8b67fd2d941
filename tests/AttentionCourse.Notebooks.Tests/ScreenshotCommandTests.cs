using System.Buffers.Binary;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary><c>course screenshot</c>: cell lists, clear errors, and a real PNG of an executed notebook's cells.</summary>
public class ScreenshotCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> Course(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CourseCommand.RunAsync(args, workingDirectory, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Checkout()
    {
        string root = TestPaths.TemporaryFolder("screenshot");
        File.WriteAllText(Path.Combine(root, "AttentionCourse.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        File.Copy(TestPaths.Fixture("working.ipynb"), Path.Combine(root, "notebooks", "working.ipynb"));
        return root;
    }

    [Theory]
    [InlineData("3", new[] { 3 })]
    [InlineData("4-5", new[] { 4, 5 })]
    [InlineData("1, 4-5 ,7", new[] { 1, 4, 5, 7 })]
    public void Cell_lists_are_numbers_and_ranges(string list, int[] expected) =>
        Assert.Equal(expected, ScreenshotCommand.ParseCells(list, cellCount: 7));

    [Theory]
    [InlineData("0", "outside the notebook's cells 1-7")]
    [InlineData("6-9", "outside the notebook's cells 1-7")]
    [InlineData("5-4", "outside the notebook's cells 1-7")]
    [InlineData("two", "'two' is not a cell number")]
    [InlineData(",", "names no cell")]
    public void Bad_cell_lists_say_what_is_wrong(string list, string message) =>
        Assert.Contains(message, Assert.Throws<CommandLineException>(() => ScreenshotCommand.ParseCells(list, cellCount: 7)).Message);

    [Fact]
    public async Task Without_an_executed_notebook_it_says_to_run_the_lesson_first()
    {
        var (code, _, error) = await Course(Checkout(), "screenshot", "working", "--cells", "2", "--output", "x.png");
        Assert.Equal(2, code);
        Assert.Contains("run `course run working` first", error);
    }

    [Fact]
    public async Task Missing_arguments_print_the_usage()
    {
        var (code, _, error) = await Course(Checkout(), "screenshot", "working");
        Assert.Equal(2, code);
        Assert.Contains("needs a lesson, --cells and --output", error);
    }

    [SkippableFact]
    public async Task Screenshot_of_executed_cells_is_a_png_of_the_requested_size()
    {
        Chromium.Require();
        string root = Checkout();
        var run = await Course(root, "run", "working", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        string png = Path.Combine(root, "docs", "heatmap.png");
        var (code, output, error) = await Course(root, "screenshot", "working", "--cells", "4-5", "--output", png, "--width", "640", "--height", "480");
        Assert.True(code == 0, output + error);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));  // IHDR width
        Assert.Equal(480, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));  // IHDR height
        Assert.True(bytes.Length > 10_000, $"a {bytes.Length}-byte PNG is too small to hold a drawn heatmap");
    }
}

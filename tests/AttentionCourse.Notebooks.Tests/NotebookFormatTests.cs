using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// Every lesson is a notebook VS Code, Jupyter and the runner open alike (see <see cref="NotebookFormat"/>), and the
/// check itself catches each kind of damage it claims to.
/// </summary>
public partial class NotebookFormatTests
{
    public static TheoryData<string> Lessons() => CourseNotebookTests.Lessons();

    private static string LessonPath(string lesson) => Path.Combine(TestPaths.Notebooks, lesson + ".ipynb");

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_is_a_clean_polyglot_and_jupyter_notebook(string lesson)
    {
        var problems = NotebookFormat.Check(LessonPath(lesson));
        Assert.True(problems.Count == 0, $"{lesson}:\n  {string.Join("\n  ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_references_files_relative_to_its_folder_and_packages_at_the_repository_versions(string lesson)
    {
        var notebook = Notebook.Load(LessonPath(lesson));
        string setup = notebook.CodeCells.First().Source;
        var fileReferences = FileReference().Matches(setup).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(fileReferences);
        foreach (var reference in fileReferences)
        {
            Assert.False(Path.IsPathRooted(reference), $"{lesson}: #r \"{reference}\" is absolute");
            string resolved = Path.GetFullPath(Path.Combine(TestPaths.Notebooks, reference));
            Assert.True(File.Exists(resolved), $"{lesson}: #r \"{reference}\" resolves to {resolved}, which does not exist after the build");
        }

        var central = DoctorCommand.CentralVersions(new RepositoryLayout(TestPaths.RepositoryRoot));
        foreach (Match package in PackageReference().Matches(setup))
        {
            string id = package.Groups[1].Value, version = package.Groups[2].Value;
            Assert.True(central.TryGetValue(id, out var expected), $"{lesson}: package {id} is not in Directory.Packages.props");
            Assert.True(expected == version, $"{lesson}: {id} {version} but Directory.Packages.props has {expected}");
        }
        Assert.True(notebook.CodeCells.Skip(1).All(c => !c.Source.Contains("#r ")), $"{lesson}: only the first code cell may load packages and the library");
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_code_lines_fit_a_notebook_column_of_100_characters(string lesson)
    {
        var notebook = Notebook.Load(LessonPath(lesson));
        var tooLong = notebook.CodeCells
            .SelectMany((cell, index) => cell.Source.Split('\n').Select(line => (index, line)))
            .Where(l => l.line.TrimEnd('\r').Length > 100)
            .Select(l => $"code cell {l.index + 1} ({l.line.Length} characters): {l.line.Trim()}")
            .ToList();
        Assert.True(tooLong.Count == 0, $"{lesson}: lines over 100 characters:\n  {string.Join("\n  ", tooLong)}");
    }

    // The check must fail on each kind of damage: start from a real lesson and break one thing at a time.

    private static Notebook Lesson() => Notebook.Load(LessonPath("03-types-of-attention"));

    private static string Problems(Notebook notebook) => string.Join("\n", NotebookFormat.Check(notebook));

    [Fact]
    public void Stale_outputs_are_reported_with_the_cell()
    {
        var notebook = Lesson();
        var cell = notebook.CodeCells.Skip(1).First();
        cell.Outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "hello" });
        cell.Json["execution_count"] = 3;
        string problems = Problems(notebook);
        Assert.Contains($"cell {cell.Index + 1}: code cell holds 1 stale output(s)", problems);
        Assert.Contains($"cell {cell.Index + 1}: code cell has an execution_count", problems);
        Assert.Empty(NotebookFormat.Check(notebook, requireNoOutputs: false));
    }

    [Theory]
    [InlineData("#r \"/home/student/AttentionCourse.dll\"", "/home/student/AttentionCourse.dll")]
    [InlineData("#r \"C:\\Users\\me\\lib.dll\"", "C:\\Users\\me\\lib.dll")]
    [InlineData("var text = File.ReadAllText(\"/work/main/data.txt\");", "/work/main/data.txt")]
    public void Absolute_paths_are_reported_with_cell_and_line(string line, string path)
    {
        var notebook = Lesson();
        var cell = notebook.CodeCells.Skip(2).First();
        cell.Source = cell.Source + "\n" + line;
        int lineNumber = cell.Source.Split('\n').Length;
        Assert.Contains($"cell {cell.Index + 1}: line {lineNumber} holds the absolute path '{path}'", Problems(notebook));
    }

    [Fact]
    public void Relative_paths_and_web_links_are_not_absolute_paths()
    {
        var notebook = Lesson();
        var cell = notebook.Cells.First(c => c.Kind == CellKind.Markdown);
        cell.Source += "\nSee https://arxiv.org/abs/1409.0473 and ../docs/notebooks.md; ratio 3:1, step 2: done.";
        Assert.Empty(NotebookFormat.Check(notebook));
    }

    [Fact]
    public void A_code_cell_without_a_kernel_name_is_reported()
    {
        var notebook = Lesson();
        var cell = notebook.CodeCells.Skip(1).First();
        cell.Json["metadata"]!.AsObject().Remove("polyglot_notebook");
        Assert.Contains($"cell {cell.Index + 1}: code cell has no metadata.polyglot_notebook.kernelName", Problems(notebook));

        cell.Json["metadata"]!["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" };
        Assert.Contains($"cell {cell.Index + 1}: code cell asks for kernel 'fsharp'", Problems(notebook));
    }

    [Fact]
    public void A_wrong_or_missing_kernelspec_is_reported()
    {
        var notebook = Lesson();
        notebook.Root["metadata"]!["kernelspec"]!["name"] = "python3";
        Assert.Contains("metadata.kernelspec.name is python3; expected .net-csharp", Problems(notebook));
        notebook.Root["metadata"]!.AsObject().Remove("kernelspec");
        Assert.Contains("metadata.kernelspec is missing", Problems(notebook));
        notebook.Root["metadata"]!.AsObject().Remove("polyglot_notebook");
        Assert.Contains("metadata.polyglot_notebook.kernelInfo is missing", Problems(notebook));
    }

    [Fact]
    public void Missing_or_duplicate_cell_ids_and_an_old_minor_format_are_reported()
    {
        var notebook = Lesson();
        notebook.Root["nbformat_minor"] = 4;
        notebook.Cells[2].Json["id"] = notebook.Cells[1].Json["id"]!.GetValue<string>();
        notebook.Cells[3].Json.Remove("id");
        string problems = Problems(notebook);
        Assert.Contains("nbformat_minor is 4; 4.5 or later is needed", problems);
        Assert.Contains($"cell 3: id '{notebook.Cells[1].Json["id"]}' is already used by cell 2", problems);
        Assert.Contains("cell 4: has no id", problems);
    }

    [Fact]
    public void A_markdown_cell_with_outputs_is_reported()
    {
        var notebook = Lesson();
        var cell = notebook.Cells.First(c => c.Kind == CellKind.Markdown);
        cell.Json["outputs"] = new JsonArray();
        Assert.Contains($"cell {cell.Index + 1}: markdown cell has outputs or an execution_count", Problems(notebook));
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_is_one_problem_naming_it()
    {
        var problems = NotebookFormat.Check(TestPaths.Fixture("malformed.ipynb"));
        Assert.Single(problems);
        Assert.Contains("malformed.ipynb", problems[0].Message);
        Assert.Contains("Notebook not found", NotebookFormat.Check(Path.Combine(TestPaths.Notebooks, "no-such.ipynb"))[0].Message);
    }

    [GeneratedRegex("""^#r\s+"(?!nuget:)([^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex FileReference();

    [GeneratedRegex("""^#r\s+"nuget:\s*([^,"\s]+)\s*,\s*([^"\s]+)\s*"\s*$""", RegexOptions.Multiline)]
    private static partial Regex PackageReference();
}

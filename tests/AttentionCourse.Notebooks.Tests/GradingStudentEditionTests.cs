using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Grading;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>The student edition (<c>course release</c>): solutions become stubs, nothing else changes.</summary>
public class GradingStudentEditionTests
{
    public static TheoryData<string> Lessons() => new(GradingSubmissions.Lessons);

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Every_solution_becomes_a_stub_naming_the_lesson_exercise_and_function(string lesson)
    {
        var instructor = GradingSubmissions.Lesson(lesson);
        var student = StudentEdition.Create(instructor);
        var exercises = StudentEdition.Exercises(student);
        Assert.True(exercises.Count >= 2, $"{lesson} has {exercises.Count} exercises");
        int number = int.Parse(lesson[..2], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var exercise in exercises)
        {
            string source = exercise.Cell.Source;
            Assert.NotNull(exercise.Function);
            Assert.Contains($"throw new NotImplementedException(\"Lesson {number}, exercise {exercise.Exercise}: write {exercise.Function}.\");", source);
            var region = Region(source);
            Assert.Equal(2, region.Count); // the comment and the throw, nothing of the solution
            Assert.All(region, line => Assert.True(line.Length <= 100, $"{lesson}: stub line over 100 characters: {line}"));
        }
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Everything_outside_the_solutions_is_identical_and_outputs_are_cleared(string lesson)
    {
        var instructor = GradingSubmissions.Lesson(lesson);
        var student = StudentEdition.Create(instructor);
        Assert.True(JsonNode.DeepEquals(Without(instructor.Root, "cells"), Without(student.Root, "cells")), "notebook metadata changed");
        Assert.Equal(instructor.Cells.Count, student.Cells.Count);
        for (int i = 0; i < instructor.Cells.Count; i++)
        {
            var (before, after) = (instructor.Cells[i], student.Cells[i]);
            Assert.True(JsonNode.DeepEquals(Without(before.Json, "source", "outputs", "execution_count"), Without(after.Json, "source", "outputs", "execution_count")), $"cell {i + 1}: id or metadata changed");
            Assert.Equal(Outside(before.Source), Outside(after.Source));
            if (after.Kind == CellKind.Code)
            {
                Assert.Empty(after.Outputs);
                Assert.Null(after.Json["execution_count"]);
            }
        }
        // The instructor's notebook object is not changed by making the student edition.
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Notebooks, lesson + ".ipynb")), instructor.ToJson());
    }

    [Theory]
    [InlineData("int F()\n{\n    // BEGIN SOLUTION\n    return 1;\n}", "line 3", "has no // END SOLUTION")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n// END SOLUTION", "line 2", "inside the one opened at line 1")]
    [InlineData("return 1;\n// END SOLUTION", "line 2", "without a // BEGIN SOLUTION")]
    public void Malformed_markers_are_named_with_the_notebook_cell_and_line(string source, string line, string problem)
    {
        var notebook = GradingSubmissions.WithCell(GradingSubmissions.Lesson("03-types-of-attention"), 1, source);
        var error = Assert.Throws<InvalidDataException>(() => StudentEdition.Create(notebook));
        Assert.Contains("03-types-of-attention.ipynb, cell 3 (code cell 2)", error.Message);
        Assert.Contains(line, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public async Task Release_writes_the_course_without_solutions_or_hidden_checks_and_never_touches_notebooks()
    {
        string before = GradingSubmissions.Snapshot(TestPaths.Notebooks);
        string output = Path.Combine(TestPaths.TemporaryFolder("release"), "student");
        var (code, text, _) = await Course("release", output);
        Assert.Equal(0, code);
        Assert.Contains($"{GradingSubmissions.MaxPoints.Count} exercises stubbed", text);
        Assert.Equal(before, GradingSubmissions.Snapshot(TestPaths.Notebooks));

        foreach (var lesson in GradingSubmissions.Lessons)
        {
            var released = Notebook.Load(Path.Combine(output, "notebooks", lesson + ".ipynb"));
            Assert.Equal(StudentEdition.Create(GradingSubmissions.Lesson(lesson)).ToJson(), released.ToJson());
        }
        Assert.False(Directory.Exists(Path.Combine(output, "grading")), "the hidden checks must not be released");
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "tests"), "Grading*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(output, "lib", "AttentionCourse", "AttentionCourse.csproj")));
        Assert.False(Directory.Exists(Path.Combine(output, "lib", "AttentionCourse", "bin")), "build outputs are not part of the edition");
        string released03 = File.ReadAllText(Path.Combine(output, "notebooks", "03-types-of-attention.ipynb"));
        Assert.DoesNotContain("Math.Sqrt(keys.Columns)", released03);
    }

    [Fact]
    public async Task Release_refuses_a_non_empty_folder_unless_forced_and_any_folder_inside_the_course()
    {
        string output = TestPaths.TemporaryFolder("release-existing");
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        var (code, _, error) = await Course("release", output);
        Assert.Equal(2, code);
        Assert.Contains("not empty", error);
        Assert.False(Directory.Exists(Path.Combine(output, "notebooks")));

        (code, _, _) = await Course("release", output, "--force");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "05-self-attention.ipynb")));

        (code, _, error) = await Course("release", Path.Combine(TestPaths.Notebooks, "student"));
        Assert.Equal(2, code);
        Assert.Contains("Refusing", error);
        Assert.False(Directory.Exists(Path.Combine(TestPaths.Notebooks, "student")));
    }

    private static async Task<(int, string, string)> Course(params string[] arguments)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int code = await CourseCommand.RunAsync(arguments, TestPaths.RepositoryRoot, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The lines strictly between the first BEGIN and END markers.</summary>
    private static List<string> Region(string source)
    {
        var lines = source.Split('\n').ToList();
        int begin = lines.FindIndex(l => l.Trim() == StudentEdition.BeginMarker);
        int end = lines.FindIndex(l => l.Trim() == StudentEdition.EndMarker);
        return lines.GetRange(begin + 1, end - begin - 1);
    }

    /// <summary>The source with every solution region's content removed (markers kept).</summary>
    private static string Outside(string source)
    {
        var kept = new List<string>();
        bool inside = false;
        foreach (var line in source.Split('\n'))
        {
            if (line.Trim() == StudentEdition.EndMarker) inside = false;
            if (!inside) kept.Add(line);
            if (line.Trim() == StudentEdition.BeginMarker) inside = true;
        }
        return string.Join('\n', kept);
    }

    private static JsonObject Without(JsonObject node, params string[] names)
    {
        var copy = node.DeepClone().AsObject();
        foreach (var name in names) copy.Remove(name);
        return copy;
    }
}

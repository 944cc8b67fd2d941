using System.IO.Compression;
using AttentionCourse.Notebooks.Grading;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>The manifest matches the notebooks, and <c>course autograder</c> packages the grader for Gradescope and Classroom.</summary>
public class GradingManifestTests
{
    private static GradingManifest Manifest => GradingManifest.Load(Path.Combine(TestPaths.RepositoryRoot, "grading", "manifest.json"));

    [Fact]
    public void Every_exercise_of_a_graded_lesson_has_a_check_and_every_check_an_exercise()
    {
        var manifest = Manifest;
        foreach (var lesson in manifest.Lessons)
        {
            var notebook = Path.Combine(TestPaths.Notebooks, lesson + ".ipynb");
            Assert.True(File.Exists(notebook), $"the manifest grades {lesson}, which has no notebook");
            var inNotebook = StudentEdition.Exercises(Notebook.Load(notebook)).Select(e => e.Exercise).ToList();
            var graded = manifest.Exercises.Where(e => e.Lesson == lesson).Select(e => e.Exercise).Order().ToList();
            Assert.True(inNotebook.SequenceEqual(graded), $"{lesson}: exercises {string.Join(", ", inNotebook)} in the notebook, {string.Join(", ", graded)} in grading/manifest.json");
        }
        Assert.Equal(["01-introduction", "02-how-attention-works", "03-types-of-attention", "04-machine-translation", "05-self-attention"],
            manifest.Lessons.Take(5));
    }

    [Fact]
    public void A_manifest_naming_a_missing_check_or_an_exercise_twice_is_rejected_with_what_to_fix()
    {
        string folder = TestPaths.TemporaryFolder("bad-manifest");
        string path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, """
            { "exercises": [
              { "lesson": "06-text-summarization", "exercise": 1, "title": "t", "points": 1, "check": "checks/none.csx" },
              { "lesson": "06-text-summarization", "exercise": 1, "title": "t", "points": 0, "check": "checks/none.csx" } ] }
            """);
        var error = Assert.Throws<InvalidDataException>(() => GradingManifest.Load(path));
        Assert.Contains("exercise 06.1 appears 2 times", error.Message);
        Assert.Contains("check file checks/none.csx not found", error.Message);
        Assert.Contains("has 0 points", error.Message);
    }

    [Fact]
    public async Task Autograder_writes_the_gradescope_zip_and_a_classroom_test_per_exercise()
    {
        string output = TestPaths.TemporaryFolder("autograder");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = await CourseCommand.RunAsync(["autograder", output], TestPaths.RepositoryRoot, stdout, stderr);
        Assert.True(code == 0, stderr.ToString());

        using var zip = ZipFile.OpenRead(Path.Combine(output, "gradescope-autograder.zip"));
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var required in new[] { "setup.sh", "run_autograder", "course/grading/manifest.json", "course/tools/course/course.csproj",
            "course/lib/AttentionCourse.Notebooks/Grading/SubmissionGrader.cs", "course/global.json", "course/notebooks/00-warm-up.ipynb" })
            Assert.Contains(required, names);
        Assert.DoesNotContain(names, n => n.Contains("/bin/", StringComparison.Ordinal) || n.Contains("/obj/", StringComparison.Ordinal));
        string run = new StreamReader(zip.GetEntry("run_autograder")!.Open()).ReadToEnd();
        Assert.Contains("grade /autograder/submission", run);
        Assert.Contains("/autograder/results/results.json", run);
        Assert.Equal(0b111_101_101, (zip.GetEntry("run_autograder")!.ExternalAttributes >> 16) & 0b111_111_111);

        string workflow = File.ReadAllText(Path.Combine(output, "classroom", ".github", "workflows", "classroom.yml"));
        foreach (var exercise in Manifest.Exercises)
        {
            Assert.Contains($"- id: exercise-{exercise.LessonNumber}-{exercise.Exercise}", workflow);
            Assert.Contains($"select(.number == \"{exercise.Id}\")", workflow);
        }
        Assert.Contains("autograding-grading-reporter", workflow);
        Assert.Contains("grade submission/notebooks", workflow);
    }
}

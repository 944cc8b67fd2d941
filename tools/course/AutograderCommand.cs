using AttentionCourse.Notebooks.Grading;

namespace AttentionCourse.Tool;

/// <summary><c>course autograder &lt;out&gt;</c>: the Gradescope autograder zip and the GitHub Classroom workflow, both running <c>course grade</c>.</summary>
internal static class AutograderCommand
{
    public const string Usage = """
        course autograder <folder>

          Writes <folder>/gradescope-autograder.zip (setup.sh, run_autograder and the grader's sources, for a
          Gradescope programming assignment) and <folder>/classroom/.github/workflows/classroom.yml (GitHub
          Classroom: add it to the student edition's template repository). See docs/grading.md.
        """;

    public static int Run(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        if (arguments.Count != 1 || arguments[0].StartsWith("--", StringComparison.Ordinal)) throw new CommandLineException($"Name one output folder.\n\n{Usage}");
        var manifest = GradingManifest.Load(Path.Combine(layout.Root, "grading", "manifest.json"));
        var (zip, workflow) = AutograderPackage.Write(layout.Root, manifest, Path.GetFullPath(arguments[0]));
        console.WriteLine($"Gradescope autograder: {zip}\nGitHub Classroom workflow: {workflow}\n{manifest.Exercises.Count} exercises, {manifest.MaxScore} points.");
        return 0;
    }
}

using System.IO.Compression;
using System.Text;

namespace AttentionCourse.Notebooks.Grading;

/// <summary>
/// Packages the grader for the platforms that run it at scale: a Gradescope autograder zip (setup.sh, run_autograder
/// and the grader's sources) and a GitHub Classroom workflow with one test per exercise; both run <c>course grade</c>.
/// </summary>
public static class AutograderPackage
{
    /// <summary>What the grader needs to build and run: the tool, the two libraries, the checks, the build settings.</summary>
    private static readonly string[] GraderSources =
        ["global.json", "Directory.Build.props", "Directory.Packages.props", "lib/AttentionCourse", "lib/AttentionCourse.Notebooks", "tools/course", "grading", "data"];

    /// <summary>
    /// Writes <c>gradescope-autograder.zip</c> and <c>classroom/.github/workflows/classroom.yml</c> into
    /// <paramref name="output"/> for the course checked out at <paramref name="root"/>; returns their paths.
    /// </summary>
    public static (string Zip, string Workflow) Write(string root, GradingManifest manifest, string output)
    {
        string zip = Path.Combine(output, "gradescope-autograder.zip");
        Directory.CreateDirectory(output);
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            AddText(archive, "setup.sh", SetupScript, executable: true);
            AddText(archive, "run_autograder", RunScript, executable: true);
            AddText(archive, "course/notebooks/00-warm-up.ipynb", WarmUpNotebook(root), executable: false);
            foreach (var source in GraderSources.Select(s => Path.Combine(root, s)))
                foreach (var file in File.Exists(source) ? [source] : Directory.Exists(source) ? SourceFiles(source) : [])
                    archive.CreateEntryFromFile(file, "course/" + Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        string workflow = Path.Combine(output, "classroom", ".github", "workflows", "classroom.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(workflow)!);
        File.WriteAllText(workflow, ClassroomWorkflow(manifest));
        return (zip, workflow);
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(f =>
            !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")).Order(StringComparer.Ordinal);

    private static void AddText(ZipArchive archive, string name, string text, bool executable)
    {
        var entry = archive.CreateEntry(name);
        // Unix permissions live in the high 16 bits: rwxr-xr-x for scripts, rw-r--r-- otherwise.
        entry.ExternalAttributes = (executable ? 0b111_101_101 : 0b110_100_100) << 16;
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        writer.Write(text.ReplaceLineEndings("\n"));
    }

    /// <summary>The lesson 1 setup cell alone: grading it once in setup.sh fills the NuGet cache the notebooks use.</summary>
    private static string WarmUpNotebook(string root)
    {
        var notebook = Notebook.Load(Path.Combine(root, "notebooks", "01-introduction.ipynb")).Clone();
        var cells = notebook.Root["cells"]!.AsArray();
        var setup = notebook.CodeCells.First().Json.DeepClone();
        cells.Clear();
        cells.Add(setup);
        return notebook.ToJson();
    }

    private const string SetupScript = """
        #!/usr/bin/env bash
        # Gradescope runs this once when the autograder image is built: the .NET SDK, the grader's build, and the
        # NuGet packages the notebooks load (by grading a notebook that holds only the setup cell).
        set -euo pipefail
        apt-get update && apt-get install -y --no-install-recommends curl ca-certificates libicu-dev
        curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
        bash /tmp/dotnet-install.sh --jsonfile /autograder/source/course/global.json --install-dir /usr/share/dotnet
        ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
        cd /autograder/source/course
        touch AttentionCourse.sln
        dotnet build tools/course -c Debug
        mkdir -p /tmp/warm-up && cp notebooks/00-warm-up.ipynb /tmp/warm-up/01-introduction.ipynb
        dotnet tools/course/bin/Debug/net10.0/course.dll grade /tmp/warm-up --no-build --output /tmp/warm-up-grades
        """;

    private const string RunScript = """
        #!/usr/bin/env bash
        # Gradescope runs this for each submission (/autograder/submission); the grader writes results.json.
        set -uo pipefail
        cd /autograder/source/course
        dotnet tools/course/bin/Debug/net10.0/course.dll grade /autograder/submission --no-build --regrade --output /autograder/grades
        mkdir -p /autograder/results
        cp /autograder/grades/submission/results.json /autograder/results/results.json
        """;

    private static string ClassroomWorkflow(GradingManifest manifest)
    {
        var text = new StringBuilder("""
            # GitHub Classroom autograding for the AttentionCourse student edition (written by `course autograder`).
            # The hidden checks stay in the instructors' repository: set the repository variable COURSE_GRADER_REPOSITORY
            # (owner/name of the instructor edition) and the secret COURSE_GRADER_TOKEN (a token that can read it).
            name: Autograding
            on: [push, workflow_dispatch, repository_dispatch]
            permissions:
              checks: write
              actions: read
              contents: read
            jobs:
              grade:
                runs-on: ubuntu-latest
                if: github.actor != 'github-classroom[bot]'
                steps:
                  - uses: actions/checkout@v4
                    with:
                      path: submission
                  - uses: actions/checkout@v4
                    with:
                      repository: ${{ vars.COURSE_GRADER_REPOSITORY }}
                      token: ${{ secrets.COURSE_GRADER_TOKEN }}
                      path: grader
                  - uses: actions/setup-dotnet@v4
                    with:
                      global-json-file: grader/global.json
                  - name: Grade the notebooks with the hidden checks
                    run: dotnet run --project grader/tools/course -- grade submission/notebooks --output grades
                  - uses: actions/upload-artifact@v4
                    with:
                      name: grades
                      path: grades

            """);
        foreach (var e in manifest.Exercises)
            text.Append($"""
                      - id: {StepId(e)}
                        uses: classroom-resources/autograding-command-grader@v1
                        with:
                          test-name: "{e.Name}"
                          command: jq -e '.tests[] | select(.number == "{e.Id}") | .score >= .max_score' grades/notebooks/results.json
                          timeout: 1
                          max-score: {e.Points}

                """);
        text.Append($"""
                  - uses: classroom-resources/autograding-grading-reporter@v1
                    env:
            {string.Join("\n", manifest.Exercises.Select(e => $"          {StepId(e).ToUpperInvariant()}_RESULTS: \"${{{{ steps.{StepId(e)}.outputs.result }}}}\""))}
                    with:
                      runners: {string.Join(",", manifest.Exercises.Select(StepId))}

            """);
        return text.ToString();
    }

    private static string StepId(GradedExercise e) => $"exercise-{e.LessonNumber}-{e.Exercise}";
}

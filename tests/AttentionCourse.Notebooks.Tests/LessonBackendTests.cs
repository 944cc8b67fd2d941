using System.Globalization;
using AttentionCourse.Tool;
using Xunit.Abstractions;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// Every lesson's trained result must hold with margin whatever computes the matrix products, not only with the
/// library's own (reproducible) product that the lessons use by default: runs <c>course run</c> for every lesson
/// through OpenBLAS with the two kernel families students' machines end up with, its generic <c>Prescott</c>
/// kernel (what Debian 12's OpenBLAS picks on processors it does not know) and <c>Haswell</c>, prints each asserted
/// number, and checks it against the same expectations as <see cref="CourseNotebookTests"/>.
/// </summary>
[Collection(LessonRuns.Collection)]
public class LessonBackendTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("Prescott")]
    [InlineData("Haswell")]
    public void Every_lessons_asserted_numbers_hold_through_OpenBlas(string kernel)
    {
        bool ci = Environment.GetEnvironmentVariable("CI") == "true";
        bool installed = File.Exists("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0") || File.Exists("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        Skip.If(!installed && !ci, "OpenBLAS is not installed (apt-get install -y libopenblas0-pthread); CI installs it and runs this test.");
        Skip.If(!System.Runtime.Intrinsics.X86.Avx2.IsSupported, $"OpenBLAS's {kernel} kernel needs an x86-64 processor with AVX2.");

        string course = Path.Combine(TestPaths.RepositoryRoot, "tools", "course", "bin", Configuration, "net10.0", "course.dll");
        Assert.True(File.Exists(course), $"The course command is not built at {course}.");
        string folder = TestPaths.TemporaryFolder($"backend-{kernel}");
        var names = CourseNotebookTests.Expectations.Values.SelectMany(e => e.Values.Keys).Distinct();
        var result = TestProcess.Run("dotnet", [course, "run", "--no-build", "--output", folder, "--values", string.Join(",", names)],
            TestPaths.RepositoryRoot, TimeSpan.FromMinutes(30),
            new Dictionary<string, string> { ["ATTENTIONCOURSE_BLAS"] = "openblas-force", ["OPENBLAS_CORETYPE"] = kernel });
        var summary = RunSummary.Read(Path.Combine(folder, "notebooks", RunSummary.FileName));
        output.WriteLine(summary.MatrixProducts);
        Assert.Contains($"'{kernel}'", summary.MatrixProducts);

        var failures = new List<string>();
        foreach (var lesson in summary.Lessons)
        {
            if (!lesson.Succeeded) { failures.Add($"{lesson.Lesson} failed: {lesson.Failure}"); continue; }
            if (!CourseNotebookTests.Expectations.TryGetValue(lesson.Lesson, out var expectation)) continue;
            foreach (var (name, (low, high)) in expectation.Values)
            {
                if (!lesson.Values.TryGetValue(name, out var text)) { failures.Add($"{lesson.Lesson}: course run --values did not capture {name}"); continue; }
                double value = double.Parse(text, CultureInfo.InvariantCulture);
                bool holds = value >= low && value <= high;
                output.WriteLine($"OpenBLAS {kernel,-9} {lesson.Lesson,-26} {name,-26} {value,10:G4}  expected [{low}, {high}]{(holds ? "" : "  FAILS")}");
                if (!holds) failures.Add($"{lesson.Lesson}: {name} = {value} through OpenBLAS {kernel}, expected within [{low}, {high}]");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + result);
    }

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}

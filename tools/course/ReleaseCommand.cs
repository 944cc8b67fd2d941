using AttentionCourse.Notebooks;
using AttentionCourse.Notebooks.Grading;

namespace AttentionCourse.Tool;

/// <summary><c>course release &lt;out&gt;</c>: writes the student edition of the course (solutions replaced by stubs).</summary>
internal static class ReleaseCommand
{
    public const string Usage = """
        course release <folder> [--force]

          Writes the student edition of the whole course to <folder>: the repository's files, except the hidden
          grading checks (grading/) and build outputs, with every notebook's solution regions replaced by stubs
          that throw NotImplementedException naming the exercise, and outputs cleared. Refuses a folder that
          exists and is not empty unless --force, and a folder inside the repository other than under artifacts/.
          The notebooks under notebooks/ are only read.
        """;

    /// <summary>Folders never copied: build outputs, editor state, and what only instructors may see.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
        { ".git", "bin", "obj", "artifacts", "TestResults", ".vs", ".idea", "node_modules", "BenchmarkDotNet.Artifacts" };

    public static int Run(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter console)
    {
        bool force = arguments.Contains("--force");
        var folders = arguments.Where(a => a != "--force").ToList();
        if (folders.Any(a => a.StartsWith("--", StringComparison.Ordinal)))
            throw new CommandLineException($"Unknown option {folders.First(a => a.StartsWith("--", StringComparison.Ordinal))}.\n\n{Usage}");
        if (folders.Count != 1) throw new CommandLineException($"Name one output folder.\n\n{Usage}");
        string output = Path.GetFullPath(folders[0]);
        CheckOutput(output, layout, force);

        // Transform every notebook first, so that a malformed marker stops the release before anything is written.
        var notebooks = Directory.GetFiles(layout.Notebooks, "*.ipynb").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), Student: StudentEdition.Create(Notebook.Load(path)))).ToList();

        int files = 0;
        foreach (var file in CourseFiles(layout.Root, output))
        {
            string target = Path.Combine(output, Path.GetRelativePath(layout.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            files++;
        }
        foreach (var (name, student) in notebooks)
            student.Save(Path.Combine(output, "notebooks", name));
        int exercises = notebooks.Sum(n => StudentEdition.Exercises(n.Student).Count);
        console.WriteLine($"Student edition written to {output}: {files} files, {notebooks.Count} notebooks, {exercises} exercises stubbed.");
        return 0;
    }

    private static void CheckOutput(string output, RepositoryLayout layout, bool force)
    {
        string root = Path.GetFullPath(layout.Root);
        if (IsInside(root, output) || (IsInside(output, root) && !IsInside(output, layout.Artifacts)))
            throw new CommandLineException($"Refusing to write the student edition to {output}: choose a folder outside the repository, or under {layout.Artifacts}.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !force)
            throw new CommandLineException($"{output} exists and is not empty; choose another folder or add --force to write over it.");
    }

    /// <summary>Every file of the course a student gets: all but build outputs, the hidden checks and their tests.</summary>
    private static IEnumerable<string> CourseFiles(string root, string output)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (var sub in Directory.GetDirectories(folder))
            {
                string relative = Path.GetRelativePath(root, sub);
                if (SkippedFolders.Contains(Path.GetFileName(sub)) || relative == "grading" || IsInside(sub, output)) continue;
                pending.Push(sub);
            }
            foreach (var file in Directory.GetFiles(folder))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (Path.GetFileName(file) == ".git" || relative.StartsWith("notebooks/", StringComparison.Ordinal) && file.EndsWith(".ipynb", StringComparison.Ordinal)) continue;
                if (relative.StartsWith("tests/", StringComparison.Ordinal) && Path.GetFileName(file).StartsWith("Grading", StringComparison.Ordinal)) continue;
                yield return file;
            }
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    private static bool IsInside(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }
}

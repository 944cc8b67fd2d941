namespace AttentionCourse.Notebooks.Tests;

internal static class TestPaths
{
    /// <summary>A fixture notebook copied next to the test assembly.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The repository root (the folder holding AttentionCourse.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Notebooks => Path.Combine(RepositoryRoot, "notebooks");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "AttentionCourse.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No AttentionCourse.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A fresh temporary folder for a test's outputs.</summary>
    public static string TemporaryFolder(string purpose) => Directory.CreateTempSubdirectory($"notebook-tests-{purpose}-").FullName;
}

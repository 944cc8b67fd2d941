namespace AttentionCourse.Tool;

/// <summary>Where things are in a checkout of the course.</summary>
internal sealed record RepositoryLayout(string Root)
{
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Artifacts => Path.Combine(Root, "artifacts");
    public string LibraryProject => Path.Combine(Root, "lib", "AttentionCourse", "AttentionCourse.csproj");

    /// <summary>The library build the notebooks reference with <c>#r</c> (see docs/notebooks.md).</summary>
    public string LibraryAssembly => Path.Combine(Root, "lib", "AttentionCourse", "bin", "Debug", "net10.0", "AttentionCourse.dll");

    /// <summary>
    /// The most recently written library source (.cs and .csproj files outside bin/ and obj/), or null when there is
    /// none: the library build is stale when this is newer than <see cref="LibraryAssembly"/>.
    /// </summary>
    public (string File, DateTime WrittenUtc)? NewestLibrarySource()
    {
        string sources = Path.GetDirectoryName(LibraryProject)!;
        if (!Directory.Exists(sources)) return null;
        return Directory.GetFiles(sources, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(sources, f).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => ((string File, DateTime WrittenUtc)?)(f, File.GetLastWriteTimeUtc(f)))
            .MaxBy(f => f!.Value.WrittenUtc);
    }

    /// <summary>Finds the checkout containing <paramref name="start"/> (the folder holding AttentionCourse.sln).</summary>
    public static RepositoryLayout Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "AttentionCourse.sln")))
                return new RepositoryLayout(folder.FullName);
        throw new CommandLineException($"Cannot find the course checkout: no AttentionCourse.sln in {start} or any folder above it. Run the command from inside the repository.");
    }
}

/// <summary>A problem with how the command was called or with its input; printed without a stack trace.</summary>
internal sealed class CommandLineException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Helpers for parsing subcommand options and finding programs.</summary>
internal static class Options
{
    /// <summary>The first of <paramref name="names"/> found as a file in a folder of <paramref name="searchPath"/> (PATH by default), or null.</summary>
    public static string? FindOnPath(IEnumerable<string> names, string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(searchPath)) return null;
        var folders = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }

    /// <summary>The value after the option at <paramref name="i"/> (advancing past it); a missing value is a usage error.</summary>
    public static string Value(IReadOnlyList<string> arguments, ref int i, string usage)
    {
        if (i + 1 >= arguments.Count) throw new CommandLineException($"{arguments[i]} needs a value.\n\n{usage}");
        return arguments[++i];
    }
}

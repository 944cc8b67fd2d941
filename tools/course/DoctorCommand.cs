using System.ComponentModel;
using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AttentionCourse.Notebooks;

namespace AttentionCourse.Tool;

/// <summary>
/// <c>course doctor</c>: checks that this machine can run the course notebooks (SDK, library build, notebook packages,
/// the real kernels and their FSharp.Core) and, for each problem, prints exactly what to run to fix it.
/// </summary>
internal static partial class DoctorCommand
{
    /// <summary>The help text of <c>course doctor</c>.</summary>
    public const string Usage = """
        course doctor

          Checks this machine: the .NET SDK (10.0 or newer), the library build the notebooks load, the NuGet packages
          the notebooks name (restoring missing ones), the real kernels (dotnet-interactive; dotnet-repl and the
          Jupyter kernelspec are optional) and that every kernel copy of FSharp.Core is as new as Plotly.NET needs.
          Prints ok / PROBLEM / warning per check and, under each problem, the command that fixes it.
          Exits with 0 when everything is ready, 1 when something needs fixing (warnings do not count).
        """;

    private const string SetupKernels = "bash tools/kernel/setup-kernels.sh";
    private const string InteractiveTool = "microsoft.dotnet-interactive";
    private const string ReplTool = "dotnet-repl";

    /// <summary>Parses the arguments of <c>course doctor</c> and runs every check on this machine.</summary>
    public static int Run(IReadOnlyList<string> arguments, RepositoryLayout layout, TextWriter output)
    {
        if (arguments.Contains("--help"))
        {
            output.WriteLine(Usage);
            return 0;
        }
        if (arguments.Count > 0) throw new CommandLineException($"course doctor takes no arguments (got {arguments[0]}).\n\n{Usage}");
        return Run(DoctorEnvironment.ForMachine(layout), output);
    }

    /// <summary>Runs every check against <paramref name="environment"/>, printing as it goes; returns 0 when nothing needs fixing, else 1.</summary>
    public static int Run(DoctorEnvironment environment, TextWriter output)
    {
        output.WriteLine($"Checking {environment.Layout.Root}");
        int problems = 0, warnings = 0;
        foreach (var check in Checks(environment))
        {
            Print(check, output);
            if (check.Status == CheckStatus.Problem) problems++;
            if (check.Status == CheckStatus.Warning) warnings++;
        }
        output.WriteLine();
        if (problems > 0)
            output.WriteLine(problems == 1 ? "1 problem to fix." : $"{problems} problems to fix.");
        else if (warnings > 0)
            output.WriteLine($"Everything is ready ({warnings} {(warnings == 1 ? "warning" : "warnings")} about optional parts above).");
        else
            output.WriteLine("Everything is ready.");
        return problems == 0 ? 0 : 1;
    }

    /// <summary>All checks in order; lazy, so that each result is printed before the next (slower) check starts.</summary>
    internal static IEnumerable<DoctorCheck> Checks(DoctorEnvironment environment)
    {
        yield return CheckSdk(environment);
        yield return CheckLibraryBuilt(environment);
        yield return MatrixProductCheck.Check();
        foreach (var check in CheckNotebookPackages(environment)) yield return check;
        foreach (var check in CheckKernels(environment)) yield return check;
        foreach (var check in CheckFSharpCore(environment)) yield return check;
    }

    private static void Print(DoctorCheck check, TextWriter output)
    {
        string label = check.Status switch
        {
            CheckStatus.Ok => "ok",
            CheckStatus.Warning => "warning",
            _ => "PROBLEM",
        };
        output.WriteLine($"  {label,-8} {check.Message}");
        foreach (var detail in check.Details) output.WriteLine($"             {detail}");
        foreach (var fix in check.Fixes) output.WriteLine($"           fix: {fix}");
    }

    // ---- 1. .NET SDK ---------------------------------------------------------------------------------------------

    private static DoctorCheck CheckSdk(DoctorEnvironment environment)
    {
        const string fix = "install the .NET 10 SDK (https://dotnet.microsoft.com/download/dotnet/10.0), then open a new terminal";
        var result = environment.RunDotnet(environment.Layout.Root, ["--version"]);
        var lines = Lines(result.Output);
        if (result.ExitCode != 0 || lines.Count == 0)
            return DoctorCheck.Problem(".NET SDK: `dotnet --version` failed in the repository (global.json asks for a 10.0 SDK)", [fix], lines.Take(6).ToList());
        string text = lines[0].Trim();
        if (!Version.TryParse(text.Split('-', '+')[0], out var version))
            return DoctorCheck.Problem($".NET SDK: cannot read the version `dotnet --version` printed: {text}", [fix]);
        return version.Major >= 10
            ? DoctorCheck.Ok($".NET SDK {text}")
            : DoctorCheck.Problem($".NET SDK {text} is too old: the course needs 10.0 or newer", [fix]);
    }

    // ---- 2. Library built ----------------------------------------------------------------------------------------

    private static DoctorCheck CheckLibraryBuilt(DoctorEnvironment environment)
    {
        var layout = environment.Layout;
        string fix = $"dotnet build {Relative(layout, layout.LibraryProject)}   (run in {layout.Root})";
        string dll = Relative(layout, layout.LibraryAssembly);
        if (!File.Exists(layout.LibraryAssembly))
            return DoctorCheck.Problem($"library not built: {dll} (the notebooks #r it) is missing", [fix]);
        if (layout.NewestLibrarySource() is var (newest, written) && written > File.GetLastWriteTimeUtc(layout.LibraryAssembly))
            return DoctorCheck.Problem($"library out of date: {Relative(layout, newest)} is newer than {dll}", [fix]);
        return DoctorCheck.Ok($"library built: {dll}");
    }

    // ---- 3. Notebook packages ------------------------------------------------------------------------------------

    /// <summary>A <c>#r "nuget: Id, Version"</c> line in a notebook; <see cref="Version"/> is null when the line names none.</summary>
    internal sealed record NotebookPackage(string Notebook, string Id, string? Version);

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<id>[^,"]+?)\s*(,\s*(?<version>[^"]*?)\s*)?"\s*$""", RegexOptions.Multiline)]
    private static partial Regex NuGetDirective();

    private static IEnumerable<DoctorCheck> CheckNotebookPackages(DoctorEnvironment environment)
    {
        var layout = environment.Layout;
        var notebooks = Directory.Exists(layout.Notebooks)
            ? Directory.GetFiles(layout.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [];
        if (notebooks.Count == 0)
        {
            yield return DoctorCheck.Problem($"notebook packages: no notebooks in {layout.Notebooks}", ["run course doctor inside a complete checkout of the course"]);
            yield break;
        }

        var packages = new List<NotebookPackage>();
        foreach (var path in notebooks)
        {
            string name = Path.GetFileName(path);
            string? error = null;
            try
            {
                packages.AddRange(Notebook.Load(path).CodeCells
                    .SelectMany(cell => NuGetDirective().Matches(cell.Source.Replace("\r\n", "\n")))
                    .Select(m => new NotebookPackage(name, m.Groups["id"].Value, m.Groups["version"].Success && m.Groups["version"].Value.Length > 0 ? m.Groups["version"].Value : null)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
            {
                error = e.Message;
            }
            if (error != null)
                yield return DoctorCheck.Problem($"cannot read notebooks/{name}: {error}", [$"repair notebooks/{name} (git diff notebooks/{name} shows what changed) so that it is valid notebook JSON"]);
        }

        // Versions the notebooks name that differ from the repository's central ones.
        var central = CentralVersions(layout);
        foreach (var package in packages)
        {
            if (!central.TryGetValue(package.Id, out var wanted)) continue;
            if (package.Version != null && string.Equals(NormalizeVersion(package.Version), NormalizeVersion(wanted), StringComparison.Ordinal)) continue;
            yield return DoctorCheck.Problem(
                $"notebooks/{package.Notebook} uses {package.Id} {package.Version ?? "(no version)"} but Directory.Packages.props has {wanted}",
                [$"change the line in notebooks/{package.Notebook} to #r \"nuget: {package.Id}, {wanted}\" (or update Directory.Packages.props and every notebook together)"]);
        }

        var distinct = packages.DistinctBy(p => (p.Id.ToLowerInvariant(), p.Version == null ? null : NormalizeVersion(p.Version))).ToList();
        string summary = string.Join(", ", distinct.Select(p => $"{p.Id} {p.Version ?? "(latest)"}"));
        var missing = distinct.Where(p => !IsInPackagesFolder(environment, p)).ToList();
        if (missing.Count == 0)
        {
            yield return DoctorCheck.Ok($"notebook packages in {environment.NuGetPackages}: {summary}");
            yield break;
        }

        var restore = RestorePackages(environment, distinct);
        missing = distinct.Where(p => !IsInPackagesFolder(environment, p)).ToList();
        string names = string.Join(", ", missing.Select(p => $"{p.Id} {p.Version ?? "(latest)"}"));
        if (restore.ExitCode != 0)
        {
            var errors = Lines(restore.Output).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().ToList();
            if (errors.Count == 0) errors = Lines(restore.Output).TakeLast(8).Select(l => l.Trim()).ToList();
            yield return DoctorCheck.Problem(
                $"notebook packages: restoring {names} failed",
                ["check the network connection and the NuGet sources (dotnet nuget list source), then run course doctor again"],
                errors);
        }
        else if (missing.Count > 0)
        {
            yield return DoctorCheck.Problem(
                $"notebook packages: restore succeeded but {names} is still not in {environment.NuGetPackages}",
                ["check NUGET_PACKAGES and the globalPackagesFolder setting in your NuGet.config (dotnet nuget config get globalPackagesFolder)"]);
        }
        else
        {
            yield return DoctorCheck.Ok($"notebook packages in {environment.NuGetPackages} (just restored): {summary}");
        }
    }

    /// <summary>The <c>PackageVersion</c> items of Directory.Packages.props (empty when the file is missing).</summary>
    internal static Dictionary<string, string> CentralVersions(RepositoryLayout layout)
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string path = Path.Combine(layout.Root, "Directory.Packages.props");
        if (!File.Exists(path)) return versions;
        XDocument props;
        try
        {
            props = XDocument.Load(path);
        }
        catch (System.Xml.XmlException e)
        {
            throw new InvalidDataException($"{path} is not valid XML: {e.Message}", e);
        }
        foreach (var item in props.Descendants().Where(e => e.Name.LocalName == "PackageVersion"))
        {
            string? id = (string?)item.Attribute("Include");
            string? version = (string?)item.Attribute("Version");
            if (id != null && version != null) versions[id] = version;
        }
        return versions;
    }

    private static bool IsInPackagesFolder(DoctorEnvironment environment, NotebookPackage package)
    {
        string folder = Path.Combine(environment.NuGetPackages, package.Id.ToLowerInvariant());
        if (package.Version == null || package.Version.IndexOfAny(['*', '[', '(', ']', ')']) >= 0)
            return Directory.Exists(folder) && Directory.EnumerateDirectories(folder).Any();
        return Directory.Exists(Path.Combine(folder, NormalizeVersion(package.Version)));
    }

    /// <summary>The folder name NuGet uses for a version: lower case, at least three parts, a zero fourth part dropped.</summary>
    internal static string NormalizeVersion(string version)
    {
        version = version.Trim().ToLowerInvariant();
        int cut = version.IndexOfAny(['-', '+']);
        string core = cut < 0 ? version : version[..cut];
        string rest = cut < 0 ? "" : version[cut..];
        if (rest.StartsWith('+')) rest = "";               // build metadata is not part of the folder name
        var parts = core.Split('.').ToList();
        if (!parts.All(p => int.TryParse(p, out _))) return version;
        parts = parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        while (parts.Count < 3) parts.Add("0");
        if (parts.Count == 4 && parts[3] == "0") parts.RemoveAt(3);
        return string.Join('.', parts) + rest;
    }

    /// <summary>
    /// Restores <paramref name="packages"/> into the packages folder through throw-away projects in a temporary folder
    /// (one project per round, since a project cannot reference two versions of one package).
    /// </summary>
    private static DotnetResult RestorePackages(DoctorEnvironment environment, IReadOnlyList<NotebookPackage> packages)
    {
        var rounds = new List<List<NotebookPackage>>();
        foreach (var package in packages)
        {
            var round = rounds.FirstOrDefault(r => !r.Any(p => string.Equals(p.Id, package.Id, StringComparison.OrdinalIgnoreCase)));
            if (round == null) rounds.Add(round = []);
            round.Add(package);
        }

        var folder = Directory.CreateTempSubdirectory("course-doctor-restore-");
        try
        {
            var output = new System.Text.StringBuilder();
            int exitCode = 0;
            string? config = Directory.Exists(environment.Layout.Root)
                ? Directory.GetFiles(environment.Layout.Root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), "nuget.config", StringComparison.OrdinalIgnoreCase))
                : null;
            for (int i = 0; i < rounds.Count; i++)
            {
                string project = Path.Combine(folder.FullName, $"restore{i + 1}", "restore.csproj");
                Directory.CreateDirectory(Path.GetDirectoryName(project)!);
                new XDocument(
                    new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
                        new XElement("PropertyGroup",
                            new XElement("TargetFramework", "net10.0"),
                            new XElement("ManagePackageVersionsCentrally", "false")),
                        new XElement("ItemGroup", rounds[i].Select(p =>
                            new XElement("PackageReference", new XAttribute("Include", p.Id), new XAttribute("Version", p.Version ?? "*"))))))
                    .Save(project);
                List<string> arguments = ["restore", project, "--packages", environment.NuGetPackages];
                if (config != null) arguments.AddRange(["--configfile", config]);
                var result = environment.RunDotnet(Path.GetDirectoryName(project)!, arguments);
                output.AppendLine(result.Output);
                if (result.ExitCode != 0) exitCode = result.ExitCode;
            }
            return new DotnetResult(exitCode, output.ToString());
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // ---- 4. Kernels ----------------------------------------------------------------------------------------------

    private static IEnumerable<DoctorCheck> CheckKernels(DoctorEnvironment environment)
    {
        var interactive = ToolVersions(environment, InteractiveTool);
        yield return interactive.Count > 0
            ? DoctorCheck.Ok($"kernel: dotnet-interactive {string.Join(", ", interactive)} (what VS Code and Jupyter run)")
            : DoctorCheck.Problem($"kernel: the dotnet-interactive global tool is not installed (no {Path.Combine(environment.ToolsFolder, ".store", InteractiveTool)})", [SetupKernels]);

        var repl = ToolVersions(environment, ReplTool);
        yield return repl.Count > 0
            ? DoctorCheck.Ok($"dotnet-repl {string.Join(", ", repl)} (optional headless runner)")
            : DoctorCheck.Warning("dotnet-repl is not installed (optional: runs a notebook headlessly with `dotnet repl --run`)", [SetupKernels]);

        string? jupyter = Options.FindOnPath(OperatingSystem.IsWindows() ? ["jupyter.exe", "jupyter.cmd", "jupyter.bat"] : ["jupyter"], environment.SearchPath);
        if (jupyter == null)
        {
            yield return DoctorCheck.Ok("Jupyter: not on PATH (optional; VS Code does not need it)");
            yield break;
        }
        string? spec = environment.JupyterKernelFolders.Select(f => Path.Combine(f, ".net-csharp", "kernel.json")).FirstOrDefault(File.Exists);
        yield return spec != null
            ? DoctorCheck.Ok($"Jupyter kernelspec .net-csharp: {spec}")
            : DoctorCheck.Warning($"Jupyter is installed ({jupyter}) but has no .NET C# kernel (.net-csharp); looked in {string.Join(", ", environment.JupyterKernelFolders)}", [SetupKernels + " --jupyter"]);
    }

    /// <summary>The installed versions of a global tool: the folders of <c>&lt;tools&gt;/.store/&lt;id&gt;/</c>.</summary>
    private static List<string> ToolVersions(DoctorEnvironment environment, string id)
    {
        string store = Path.Combine(environment.ToolsFolder, ".store", id);
        return Directory.Exists(store)
            ? Directory.GetDirectories(store).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    // ---- 5. FSharp.Core alignment --------------------------------------------------------------------------------

    private static IEnumerable<DoctorCheck> CheckFSharpCore(DoctorEnvironment environment)
    {
        var central = CentralVersions(environment.Layout);
        string plotlyFolder = Path.Combine(environment.NuGetPackages, "plotly.net");
        string? plotlyVersion = central.TryGetValue("Plotly.NET", out var v) ? NormalizeVersion(v)
            : Directory.Exists(plotlyFolder) ? Directory.GetDirectories(plotlyFolder).Select(Path.GetFileName).OfType<string>().Max(StringComparer.Ordinal)
            : null;
        string? plotly = plotlyVersion == null ? null : FindLibraryFile(Path.Combine(plotlyFolder, plotlyVersion), "Plotly.NET.dll", "netstandard2.0");
        if (plotly == null)
        {
            yield return DoctorCheck.Problem(
                $"FSharp.Core: cannot tell which version Plotly.NET needs: no Plotly.NET.dll under {Path.Combine(plotlyFolder, plotlyVersion ?? "<version>")}",
                [$"dotnet restore   (run in {environment.Layout.Root})"]);
            yield break;
        }
        Version? required;
        string? readError = null;
        try
        {
            required = ReferencedVersion(plotly, "FSharp.Core");
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
        {
            required = null;
            readError = e.Message;
        }
        if (required == null)
        {
            yield return DoctorCheck.Problem(
                $"FSharp.Core: cannot read the FSharp.Core reference of {plotly}{(readError == null ? "" : ": " + readError)}",
                [$"dotnet nuget locals global-packages --clear && dotnet restore   (run in {environment.Layout.Root})"]);
            yield break;
        }

        // Every FSharp.Core a real kernel loads: the global tools' stores and the copy VS Code runs from the NuGet folder.
        var copies = new List<string>();
        foreach (var tool in new[] { InteractiveTool, ReplTool })
        {
            string store = Path.Combine(environment.ToolsFolder, ".store", tool);
            if (!Directory.Exists(store)) continue;
            copies.AddRange(Directory.GetFiles(store, "FSharp.Core.dll", SearchOption.AllDirectories)
                .Where(f => Path.GetRelativePath(store, f).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Contains("tools"))
                );
        }
        string vsCode = Path.Combine(environment.NuGetPackages, InteractiveTool);
        if (Directory.Exists(vsCode))
        {
            foreach (var version in Directory.GetDirectories(vsCode))
            {
                string tools = Path.Combine(version, "tools");
                if (Directory.Exists(tools)) copies.AddRange(Directory.GetFiles(tools, "FSharp.Core.dll", SearchOption.AllDirectories));
            }
        }
        copies.Sort(StringComparer.Ordinal);

        int current = 0;
        foreach (var path in copies)
        {
            Version? version;
            try
            {
                version = AssemblyVersion(path);
            }
            catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
            {
                version = null;
            }
            if (version != null && version >= required)
            {
                current++;
                continue;
            }
            yield return DoctorCheck.Problem(
                $"FSharp.Core {version?.ToString() ?? "(unreadable)"} in {path}: Plotly.NET needs {required}",
                [SetupKernels]);
        }
        if (copies.Count == 0)
            yield return DoctorCheck.Ok($"FSharp.Core: no installed kernel to check yet (Plotly.NET {plotlyVersion} needs {required})");
        else if (current == copies.Count)
            yield return DoctorCheck.Ok($"FSharp.Core {required} or newer in all {copies.Count} kernel {(copies.Count == 1 ? "copy" : "copies")} (Plotly.NET {plotlyVersion} needs {required})");
    }

    /// <summary><c>&lt;package folder&gt;/lib/&lt;preferred&gt;/&lt;file&gt;</c>, else the file in any lib folder.</summary>
    private static string? FindLibraryFile(string packageFolder, string file, string preferredFramework)
    {
        string lib = Path.Combine(packageFolder, "lib");
        if (!Directory.Exists(lib)) return null;
        string preferred = Path.Combine(lib, preferredFramework, file);
        if (File.Exists(preferred)) return preferred;
        return Directory.GetDirectories(lib).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);
    }

    /// <summary>The version of the assembly named <paramref name="name"/> that <paramref name="assembly"/> references, or null if it references none.</summary>
    internal static Version? ReferencedVersion(string assembly, string name)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .Where(r => string.Equals(metadata.GetString(r.Name), name, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Version)
            .Max();
    }

    /// <summary>The assembly version (not the file version) of <paramref name="assembly"/>.</summary>
    internal static Version AssemblyVersion(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().Version;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();

    private static string Relative(RepositoryLayout layout, string path) =>
        Path.GetRelativePath(layout.Root, path).Replace('\\', '/');
}

/// <summary>How a doctor check came out.</summary>
internal enum CheckStatus
{
    /// <summary>Nothing to do.</summary>
    Ok,
    /// <summary>Something optional is missing; does not make the command fail.</summary>
    Warning,
    /// <summary>Something the course needs is missing or wrong; the command exits with 1.</summary>
    Problem,
}

/// <summary>One line of the doctor's report, with the commands that fix it and any detail lines (e.g. restore errors).</summary>
internal sealed record DoctorCheck(CheckStatus Status, string Message, IReadOnlyList<string> Fixes, IReadOnlyList<string> Details)
{
    /// <summary>A passed check.</summary>
    public static DoctorCheck Ok(string message) => new(CheckStatus.Ok, message, [], []);

    /// <summary>A missing optional part.</summary>
    public static DoctorCheck Warning(string message, IReadOnlyList<string> fixes) => new(CheckStatus.Warning, message, fixes, []);

    /// <summary>A problem to fix.</summary>
    public static DoctorCheck Problem(string message, IReadOnlyList<string> fixes, IReadOnlyList<string>? details = null) =>
        new(CheckStatus.Problem, message, fixes, details ?? []);
}

/// <summary>The exit code and the combined standard output and error of a <c>dotnet</c> command.</summary>
internal sealed record DotnetResult(int ExitCode, string Output);

/// <summary>
/// Everything <c>course doctor</c> looks at. <see cref="ForMachine"/> describes this machine; tests point the folders
/// at scratch copies and replace <see cref="RunDotnet"/>.
/// </summary>
internal sealed record DoctorEnvironment(RepositoryLayout Layout)
{
    /// <summary>The .NET global tools folder (DOTNET_TOOLS_DIR, else ~/.dotnet/tools), holding <c>.store/&lt;tool id&gt;/&lt;version&gt;/</c>.</summary>
    public string ToolsFolder { get; init; } = DefaultToolsFolder();

    /// <summary>The NuGet global packages folder (NUGET_PACKAGES, else ~/.nuget/packages), holding <c>&lt;lower-case id&gt;/&lt;version&gt;/</c>.</summary>
    public string NuGetPackages { get; init; } = DefaultNuGetPackages();

    /// <summary>The PATH to look for <c>jupyter</c> on.</summary>
    public string? SearchPath { get; init; } = Environment.GetEnvironmentVariable("PATH");

    /// <summary>The Jupyter <c>kernels</c> folders in which a <c>.net-csharp/kernel.json</c> counts as the kernel being registered.</summary>
    public IReadOnlyList<string> JupyterKernelFolders { get; init; } = DefaultJupyterKernelFolders();

    /// <summary>Runs <c>dotnet</c> with the given arguments in the given folder (<c>--version</c>, <c>restore</c>).</summary>
    public Func<string, IReadOnlyList<string>, DotnetResult> RunDotnet { get; init; } = RunDotnetProcess;

    /// <summary>This machine, for the checkout at <paramref name="layout"/>.</summary>
    public static DoctorEnvironment ForMachine(RepositoryLayout layout) => new(layout);

    /// <summary>DOTNET_TOOLS_DIR, else ~/.dotnet/tools (what tools/kernel/setup-kernels.sh uses).</summary>
    public static string DefaultToolsFolder() =>
        NonEmpty(Environment.GetEnvironmentVariable("DOTNET_TOOLS_DIR")) ?? Path.Combine(Home(), ".dotnet", "tools");

    /// <summary>NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string DefaultNuGetPackages() =>
        NonEmpty(Environment.GetEnvironmentVariable("NUGET_PACKAGES")) ?? Path.Combine(Home(), ".nuget", "packages");

    /// <summary>The user and system data folders Jupyter searches for kernelspecs (a subset of what <c>jupyter --paths</c> lists).</summary>
    public static IReadOnlyList<string> DefaultJupyterKernelFolders()
    {
        var folders = new List<string>();
        if (NonEmpty(Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR")) is { } data) folders.Add(Path.Combine(data, "kernels"));
        folders.Add(Path.Combine(Home(), ".local", "share", "jupyter", "kernels"));
        if (OperatingSystem.IsMacOS()) folders.Add(Path.Combine(Home(), "Library", "Jupyter", "kernels"));
        if (OperatingSystem.IsWindows()) folders.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels"));
        foreach (var extra in (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            folders.Add(Path.Combine(extra, "kernels"));
        folders.Add("/usr/local/share/jupyter/kernels");
        folders.Add("/usr/share/jupyter/kernels");
        return folders.Distinct().ToList();
    }

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static DotnetResult RunDotnetProcess(string workingDirectory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started from `dotnet run` or a test host, these would point a child's MSBuild at the parent's SDK.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                return new DotnetResult(-1, $"dotnet {string.Join(' ', arguments)} did not finish within 5 minutes");
            }
            return new DotnetResult(process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (Win32Exception e)
        {
            return new DotnetResult(-1, $"cannot run dotnet: {e.Message}");
        }
    }
}

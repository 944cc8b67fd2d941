using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using AttentionCourse.Tool;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// <c>course doctor</c> on scratch machines (a scratch checkout, NuGet packages folder, tools folder and PATH, and a fake
/// <c>dotnet</c>), plus once on the real repository and this machine's tools.
/// </summary>
public class DoctorCommandTests
{
    private const string SetupKernels = "fix: bash tools/kernel/setup-kernels.sh";

    /// <summary>The central versions of the real repository (what the scratch checkout copies).</summary>
    private static readonly IReadOnlyDictionary<string, string> Central = DoctorCommand.CentralVersions(new RepositoryLayout(TestPaths.RepositoryRoot));

    private static string RealPackages => DoctorEnvironment.DefaultNuGetPackages();

    private static string RealPlotly => Path.Combine(RealPackages, "plotly.net", Central["Plotly.NET"], "lib", "netstandard2.0", "Plotly.NET.dll");

    /// <summary>The FSharp.Core the course uses (10.1.x): new enough for Plotly.NET.</summary>
    private static string CurrentFSharpCore => Path.Combine(RealPackages, "fsharp.core", Central["FSharp.Core"], "lib", "netstandard2.1", "FSharp.Core.dll");

    /// <summary>
    /// A scratch machine on which everything is ready: the checkout's notebook names the central package versions, all
    /// of them are in the packages folder, the library build is newer than its sources, both tools are installed with a
    /// current FSharp.Core, no jupyter on PATH, and <c>dotnet --version</c> says 10.0.100.
    /// </summary>
    private sealed class Machine
    {
        public Machine()
        {
            string scratch = TestPaths.TemporaryFolder("doctor");
            Root = Path.Combine(scratch, "checkout");
            Packages = Path.Combine(scratch, "packages");
            Tools = Path.Combine(scratch, "tools");
            Bin = Path.Combine(scratch, "bin");
            Kernels = Path.Combine(scratch, "jupyter", "kernels");
            foreach (var folder in new[] { Root, Packages, Tools, Bin }) Directory.CreateDirectory(folder);

            File.WriteAllText(Path.Combine(Root, "AttentionCourse.sln"), "");
            File.Copy(Path.Combine(TestPaths.RepositoryRoot, "Directory.Packages.props"), Path.Combine(Root, "Directory.Packages.props"));
            WriteNotebook("01-lesson.ipynb", ("MathNet.Numerics", Central["MathNet.Numerics"]), ("Plotly.NET.Interactive", Central["Plotly.NET.Interactive"]));

            var layout = new RepositoryLayout(Root);
            string source = Path.Combine(Root, "lib", "AttentionCourse", "Attention.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, "namespace AttentionCourse;");
            File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddHours(-1));
            Directory.CreateDirectory(Path.GetDirectoryName(layout.LibraryAssembly)!);
            File.WriteAllText(layout.LibraryAssembly, "built");

            AddPackage("MathNet.Numerics", Central["MathNet.Numerics"]);
            AddPackage("Plotly.NET.Interactive", Central["Plotly.NET.Interactive"]);
            string plotly = Path.Combine(Packages, "plotly.net", Central["Plotly.NET"], "lib", "netstandard2.0", "Plotly.NET.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(plotly)!);
            File.Copy(RealPlotly, plotly);

            InteractiveCore = PutFSharpCore(ToolStoreCopy("microsoft.dotnet-interactive", "1.0.712001"), CurrentFSharpCore);
            ReplCore = PutFSharpCore(ToolStoreCopy("dotnet-repl", "0.3.259"), CurrentFSharpCore);

            Environment = new DoctorEnvironment(layout)
            {
                ToolsFolder = Tools,
                NuGetPackages = Packages,
                SearchPath = Bin,
                JupyterKernelFolders = [Kernels],
                RunDotnet = FakeDotnet,
            };
        }

        public string Root { get; }
        public string Packages { get; }
        public string Tools { get; }
        public string Bin { get; }
        public string Kernels { get; }

        /// <summary>FSharp.Core.dll in the dotnet-interactive tool store.</summary>
        public string InteractiveCore { get; }

        /// <summary>FSharp.Core.dll in the dotnet-repl tool store.</summary>
        public string ReplCore { get; }

        public DoctorEnvironment Environment { get; set; }

        /// <summary>What the fake <c>dotnet --version</c> prints.</summary>
        public string SdkVersion { get; set; } = "10.0.100";

        /// <summary>What the fake <c>dotnet restore</c> does; fails the test by default (nothing should need restoring).</summary>
        public Func<string, DotnetResult> Restore { get; set; } = project => throw new InvalidOperationException($"unexpected restore of {project}");

        /// <summary>The temporary projects the doctor restored, with their content.</summary>
        public List<string> RestoredProjects { get; } = [];

        private DotnetResult FakeDotnet(string workingDirectory, IReadOnlyList<string> arguments)
        {
            if (arguments is ["--version"])
            {
                Assert.Equal(Root, workingDirectory); // global.json of the checkout must apply
                return new DotnetResult(0, SdkVersion + "\n");
            }
            Assert.Equal("restore", arguments[0]);
            Assert.Equal(Packages, arguments[arguments.ToList().IndexOf("--packages") + 1]);
            RestoredProjects.Add(File.ReadAllText(arguments[1]));
            return Restore(arguments[1]);
        }

        public void WriteNotebook(string name, params (string Id, string Version)[] packages)
        {
            var source = new JsonArray();
            foreach (var (id, version) in packages) source.Add($"#r \"nuget: {id}, {version}\"\n");
            source.Add("#r \"../lib/AttentionCourse/bin/Debug/net10.0/AttentionCourse.dll\"\n");
            var notebook = new JsonObject
            {
                ["nbformat"] = 4,
                ["nbformat_minor"] = 5,
                ["metadata"] = new JsonObject(),
                ["cells"] = new JsonArray(
                    new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = new JsonArray("#r \"nuget: Ignored.In.Markdown, 1.0.0\"\n") },
                    new JsonObject { ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["execution_count"] = null, ["outputs"] = new JsonArray(), ["source"] = source }),
            };
            Directory.CreateDirectory(Path.Combine(Root, "notebooks"));
            File.WriteAllText(Path.Combine(Root, "notebooks", name), notebook.ToJsonString());
        }

        public void AddPackage(string id, string version) => Directory.CreateDirectory(Path.Combine(Packages, id.ToLowerInvariant(), version));

        /// <summary>The folder a tool's FSharp.Core sits in: <c>.store/&lt;id&gt;/&lt;v&gt;/&lt;id&gt;/&lt;v&gt;/tools/net10.0/any</c>.</summary>
        public string ToolStoreCopy(string id, string version) =>
            Path.Combine(Tools, ".store", id, version, id, version, "tools", "net10.0", "any", "FSharp.Core.dll");

        public static string PutFSharpCore(string path, string from)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(from, path, overwrite: true);
            return path;
        }

        public (int ExitCode, string Output) Doctor()
        {
            var output = new StringWriter();
            int code = DoctorCommand.Run(Environment, output);
            return (code, output.ToString());
        }
    }

    /// <summary>
    /// An FSharp.Core 10.0 as the kernels ship it: the original the setup script kept as FSharp.Core.dll.orig when the
    /// tools are installed here, else an empty assembly named FSharp.Core with version 10.0.0.0.
    /// </summary>
    private static string OldFSharpCore()
    {
        string store = Path.Combine(DoctorEnvironment.DefaultToolsFolder(), ".store");
        string? original = Directory.Exists(store)
            ? Directory.EnumerateFiles(store, "FSharp.Core.dll.orig", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (original != null && AssemblyName.GetAssemblyName(original).Version < RequiredFSharpCore()) return original;

        string path = Path.Combine(TestPaths.TemporaryFolder("old-fsharp-core"), "FSharp.Core.dll");
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("FSharp.Core") { Version = new Version(10, 0, 0, 0) }, typeof(object).Assembly);
        assembly.DefineDynamicModule("FSharp.Core.dll").DefineType("Placeholder", TypeAttributes.Public).CreateType();
        assembly.Save(path);
        return path;
    }

    /// <summary>The FSharp.Core version Plotly.NET references, read here independently of the doctor.</summary>
    private static Version RequiredFSharpCore()
    {
        using var pe = new PEReader(File.OpenRead(RealPlotly));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Single(r => metadata.GetString(r.Name) == "FSharp.Core").Version;
    }

    [Fact]
    public void An_old_FSharp_Core_in_the_dotnet_interactive_store_is_a_problem_naming_the_file_the_versions_and_the_fix()
    {
        var machine = new Machine();
        string old = OldFSharpCore();
        Machine.PutFSharpCore(machine.InteractiveCore, old);
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        var oldVersion = AssemblyName.GetAssemblyName(old).Version;
        Assert.Contains($"  PROBLEM  FSharp.Core {oldVersion} in {machine.InteractiveCore}: Plotly.NET needs {RequiredFSharpCore()}\n           {SetupKernels}\n", output);
        Assert.DoesNotContain(machine.ReplCore, output);
        Assert.EndsWith("1 problem to fix.\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_current_FSharp_Core_in_both_stores_passes_and_everything_is_ready()
    {
        var machine = new Machine();
        var (code, output) = machine.Doctor();
        Assert.True(code == 0, output);
        Assert.Contains($"  ok       FSharp.Core {RequiredFSharpCore()} or newer in all 2 kernel copies (Plotly.NET {Central["Plotly.NET"]} needs {RequiredFSharpCore()})", output);
        Assert.Contains("  ok       .NET SDK 10.0.100", output);
        Assert.Contains("  ok       kernel: dotnet-interactive 1.0.712001", output);
        Assert.Contains("  ok       Jupyter: not on PATH", output);
        Assert.DoesNotContain("PROBLEM", output);
        Assert.EndsWith("Everything is ready.\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_old_FSharp_Core_in_the_copy_VS_Code_runs_from_the_NuGet_folder_is_a_problem_with_the_setup_kernels_fix()
    {
        var machine = new Machine();
        string copy = Machine.PutFSharpCore(Path.Combine(machine.Packages, "microsoft.dotnet-interactive", "1.0.712001", "tools", "net10.0", "any", "FSharp.Core.dll"), OldFSharpCore());
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains($"in {copy}: Plotly.NET needs {RequiredFSharpCore()}", output);
        Assert.Contains(SetupKernels, output);
    }

    [Fact]
    public void A_missing_dotnet_interactive_tool_is_a_problem_with_the_setup_kernels_fix()
    {
        var machine = new Machine();
        Directory.Delete(Path.Combine(machine.Tools, ".store", "microsoft.dotnet-interactive"), recursive: true);
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains($"  PROBLEM  kernel: the dotnet-interactive global tool is not installed (no {Path.Combine(machine.Tools, ".store", "microsoft.dotnet-interactive")})\n           {SetupKernels}\n", output);
        Assert.Contains("1 problem to fix.", output);
    }

    [Fact]
    public void A_missing_dotnet_repl_is_only_a_warning()
    {
        var machine = new Machine();
        Directory.Delete(Path.Combine(machine.Tools, ".store", "dotnet-repl"), recursive: true);
        var (code, output) = machine.Doctor();
        Assert.True(code == 0, output);
        Assert.Contains($"  warning  dotnet-repl is not installed", output);
        Assert.Contains(SetupKernels, output);
        Assert.Contains("Everything is ready (1 warning about optional parts above).", output);
    }

    [Fact]
    public void Jupyter_without_the_dotnet_kernelspec_is_a_warning_with_the_jupyter_fix_and_with_it_ok()
    {
        var machine = new Machine();
        File.WriteAllText(Path.Combine(machine.Bin, OperatingSystem.IsWindows() ? "jupyter.exe" : "jupyter"), "");
        var (code, output) = machine.Doctor();
        Assert.True(code == 0, output);
        Assert.Contains("  warning  Jupyter is installed", output);
        Assert.Contains(SetupKernels + " --jupyter", output);

        string spec = Path.Combine(machine.Kernels, ".net-csharp", "kernel.json");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        File.WriteAllText(spec, "{}");
        (code, output) = machine.Doctor();
        Assert.True(code == 0, output);
        Assert.Contains($"  ok       Jupyter kernelspec .net-csharp: {spec}", output);
        Assert.EndsWith("Everything is ready.\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_notebook_package_version_different_from_Directory_Packages_props_is_a_problem()
    {
        var machine = new Machine();
        machine.WriteNotebook("02-other.ipynb", ("MathNet.Numerics", "4.15.0"));
        machine.AddPackage("MathNet.Numerics", "4.15.0"); // present, so only the mismatch is reported
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains($"  PROBLEM  notebooks/02-other.ipynb uses MathNet.Numerics 4.15.0 but Directory.Packages.props has {Central["MathNet.Numerics"]}", output);
        Assert.Contains($"fix: change the line in notebooks/02-other.ipynb to #r \"nuget: MathNet.Numerics, {Central["MathNet.Numerics"]}\"", output);
        Assert.DoesNotContain("01-lesson.ipynb uses", output);
        Assert.DoesNotContain("Ignored.In.Markdown", output);
    }

    [Fact]
    public void Missing_packages_are_restored_through_a_temporary_project()
    {
        var machine = new Machine();
        Directory.Delete(Path.Combine(machine.Packages, "mathnet.numerics"), recursive: true);
        machine.Restore = _ =>
        {
            machine.AddPackage("MathNet.Numerics", Central["MathNet.Numerics"]);
            return new DotnetResult(0, "Restored restore.csproj");
        };
        var (code, output) = machine.Doctor();
        Assert.True(code == 0, output);
        Assert.Contains($"  ok       notebook packages in {machine.Packages} (just restored)", output);
        string project = Assert.Single(machine.RestoredProjects);
        Assert.Contains($"<PackageReference Include=\"MathNet.Numerics\" Version=\"{Central["MathNet.Numerics"]}\" />", project);
        Assert.Contains($"<PackageReference Include=\"Plotly.NET.Interactive\" Version=\"{Central["Plotly.NET.Interactive"]}\" />", project);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", project);
    }

    [Fact]
    public void A_failed_restore_is_a_problem_showing_the_error_lines()
    {
        var machine = new Machine();
        Directory.Delete(Path.Combine(machine.Packages, "mathnet.numerics"), recursive: true);
        const string error = "/tmp/x/restore.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.";
        machine.Restore = _ => new DotnetResult(1, $"  Determining projects to restore...\n{error}\n  Failed to restore /tmp/x/restore.csproj\n");
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains($"  PROBLEM  notebook packages: restoring MathNet.Numerics {Central["MathNet.Numerics"]} failed\n             {error}\n", output);
        Assert.DoesNotContain("Determining projects", output);
        Assert.Contains("fix: check the network connection", output);
    }

    [Fact]
    public void An_old_SDK_is_a_problem_saying_to_install_dotnet_10()
    {
        var machine = new Machine { SdkVersion = "8.0.404" };
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains("  PROBLEM  .NET SDK 8.0.404 is too old: the course needs 10.0 or newer\n           fix: install the .NET 10 SDK", output);
    }

    [Fact]
    public void A_library_source_newer_than_the_build_is_a_problem_saying_to_build()
    {
        var machine = new Machine();
        File.SetLastWriteTimeUtc(machine.Environment.Layout.LibraryAssembly, DateTime.UtcNow.AddHours(-2));
        var (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains("  PROBLEM  library out of date: lib/AttentionCourse/Attention.cs is newer than lib/AttentionCourse/bin/Debug/net10.0/AttentionCourse.dll\n           fix: dotnet build lib/AttentionCourse/AttentionCourse.csproj", output);

        File.Delete(machine.Environment.Layout.LibraryAssembly);
        (code, output) = machine.Doctor();
        Assert.Equal(1, code);
        Assert.Contains("  PROBLEM  library not built: lib/AttentionCourse/bin/Debug/net10.0/AttentionCourse.dll (the notebooks #r it) is missing", output);
    }

    [Fact]
    public async Task Usage_names_doctor_and_doctor_help_describes_it()
    {
        var output = new StringWriter();
        Assert.Equal(0, await CourseCommand.RunAsync(["help"], TestPaths.RepositoryRoot, output, TextWriter.Null));
        Assert.Contains("course doctor", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, await CourseCommand.RunAsync(["doctor", "--help"], TestPaths.RepositoryRoot, output, TextWriter.Null));
        Assert.Contains("Exits with 0 when everything is ready", output.ToString());

        var error = new StringWriter();
        Assert.Equal(2, await CourseCommand.RunAsync(["doctor", "--fix"], TestPaths.RepositoryRoot, TextWriter.Null, error));
        Assert.Contains("course doctor takes no arguments", error.ToString());
    }

    /// <summary>
    /// This machine and this checkout: the kernels are installed and patched by tools/kernel/setup-kernels.sh (which CI
    /// runs through .ci/install.sh), so everything must be ready. Skipped on a developer machine without the kernels.
    /// </summary>
    [SkippableFact]
    public async Task The_real_repository_on_this_machine_is_ready()
    {
        bool ci = Environment.GetEnvironmentVariable("CI") == "true";
        bool installed = Directory.Exists(Path.Combine(DoctorEnvironment.DefaultToolsFolder(), ".store", "microsoft.dotnet-interactive"));
        Skip.If(!installed && !ci, "The dotnet-interactive tool is not installed (bash tools/kernel/setup-kernels.sh); skipping the real-machine check.");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CourseCommand.RunAsync(["doctor"], TestPaths.RepositoryRoot, output, error);
        Assert.True(code == 0, $"course doctor exited with {code}:\n{output}\n{error}");
        Assert.Contains("Everything is ready", output.ToString());
    }

    [Fact]
    public void The_doctor_says_which_matrix_products_the_lessons_use_and_why()
    {
        var check = AttentionCourse.Tool.MatrixProductCheck.Check();
        Assert.Contains("matrix products:", check.Message);
        if (Environment.GetEnvironmentVariable("ATTENTIONCOURSE_BLAS") is null)
        {
            Assert.Equal(AttentionCourse.Tool.CheckStatus.Ok, check.Status);
            Assert.Contains("the same bits on every machine", check.Message);
        }
    }
}

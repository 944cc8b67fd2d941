using System.Text.Json;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// The real .NET Interactive kernel that students run (the <c>dotnet-interactive</c> tool behind VS Code's Polyglot
/// Notebooks and Jupyter's .NET kernel), reached through real clients: Jupyter's <c>nbconvert --execute</c> and
/// <c>dotnet-repl</c>. Installed by tools/kernel/setup-kernels.sh (which .ci/install.sh runs).
/// </summary>
internal static class RealKernel
{
    /// <summary>Where <c>dotnet tool install -g</c> puts tools.</summary>
    public static string ToolsFolder { get; } = Environment.GetEnvironmentVariable("DOTNET_TOOLS_DIR")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");

    private static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>
    /// Skips the test when a real client or the kernel is missing on a developer machine; in CI (CI=true, where
    /// .ci/install.sh installs them) a missing one is a failure, so these checks can never silently vanish.
    /// </summary>
    private static void Require(bool present, string what, string install)
    {
        if (present) return;
        if (InCi) throw new InvalidOperationException($"{what} is not installed but CI=true: .ci/install.sh should have installed it ({install}).");
        Skip.If(true, $"{what} is not installed ({install}); skipping the real-kernel check.");
    }

    /// <summary>Requires Jupyter's nbconvert and the .NET C# kernelspec.</summary>
    public static void RequireJupyter()
    {
        Require(TestProcess.FindOnPath("jupyter") != null, "Jupyter (jupyter-nbconvert)", "apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient");
        Require(File.Exists(Path.Combine(ToolsFolder, "dotnet-interactive")), "The dotnet-interactive kernel", "bash tools/kernel/setup-kernels.sh --jupyter");
        Require(CSharpKernelSpecInstalled.Value, $"The Jupyter kernelspec {NotebookFormat.KernelSpecName}", "bash tools/kernel/setup-kernels.sh --jupyter");
    }

    /// <summary>Requires the dotnet-repl tool.</summary>
    public static void RequireRepl() =>
        Require(File.Exists(Path.Combine(ToolsFolder, "dotnet-repl")), "dotnet-repl", "bash tools/kernel/setup-kernels.sh");

    /// <summary>
    /// Executes <paramref name="notebook"/> with <c>jupyter nbconvert --execute</c> on the .NET C# kernel, in the
    /// notebook's folder as Jupyter does, writing the executed copy to <paramref name="output"/>.
    /// </summary>
    public static TestProcess.Result RunInJupyter(string notebook, string output) => Run("jupyter",
        ["nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={NotebookFormat.KernelSpecName}",
         "--ExecutePreprocessor.timeout=600", "--output-dir", Path.GetDirectoryName(output)!, "--output", Path.GetFileName(output), notebook],
        Path.GetDirectoryName(notebook)!);

    /// <summary>Executes <paramref name="notebook"/> with <c>dotnet-repl --run</c>, in the notebook's folder.</summary>
    public static TestProcess.Result RunInRepl(string notebook, string output) => Run(Path.Combine(ToolsFolder, "dotnet-repl"),
        ["--run", notebook, "--exit-after-run", "--output-path", output], Path.GetDirectoryName(notebook)!);

    private static TestProcess.Result Run(string executable, IEnumerable<string> arguments, string workingDirectory) =>
        TestProcess.Run(executable, arguments, workingDirectory, TimeSpan.FromMinutes(15), new Dictionary<string, string>
        {
            // The kernelspec starts `dotnet interactive`, which the dotnet host finds on PATH.
            ["PATH"] = ToolsFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });

    /// <summary>Whether Jupyter lists the .NET C# kernelspec (asked once per test run).</summary>
    private static readonly Lazy<bool> CSharpKernelSpecInstalled = new(HasCSharpKernelSpec);

    private static bool HasCSharpKernelSpec()
    {
        if (TestProcess.FindOnPath("jupyter") == null) return false;
        var result = Run("jupyter", ["kernelspec", "list", "--json"], Path.GetTempPath());
        if (result.ExitCode != 0) return false;
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("kernelspecs").TryGetProperty(NotebookFormat.KernelSpecName, out _);
    }
}

using System.Diagnostics;
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
        Require(FindOnPath("jupyter") != null, "Jupyter (jupyter-nbconvert)", "apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient");
        Require(File.Exists(Path.Combine(ToolsFolder, "dotnet-interactive")), "The dotnet-interactive kernel", "bash tools/kernel/setup-kernels.sh --jupyter");
        Require(HasCSharpKernelSpec(), $"The Jupyter kernelspec {NotebookFormat.KernelSpecName}", "bash tools/kernel/setup-kernels.sh --jupyter");
    }

    /// <summary>Requires the dotnet-repl tool.</summary>
    public static void RequireRepl() =>
        Require(File.Exists(Path.Combine(ToolsFolder, "dotnet-repl")), "dotnet-repl", "bash tools/kernel/setup-kernels.sh");

    /// <summary>
    /// Executes <paramref name="notebook"/> with <c>jupyter nbconvert --execute</c> on the .NET C# kernel, in the
    /// notebook's folder as Jupyter does, writing the executed copy to <paramref name="output"/>.
    /// </summary>
    public static ProcessResult RunInJupyter(string notebook, string output) => Run("jupyter",
        ["nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={NotebookFormat.KernelSpecName}",
         "--ExecutePreprocessor.timeout=600", "--output-dir", Path.GetDirectoryName(output)!, "--output", Path.GetFileName(output), notebook],
        Path.GetDirectoryName(notebook)!);

    /// <summary>Executes <paramref name="notebook"/> with <c>dotnet-repl --run</c>, in the notebook's folder.</summary>
    public static ProcessResult RunInRepl(string notebook, string output) => Run(Path.Combine(ToolsFolder, "dotnet-repl"),
        ["--run", notebook, "--exit-after-run", "--output-path", output], Path.GetDirectoryName(notebook)!);

    /// <summary>What a finished process said.</summary>
    public sealed record ProcessResult(int ExitCode, string Output, string Error)
    {
        /// <inheritdoc/>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout (end) ---\n{Tail(Output)}\n--- stderr (end) ---\n{Tail(Error)}";

        private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
    }

    private static ProcessResult Run(string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The kernelspec starts `dotnet interactive`, which the dotnet host finds on PATH.
        start.Environment["PATH"] = ToolsFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} did not finish within 15 minutes.");
        }
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    private static bool HasCSharpKernelSpec()
    {
        if (FindOnPath("jupyter") == null) return false;
        var result = Run("jupyter", ["kernelspec", "list", "--json"], Path.GetTempPath());
        if (result.ExitCode != 0) return false;
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("kernelspecs").TryGetProperty(NotebookFormat.KernelSpecName, out _);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}

using System.Diagnostics;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>Runs the external programs the tests drive (Jupyter, dotnet-repl, git, bash) and finds them on PATH.</summary>
internal static class TestProcess
{
    /// <summary>What a finished process said.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <inheritdoc/>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout (end) ---\n{Tail(Output)}\n--- stderr (end) ---\n{Tail(Error)}";

        private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
    }

    /// <summary>
    /// Runs <paramref name="executable"/> in <paramref name="workingDirectory"/> with standard input closed, with
    /// <paramref name="environment"/> added to its environment; kills it (and its children) after <paramref name="timeout"/>.
    /// </summary>
    public static Result Run(string executable, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalMinutes:F0} minutes.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The full path of <paramref name="name"/> in a folder on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}

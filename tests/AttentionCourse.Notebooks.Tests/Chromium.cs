using System.Diagnostics;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>Headless Chromium, to check that an HTML page really draws its charts.</summary>
internal static class Chromium
{
    private static readonly string? Executable = new[] { "chromium", "chromium-browser", "google-chrome" }
        .Select(TestProcess.FindOnPath).FirstOrDefault(p => p != null);

    /// <summary>Whether a Chromium executable is on PATH.</summary>
    public static bool IsInstalled => Executable != null;

    /// <summary>
    /// Skips the test when Chromium is missing on a developer machine; in CI (CI=true, where .ci/install.sh installs
    /// the Debian package) a missing Chromium is a failure, so the check can never silently vanish.
    /// </summary>
    public static string Require()
    {
        if (Executable != null) return Executable;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException("Chromium is not installed but CI=true: .ci/install.sh should have installed the Debian package 'chromium'.");
        Skip.If(true, "Chromium is not installed (apt-get install -y chromium); skipping the offline rendering check.");
        return "";
    }

    /// <summary>
    /// Loads <paramref name="htmlPath"/> with every host name unresolvable (so nothing can come from a network),
    /// lets scripts run, and returns the resulting DOM.
    /// </summary>
    public static string DumpDom(string htmlPath)
    {
        string executable = Require();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000", "--dump-dom", new Uri(htmlPath).AbsoluteUri,
        })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish rendering {htmlPath} within 2 minutes.");
        }
        return output.Result;
    }
}

using AttentionCourse.Notebooks.Grading;

namespace AttentionCourse.Tool;

/// <summary>
/// <c>course grade-one &lt;plan.json&gt;</c> (hidden; started by <c>course grade</c>): one submission's process. Reads
/// the run's secret from standard input before any notebook code runs, then reports to the grader on standard output.
/// </summary>
internal static class GradeOneCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        if (arguments.Count != 1)
            throw new CommandLineException("course grade-one <plan.json> is started by `course grade`; it reads its secret from standard input.");
        string secret = Console.In.ReadLine() ?? throw new CommandLineException("course grade-one: no secret on standard input.");
        Console.SetIn(TextReader.Null);
        var events = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var plan = GradingPlan.Load(arguments[0]);
        // The plan holds the hidden checks' code: gone before any notebook code could read it.
        File.Delete(arguments[0]);
        int code = await GradingChild.RunAsync(plan, secret, events);
        events.Flush();
        // A cell that never ended still runs on a kernel thread; end the process rather than wait for it.
        Environment.Exit(code);
        return code;
    }
}

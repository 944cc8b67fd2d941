namespace AttentionCourse.Tool;

/// <summary>The <c>course</c> command line: parses the subcommand and runs it (callable from tests).</summary>
internal static class CourseCommand
{
    public const string Usage = """
        course: run the AttentionCourse notebooks.

        Usage:
          course run [notebook ...] [--output <folder>] [--timeout <minutes>] [--no-build]
          course doctor
          course screenshot <lesson> --cells <list> --output <file.png> [--width <px>] [--height <px>]
          course release <folder> [--force]
          course grade <submission> [<submission> ...] [--output <folder>] [--jobs <n>] [--regrade]
          course autograder <folder>
          course help

        `course doctor` checks this machine (SDK, library build, packages, kernels) and says what to run to fix it.

        Run from anywhere inside the repository, e.g. `dotnet run --project tools/course -- run`.
        """;

    /// <summary>Runs the command as if started in <paramref name="workingDirectory"/>; returns the exit code (0 ok, 1 a notebook failed, 2 bad usage or input).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string workingDirectory, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
            {
                output.WriteLine(Usage);
                return args.Count == 0 ? 2 : 0;
            }
            var rest = args.Skip(1).ToList();
            if (args[0] is "run" or "screenshot" or "release" or "grade" or "autograder" && rest.Contains("--help"))
            {
                output.WriteLine(args[0] switch
                {
                    "run" => RunCommand.Usage,
                    "screenshot" => ScreenshotCommand.Usage,
                    "release" => ReleaseCommand.Usage,
                    "grade" => GradeCommand.Usage,
                    _ => AutograderCommand.Usage,
                });
                return 0;
            }
            // The grader's child process: reads its plan and secret, needs no checkout.
            if (args[0] == "grade-one") return await GradeOneCommand.RunAsync(rest);
            var layout = RepositoryLayout.Find(workingDirectory);
            return args[0] switch
            {
                "run" => await RunCommand.RunAsync(rest, layout, output),
                "doctor" => DoctorCommand.Run(rest, layout, output),
                "screenshot" => ScreenshotCommand.Run(rest, layout, output),
                "release" => ReleaseCommand.Run(rest, layout, output),
                "grade" => await GradeCommand.RunAsync(rest, layout, output),
                "autograder" => AutograderCommand.Run(rest, layout, output),
                _ => throw new CommandLineException($"Unknown command '{args[0]}'.\n\n{Usage}"),
            };
        }
        catch (CommandLineException e)
        {
            error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }
}

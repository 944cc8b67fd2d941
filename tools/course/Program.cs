using AttentionCourse.Tool;

const string usage = """
    course: run the AttentionCourse notebooks.

    Usage:
      course run [notebook ...] [--output <folder>] [--timeout <minutes>]
      course help

    Run from anywhere inside the repository, e.g. `dotnet run --project tools/course -- run`.
    """;

try
{
    if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
    {
        Console.WriteLine(usage);
        return args.Length == 0 ? 2 : 0;
    }
    var layout = RepositoryLayout.Find(Directory.GetCurrentDirectory());
    var rest = args.Skip(1).ToList();
    return args[0] switch
    {
        "run" when rest.Contains("--help") => Help(RunCommand.Usage),
        "run" => await RunCommand.RunAsync(rest, layout),
        _ => throw new CommandLineException($"Unknown command '{args[0]}'.\n\n{usage}"),
    };
}
catch (CommandLineException e)
{
    Console.Error.WriteLine(e.Message);
    return e.ExitCode;
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Help(string text)
{
    Console.WriteLine(text);
    return 0;
}

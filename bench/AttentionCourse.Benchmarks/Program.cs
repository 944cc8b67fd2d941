using AttentionCourse.Benchmarks;
using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AttentionCourse.Benchmarks -- --filter '*'` runs every benchmark with
// BenchmarkDotNet; `-- quick` prints a fast GFLOP/s table (no statistics) for a first look.
if (args.Length > 0 && args[0] == "quick")
{
    QuickReport.Run();
    QuickReport.GruStep();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(MatMulBenchmarks).Assembly).Run(args);

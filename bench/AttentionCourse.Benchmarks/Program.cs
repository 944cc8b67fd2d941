using AttentionCourse.Benchmarks;
using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AttentionCourse.Benchmarks -- --filter '*'` runs every benchmark with
// BenchmarkDotNet; `-- quick` prints a fast GFLOP/s table (no statistics) for a first look; `-- targets [dates|reversal|translation]`
// trains the sequence-to-sequence models of lessons 2 and 4 and prints accuracy, time and memory
// (`-- targets translation-data` writes lesson 4's sentence files to data/, `-- targets sequence-data` the date and
// digit-reversal pairs of lessons 1, 2, 3 and 8);
// `-- targets summarization|vision` trains the lesson 6 and 7 models and prints their figures;
// `-- transformer [attention|dates [peak warmup prenorm]|profile]`
// times batched attention (GFLOP/s) and trains the tiny Transformer on the date task (the `transformer-dates` target).
if (args.Length > 0 && args[0] == "quick")
{
    QuickReport.Run();
    QuickReport.GruStep();
    return;
}
if (args.Length > 1 && args[0] == "targets" && args[1] is "summarization" or "extractive" or "abstractive" or "news-data")
{
    SummarizationTargets.Run(args[1], args.Skip(2).ToArray());
    return;
}
if (args.Length > 1 && args[0] == "targets" && args[1] == "vision")
{
    VisionTargets.Run(args.Skip(2).ToArray());
    return;
}
if (args.Length > 0 && args[0] == "targets")
{
    Seq2SeqTargets.Run(args.Length > 1 ? args[1] : "all", args.Skip(2).ToArray());
    return;
}
if (args.Length > 0 && args[0] == "transformer")
{
    TransformerTargets.Run(args.Length > 1 ? args[1] : "all", args.Skip(2).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(MatMulBenchmarks).Assembly).Run(args);

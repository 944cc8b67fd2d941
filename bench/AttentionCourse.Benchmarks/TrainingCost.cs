using System.Diagnostics;
using System.Security.Cryptography;
using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// What one training step of a sequence-to-sequence target costs (issue 11): wall and process CPU time, bytes
/// allocated, the memory one batch's autodiff graph keeps alive, and peak working set, with the load average and
/// processor beside them; plus a SHA-256 fingerprint of every parameter bit and loss after the run, so that a change
/// meant to be faster can be shown to give the same numbers. Run with <c>-- targets cost [dates|dates-lstm|reversal] [steps]</c>.
/// </summary>
internal static class TrainingCost
{
    public static void Run(string[] rest)
    {
        string which = rest.Length > 0 ? rest[0] : "dates";
        int steps = rest.Length > 1 ? int.Parse(rest[1]) : 30;
        var (task, train, model, learningRate, schedule) = which switch
        {
            "dates" => Dates(),
            "dates-lstm" => Dates(RecurrentCellKind.Lstm),
            "reversal" => Reversal(),
            _ => throw new ArgumentException($"targets cost: unknown target '{which}'; use dates, dates-lstm or reversal."),
        };
        Console.WriteLine($"{which}: {model.ParameterCount:N0} parameters, {steps} steps of batch 64; {Cpu.Name}; load {LoadAverage()}");

        // The live graph of one batch: what backward needs kept, measured on the heap after a full collection.
        var probe = Enumerable.Range(0, 64).Select(i => train[i]).ToList();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var loss = model.Loss(task.SourceBatch(probe), task.TargetBatch(probe));
        long graph = GC.GetTotalMemory(forceFullCollection: true) - before;
        loss.Backward();
        long afterBackward = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(loss);
        model.ZeroGrad();
        Console.WriteLine($"  one batch's graph: {graph / (1 << 20)} MiB live after the forward pass, {afterBackward / (1 << 20)} MiB after backward (graph still referenced)");

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var pauses = GC.GetTotalPauseDuration();
        var history = task.Train(model, train, steps, learningRate: learningRate, seed: 1, schedule: schedule);
        process.Refresh();
        double cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        double allocatedMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)(1 << 20);
        Console.WriteLine($"  per step: {history.Duration.TotalMilliseconds / steps:F1} ms wall, {cpuMs / steps:F1} ms CPU, {allocatedMiB / steps:F1} MiB allocated; " +
            $"GC pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds / steps:F1} ms, collections gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2}; " +
            $"peak working set {process.PeakWorkingSet64 / (1 << 20)} MiB; load {LoadAverage()}");

        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, parameter) in model.NamedParameters())
            foreach (double value in parameter.Value.ToColumnMajorArray()) hash.AppendData(BitConverter.GetBytes(value));
        foreach (double value in history.Losses) hash.AppendData(BitConverter.GetBytes(value));
        Console.WriteLine($"  loss after {steps} steps {history.Losses[^1]:R}; fingerprint {Convert.ToHexString(hash.GetHashAndReset())}");
    }

    /// <summary>The date target's data and model (<see cref="Seq2SeqTargets.Dates"/>), or the same with LSTM cells.</summary>
    private static (SequenceTask, IReadOnlyList<SequencePair>, Seq2SeqModel, double, ILearningRateSchedule?) Dates(RecurrentCellKind cell = RecurrentCellKind.Gru)
    {
        var train = DateNormalization.Generate(20_000, seed: 1);
        var test = DateNormalization.Generate(1_000, seed: 2);
        var task = SequenceTask.Characters(train.Concat(test));
        return (task, train, new Seq2SeqModel(task.Options(DecoderAttention.Additive) with { Cell = cell }, new Random(1)), 3e-3, null);
    }

    /// <summary>The long reversal target's data and attention model (<see cref="Seq2SeqTargets.Reversal"/>).</summary>
    private static (SequenceTask, IReadOnlyList<SequencePair>, Seq2SeqModel, double, ILearningRateSchedule?) Reversal()
    {
        var train = DigitSequences.Reversal(20_000, 40, 60, seed: 1);
        var task = SequenceTask.Characters(train);
        var options = task.Options(DecoderAttention.Additive) with { EmbeddingSize = 32, EncoderHidden = 64, DecoderHidden = 128 };
        return (task, train, new Seq2SeqModel(options, new Random(1)), 5e-3, new StepSchedule(5e-3, 300, 0.5));
    }

    /// <summary>The 1, 5 and 15 minute load averages (from /proc/loadavg), or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

using System.Diagnostics;
using System.Globalization;
using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using AttentionCourse.Transformer;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The Transformer measurements of issue 12, as runs that print what they measured. Run with
/// <c>-- transformer [attention|dates|profile]</c>.
/// </summary>
internal static class TransformerTargets
{
    public static void Run(string which, string[] rest)
    {
        Console.WriteLine($"OpenBLAS: {(OpenBlas.IsAvailable ? OpenBlas.LibraryName : "not found")}");
        if (which is "all" or "attention") Attention();
        if (which is "profile") Profile();
        if (which is "all" or "dates") Dates(rest.Length > 0 ? double.Parse(rest[0], CultureInfo.InvariantCulture) : 2e-3,
            rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 100, rest.Length > 2 && rest[2] == "prenorm");
    }

    /// <summary>
    /// Scaled dot-product attention, forward + backward, batch 32, 4 heads of size 16 (d_model 64), self-attention
    /// over T steps. Counted work: QK^T and PV forward (2 products), and 4 products backward, each
    /// <c>2 T^2 d_head</c> multiply-adds per sequence and head: <c>12 B H T^2 d_head</c> floating-point operations.
    /// </summary>
    public static void Attention()
    {
        const int batch = 32, heads = 4, headSize = 16, dModel = heads * headSize;
        Console.WriteLine($"scaled dot-product attention, batch {batch}, {heads} heads of {headSize}: forward + backward");
        foreach (int time in new[] { 16, 64, 256 })
        {
            var random = new Random(time);
            var q = Tensor.Variable(Tensor.Randn(batch * time, dModel, random).Value);
            var k = Tensor.Variable(Tensor.Randn(batch * time, dModel, random).Value);
            var v = Tensor.Variable(Tensor.Randn(batch * time, dModel, random).Value);
            var mask = AttentionCourse.Attention.Masks.Causal(time);
            void Step() => Tensor.ScaledDotProductAttention(q, k, v, batch, heads, attentionMask: mask).Output.Sum().Backward();
            double forwardMs = Milliseconds(() => { using (Tensor.NoGrad()) Tensor.ScaledDotProductAttention(q, k, v, batch, heads, attentionMask: mask); });
            double bothMs = Milliseconds(Step);
            double cpuMs = CpuMilliseconds(Step);
            double flops = 12.0 * batch * heads * time * time * headSize;
            Console.WriteLine($"  T = {time,3}: forward {forwardMs,8:F2} ms, forward + backward {bothMs,8:F2} ms wall ({flops / (bothMs / 1000) / 1e9,5:F2} GFLOP/s), " +
                              $"{cpuMs,8:F2} ms CPU ({flops / (cpuMs / 1000) / 1e9,5:F2} GFLOP/s)");
        }
    }

    /// <summary>
    /// The tiny Transformer on the date task: batches until 99% exact match on 1,000 held-out dates, and the training
    /// time, next to the GRU with additive attention (run <c>-- targets dates</c> for that one on the same machine).
    /// Optional settings: peak learning rate, warmup steps, and "prenorm".
    /// </summary>
    public static void Dates(double peak, int warmup, bool normFirst)
    {
        var train = DateNormalization.Generate(20_000, seed: 1);
        var test = DateNormalization.Generate(1_000, seed: 2);
        var task = SequenceTask.Characters(train.Concat(test));
        var options = new TransformerOptions(task.Source.Count, task.Target.Count, ModelDimension: 64, Heads: 4, EncoderLayers: 2, DecoderLayers: 2,
            FeedForwardDimension: 128, Dropout: 0, NormFirst: normFirst);
        var model = new TransformerModel(options, new Random(1));
        var schedule = new WarmupInverseSquareRootSchedule(peak, warmup);
        Console.WriteLine($"transformer-dates: {model.ParameterCount:N0} parameters ({options}), batch 64, Adam, warmup {warmup} to {peak} then 1/sqrt(step), clip 1.0, label smoothing 0.1");
        var training = Stopwatch.StartNew();
        var trainingTime = TimeSpan.Zero;
        int steps = 0;
        double accuracy = 0;
        while (steps < 3000)
        {
            var history = task.Train(model, train, steps: 100, batchSize: 64, seed: steps, clipNorm: 1.0, labelSmoothing: 0.1,
                schedule: new OffsetSchedule(schedule, steps));
            steps += 100;
            trainingTime += history.Duration;
            accuracy = task.Evaluate(model, test, maxLength: 12).ExactMatch;
            Console.WriteLine($"  step {steps,5}  loss {history.FinalLoss(10):F4}  exact match {accuracy:P1}  training {trainingTime.TotalSeconds:F1} s");
            if (accuracy >= 0.99) break;
        }
        Console.WriteLine($"transformer-dates: {accuracy:P1} exact match after {steps} batches, {trainingTime.TotalSeconds:F1} s of training " +
                          $"({training.Elapsed.TotalSeconds:F1} s with evaluation), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
    }

    /// <summary>Where one date-task training batch of the tiny Transformer spends its time.</summary>
    public static void Profile()
    {
        var train = DateNormalization.Generate(2_000, seed: 1);
        var task = SequenceTask.Characters(train);
        var model = new TransformerModel(new TransformerOptions(task.Source.Count, task.Target.Count, Dropout: 0), new Random(1));
        var batch = train.Take(32).ToList();
        var source = task.SourceBatch(batch);
        var target = task.TargetBatch(batch);
        double forward = 0, backward = 0;
        for (int i = 0; i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            var loss = model.Loss(source, target);
            double f = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            loss.Backward();
            double b = clock.Elapsed.TotalMilliseconds;
            model.ZeroGrad();
            if (i >= 10) { forward += f / 20; backward += b / 20; }
        }
        Console.WriteLine($"batch 32, source length {source.MaxLength}, target length {target.MaxLength}: forward {forward:F1} ms, backward {backward:F1} ms");
        // CPU time (less disturbed by other processes than wall time) of the whole step and of its attention alone.
        var process = Process.GetCurrentProcess();
        double Cpu(Action action)
        {
            action();
            var start = process.TotalProcessorTime;
            for (int i = 0; i < 20; i++) action();
            process.Refresh();
            return (process.TotalProcessorTime - start).TotalMilliseconds / 20;
        }
        double step = Cpu(() => { model.Loss(source, target).Backward(); model.ZeroGrad(); });
        var random = new Random(1);
        Tensor Rows(int rows) => Tensor.Variable(Tensor.Randn(rows, 32, random).Value);
        var (q, k) = (Rows(32 * source.MaxLength), Rows(32 * source.MaxLength));
        var (t, t2) = (Rows(32 * (target.MaxLength - 1)), Rows(32 * (target.MaxLength - 1)));
        double attention = Cpu(() =>
        {
            for (int layer = 0; layer < 2; layer++)
            {
                Tensor.ScaledDotProductAttention(q, k, k, 32, 4).Output.Sum().Backward();
                Tensor.ScaledDotProductAttention(t, t2, t2, 32, 4).Output.Sum().Backward();
                Tensor.ScaledDotProductAttention(t, k, k, 32, 4).Output.Sum().Backward();
            }
        });
        Console.WriteLine($"CPU per training step {step:F1} ms, of which its 6 attention operations (forward + backward) {attention:F1} ms");
    }

    /// <summary>
    /// Process CPU time per call: on a shared machine it counts only this process's work, unlike wall time (run with
    /// <c>OPENBLAS_NUM_THREADS=1</c>, or OpenBLAS's waiting threads count as work too).
    /// </summary>
    private static double CpuMilliseconds(Action action)
    {
        action();
        var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int repetitions = 0;
        while (clock.ElapsedMilliseconds < 2000 || repetitions < 3) { action(); repetitions++; }
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMilliseconds / repetitions;
    }

    private static double Milliseconds(Action action)
    {
        for (int i = 0; i < 3; i++) action();
        var clock = Stopwatch.StartNew();
        int repetitions = 0;
        while (clock.ElapsedMilliseconds < 2000) { action(); repetitions++; }
        return clock.Elapsed.TotalMilliseconds / repetitions;
    }

    /// <summary>A schedule continued from step <paramref name="Offset"/>, for training in chunks between evaluations.</summary>
    private sealed record OffsetSchedule(ILearningRateSchedule Inner, int Offset) : ILearningRateSchedule
    {
        public double LearningRateAt(int step) => Inner.LearningRateAt(Offset + step);
    }
}

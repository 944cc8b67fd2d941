using System.Diagnostics;
using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Training;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The sequence-to-sequence targets of issue 4, as runs that print what they measured: training time to an
/// accuracy, accuracy with and without attention, BLEU. Run with <c>-- targets [dates|reversal|translation]</c>.
/// </summary>
internal static class Seq2SeqTargets
{
    public static void Run(string which, string[] rest)
    {
        if (which is "translation-data")
        {
            // The sentence pairs lesson 4 opens: data/english-french.tsv and data/english-french-by-length.tsv.
            var folder = rest.Length > 0 ? rest[0] : "data";
            EnglishFrench.WriteCourseFiles(folder);
            Console.WriteLine($"wrote {EnglishFrench.SentencesFile} and {EnglishFrench.ByLengthFile} to {Path.GetFullPath(folder)}");
        }
        if (which is "sequence-data")
        {
            // The date and digit-reversal pairs lessons 1, 2, 3 and 8 generate, as files in data/.
            var folder = rest.Length > 0 ? rest[0] : "data";
            CourseDataFiles.WriteAll(folder);
            Console.WriteLine($"wrote {string.Join(", ", CourseDataFiles.Files.Select(f => f.Name))} to {Path.GetFullPath(folder)}");
        }
        if (which is "bottleneck") Bottleneck(rest.Select(double.Parse).ToArray());
        if (which is "profile") Profile();
        if (which is "cost") TrainingCost.Run(rest);
        if (which is "all" or "dates") Dates();
        if (which is "all" or "reversal") Reversal();
        if (which is "all" or "translation") Translation(rest.Length > 0 ? rest.Select(double.Parse).ToArray() : [120, 0.02, 64]);
    }

    /// <summary>Date normalization with additive attention: steps and seconds until 99% exact match on 1,000 held-out dates.</summary>
    public static void Dates()
    {
        var train = DateNormalization.Generate(20_000, seed: 1);
        var test = DateNormalization.Generate(1_000, seed: 2);
        var task = SequenceTask.Characters(train.Concat(test));
        var model = new Seq2SeqModel(task.Options(DecoderAttention.Additive), new Random(1));
        Console.WriteLine($"dates: {model.ParameterCount:N0} parameters, batch 64, Adam 3e-3, clip 1.0; {Cpu.Name}; load {TrainingCost.LoadAverage()}");
        var training = Stopwatch.StartNew();
        var trainingTime = TimeSpan.Zero;
        var trainingCpu = TimeSpan.Zero;
        long trainingBytes = 0;
        var process = Process.GetCurrentProcess();
        int steps = 0;
        double accuracy = 0;
        while (steps < 2000)
        {
            var cpu = process.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var history = task.Train(model, train, steps: 50, seed: steps);
            trainingBytes += GC.GetTotalAllocatedBytes(precise: true) - allocated;
            process.Refresh();
            trainingCpu += process.TotalProcessorTime - cpu;
            steps += 50;
            trainingTime += history.Duration;
            accuracy = task.Evaluate(model, test, maxLength: 12).ExactMatch;
            Console.WriteLine($"  step {steps,5}  loss {history.FinalLoss(10):F4}  exact match {accuracy:P1}  training {trainingTime.TotalSeconds:F1} s");
            if (accuracy >= 0.99) break;
        }
        process.Refresh();
        Console.WriteLine($"dates: {accuracy:P1} exact match after {steps} batches, {trainingTime.TotalSeconds:F1} s of training " +
                          $"({trainingCpu.TotalSeconds:F1} s of CPU, {trainingBytes / steps / (1 << 20)} MiB allocated per batch; " +
                          $"{training.Elapsed.TotalSeconds:F1} s with evaluation), peak working set {process.PeakWorkingSet64 / (1 << 20)} MiB; load {TrainingCost.LoadAverage()}");
    }

    /// <summary>
    /// Lesson 2's experiment with settings from the command line: min length, max length, steps, learning rate, batch,
    /// and optionally evaluation interval (steps), embedding, encoder and decoder sizes (default 16, 32, 64), and a
    /// step decay (halve the learning rate every so many steps; 0 = constant).
    /// </summary>
    public static void Bottleneck(double[] settings)
    {
        int min = (int)settings[0], max = (int)settings[1], steps = (int)settings[2], batch = (int)settings[4];
        int every = settings.Length > 5 ? (int)settings[5] : steps;
        int embedding = settings.Length > 6 ? (int)settings[6] : 16, encoder = settings.Length > 7 ? (int)settings[7] : 32, decoder = settings.Length > 8 ? (int)settings[8] : 64;
        int halveEvery = settings.Length > 9 ? (int)settings[9] : 0;
        ILearningRateSchedule? schedule = halveEvery > 0 ? new StepSchedule(settings[3], halveEvery, 0.5) : null;
        var train = DigitSequences.Reversal(20_000, min, max, seed: 1);
        var test = DigitSequences.Reversal(600, min, max, seed: 2);
        var task = SequenceTask.Characters(train);
        foreach (var attention in new[] { DecoderAttention.Additive, DecoderAttention.None })
        {
            var model = new Seq2SeqModel(task.Options(attention) with { EmbeddingSize = embedding, EncoderHidden = encoder, DecoderHidden = decoder }, new Random(1));
            var evaluationTime = TimeSpan.Zero;
            void Report(int step, TimeSpan elapsed)
            {
                var clock = Stopwatch.StartNew();
                var result = task.Evaluate(model, test, maxLength: max + 2);
                var buckets = task.AccuracyByLength(result, 4);
                Console.WriteLine($"{attention} ({model.ParameterCount:N0} parameters) after {step} batches: {(elapsed - evaluationTime).TotalSeconds:F1} s of training, " +
                    $"exact {result.ExactMatch:P1}, token accuracy by length " + string.Join(" ", buckets.Select(b => $"{b.Length}:{b.TokenAccuracy:P0}")));
                model.Train();
                evaluationTime += clock.Elapsed;
            }
            task.Train(model, train, steps, batchSize: batch, learningRate: settings[3], seed: 1, schedule: schedule,
                onProgress: p => { if (p.Step % every == 0 || p.Step == steps) Report(p.Step, p.Elapsed); });
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB; {Cpu.Name}; load {TrainingCost.LoadAverage()}");
    }

    /// <summary>Where one date-task training batch spends its time (milliseconds per part, averaged).</summary>
    public static void Profile()
    {
        var train = DateNormalization.Generate(2_000, seed: 1);
        var task = SequenceTask.Characters(train);
        var model = new Seq2SeqModel(task.Options(DecoderAttention.Additive), new Random(1));
        var batch = train.Take(64).ToList();
        var source = task.SourceBatch(batch);
        var target = task.TargetBatch(batch);
        double encoder = 0, total = 0, backward = 0;
        var pausesBefore = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var loopClock = Stopwatch.StartNew();
        for (int i = 0; i < 25; i++)
        {
            var clock = Stopwatch.StartNew();
            model.Encoder.Forward(source);
            double e = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var loss = model.Loss(source, target);
            double f = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            loss.Backward();
            double b = clock.Elapsed.TotalMilliseconds;
            model.ZeroGrad();
            if (i >= 5) { encoder += e / 20; total += f / 20; backward += b / 20; }
        }
        Console.WriteLine($"25 iterations: {loopClock.Elapsed.TotalMilliseconds:F0} ms, GC pauses {(GC.GetTotalPauseDuration() - pausesBefore).TotalMilliseconds:F0} ms, collections gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2}, allocated per iteration {GC.GetTotalAllocatedBytes() / 25 / (1 << 20)} MiB");
        var encoded = model.Encoder.Forward(source);
        var parts = new Dictionary<string, double>();
        void Time(string name, Action action)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 20; i++) action();
            parts[name] = clock.Elapsed.TotalMilliseconds / 20;
        }
        var memory = model.Decoder.Prepare(encoded);
        var state = model.Decoder.Start(memory);
        var previous = target.Step(0);
        var d = model.Decoder;
        Time("prepare", () => d.Prepare(encoded));
        Time("step", () => d.Step(previous, state, memory));
        Time("embedding", () => d.Embedding.Forward(previous));
        var query = d.QueryProjection!.Forward(state.Recurrent.Hidden);
        Time("query projection", () => d.QueryProjection!.Forward(state.Recurrent.Hidden));
        Time("additive scores", () => AttentionCourse.Tensors.Tensor.BatchedAdditiveScores(query, memory.Keys!, d.V!));
        var scores = AttentionCourse.Tensors.Tensor.BatchedAdditiveScores(query, memory.Keys!, d.V!);
        Time("softmax", () => scores.Softmax(encoded.Padding));
        var weights = scores.Softmax(encoded.Padding);
        Time("weighted sum", () => AttentionCourse.Tensors.Tensor.BatchedWeightedSum(weights, encoded.States));
        var context = AttentionCourse.Tensors.Tensor.BatchedWeightedSum(weights, encoded.States);
        var embedded = d.Embedding.Forward(previous);
        Time("concat", () => AttentionCourse.Tensors.Tensor.ConcatColumns(embedded, context));
        var input = AttentionCourse.Tensors.Tensor.ConcatColumns(embedded, context);
        Time("gru", () => d.Cell.Step(input, state.Recurrent));
        Console.WriteLine(string.Join(", ", parts.Select(p => $"{p.Key} {p.Value:F2} ms")));
        Console.WriteLine($"source length {source.MaxLength}, target length {target.MaxLength}: encoder forward {encoder:F1} ms, whole forward {total:F1} ms, backward {backward:F1} ms");
    }

    /// <summary>
    /// Reversal of digit strings of length 40 to 60 with and without attention, same budget: the date model's sizes
    /// (embedding 32, bidirectional GRU encoder 64, GRU decoder 128), 1,000 batches of 64, Adam 5e-3 halved every
    /// 300 batches, clipping 1.0; evaluated every 250 batches on 600 held-out strings.
    /// </summary>
    public static void Reversal() => Bottleneck([40, 60, 1000, 5e-3, 64, 250, 32, 64, 128, 300]);

    /// <summary>English to French (lesson 4's data and model sizes): BLEU on held-out sentences, greedy and beam.</summary>
    public static void Translation(double[] settings)
    {
        int steps = (int)settings[0], batch = (int)settings[2];
        var pairs = EnglishFrench.Generate(5000, seed: 6);
        var (train, test) = Batching.TrainTestSplit(pairs, 0.1, seed: 7);
        var task = SequenceTask.Words(train);
        var options = task.Options(DecoderAttention.Additive) with { EmbeddingSize = 32, EncoderHidden = 32, DecoderHidden = 64 };
        var model = new Seq2SeqModel(options, new Random(1));
        var history = task.Train(model, train, steps, batchSize: batch, learningRate: settings[1], seed: 8);
        var greedy = task.Evaluate(model, test, maxLength: 30);
        var beam = task.Evaluate(model, test, maxLength: 30, beamWidth: 4);
        Console.WriteLine($"translation: BLEU greedy {greedy.Bleu:F3}, beam 4 {beam.Bleu:F3}; exact match {greedy.ExactMatch:P1} / {beam.ExactMatch:P1}; {steps} batches of {batch} in {history.Duration.TotalSeconds:F1} s");
    }
}

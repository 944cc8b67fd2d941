using AttentionCourse.Data;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

public sealed class ConcurrentlyTests
{
    private static readonly IReadOnlyList<SequencePair> Dates = DateNormalization.Generate(400, seed: 5);
    private static readonly SequenceTask Task = SequenceTask.Characters(Dates);

    private static Seq2SeqModel Model(DecoderAttention attention) =>
        new(Task.Options(attention) with { EmbeddingSize = 8, EncoderHidden = 8, DecoderHidden = 16 }, new Random(3));

    private static TrainingHistory Train(Seq2SeqModel model, Action<TrainingProgress>? onProgress = null) =>
        Task.Train(model, Dates, steps: 12, batchSize: 16, learningRate: 0.01, seed: 4, onProgress: onProgress);

    private static double[] Bits(Seq2SeqModel model) =>
        model.Parameters().SelectMany(p => p.Value.ToColumnMajorArray()).ToArray();

    [Fact]
    public void Two_trainings_at_once_give_the_same_bits_as_one_after_the_other()
    {
        var (plainAlone, additiveAlone) = (Model(DecoderAttention.None), Model(DecoderAttention.Additive));
        var lossesAlone = (Train(plainAlone).Losses, Train(additiveAlone).Losses);

        var (plain, additive) = (Model(DecoderAttention.None), Model(DecoderAttention.Additive));
        var (plainHistory, additiveHistory) = Concurrently.Run(() => Train(plain), () => Train(additive));

        Assert.Equal(lossesAlone.Item1, plainHistory.Losses);
        Assert.Equal(lossesAlone.Item2, additiveHistory.Losses);
        Assert.Equal(Bits(plainAlone), Bits(plain));
        Assert.Equal(Bits(additiveAlone), Bits(additive));
    }

    [Fact]
    public void Map_returns_the_results_in_the_order_of_the_items_whatever_finishes_first()
    {
        var results = Concurrently.Map([40, 1, 20, 5, 0], milliseconds =>
        {
            Thread.Sleep(milliseconds);
            return milliseconds * 10;
        });
        Assert.Equal([400, 10, 200, 50, 0], results);
        Assert.Empty(Concurrently.Map(Array.Empty<int>(), x => x));
    }

    [Fact]
    public void Jobs_run_at_the_same_time_when_there_are_two_cores()
    {
        if (Environment.ProcessorCount < 2) return; // one core: the jobs run one after the other (tested below)
        using var barrier = new Barrier(2);
        // Each job waits for the other to arrive: only possible if both run at once.
        var met = Concurrently.Map([0, 1], _ => barrier.SignalAndWait(TimeSpan.FromSeconds(20)));
        Assert.Equal([true, true], met);
    }

    [Fact]
    public void Progress_reports_run_on_the_calling_thread_at_their_step_while_the_training_waits()
    {
        int caller = Environment.CurrentManagedThreadId;
        var reports = new List<(string Model, int Step, int Thread, double AccuracyAtStep)>();
        var (plain, additive) = (Model(DecoderAttention.None), Model(DecoderAttention.Additive));
        var held = Dates.Take(20).ToList();
        Action<TrainingProgress> Report(string name, Seq2SeqModel model) => p =>
            reports.Add((name, p.Step, Environment.CurrentManagedThreadId, Task.Evaluate(model, held, maxLength: 12).TokenAccuracy));
        Concurrently.Run(() => Train(plain, Report("plain", plain)), () => Train(additive, Report("additive", additive)));

        Assert.All(reports, r => Assert.Equal(caller, r.Thread));
        Assert.Equal([10, 12], reports.Where(r => r.Model == "plain").Select(r => r.Step));
        Assert.Equal([10, 12], reports.Where(r => r.Model == "additive").Select(r => r.Step));

        // Evaluating inside the report saw the model as it was at that step: the same as training 10 steps alone.
        var alone = Model(DecoderAttention.Additive);
        Task.Train(alone, Dates, steps: 10, batchSize: 16, learningRate: 0.01, seed: 4);
        Assert.Equal(Task.Evaluate(alone, held, maxLength: 12).TokenAccuracy,
            reports.Single(r => r.Model == "additive" && r.Step == 10).AccuracyAtStep);
    }

    [Fact]
    public void A_failing_job_rethrows_its_own_exception_after_the_running_job_finished()
    {
        if (Environment.ProcessorCount < 2) return; // one core: the second job would never start
        bool otherFinished = false;
        var error = Assert.Throws<InvalidOperationException>(() => Concurrently.Run<int, int>(
            () => { Thread.Sleep(50); throw new InvalidOperationException("the first job failed"); },
            () => { Thread.Sleep(200); otherFinished = true; return 2; }));
        Assert.Equal("the first job failed", error.Message);
        Assert.True(otherFinished);
    }

    [Fact]
    public void A_failing_progress_report_fails_its_training_and_reaches_the_caller()
    {
        var error = Assert.Throws<ArgumentException>(() => Concurrently.Run(
            () => Train(Model(DecoderAttention.None), p => throw new ArgumentException($"report at step {p.Step}")),
            () => Train(Model(DecoderAttention.Additive))));
        Assert.Equal("report at step 10", error.Message);
    }

    [Fact]
    public void One_job_at_a_time_runs_them_in_order_on_the_calling_thread_with_the_same_results()
    {
        int caller = Environment.CurrentManagedThreadId;
        var order = new List<int>();
        var results = Concurrently.Map([3, 1, 2], item =>
        {
            order.Add(item);
            return (item, thread: Environment.CurrentManagedThreadId);
        }, jobsAtOnce: 1);
        Assert.Equal([3, 1, 2], order);
        Assert.All(results, r => Assert.Equal(caller, r.thread));

        var models = new[] { DecoderAttention.None, DecoderAttention.Additive };
        var alone = Concurrently.Map(models, kind => Train(Model(kind)).Losses, jobsAtOnce: 1);
        var together = Concurrently.Map(models, kind => Train(Model(kind)).Losses);
        Assert.Equal(alone, together);
        Assert.Throws<ArgumentOutOfRangeException>(() => Concurrently.Map([1], x => x, jobsAtOnce: 0));
    }

    [Fact]
    public void Concurrency_inside_a_job_runs_one_after_the_other_without_blocking()
    {
        var results = Concurrently.Map([1, 2], outer =>
            Concurrently.Map([10, 20], inner => outer * inner).Sum());
        Assert.Equal([30, 60], results);
    }

    [Fact]
    public void Products_inside_jobs_that_fill_the_cores_share_them_out_instead_of_waking_more_threads()
    {
        if (Environment.ProcessorCount < 2) return; // one core: jobs never run side by side
        const int size = 352; // large enough for a product to use several threads on its own
        using var barrier = new Barrier(2);
        var threads = Concurrently.Map([0, 1], _ =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(20)); // both jobs are running now
            var during = ManagedMatrixProduct.ThreadsFor(size, size, size);
            barrier.SignalAndWait(TimeSpan.FromSeconds(20)); // and still, while the other one asks too
            return during;
        });
        // Other tests may run jobs at the same time, which can only lower the share.
        Assert.All(threads, t => Assert.InRange(t, 1, Math.Max(1, Environment.ProcessorCount / 2)));
        Assert.Equal(1, ManagedMatrixProduct.ThreadsFor(16, 16, 16)); // a small product never uses more

        // Whatever the share, a product inside a job gives the bits it gives outside.
        var random = new Random(9);
        var a = Tensor.Randn(size, size - 3, random);
        var b = Tensor.Randn(size - 3, size + 5, random);
        var outside = a.MatMul(b).Value.ToColumnMajorArray();
        var inside = Concurrently.Map([0, 1], _ => a.MatMul(b).Value.ToColumnMajorArray());
        Assert.All(inside, bits => Assert.Equal(outside, bits));
    }
}

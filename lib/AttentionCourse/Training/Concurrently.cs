using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using AttentionCourse.Tensors;

namespace AttentionCourse.Training;

/// <summary>
/// Runs independent pieces of work, such as training two different models, at the same time, one per processor
/// core, and returns their results in order.
/// </summary>
/// <remarks>
/// <para>
/// The results are the very same numbers as running the jobs one after the other, provided each job uses only its
/// own model, optimizer and random generator (every training in the course does): the library keeps no shared
/// mutable state, and each operation computes the same bits on any thread (docs/determinism.md).
/// </para>
/// <para>
/// Progress callbacks (<see cref="Trainer.Run"/>'s <c>onProgress</c>, which every training method passes on) run on
/// the <b>calling</b> thread while the job that reported waits, so a callback may update a notebook display or
/// evaluate its model at that step exactly as it would without concurrency.
/// </para>
/// </remarks>
public static class Concurrently
{
    private static readonly AsyncLocal<CallerQueue?> Caller = new();

    /// <summary>Runs <paramref name="first"/> and <paramref name="second"/> at the same time; returns both results.</summary>
    /// <exception cref="Exception">The first failure of a job, rethrown as it was thrown, once the other job (if it started) has finished.</exception>
    public static (T1 First, T2 Second) Run<T1, T2>(Func<T1> first, Func<T2> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        object?[] results = Jobs([() => first(), () => second()], Environment.ProcessorCount);
        return ((T1)results[0]!, (T2)results[1]!);
    }

    /// <summary><c>items.Select(job)</c>, with up to one item per processor core running at a time; results in the order of <paramref name="items"/>.</summary>
    /// <param name="items">What to run the job on.</param>
    /// <param name="job">The work for one item; it must not touch another item's model or random generator.</param>
    /// <param name="jobsAtOnce">At most this many jobs at a time (default: one per processor core); 1 runs them one after the other on this thread.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jobsAtOnce"/> is below 1.</exception>
    /// <exception cref="Exception">The first failure of a job, rethrown as it was thrown once the running jobs have finished (jobs not started yet are skipped).</exception>
    public static IReadOnlyList<TResult> Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> job, int? jobsAtOnce = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(job);
        if (jobsAtOnce < 1)
            throw new ArgumentOutOfRangeException(nameof(jobsAtOnce), $"Concurrently.Map needs at least 1 job at a time, got {jobsAtOnce}.");
        object?[] results = Jobs(items.Select(item => (Func<object?>)(() => job(item))).ToArray(), jobsAtOnce ?? Environment.ProcessorCount);
        return results.Select(r => (TResult)r!).ToList();
    }

    /// <summary>
    /// Runs <paramref name="callback"/> on the thread that started the enclosing <see cref="Run{T1,T2}"/> or
    /// <see cref="Map{TItem,TResult}"/> and waits for it; outside of one (or on that thread) it just calls it.
    /// </summary>
    internal static void OnCallingThread(Action callback)
    {
        var queue = Caller.Value;
        if (queue is null || queue.IsOwner) callback();
        else queue.InvokeAndWait(callback);
    }

    private static object?[] Jobs(IReadOnlyList<Func<object?>> jobs, int jobsAtOnce)
    {
        var results = new object?[jobs.Count];
        if (jobs.Count == 0) return results;
        int workers = Math.Min(jobsAtOnce, jobs.Count);
        if (workers <= 1 || Caller.Value is not null)
        {
            // One core, or already inside a concurrent job: one after the other, on this thread.
            for (int i = 0; i < jobs.Count; i++) results[i] = jobs[i]();
            return results;
        }

        var queue = new CallerQueue();
        var failures = new ConcurrentQueue<ExceptionDispatchInfo>();
        int next = -1, running = workers;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            Caller.Value = queue;
            try
            {
                for (int i; failures.IsEmpty && (i = Interlocked.Increment(ref next)) < jobs.Count;)
                {
                    SecondCore.JobStarted(); // products leave the other jobs' cores alone
                    try { results[i] = jobs[i](); }
                    catch (Exception e) { failures.Enqueue(ExceptionDispatchInfo.Capture(e)); }
                    finally { SecondCore.JobEnded(); }
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref running) == 0) queue.Complete();
            }
        }) { IsBackground = true, Name = "AttentionCourse job" }).ToList();
        threads.ForEach(t => t.Start());
        queue.RunUntilComplete();
        threads.ForEach(t => t.Join());
        if (failures.TryPeek(out var failure)) failure.Throw();
        return results;
    }

    /// <summary>Callbacks handed from the job threads to the calling thread, which runs them in arrival order.</summary>
    private sealed class CallerQueue
    {
        private readonly BlockingCollection<PendingCallback> pending = new();
        private readonly int owner = Environment.CurrentManagedThreadId;

        public bool IsOwner => Environment.CurrentManagedThreadId == owner;

        public void InvokeAndWait(Action callback)
        {
            using var call = new PendingCallback(callback);
            pending.Add(call);
            call.Done.Wait();
            call.Failure?.Throw();
        }

        public void Complete() => pending.CompleteAdding();

        public void RunUntilComplete()
        {
            foreach (var call in pending.GetConsumingEnumerable())
            {
                try { call.Callback(); }
                catch (Exception e) { call.Failure = ExceptionDispatchInfo.Capture(e); }
                finally { call.Done.Set(); }
            }
        }
    }

    /// <summary>One callback waiting for the calling thread: set <see cref="Done"/> once it ran, with its failure if it threw.</summary>
    private sealed class PendingCallback(Action callback) : IDisposable
    {
        public Action Callback { get; } = callback;
        public ManualResetEventSlim Done { get; } = new();
        public ExceptionDispatchInfo? Failure { get; set; }

        public void Dispose() => Done.Dispose();
    }
}

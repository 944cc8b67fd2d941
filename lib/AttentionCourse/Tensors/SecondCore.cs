using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace AttentionCourse.Tensors;

/// <summary>
/// Splits one operation in two halves and runs the second half on another core, with a helper thread that stays
/// awake between the operations of a training step, so that handing it a half costs about a microsecond instead
/// of the tens of microseconds of waking a sleeping thread-pool thread.
/// </summary>
/// <remarks>
/// <para>
/// The two halves must write disjoint outputs and compute every output number exactly as the whole operation
/// would (split a matrix product by columns of the result, never along a sum): then the result is the same to
/// the last bit whether a half ran on the helper, on the calling thread, or both halves one after the other,
/// which is what keeps training reproducible (docs/determinism.md).
/// </para>
/// <para>
/// The calling thread runs the first half, then takes the second half back if the helper has not started it (a
/// helper that went to sleep costs nothing). The helper spins for about a millisecond after its last half, then
/// sleeps until the next one. One operation at a time uses the helper; another thread (or a half that splits
/// again) just runs both halves itself. Inside <see cref="Training.Concurrently"/> jobs that already keep every
/// core busy, and with <see cref="ManagedMatrixProduct.Threads"/> set to 1, nothing is shared.
/// </para>
/// </remarks>
internal static class SecondCore
{
    private static readonly long IdleSpinTicks = Stopwatch.Frequency / 1000; // about 1 ms
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly object Starting = new();
    private static Thread? helper;
    private static Action<int>? posted;            // the half waiting for the helper, null once taken
    private static volatile bool finished;         // the helper finished the half it took
    private static ExceptionDispatchInfo? failure; // what that half threw
    private static int busy;                       // 1 while an operation uses the helper
    private static int sleeping;                   // 1 while the helper waits on Wake
    private static int runningJobs;

    /// <summary>How many <see cref="Training.Concurrently"/> jobs are running right now (each has a core to itself).</summary>
    internal static int RunningJobs => Volatile.Read(ref runningJobs);

    internal static void JobStarted() => Interlocked.Increment(ref runningJobs);

    internal static void JobEnded() => Interlocked.Decrement(ref runningJobs);

    /// <summary>Whether an operation started now could give a half to another core.</summary>
    internal static bool CanShare =>
        Environment.ProcessorCount >= 2 && ManagedMatrixProduct.Threads >= 2 && RunningJobs * 2 <= Environment.ProcessorCount;

    /// <summary>Runs <c>half(0)</c> and <c>half(1)</c>, on two cores when one is free; returns once both are done.</summary>
    /// <exception cref="Exception">What a half threw (the first half's failure if both threw), once both have finished.</exception>
    public static void Run(Action<int> half)
    {
        if (!CanShare || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            half(0);
            half(1);
            return;
        }
        try
        {
            StartHelper();
            finished = false;
            failure = null;
            Interlocked.Exchange(ref posted, half); // a full fence: the helper sees the half, or we see it asleep
            if (Volatile.Read(ref sleeping) == 1 && Interlocked.CompareExchange(ref sleeping, 0, 1) == 1) Wake.Release();
            try
            {
                half(0);
            }
            finally
            {
                if (Interlocked.CompareExchange(ref posted, null, half) == half) half(1); // the helper had not started it
                else
                {
                    var wait = new SpinWait();
                    while (!finished) wait.SpinOnce(sleep1Threshold: -1);
                    failure?.Throw();
                }
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="range"/> over <c>[0, count)</c>: in two halves on two cores (<see cref="Run"/>) when
    /// the operation has at least <see cref="SplitWork"/> units of work (numbers touched, or multiply-adds), else in
    /// one piece. The halves split on a multiple of <paramref name="multipleOf"/>; each must compute its outputs
    /// exactly as the whole range would.
    /// </summary>
    public static void InHalves(long work, int count, Action<int, int> range, int multipleOf = 1)
    {
        int half = (count / 2 + multipleOf - 1) / multipleOf * multipleOf;
        if (work < SplitWork || half <= 0 || half >= count || !CanShare) { range(0, count); return; }
        Run(part => { if (part == 0) range(0, half); else range(half, count); });
    }

    /// <summary>Less work than this (a few microseconds) runs on one core: handing over a half would cost more.</summary>
    internal const long SplitWork = 1 << 14;

    private static void StartHelper()
    {
        if (helper != null) return;
        lock (Starting)
        {
            if (helper != null) return;
            var thread = new Thread(HelperLoop) { IsBackground = true, Name = "AttentionCourse second core" };
            thread.Start();
            helper = thread;
        }
    }

    private static void HelperLoop()
    {
        long idleSince = Stopwatch.GetTimestamp();
        for (int spins = 0; ; spins++)
        {
            var half = Interlocked.Exchange(ref posted, null);
            if (half != null)
            {
                try { half(1); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
                finished = true;
                idleSince = Stopwatch.GetTimestamp();
                continue;
            }
            if ((spins & 63) != 0)
            {
                Thread.SpinWait(8);
                continue;
            }
            if (Stopwatch.GetTimestamp() - idleSince < IdleSpinTicks)
            {
                Thread.Yield(); // lets another thread that is ready (the JIT, the GC) have this core
                continue;
            }
            Interlocked.Exchange(ref sleeping, 1);
            if (Volatile.Read(ref posted) == null || Interlocked.CompareExchange(ref sleeping, 0, 1) != 1)
                Wake.Wait(); // woken by the poster (or consuming the wake of one that saw us asleep)
            idleSince = Stopwatch.GetTimestamp();
        }
    }
}

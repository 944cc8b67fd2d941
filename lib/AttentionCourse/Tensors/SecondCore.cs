using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace AttentionCourse.Tensors;

/// <summary>
/// Splits one operation into a few parts shared between the calling thread and a helper thread on another core. The
/// helper stays awake between the operations of a training step, so handing it work costs about a microsecond
/// instead of the tens of microseconds of waking a sleeping thread-pool thread.
/// </summary>
/// <remarks>
/// <para>
/// The parts must write disjoint outputs and compute every output number exactly as the whole operation would
/// (split a matrix product by columns of the result, never along a sum): then the result is the same to the last
/// bit whichever thread ran which part, or when one thread ran them all, which is what keeps training reproducible
/// (docs/determinism.md).
/// </para>
/// <para>
/// The calling thread starts on the parts at once and takes the next part not yet taken until none is left, so a
/// helper that is asleep or slowed down costs nothing but its share. The helper spins for about a millisecond after
/// its last part, then sleeps until the next work. One operation at a time uses the helper; another thread (or a
/// part that splits again) just runs all its parts itself. Inside <see cref="Training.Concurrently"/> jobs that already keep every
/// core busy, and with <see cref="ManagedMatrixProduct.Threads"/> set to 1, nothing is shared.
/// </para>
/// </remarks>
internal static class SecondCore
{
    private static readonly long IdleSpinTicks = Stopwatch.Frequency / 1000; // about 1 ms
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly object Starting = new();
    private static Thread? helper;
    private static Action<int>? posted;            // the work waiting for the helper, null once taken
    private static volatile bool finished;         // the helper has stopped taking parts of the work it took
    private static ExceptionDispatchInfo? failure; // what a part it ran threw
    private static int partCount, nextPart;        // the parts of the current work, and the next one not yet taken
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

    /// <summary>
    /// Runs <c>part(0)</c> to <c>part(parts - 1)</c>, each once: this thread and the helper take the next part not
    /// yet taken until none is left, so a core that is slowed down (by another process, or a bigger part) ends up
    /// doing fewer parts. Returns once every part is done.
    /// </summary>
    /// <exception cref="Exception">The first failure of a part, once the parts that had started have finished (parts not started then are skipped).</exception>
    public static void For(int parts, Action<int> part)
    {
        if (parts <= 1 || !CanShare || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++) part(i);
            return;
        }
        try
        {
            StartHelper();
            finished = false;
            failure = null;
            partCount = parts;
            nextPart = 0;
            Interlocked.Exchange(ref posted, part); // a full fence: the helper sees the work, or we see it asleep
            if (Volatile.Read(ref sleeping) == 1 && Interlocked.CompareExchange(ref sleeping, 0, 1) == 1) Wake.Release();
            ExceptionDispatchInfo? ours = null;
            try
            {
                TakeParts(part);
            }
            catch (Exception e)
            {
                ours = ExceptionDispatchInfo.Capture(e);
            }
            if (Interlocked.CompareExchange(ref posted, null, part) != part) // the helper took the work: wait for it
            {
                var wait = new SpinWait();
                while (!finished) wait.SpinOnce(sleep1Threshold: -1);
            }
            (ours ?? failure)?.Throw();
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>Runs parts not yet taken until none is left; a failure stops everyone from taking more.</summary>
    private static void TakeParts(Action<int> part)
    {
        try
        {
            for (int i; (i = Interlocked.Increment(ref nextPart) - 1) < partCount;) part(i);
        }
        catch
        {
            Volatile.Write(ref nextPart, int.MaxValue / 2);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="range"/> over <c>[0, count)</c>: in up to <see cref="MaxParts"/> parts shared between two cores
    /// (<see cref="For"/>) when the operation has at least <see cref="SplitWork"/> units of work (numbers touched,
    /// or multiply-adds), else in one piece. Parts start on multiples of <paramref name="multipleOf"/>; each must
    /// compute its outputs exactly as the whole range would, so the result does not depend on how it was split.
    /// </summary>
    public static void InParts(long work, int count, Action<int, int> range, int multipleOf = 1)
    {
        int units = (count + multipleOf - 1) / multipleOf;
        int parts = (int)Math.Min(Math.Min(MaxParts, units), work / SplitWork);
        if (parts < 2 || !CanShare) { range(0, count); return; }
        For(parts, p =>
        {
            int start = Math.Min(count, (int)((long)units * p / parts) * multipleOf);
            int end = Math.Min(count, (int)((long)units * (p + 1) / parts) * multipleOf);
            if (start < end) range(start, end);
        });
    }

    /// <summary>Less work than this per part (a few microseconds) is not worth handing over.</summary>
    internal const long SplitWork = 1 << 14;

    /// <summary>
    /// At most this many parts. Two: with four, the date target trained about 10% slower (each part of a product
    /// packs its share of A again, and each part costs a hand-over); with two, the calling thread still takes the
    /// helper's part when the helper is late.
    /// </summary>
    internal const int MaxParts = 2;

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
            var work = Interlocked.Exchange(ref posted, null);
            if (work != null)
            {
                try { TakeParts(work); }
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

namespace AttentionCourse.Tool;

/// <summary>
/// The largest working set of this process while a lesson runs, sampled every 50 ms (the process's own peak counter
/// cannot be reset between lessons, which all run in this one process).
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly Timer timer;
    private long peak;

    private PeakMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        peak = Environment.WorkingSet;
        timer = new Timer(_ => Sample(), null, 0, 50);
    }

    /// <summary>Starts sampling after collecting the previous lesson's garbage.</summary>
    public static PeakMemory Start() => new();

    /// <summary>The peak so far, in MiB.</summary>
    public double MiB
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peak) / (1024.0 * 1024.0);
        }
    }

    private void Sample()
    {
        long now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
    }

    public void Dispose() => timer.Dispose();
}

using System.Diagnostics;
using System.Threading;

namespace Plc.Runtime.Hosting;

/// <summary>
/// The one source of time for a running program: the scan loop asks it what time it is and waits on it for the next
/// release. The simulator's virtual clock and the wall clock are the two implementations.
/// </summary>
public interface IClock
{
    /// <summary>Nanoseconds since the clock started (monotonic).</summary>
    long NowNs { get; }

    /// <summary>Returns at (or soon after) <paramref name="ns"/>, or earlier when <see cref="Wake"/> is called.</summary>
    void WaitUntil(long ns);

    /// <summary>Ends a wait early (a stop request).</summary>
    void Wake();
}

/// <summary>Simulated time: waiting jumps to the requested time at once; scans take no time.</summary>
public sealed class VirtualClock : IClock
{
    long now;
    public long NowNs => now;
    public void WaitUntil(long ns) { if (ns > now) now = ns; }
    public void Wake() { }
}

/// <summary>
/// Real time from <see cref="Stopwatch"/>. Waits sleep until shortly before the target and spin the rest, which
/// keeps release jitter in the tens of microseconds on an idle core (docs/performance.md); SpinNs trades CPU time
/// for precision.
/// </summary>
public sealed class WallClock : IClock
{
    readonly long start = Stopwatch.GetTimestamp();
    readonly ManualResetEventSlim wake = new(false);
    static readonly double TicksToNs = 1e9 / Stopwatch.Frequency;

    /// <summary>How long before the target the clock stops sleeping and spins (default 200 µs).</summary>
    public long SpinNs { get; init; } = 200_000;

    public long NowNs => (long)((Stopwatch.GetTimestamp() - start) * TicksToNs);

    public void WaitUntil(long ns)
    {
        while (true)
        {
            long remaining = ns - NowNs;
            if (remaining <= 0 || wake.IsSet) return;
            if (remaining > SpinNs)
            {
                // Sleep in slices of at most 100 ms so a stop request is seen promptly even without Wake.
                long sleepMs = System.Math.Min((remaining - SpinNs) / 1_000_000, 100);
                if (sleepMs >= 1) { wake.Wait((int)sleepMs); continue; }
            }
            Thread.SpinWait(20);
        }
    }

    public void Wake() => wake.Set();
}

using System.Diagnostics;
using System.Threading;
using System.Runtime.CompilerServices;

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

/// <summary>
/// Simulated time: waiting jumps to the requested time at once; scans take no time. Paced
/// (<see cref="PacedToWallClock"/>, <c>plc sim --web</c>), a wait first lets as much real time pass as simulated time
/// passes (one simulated ms per wall ms, counted from the first wait), so a person can watch the run; the times the
/// program sees are the same as unpaced.
/// </summary>
public sealed class VirtualClock : IClock
{
    long now;
    long paceStartTicks = -1, paceStartNs;
    readonly ManualResetEventSlim wake = new(false);
    static readonly double TicksToNs = 1e9 / Stopwatch.Frequency;

    /// <summary>Keep simulated time from running ahead of real time.</summary>
    public bool PacedToWallClock { get; init; }

    public long NowNs => now;

    public void WaitUntil(long ns)
    {
        if (PacedToWallClock && !Pace(ns)) return;
        if (ns > now) now = ns;
    }

    /// <summary>Sleeps until the real time since the first wait reaches the simulated time since then; false when
    /// <see cref="Wake"/> ended the wait first (the time then stays).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool Pace(long ns)
    {
        if (paceStartTicks < 0) { paceStartTicks = Stopwatch.GetTimestamp(); paceStartNs = now; }
        while (true)
        {
            if (wake.IsSet) return false;
            long remaining = ns - paceStartNs - (long)((Stopwatch.GetTimestamp() - paceStartTicks) * TicksToNs);
            if (remaining <= 0) return true;
            wake.Wait((int)System.Math.Clamp(remaining / 1_000_000, 1, 100));
        }
    }

    /// <summary>Ends a paced wait early (a stop request); unpaced waits never block.</summary>
    public void Wake() { if (PacedToWallClock) wake.Set(); }
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

    /// <summary>Default of <see cref="SpinNs"/>: 200 µs.</summary>
    public const long DefaultSpinNs = 200_000;

    /// <summary>
    /// How long before the target the clock stops sleeping and spins. Longer: less jitter (a sleeping CPU, above all
    /// a virtual one, can take milliseconds to wake up) for more CPU time; at least the task interval: spin always.
    /// </summary>
    public long SpinNs { get; init; } = DefaultSpinNs;

    public long NowNs
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => (long)((Stopwatch.GetTimestamp() - start) * TicksToNs);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WaitUntil(long ns)
    {
        while (true)
        {
            long remaining = ns - NowNs;
            if (remaining <= 0 || wake.IsSet) return;
            if (remaining > SpinNs)
            {
                // Sleep in slices of at most 100 ms so a stop request is seen promptly even without Wake.
                long sleepNs = System.Math.Min(remaining - SpinNs, 100_000_000);
                if (sleepNs >= 1_000_000) { wake.Wait((int)(sleepNs / 1_000_000)); continue; }
                // Less than a millisecond: the event's wait cannot say that, so sleep with nanosleep (Linux), else
                // the thread would spin through short intervals and take a whole CPU (a SCHED_FIFO thread would
                // then be throttled by the kernel for 50 ms every second).
                if (PreciseSleep.TrySleep(sleepNs)) continue;
            }
            Thread.SpinWait(20);
        }
    }

    public void Wake() => wake.Set();
}

/// <summary>Sleeps shorter than a millisecond: nanosleep on Linux (hrtimers); elsewhere not available.</summary>
static class PreciseSleep
{
    static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>Sleeps about <paramref name="ns"/> (at least; the kernel adds its timer slack); false when it cannot.</summary>
    public static bool TrySleep(long ns)
    {
        if (unavailable) return false;
        var request = new Timespec { Seconds = (nint)(ns / 1_000_000_000), Nanoseconds = (nint)(ns % 1_000_000_000) };
        try
        {
            nanosleep(ref request, System.IntPtr.Zero);   // EINTR (a signal) only ends the sleep early
            return true;
        }
        catch (System.Exception e) when (e is System.DllNotFoundException or System.EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    // struct timespec: time_t and long, both the width of a pointer on Linux's 32- and 64-bit ABIs.
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    struct Timespec { public nint Seconds; public nint Nanoseconds; }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int nanosleep(ref Timespec request, System.IntPtr remaining);
}

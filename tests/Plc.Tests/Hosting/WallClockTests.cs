using System;
using System.Runtime.InteropServices;
using System.Threading;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hosting;

public class WallClockTests
{
    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public nint Seconds; public nint Nanoseconds; }

    [DllImport("libc")] static extern int clock_gettime(int clock, out Timespec time);
    const int CLOCK_THREAD_CPUTIME_ID = 3;

    /// <summary>How often the calling thread blocked (slept or waited) so far: /proc/thread-self/status.</summary>
    static long VoluntarySwitches()
    {
        foreach (var line in System.IO.File.ReadAllLines("/proc/thread-self/status"))
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim());
        throw new InvalidOperationException("no voluntary_ctxt_switches in /proc/thread-self/status");
    }

    static long ThreadCpuNs()
    {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var t);
        return (long)t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    [Fact]
    public void Waits_never_return_early_and_sleep_through_most_of_a_1ms_interval()
    {
        if (!OperatingSystem.IsLinux()) return;
        long cpu = 0, wall = 0, early = 0, blocked = 0;
        var t = new Thread(() =>
        {
            var clock = new WallClock();
            long start = clock.NowNs, cpu0 = ThreadCpuNs(), switches0 = VoluntarySwitches();
            for (int k = 1; k <= 200; k++)
            {
                long target = start + k * 1_000_000L;
                clock.WaitUntil(target);
                if (clock.NowNs < target) early++;
            }
            cpu = ThreadCpuNs() - cpu0;
            wall = clock.NowNs - start;
            blocked = VoluntarySwitches() - switches0;
        });
        t.Start();
        t.Join();
        Assert.Equal(0, early);
        // Each of the 200 waits sleeps once (nanosleep) before it spins; a late wake-up under load may skip a sleep.
        Assert.True(blocked >= 100, $"the waiting thread blocked {blocked} times in 200 waits");
        Assert.True(wall >= 200_000_000, $"200 releases 1 ms apart took {wall} ns");
        // The thread spins only the last 200 µs before each release (20 % of the interval), plus the sleeps'
        // own cost. A clock that could not sleep less than a millisecond spun through every interval (about 100 %).
        Assert.True(cpu < wall * 6 / 10, $"the waiting thread used {cpu / 1e6:0.0} ms of CPU in {wall / 1e6:0.0} ms");
    }

    [Fact]
    public void Spin_as_long_as_the_interval_never_sleeps()
    {
        if (!OperatingSystem.IsLinux()) return;
        long wall = 0, blocked = 0;
        var t = new Thread(() =>
        {
            var clock = new WallClock { SpinNs = 1_000_000 };
            for (int k = 1; k <= 5; k++) clock.WaitUntil(clock.NowNs + 1_000_000L);   // JIT and first-use work
            long start = clock.NowNs, switches0 = VoluntarySwitches();
            for (int k = 1; k <= 200; k++) clock.WaitUntil(start + k * 1_000_000L);
            blocked = VoluntarySwitches() - switches0;
            wall = clock.NowNs - start;
        });
        t.Start();
        t.Join();
        // A spinning thread does not block by itself (pre-emption under load is an involuntary switch, not counted);
        // what remains are the runtime's own stops, such as garbage collections that other threads' allocations
        // cause while the test suite runs in parallel. A sleeping clock blocks at least once in each of the 200 waits.
        Assert.True(wall >= 200_000_000);
        Assert.True(blocked < 100, $"the spinning thread blocked {blocked} times in 200 waits");
    }

    [Fact]
    public void Wake_ends_a_long_wait_at_once()
    {
        var clock = new WallClock();
        var t = new Thread(() => { Thread.Sleep(50); clock.Wake(); });
        t.Start();
        long before = clock.NowNs;
        clock.WaitUntil(before + 10_000_000_000);
        long waited = clock.NowNs - before;
        t.Join();
        Assert.InRange(waited, 40_000_000, 5_000_000_000);
    }
}

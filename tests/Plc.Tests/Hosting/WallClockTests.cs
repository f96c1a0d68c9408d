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

    static long ThreadCpuNs()
    {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var t);
        return (long)t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    [Fact]
    public void Waits_never_return_early_and_sleep_through_most_of_a_1ms_interval()
    {
        if (!OperatingSystem.IsLinux()) return;
        long cpu = 0, wall = 0, early = 0;
        var t = new Thread(() =>
        {
            var clock = new WallClock();
            long start = clock.NowNs, cpu0 = ThreadCpuNs();
            for (int k = 1; k <= 200; k++)
            {
                long target = start + k * 1_000_000L;
                clock.WaitUntil(target);
                if (clock.NowNs < target) early++;
            }
            cpu = ThreadCpuNs() - cpu0;
            wall = clock.NowNs - start;
        });
        t.Start();
        t.Join();
        Assert.Equal(0, early);
        Assert.True(wall >= 200_000_000, $"200 releases 1 ms apart took {wall} ns");
        // The thread spins only the last 200 µs before each release (20 % of the interval), plus the sleeps'
        // own cost. A clock that could not sleep less than a millisecond spun through every interval (about 100 %).
        Assert.True(cpu < wall * 6 / 10, $"the waiting thread used {cpu / 1e6:0.0} ms of CPU in {wall / 1e6:0.0} ms");
    }

    [Fact]
    public void Spin_as_long_as_the_interval_never_sleeps()
    {
        if (!OperatingSystem.IsLinux()) return;
        long cpu = 0, wall = 0;
        var t = new Thread(() =>
        {
            var clock = new WallClock { SpinNs = 1_000_000 };
            long start = clock.NowNs, cpu0 = ThreadCpuNs();
            for (int k = 1; k <= 50; k++) clock.WaitUntil(start + k * 1_000_000L);
            cpu = ThreadCpuNs() - cpu0;
            wall = clock.NowNs - start;
        });
        t.Start();
        t.Join();
        // Spinning keeps the thread on the CPU except when the scheduler takes it away: well over half the time,
        // unless the machine is so loaded that the thread mostly waits to run (then wall time grows, not CPU).
        Assert.True(wall >= 50_000_000);
        Assert.True(cpu > 25_000_000 || wall > 100_000_000, $"spinning thread used {cpu / 1e6:0.0} ms of CPU in {wall / 1e6:0.0} ms");
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

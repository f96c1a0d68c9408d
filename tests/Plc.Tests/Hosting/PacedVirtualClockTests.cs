using System;
using System.Diagnostics;
using System.Threading;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hosting;

/// <summary>The virtual clock paced to real time (<c>plc sim --web</c>): simulated time never runs ahead of real time,
/// the program sees the same times as unpaced, a stop ends a wait, and a scan still allocates nothing.</summary>
public class PacedVirtualClockTests
{
    [Fact]
    public void Waits_let_as_much_real_time_pass_as_simulated_time_and_jump_exactly()
    {
        var clock = new VirtualClock { PacedToWallClock = true };
        clock.WaitUntil(0);                                   // the pace counts from the first wait
        var watch = Stopwatch.StartNew();
        clock.WaitUntil(80_000_000);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(79), $"80 ms of simulated time took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(80_000_000, clock.NowNs);                // exactly the release time, as unpaced
        clock.WaitUntil(50_000_000);                          // the past: no wait, no change
        Assert.Equal(80_000_000, clock.NowNs);

        var unpaced = new VirtualClock();
        watch.Restart();
        unpaced.WaitUntil(3_600_000_000_000);                 // an hour, at once
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal(3_600_000_000_000, unpaced.NowNs);
    }

    [Fact]
    public void Wake_ends_a_paced_wait_without_advancing_the_time()
    {
        var clock = new VirtualClock { PacedToWallClock = true };
        clock.WaitUntil(0);
        new Thread(() => { Thread.Sleep(50); clock.Wake(); }) { IsBackground = true }.Start();
        var watch = Stopwatch.StartNew();
        clock.WaitUntil(60_000_000_000);                      // a minute
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "Wake did not end the wait");
        Assert.Equal(0, clock.NowNs);
    }

    [Fact]
    public void A_paced_scan_loop_allocates_nothing_per_scan()
    {
        var result = Compilation.Compile(new[] { new SourceText("p.st", "PROGRAM Main VAR n : DINT; t : TON; END_VAR n := n + 1; t(IN := TRUE, PT := T#1s); END_PROGRAM") });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var verified = Verifier.Verify(result.Image!);
        var clock = new VirtualClock { PacedToWallClock = true };
        var loop = new ScanLoop(result.Image!, verified, clock, new ScanLoopOptions
        {
            DefaultTaskIntervalNs = 1_000_000,
            Monitor = new Plc.Runtime.Hosting.Monitoring.MonitorBridge(result.Image!),
        });
        long Allocated(long ns) => Plc.Tests.Hosting.ScanAllocation.During(loop, ns);
        var watch = Stopwatch.StartNew();                     // started before the pace's first wait
        Allocated(150_000_000);                               // warm-up, past the tiered JIT's call-counting delay
        long few = Allocated(5_000_000);
        long many = Allocated(200_000_000);                   // 200 scans
        // Paced: the simulated time never ran ahead of the real time. (It may fall behind, e.g. during the collections
        // above, and then catches up without waiting, so the real time of one run is no measure.)
        Assert.True(clock.NowNs <= (long)watch.Elapsed.TotalNanoseconds,
            $"{clock.NowNs / 1e6} simulated ms after {watch.Elapsed.TotalMilliseconds} real ms");
        Assert.True(clock.NowNs >= 350_000_000, $"{clock.NowNs / 1e6} simulated ms");
        Assert.Equal(few, many);                              // the result object only
    }
}

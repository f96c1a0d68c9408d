using System;
using System.IO;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Hosting;

/// <summary>
/// The whole scan loop (planner, watchdog, statistics, retain capture, monitoring) allocates nothing per scan in steady
/// state: a run of many releases allocates exactly as much as a run of few (the result object), measured with the
/// thread's allocation counter.
/// </summary>
public class ScanLoopAllocationTests
{
    const string Program = @"
PROGRAM Main
VAR RETAIN total : DINT; END_VAR
VAR PERSISTENT level : REAL; END_VAR
VAR lamp AT %QX0.0 : BOOL; button AT %IX0.0 : BOOL; timer : TON; n : DINT; s : STRING; END_VAR
VAR_EXTERNAL trigger : BOOL; END_VAR
n := n + 1;
total := total + 1;
level := level + 0.5;
timer(IN := (n MOD 7) < 4, PT := T#30ms);
lamp := timer.Q OR button;
trigger := (n MOD 5) = 0;
s := DINT_TO_STRING(n);
END_PROGRAM
PROGRAM Slow VAR k : DINT; END_VAR k := k + 1; END_PROGRAM
PROGRAM OnEvent VAR e : DINT; END_VAR e := e + 1; END_PROGRAM
CONFIGURATION C
VAR_GLOBAL trigger : BOOL; END_VAR
RESOURCE R ON PLC
  TASK Fast (INTERVAL := T#1ms, PRIORITY := 1);
  TASK Slower (INTERVAL := T#3ms, PRIORITY := 0);
  TASK Ev (SINGLE := trigger, PRIORITY := 2);
  PROGRAM M WITH Fast : Main;
  PROGRAM S WITH Slower : Slow;
  PROGRAM E WITH Ev : OnEvent;
END_RESOURCE
END_CONFIGURATION";

    static (Image, VerificationResult) Compile()
    {
        var result = Compilation.Compile(new[] { new SourceText("alloc.st", Program) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        Assert.True(v.Ok, v.Error);
        return (result.Image!, v);
    }

    static long Allocated(ScanLoop loop, long durationNs) => Plc.Tests.Hosting.ScanAllocation.During(loop, durationNs);

    [Fact]
    public void Virtual_clock_loop_with_retain_and_monitoring_allocates_nothing_per_scan()
    {
        var (image, v) = Compile();
        string dir = Path.Combine(Path.GetTempPath(), "plc-alloc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var store = new RetainStore(Path.Combine(dir, "a.retain"), RetainLayout.FromImage(image), RetainStore.ImageIdOf(image));
            var bridge = new Plc.Runtime.Hosting.Monitoring.MonitorBridge(image);
            Assert.Null(bridge.Force("M.button", "TRUE"));
            var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Retain = store, Monitor = bridge });
            Allocated(loop, 50_000_000);                       // warm-up: JIT, first-use initialisation
            long few = Allocated(loop, 10_000_000);            // 10 ms: ~14 releases
            // A client writes and reads on its own thread (its allocations are its own) while the loop runs.
            bool stop = false;
            var client = new System.Threading.Thread(() =>
            {
                for (int i = 0; !System.Threading.Volatile.Read(ref stop); i++)
                {
                    bridge.Write("M.n", (i % 1000).ToString());
                    bridge.Read("M.lamp", out _);
                    System.Threading.Thread.Sleep(0);
                }
            });
            client.Start();
            long many = Allocated(loop, 2_000_000_000);        // 2 s: ~2700 releases, ~3300 task scans
            System.Threading.Volatile.Write(ref stop, true);
            client.Join();
            Assert.True(loop.Statistics[0].Scans > 2000);
            Assert.True(loop.Statistics[2].Scans > 300, "the event task ran");
            Assert.InRange(bridge.Scans, 1990, 2001);                  // one publish a release, 1 ms apart
            Assert.Equal("TRUE", bridge.Read("M.lamp", out string lamp) == null ? lamp : null);   // forced button
            Assert.Equal(few, many);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Wall_clock_loop_allocates_nothing_per_scan()
    {
        var (image, v) = Compile();
        var loop = new ScanLoop(image, v, new WallClock());
        // As plc run does: compile the runtime first, then run past the tiered JIT's call-counting delay (100 ms), so
        // that no one-time promotion of a method lands in the measured runs.
        JitWarmup.PrepareRuntime();
        Allocated(loop, 300_000_000);
        long few = Allocated(loop, 5_000_000);
        long many = Allocated(loop, 200_000_000);              // 200 real milliseconds, ~200 releases
        Assert.True(loop.Statistics[0].Scans > 150);
        // Nothing per scan: the smallest .NET object is 24 bytes, so even one allocation per scan would add several
        // kilobytes over 150 more scans. Both runs start from an empty allocation context (see Allocated), so another
        // thread's GC cannot move the counter; the small bound leaves room for a one-time allocation the runtime itself
        // may make on this thread on the wall clock (a tiered-JIT promotion under load).
        Assert.InRange(many - few, -128, 128);
    }
}

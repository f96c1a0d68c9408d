using System;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Hosting;

public class ScanLoopTests
{
    const long Ms = 1_000_000;

    static (Image Image, VerificationResult Verified) Compile(string source)
    {
        var result = Compilation.Compile(new[] { new SourceText("p.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        Assert.True(v.Ok, v.Error);
        return (result.Image!, v);
    }

    static long Int(ScanLoop loop, string path)
    {
        var loc = VariablePath.Resolve(loop.Interpreter.Image, loop.Memory, path, out var error);
        Assert.True(loc != null, error);
        return long.Parse(new ValueFormatter(loop.Interpreter.Image, loop.Memory).Format(loc!.Value));
    }

    const string Counter = "PROGRAM Main VAR n : DINT; END_VAR n := n + 1; END_PROGRAM";

    [Fact]
    public void Releases_stay_on_the_grid_when_scans_take_time()
    {
        // Scans of 3 ms in a 10 ms task: "sleep 10 ms after each scan" would release at 0, 13, 26 ...; the loop must
        // release at k * 10 ms.
        var (image, v) = Compile(Counter);
        var clock = new TestClock();
        var loop = new ScanLoop(image, v, clock, new ScanLoopOptions { Io = new CostlyIO(clock, _ => 3 * Ms) });
        var result = loop.Run(100 * Ms);
        Assert.Equal(ScanStop.EndReached, result.Reason);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k * 10 * Ms), clock.Waits);
        Assert.Equal(10, Int(loop, "Main.n"));
        Assert.Equal(0, loop.Statistics[0].Overruns);
        Assert.Equal(10, loop.Statistics[0].Scans);
        Assert.Equal(0, loop.Statistics[0].Jitter.Max);
    }

    [Fact]
    public void Overruns_run_late_once_skip_missed_releases_and_keep_the_grid()
    {
        // 15 ms scans, 10 ms interval, 100 ms. Release 0 ends at 15: release 10 is late (overrun 1) and runs at 15,
        // ending at 30, when 20 passed entirely (skipped) and 30 is due (overruns 2 more): it runs at 30 on time.
        // The pattern repeats every 30 ms: releases 0, 10, 30, 40, 60, 70, 90; overruns 1+2+1+2+1+2+1 = 10
        // (the last: 100 is late when 90 ends at 105, and 100 is the end).
        var (image, v) = Compile(Counter);
        var clock = new TestClock();
        var loop = new ScanLoop(image, v, clock, new ScanLoopOptions { Io = new CostlyIO(clock, _ => 15 * Ms) });
        var result = loop.Run(100 * Ms);
        Assert.Equal(new[] { 0L, 10, 30, 40, 60, 70, 90 }.Select(x => x * Ms), clock.Waits);
        Assert.Equal(7, Int(loop, "Main.n"));
        Assert.Equal(10, loop.Statistics[0].Overruns);
        Assert.Equal(5 * Ms, loop.Statistics[0].Jitter.Max);   // started at 15 for release 10
        Assert.Equal(0, loop.Statistics[0].Jitter.Min);
        Assert.Equal(7, result.Scans);
    }

    const string TwoTasks = @"
PROGRAM A VAR o AT %QX0.0 : BOOL; i AT %IX0.0 : BOOL; copy : BOOL; END_VAR o := TRUE; copy := i; END_PROGRAM
PROGRAM B VAR o AT %QX0.1 : BOOL; END_VAR o := TRUE; END_PROGRAM
CONFIGURATION C RESOURCE R ON PLC
  TASK Fast (INTERVAL := T#10ms, PRIORITY := 1);
  TASK Slow (INTERVAL := T#20ms, PRIORITY := 0);
  PROGRAM PA WITH Fast : A;
  PROGRAM PB WITH Slow : B;
END_RESOURCE END_CONFIGURATION";

    sealed class RecordingIO : IProcessIO
    {
        public readonly System.Collections.Generic.List<byte> Outputs = new();
        public int Reads;
        public int OutputAddress;
        public int InputAddress;
        public void ReadInputs(byte[] memory) { Reads++; memory[InputAddress] = 1; }
        public void WriteOutputs(byte[] memory) => Outputs.Add(memory[OutputAddress]);
    }

    [Fact]
    public void Inputs_are_read_once_and_outputs_written_once_per_release_all_together()
    {
        var (image, v) = Compile(TwoTasks);
        var io = new RecordingIO { OutputAddress = image.Outputs.Address, InputAddress = image.Inputs.Address };
        var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Io = io });
        loop.Run(100 * Ms);
        // Releases at 0, 10, ..., 90: ten reads and ten writes, though both tasks are due at 0, 20, 40 ...
        Assert.Equal(10, io.Reads);
        // Both tasks ran before the first write: the outputs change together (never 0x01 or 0x02 alone).
        Assert.Equal(Enumerable.Repeat((byte)0x03, 10), io.Outputs);
        // The input read at the start of the release is what the scan saw.
        Assert.Equal("TRUE", new ValueFormatter(image, loop.Memory).Format(VariablePath.Resolve(image, loop.Memory, "PA.copy", out _)!.Value));
        Assert.Equal(10, loop.Statistics[0].Scans);
        Assert.Equal(5, loop.Statistics[1].Scans);
    }

    [Fact]
    public void Watchdog_stops_a_runaway_scan_and_outputs_go_to_their_safe_state()
    {
        var (image, v) = Compile(@"
PROGRAM Main VAR lamp AT %QX0.0 : BOOL; n : DINT; x : DINT; END_VAR
lamp := TRUE;
n := n + 1;
IF n = 3 THEN
    WHILE TRUE DO x := x + 1; END_WHILE;
END_IF;
END_PROGRAM
CONFIGURATION C RESOURCE R ON PLC
  TASK Main (INTERVAL := T#10ms, WATCHDOG := T#30ms);
  PROGRAM M WITH Main : Main;
END_RESOURCE END_CONFIGURATION");
        var io = new RecordingIO { OutputAddress = image.Outputs.Address, InputAddress = image.Inputs.Address };
        var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Io = io });
        Assert.Equal(30 * Ms, loop.WatchdogOf(0));
        ScanFault? reported = null;
        loop.FaultOccurred = f => reported = f;
        var started = DateTime.UtcNow;
        var result = loop.Run(1000 * Ms);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal(ScanStop.Fault, result.Reason);
        Assert.Same(result.Fault, reported);
        Assert.Equal(FaultCode.Watchdog, result.Fault!.Fault.Code);
        Assert.Equal("Main", result.Fault.TaskName);
        Assert.Equal(20 * Ms, result.Fault.TimeNs);                       // the third scan
        Assert.Equal("p.st(6,5)", Simulator.SourceLocation(image, result.Fault.Fault.Position));
        // Two good scans wrote the lamp on; the fault wrote the safe state (off), in memory and to the outputs.
        Assert.Equal(new byte[] { 1, 1, 0 }, io.Outputs);
        Assert.Equal(0, loop.Memory[image.Outputs.Address]);
    }

    [Fact]
    public void Default_watchdog_is_ten_intervals_and_at_least_100ms()
    {
        Assert.Equal(100 * Ms, ScanLoop.DefaultWatchdog(1 * Ms));
        Assert.Equal(100 * Ms, ScanLoop.DefaultWatchdog(10 * Ms));
        Assert.Equal(500 * Ms, ScanLoop.DefaultWatchdog(50 * Ms));
        Assert.Equal(10_000 * Ms, ScanLoop.DefaultWatchdog(1000 * Ms));
        Assert.Equal(100 * Ms, ScanLoop.DefaultWatchdog(0));            // an event task
        Assert.Equal(long.MaxValue, ScanLoop.DefaultWatchdog(long.MaxValue));
    }

    [Fact]
    public void Task_watchdog_wins_over_the_option_except_in_the_simulator()
    {
        var (image, v) = Compile(@"
PROGRAM P VAR n : INT; END_VAR n := n + 1; END_PROGRAM
CONFIGURATION C RESOURCE R ON PLC
  TASK A (INTERVAL := T#10ms, WATCHDOG := T#2ms);
  TASK B (INTERVAL := T#50ms);
  PROGRAM PA WITH A : P;
  PROGRAM PB WITH B : P;
END_RESOURCE END_CONFIGURATION");
        var run = new ScanLoop(image, v, new VirtualClock());
        Assert.Equal(2 * Ms, run.WatchdogOf(0));
        Assert.Equal(500 * Ms, run.WatchdogOf(1));
        var overridden = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { WatchdogNs = 40 * Ms });
        Assert.Equal(2 * Ms, overridden.WatchdogOf(0));
        Assert.Equal(40 * Ms, overridden.WatchdogOf(1));
        var sim = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { WatchdogNs = 40 * Ms, UseTaskWatchdogs = false });
        Assert.Equal(40 * Ms, sim.WatchdogOf(0));
    }

    const string Faulty = @"
PROGRAM Main
VAR RETAIN count : DINT; END_VAR
VAR life : DINT; x : DINT; lamp AT %QX0.0 : BOOL; END_VAR
count := count + 1;
life := life + 1;
lamp := TRUE;
IF life = 5 THEN x := x / (life - 5); END_IF;
END_PROGRAM";

    [Theory]
    [InlineData(RestartMode.Warm, 20)]
    [InlineData(RestartMode.Cold, 4)]
    public void Restart_after_a_fault_restores_the_last_completed_scan(RestartMode mode, int expectedCount)
    {
        // Every fifth scan of a life faults. Releases at 0..190 ms with no restart delay: lives start at 0, 40, 80,
        // 120 and 160 ms (the faulting release is run again by the new life); each runs 4 good scans, the first four
        // also a faulting fifth. Warm: count keeps the good scans only (the faulting scan's increment is undone):
        // 5 lives x 4 = 20. Cold: count starts again each life: 4.
        var (image, v) = Compile(Faulty);
        string dir = Path.Combine(Path.GetTempPath(), "plc-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var store = new RetainStore(Path.Combine(dir, "p.retain"), RetainLayout.FromImage(image), RetainStore.ImageIdOf(image));
            var io = new RecordingIO { OutputAddress = image.Outputs.Address, InputAddress = image.Inputs.Address };
            var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions
            {
                Io = io, Retain = store, Restart = mode, RestartDelayNs = 0,
            });
            int faults = 0;
            loop.FaultOccurred = f => { faults++; Assert.Equal(FaultCode.DivisionByZero, f.Fault.Code); };
            var result = loop.Run(200 * Ms);
            Assert.Equal(ScanStop.EndReached, result.Reason);
            Assert.Equal(4, result.Restarts);
            Assert.Equal(4, faults);
            Assert.Equal(expectedCount, Int(loop, "Main.count"));
            Assert.Equal(4, Int(loop, "Main.life"));
            // Each fault put the lamp off (safe state) before the restart.
            Assert.Equal(4, io.Outputs.Count(b => b == 0));
        }
        finally { Directory.Delete(dir, true); }
    }

    sealed class StopAfter : IProcessIO
    {
        public ScanLoop? Loop;
        public int Limit;
        int writes;
        public void ReadInputs(byte[] memory) { }
        public void WriteOutputs(byte[] memory) { if (++writes == Limit) Loop!.RequestStop(); }
    }

    [Fact]
    public void A_stop_request_ends_the_loop_after_the_scan_in_progress()
    {
        var (image, v) = Compile(Counter);
        var io = new StopAfter { Limit = 50 };
        var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Io = io });
        io.Loop = loop;
        var result = loop.Run();          // no end: runs until stopped
        Assert.Equal(ScanStop.StopRequested, result.Reason);
        Assert.Equal(50, Int(loop, "Main.n"));
        Assert.Equal(50, result.Scans);
    }

    [Fact]
    public void Safe_outputs_can_name_values_other_than_zero()
    {
        var (image, v) = Compile("PROGRAM Main VAR a AT %QX0.0 : BOOL; b AT %QX0.1 : BOOL; w AT %QW2 : WORD; END_VAR a := TRUE; w := 16#FFFF; END_PROGRAM");
        var safe = new SafeOutputs(image);
        safe.SetBit(image.Outputs.Address, 1, true);                      // b is TRUE in the safe state
        safe.Set(image.Outputs.Address + 2, new byte[] { 0x34, 0x12 });    // w = 16#1234
        var io = new RecordingIO { OutputAddress = image.Outputs.Address, InputAddress = image.Inputs.Address };
        var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Io = io, SafeOutputs = safe });
        loop.Run(30 * Ms);
        Assert.Equal(0x01, loop.Memory[image.Outputs.Address]);
        loop.EnterSafeState();
        Assert.Equal(0x02, loop.Memory[image.Outputs.Address]);
        Assert.Equal(0x1234, BitConverter.ToUInt16(loop.Memory, image.Outputs.Address + 2));
        Assert.Equal(0x02, io.Outputs[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => safe.SetBit(image.Outputs.Address + image.Outputs.Size, 0, true));
    }
}

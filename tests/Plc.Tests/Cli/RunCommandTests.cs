using System;
using System.IO;
using System.Text.RegularExpressions;
using Plc.Cli;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary><c>plc run</c> in process, on the wall clock: its contract (output, exit codes, retain file, faults).</summary>
public sealed class RunCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-run-" + Guid.NewGuid().ToString("N"));

    public RunCommandTests() { Directory.CreateDirectory(dir); }
    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    string Source(string text, string name = "p.st")
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    static (int Exit, string Out, string Err) Run(Action<RunningProgram>? started, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = started == null ? CommandLine.Run(args, o, e) : RunCommand.Run(args[1..], o, e, started);
        return (exit, o.ToString().Replace("\r\n", "\n"), e.ToString().Replace("\r\n", "\n"));
    }

    static (int Exit, string Out, string Err) Run(params string[] args) => Run(null, args);

    static long Printed(string output, string name)
    {
        var m = Regex.Match(output, "^" + Regex.Escape(name) + @" = (-?\d+)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"{name} not printed in:\n{output}");
        return long.Parse(m.Groups[1].Value);
    }

    const string Lamp = @"
PROGRAM Main
VAR RETAIN count : DINT; END_VAR
VAR lamp AT %QX0.0 : BOOL; n : DINT; END_VAR
count := count + 1;
n := n + 1;
lamp := TRUE;
END_PROGRAM";

    [Fact]
    public void Runs_for_the_duration_on_the_wall_clock_and_prints_like_sim()
    {
        // 10 ms default task, 300 ms: releases at 0, 10, ..., 290 ms = 30 scans at most (fewer only on overruns).
        var (exit, output, err) = Run("run", Source(Lamp), "--duration", "T#300ms", "--print", "Main.n,Main.lamp", "--retain", Path.Combine(dir, "x.retain"));
        Assert.True(exit == 0, err);
        Assert.InRange(Printed(output, "Main.n"), 10, 30);   // 20+ on an idle machine
        // --print shows what the last scan computed; the outputs were put in their safe state after it.
        Assert.Contains("Main.lamp = TRUE\n", output);
    }

    [Fact]
    public void After_a_stop_the_outputs_are_in_their_safe_state_and_retain_is_flushed()
    {
        string retain = Path.Combine(dir, "s.retain");
        ScanLoop? loop = null;
        var (exit, output, err) = Run(p => { loop = p.Loop; Thread(() => { System.Threading.Thread.Sleep(150); p.Stop(); }); },
            "run", Source(Lamp), "--print", "Main.count", "--retain", retain);
        Assert.True(exit == 0, err);
        var image = loop!.Interpreter.Image;
        Assert.Equal(0, loop.Memory[image.Outputs.Address]);
        long count = Printed(output, "Main.count");
        Assert.True(count > 0);
        // The next start continues from the flushed value: after 100 ms more, count grew by about 10.
        var (exit2, output2, err2) = Run("run", Source(Lamp), "--duration", "T#100ms", "--print", "Main.count", "--retain", retain);
        Assert.True(exit2 == 0, err2);
        Assert.InRange(Printed(output2, "Main.count"), count + 1, count + 10);
    }

    static void Thread(Action action) => new System.Threading.Thread(() => action()) { IsBackground = true }.Start();

    [Fact]
    public void Default_retain_file_is_beside_the_source_and_cold_start_ignores_it()
    {
        string src = Source(Lamp, "plant.st");
        var first = Run("run", src, "--duration", "T#50ms", "--print", "Main.count");
        Assert.True(first.Exit == 0, first.Err);
        Assert.True(File.Exists(Path.Combine(dir, "plant.retain")));
        long c1 = Printed(first.Out, "Main.count");
        var warm = Run("run", src, "--duration", "T#50ms", "--print", "Main.count");
        Assert.InRange(Printed(warm.Out, "Main.count"), c1 + 1, c1 + 5);
        var cold = Run("run", src, "--duration", "T#50ms", "--print", "Main.count", "--cold");
        Assert.InRange(Printed(cold.Out, "Main.count"), 1, 5);
    }

    [Fact]
    public void A_corrupt_retain_file_is_rejected_with_a_message_and_initial_values_are_used()
    {
        string retain = Path.Combine(dir, "bad.retain");
        File.WriteAllBytes(retain, new byte[] { (byte)'P', (byte)'L', (byte)'C', (byte)'R', 1, 0, 0, 0, 99, 0, 0, 0 });
        var (exit, output, err) = Run("run", Source(Lamp), "--duration", "T#30ms", "--print", "Main.count", "--retain", retain);
        Assert.True(exit == 0, err);
        Assert.Contains("is rejected", err);
        Assert.InRange(Printed(output, "Main.count"), 1, 3);
        Assert.True(File.Exists(retain + ".rejected"));
    }

    const string Faulting = @"
PROGRAM Main
VAR lamp AT %QX0.0 : BOOL; n : DINT; x : DINT; END_VAR
lamp := TRUE;
n := n + 1;
IF n = 4 THEN
    x := 100 / (n - 4);
END_IF;
END_PROGRAM";

    [Fact]
    public void A_fault_logs_its_source_location_drives_outputs_safe_and_exits_3()
    {
        var (exit, output, err) = Run("run", Source(Faulting), "--duration", "T#2s", "--print", "Main.n,Main.lamp");
        Assert.Equal(3, exit);
        Assert.Matches(@"p\.st\(7,\d+\): fault PLCF001: division by zero \(scan at T#", err);
        Assert.Contains("Main.n = 4\n", output);
        Assert.Contains("Main.lamp = FALSE\n", output);
    }

    [Fact]
    public void A_runaway_loop_is_stopped_by_the_watchdog()
    {
        var src = Source(@"
PROGRAM Main
VAR lamp AT %QX0.0 : BOOL; x : DINT; END_VAR
lamp := TRUE;
WHILE x >= 0 DO x := (x + 1) MOD 1000; END_WHILE;
END_PROGRAM
CONFIGURATION C RESOURCE R ON PLC
  TASK T (INTERVAL := T#20ms, WATCHDOG := T#50ms);
  PROGRAM Main WITH T : Main;
END_RESOURCE END_CONFIGURATION");
        var started = DateTime.UtcNow;
        var (exit, output, err) = Run("run", src, "--duration", "T#10s", "--print", "Main.lamp");
        Assert.Equal(3, exit);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "the watchdog fired long before the 10 s duration");
        Assert.Matches(@"p\.st\(5,\d+\): fault PLCF005: scan exceeded its watchdog \(task T, scan at T#", err);
        Assert.Contains("Main.lamp = FALSE\n", output);
    }

    [Fact]
    public void Warm_restart_continues_after_faults()
    {
        var (exit, output, err) = Run("run", Source(Faulting), "--duration", "T#300ms", "--restart", "warm",
            "--restart-delay", "T#0s", "--print", "Main.n", "--stats");
        Assert.True(exit == 0, err);
        Assert.Contains("warm restart", err);
        Assert.Matches(@"restarts after faults: \d+", output);
        Assert.InRange(Printed(output, "Main.n"), 0, 4);
    }

    [Fact]
    public void Stats_report_every_task()
    {
        var src = Source(@"
PROGRAM P VAR n : DINT; END_VAR n := n + 1; END_PROGRAM
CONFIGURATION C RESOURCE R ON PLC
  TASK Fast (INTERVAL := T#5ms, PRIORITY := 0);
  TASK Slow (INTERVAL := T#50ms, PRIORITY := 1);
  PROGRAM A WITH Fast : P;
  PROGRAM B WITH Slow : P;
END_RESOURCE END_CONFIGURATION");
        var (exit, output, err) = Run("run", src, "--duration", "T#200ms", "--stats");
        Assert.True(exit == 0, err);
        Assert.Contains("cycle us min/mean/max/p99", output);
        var fast = Regex.Match(output, @"^Fast\s+T#5ms\s+(\d+)\s+([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+)\s+([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+)\s+(\d+)$", RegexOptions.Multiline);
        Assert.True(fast.Success, output);
        // Releases at 0, 5, ..., 195 ms: 40. A late release runs (a scan and an overrun), a skipped one is only an
        // overrun, so scans <= 40 <= scans + overruns.
        long scans = long.Parse(fast.Groups[1].Value), overruns = long.Parse(fast.Groups[10].Value);
        Assert.True(scans <= 40 && scans + overruns >= 40, output);
        double min = double.Parse(fast.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        double max = double.Parse(fast.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(min <= max);
        Assert.Matches(@"(?m)^Slow\s+T#50ms\s+[1-4]\s", output);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        string src = Source(Lamp);
        Assert.Equal(2, Run("run", src, "--restart", "sometimes").Exit);
        Assert.Equal(2, Run("run", src, "--duration", "forever").Exit);
        Assert.Equal(2, Run("run", src, "--cpu", "x").Exit);
        Assert.Equal(2, Run("run", src, "--print", "Main.nothing", "--duration", "T#0s").Exit);
        Assert.Equal(2, Run("run", src, "--retain", Path.Combine(dir, "no", "such", "dir", "x.retain")).Exit);
        Assert.Equal(2, Run("run", src, "--monitor", "localhost:80x", "--duration", "T#0s").Exit);
        Assert.Equal(2, Run("run", src, "--monitor", "70000", "--duration", "T#0s").Exit);
        Assert.Equal(2, Run("run", src, "--spin", "T#-1ms", "--duration", "T#0s").Exit);
        Assert.Equal(2, Run("run", src, "--rt-priority", "100", "--duration", "T#0s").Exit);
        var io = Run("run", src, "--io", "plant.yaml");
        Assert.Equal(2, io.Exit);
        Assert.Contains("I/O configuration", io.Err);
    }

    [Fact]
    public void Compile_errors_exit_1()
    {
        Assert.Equal(1, Run("run", Source("PROGRAM Main x := 1; END_PROGRAM"), "--duration", "T#10ms").Exit);
    }

    const string Follow = @"
PROGRAM Main
VAR start AT %IX0.0 : BOOL; lamp AT %QX0.0 : BOOL; n : DINT; END_VAR
lamp := start;
n := n + 1;
END_PROGRAM";

    [Fact]
    public void Monitor_forces_an_input_and_an_output_over_tcp_while_it_runs()
    {
        ScanLoop? loop = null;
        var replies = new System.Collections.Generic.List<string>();
        Exception? clientError = null;
        var (exit, output, err) = Run(p =>
        {
            loop = p.Loop;
            Thread(() =>
            {
                try
                {
                    using var tcp = new System.Net.Sockets.TcpClient();
                    tcp.Connect(System.Net.IPAddress.Loopback, p.Monitor!.Port);
                    using var stream = tcp.GetStream();
                    var reader = new StreamReader(stream);
                    var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                    string Ask(string line) { writer.WriteLine(line); return reader.ReadLine()!; }
                    // The program copies the input to the output: force the input, the output follows a scan later.
                    replies.Add(Ask("force Main.start TRUE"));
                    replies.Add(WaitFor(Ask, "read Main.lamp", "Main.lamp = TRUE"));
                    // A forced output wins over what the program assigns.
                    replies.Add(Ask("force Main.lamp FALSE"));
                    replies.Add(WaitFor(Ask, "read Main.lamp", "Main.lamp = FALSE"));
                    replies.Add(Ask("unforce Main.lamp"));
                    replies.Add(WaitFor(Ask, "read Main.lamp", "Main.lamp = TRUE"));
                    // A write is applied once, between scans; then the program goes on from it.
                    replies.Add(Ask("write Main.n -1000000"));
                    replies.Add(WaitFor(Ask, "read Main.n", r => Regex.IsMatch(r, @"^Main\.n = -9\d{5}$")));
                }
                catch (Exception e) { clientError = e; }
                finally { p.Stop(); }
            });
        }, "run", Source(Follow), "--monitor", "0", "--cycle-time", "T#1ms", "--print", "Main.lamp,Main.n");
        Assert.Null(clientError);
        Assert.True(exit == 0, err);
        Assert.Matches(@"^plc: monitoring on 127\.0\.0\.1:\d+\n", err);
        Assert.Equal(new[] { "ok", "Main.lamp = TRUE", "ok", "Main.lamp = FALSE", "ok", "Main.lamp = TRUE", "ok", "Main.n = -9xxxxx" },
            replies);
        // The last scan saw the forced input, so it printed TRUE; then the stop put the output in its safe state.
        Assert.Contains("Main.lamp = TRUE\n", output);
        // The program went on counting from the written value (a few hundred scans at most before the stop).
        Assert.InRange(Printed(output, "Main.n"), -999_999, -900_000);
        Assert.Equal(0, loop!.Memory[loop.Interpreter.Image.Outputs.Address]);
    }

    /// <summary>Asks again until the answer is <paramref name="expected"/>, for at most 10 s; returns the last answer.</summary>
    static string WaitFor(Func<string, string> ask, string request, string expected) =>
        WaitFor(ask, request, r => r == expected);

    /// <summary>Asks again until the answer passes <paramref name="good"/> (then returns the pattern's stand-in
    /// "Main.n = -9xxxxx"), for at most 10 s.</summary>
    static string WaitFor(Func<string, string> ask, string request, Func<string, bool> good)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string reply = ask(request);
            if (good(reply)) return reply.StartsWith("Main.n", StringComparison.Ordinal) ? "Main.n = -9xxxxx" : reply;
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) return reply;
            System.Threading.Thread.Sleep(2);
        }
    }
}

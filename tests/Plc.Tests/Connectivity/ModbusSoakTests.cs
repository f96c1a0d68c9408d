using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using Plc.Compiler;
using Plc.Connectivity.Modbus;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Connectivity;

/// <summary>
/// Modbus traffic never holds up the scan: in process, a 1 ms wall-clock scan loop allocates nothing per scan while
/// clients hammer the server; and the soak: <c>plc run --stats</c> with a 1 ms or 10 ms task for a bounded time while several
/// clients use every function code and check what the program computed. The soak lasts 10 s with a 10 ms task in the
/// normal test run; <c>PLC_MODBUS_SOAK_SECONDS=120 PLC_MODBUS_SOAK_PERIOD_MS=1</c> make it the long one of
/// docs/performance.md ("Modbus soak"), and <c>PLC_MODBUS_SOAK_REPORT=FILE</c> appends its figures to FILE.
/// </summary>
[Collection(ModbusLoadCollection.Name)]
public class ModbusSoakTests
{
    readonly ITestOutputHelper log;
    public ModbusSoakTests(ITestOutputHelper log) { this.log = log; }

    static (Image, VerificationResult) Compile(string source)
    {
        var result = Compilation.Compile(new[] { new SourceText("load.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        Assert.True(v.Ok, v.Error);
        return (result.Image!, v);
    }

    static long Allocated(ScanLoop loop, long? durationNs) => Plc.Tests.Hosting.ScanAllocation.During(loop, durationNs);

    [Fact]
    public void Clients_hammering_the_server_cost_the_scan_thread_no_allocation()
    {
        var (image, v) = Compile(ModbusLoadClient.Program);
        var bridge = new ModbusBridge(image);
        var loop = new ScanLoop(image, v, new WallClock(), new ScanLoopOptions { Monitor = bridge, DefaultTaskIntervalNs = 1_000_000 });
        using var server = new ModbusServer(bridge, new ModbusServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.Start();
        JitWarmup.PrepareRuntime();
        long scansBefore = 0;
        var clients = Enumerable.Range(0, 4).Select(i => new ModbusLoadClient(server.LocalEndpoint, i)).ToList();
        // The clients run only while the loop runs (their writes wait for scans): one run with them, warm-up first.
        // The run lasts until the clients have had 2000 answers (at least 1.2 s, at most 20 s: on a loaded machine the
        // clients' threads may get little time at first), then 200 ms more so their last writes are taken.
        var runner = new Thread(() =>
        {
            Thread.Sleep(100);
            foreach (var c in clients) c.Start();
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (started.ElapsedMilliseconds < 20_000
                && (started.ElapsedMilliseconds < 1200 || clients.Sum(c => Interlocked.Read(ref c.Requests)) < 2000))
                Thread.Sleep(50);
            foreach (var c in clients) c.Stop();
            Thread.Sleep(200);
            loop.RequestStop();
        }) { IsBackground = true };
        Allocated(loop, 300_000_000);
        scansBefore = loop.Statistics[0].Scans;
        long few = Allocated(loop, 5_000_000);
        runner.Start();
        long many = Allocated(loop, null);                    // 1 ms scans until the runner stops the loop
        runner.Join();
        long requests = clients.Sum(c => Interlocked.Read(ref c.Requests));
        log.WriteLine($"scans {loop.Statistics[0].Scans - scansBefore}, requests {requests}, overruns {loop.Statistics[0].Overruns}");
        Assert.All(clients, c => Assert.True(c.Failure == null, c.Failure));
        Assert.True(requests > 200, $"only {requests} requests were answered");
        Assert.True(loop.Statistics[0].Scans - scansBefore > 1000);
        // Nothing per scan: one allocation per scan would add tens of kilobytes over 1500 scans (see
        // ScanLoopAllocationTests for the 128-byte allowance on the wall clock).
        Assert.InRange(many - few, -128, 128);
    }

    static readonly Regex StatsLine = new(@"^\(default\)\s+T#\d+ms\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s*$", RegexOptions.Multiline);

    [Fact]
    public void Soak_plc_run_with_several_clients_keeps_its_period()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("PLC_MODBUS_SOAK_SECONDS"), out int s) && s > 1 ? s : 10;
        int periodMs = int.TryParse(Environment.GetEnvironmentVariable("PLC_MODBUS_SOAK_PERIOD_MS"), out int p) && p > 0 ? p : 10;
        long releases = seconds * 1000L / periodMs;
        string[] options = { "--modbus", "127.0.0.1:0", "--cycle-time", $"T#{periodMs}ms", "--duration", $"{seconds}s", "--stats" };
        // Two identical runs at the same time: one serves the clients, the other (the control) serves nobody. Both
        // see the same machine (other tests, other users of this shared VM, the clients' own CPU use), so what the
        // traffic costs the scan is the difference between them.
        using var control = new PlcRunner(ModbusLoadClient.Program, options);
        using var plc = new PlcRunner(ModbusLoadClient.Program, options);
        // plc's loop starts after it printed its address, so its run ends at least `seconds` from now.
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        var clients = Enumerable.Range(0, 4).Select(i => new ModbusLoadClient(plc.Endpoint, i)).ToList();
        foreach (var c in clients) c.Start();
        // And clients that connect, read once and leave, over and over, beside one that connects and stays idle.
        using var idle = new RawModbusClient(plc.Endpoint);
        long churn = 0;
        bool stopChurn = false;
        var churner = new Thread(() =>
        {
            while (!Volatile.Read(ref stopChurn))
            {
                try
                {
                    using var c = new RawModbusClient(plc.Endpoint, 5000);
                    c.Request(new byte[] { 3, 0x04, 0x00, 0, 1 });   // %MW0: the scan counter
                    Interlocked.Increment(ref churn);
                }
                catch (Exception) when (Volatile.Read(ref stopChurn)) { }
                catch (System.Net.Sockets.SocketException) { }   // the run ended
                Thread.Sleep(10);
            }
        }) { IsBackground = true };
        churner.Start();
        // The clients stop a second before the run ends (after it, the server is gone and that is no failure).
        var left = TimeSpan.FromSeconds(seconds - 1) - sinceStart.Elapsed;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
        foreach (var c in clients) c.Stop();
        Volatile.Write(ref stopChurn, true);
        churner.Join();
        var (exit, output, error) = plc.Wait(TimeSpan.FromSeconds(60));
        var (controlExit, controlOutput, controlError) = control.Wait(TimeSpan.FromSeconds(60));
        long requests = clients.Sum(c => Interlocked.Read(ref c.Requests));
        Assert.True(exit == 0, error);
        Assert.True(controlExit == 0, controlError);

        // (default)        T#1ms           9990   0.0/1.2/40.1/3.0                   0.1/4.2/1873.1/12.6                      3
        var m = StatsLine.Match(output);
        var mc = StatsLine.Match(controlOutput);
        Assert.True(m.Success, output);
        Assert.True(mc.Success, controlOutput);
        long scans = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        long overruns = long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
        long controlOverruns = long.Parse(mc.Groups[4].Value, CultureInfo.InvariantCulture);
        string report = $"Modbus soak {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {seconds} s, {periodMs} ms task, {clients.Count} clients + churn + idle: " +
            $"scans {scans}, cycle us min/mean/max/p99 {m.Groups[2].Value}, jitter us min/mean/max/p99 {m.Groups[3].Value}, " +
            $"overruns {overruns}, requests {requests} ({requests / (seconds - 1)}/s), short connections {churn}; " +
            $"control without clients: scans {mc.Groups[1].Value}, cycle {mc.Groups[2].Value}, jitter {mc.Groups[3].Value}, overruns {controlOverruns}; " +
            $"load average {File.ReadAllText("/proc/loadavg").Trim()}";
        log.WriteLine(report);
        if (Environment.GetEnvironmentVariable("PLC_MODBUS_SOAK_REPORT") is { Length: > 0 } file) File.AppendAllText(file, report + "\n");

        Assert.All(clients, c => Assert.True(c.Failure == null, c.Failure));
        Assert.True(requests > 100 * (seconds - 1), $"only {requests} requests in {seconds} s");
        Assert.True(churn > seconds - 1, $"only {churn} short connections");
        // One scan a period; a release missed while a scan ran late counts as an overrun instead.
        Assert.InRange(scans, releases - overruns - 5 - releases / 100, releases + 5);
        // The period is kept about as well as the control keeps it: Modbus traffic adds at most 5 % of the releases
        // as overruns (on an idle machine both have none; under the load of a shared VM both have some, in bursts
        // when the VM's CPUs are taken away, which do not hit both runs alike).
        Assert.True(overruns <= 2 * controlOverruns + releases / 20,
            $"{overruns} overruns in {scans} scans with traffic, {controlOverruns} without");
        Assert.Contains("plc: modbus on 127.0.0.1:", error);
    }
}

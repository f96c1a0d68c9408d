using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Plc.Tests.Mqtt;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Connectivity;

/// <summary>
/// The combined soak of issue 8 (docs/performance.md, "Modbus and MQTT together"): one real
/// <c>plc run --modbus ... --mqtt ... --stats</c> process while, at the same time, four <see cref="ModbusLoadClient"/>s
/// go through every function code and check what the program computed, the program publishes seven variables that
/// change every scan at QoS 1 to a mosquitto of the test's own (a mosquitto_sub counts them), a mosquitto_pub writes
/// an allowed variable (<c>Main.setpoint</c>) 50 times a second, and a Modbus client watches that setpoint, which the
/// program copies to holding register 1025 (%MW1) with its count of applied writes in 1026 (%MW2): MQTT in, Modbus
/// out. The same program runs without Modbus and MQTT as the baseline, so the machine's own noise can be told from
/// what the traffic costs.
/// <para>In the suite: 12 s with a 10 ms task, the baseline running beside it at the same time (as the Modbus soak's
/// control: both see the same machine). <c>tools/connectivity-soak.sh</c> runs the long one: PLC_CONNECTIVITY_SOAK_SECONDS
/// (seconds), PLC_CONNECTIVITY_SOAK_PERIOD_MS (the task's period), PLC_CONNECTIVITY_SOAK_ARGS (more plc run options for
/// both runs, e.g. <c>--rt-priority 50</c>), PLC_CONNECTIVITY_SOAK_BASELINE=before (the baseline runs before the soak
/// instead of beside it, so it does not share the CPUs with the traffic), PLC_CONNECTIVITY_SOAK_REPORT=FILE.</para>
/// </summary>
[Collection(ModbusLoadCollection.Name)]
public sealed class ConnectivitySoakTests : IDisposable
{
    readonly ITestOutputHelper log;
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-connectivity-soak-" + Guid.NewGuid().ToString("N"));

    public ConnectivitySoakTests(ITestOutputHelper log)
    {
        this.log = log;
        Directory.CreateDirectory(dir);
    }

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    /// <summary>ModbusLoadClient's program plus the MQTT variables: seven published ones change every scan; the setpoint
    /// is writable over MQTT and shows in Modbus holding registers 1025 (its low word) and 1026 (writes applied).</summary>
    const string Program = "PROGRAM Main\nVAR" + ModbusLoadClient.Declarations + @"
    {attribute 'mqtt'} n : DINT;
    {attribute 'mqtt'} level : REAL;
    {attribute 'mqtt'} toggle : BOOL;
    {attribute 'mqtt'} phase : INT;
    {attribute 'mqtt'} elapsed : TIME;
    {attribute 'mqtt'} text : STRING(16);
    {attribute 'mqtt'} total : LREAL;
    {attribute 'mqtt_write'} setpoint : DINT;
    {attribute 'mqtt'} echo : DINT;
    lastSetpoint : DINT;
    applied : DINT;
    setpointWord AT %MW1 : WORD;   (* holding register 1025 *)
    appliedWord AT %MW2 : WORD;    (* holding register 1026 *)
END_VAR" + ModbusLoadClient.Body + @"
n := n + 1;
level := DINT_TO_REAL(n MOD 1000) * 0.1;
toggle := NOT toggle;
phase := DINT_TO_INT(n MOD 360);
elapsed := elapsed + T#1ms;
text := DINT_TO_STRING(n);
total := total + DINT_TO_LREAL(setpoint);
echo := setpoint;
IF setpoint <> lastSetpoint THEN applied := applied + 1; lastSetpoint := setpoint; END_IF;
setpointWord := DINT_TO_WORD(setpoint);
appliedWord := DINT_TO_WORD(applied);
END_PROGRAM";

    /// <summary>The published variables that change every scan (n, level, toggle, phase, elapsed, text, and total
    /// once the first write arrived; not counted: total before it, echo).</summary>
    const int ChangingEveryScan = 6;

    static readonly Regex StatsLine = new(@"^\(default\)\s+T#\d+ms\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s*$", RegexOptions.Multiline);

    static int Setting(string name, int fallback, int min) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v >= min ? v : fallback;

    static string[] ExtraArguments =>
        (Environment.GetEnvironmentVariable("PLC_CONNECTIVITY_SOAK_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>plc run FILE ARGS</c> as a process, to its end: exit code, stdout, stderr.</summary>
    static Task<(int Exit, string Out, string Err)> RunPlc(string file, string[] args) => Task.Run(() =>
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "plc.dll"), "run", file }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(600_000)) { p.Kill(); return (-1, stdout, "killed: did not end\n" + err.Result); }
        p.WaitForExit();
        return (p.ExitCode, stdout, err.Result);
    });

    static string Figures(Match m) =>
        $"scans {m.Groups[1].Value}, overruns {m.Groups[4].Value}, cycle us min/mean/max/p99 {m.Groups[2].Value}, " +
        $"jitter us min/mean/max/p99 {m.Groups[3].Value}";

    [MosquittoFact]
    public void Soak_modbus_clients_and_mqtt_traffic_while_the_scan_keeps_its_period()
    {
        int seconds = Setting("PLC_CONNECTIVITY_SOAK_SECONDS", 12, 8);
        int periodMs = Setting("PLC_CONNECTIVITY_SOAK_PERIOD_MS", 10, 1);
        bool baselineBefore = Environment.GetEnvironmentVariable("PLC_CONNECTIVITY_SOAK_BASELINE") == "before";
        const int intervalMs = 10;
        long releases = seconds * 1000L / periodMs;
        string src = Path.Combine(dir, "soak.st");
        File.WriteAllText(src, Program);
        string[] common = new[] { "--cycle-time", $"T#{periodMs}ms", "--duration", $"{seconds}s", "--stats", "--print", "Main.setpoint,Main.applied" }
            .Concat(ExtraArguments).ToArray();
        string loadBefore = File.ReadAllText("/proc/loadavg").Trim();

        // The baseline: the same program, the same time, no Modbus, no MQTT.
        var baseline = RunPlc(src, common);
        if (baselineBefore) baseline.Wait();

        using var broker = new Mosquitto();
        const string prefix = "soak";
        using var sub = broker.Subscribe(prefix + "/#");
        using var plc = new PlcRunner(Program, new[]
        {
            "--modbus", "127.0.0.1:0", "--mqtt", broker.Url, "--mqtt-topic", prefix, "--mqtt-interval", $"T#{intervalMs}ms",
            "--mqtt-qos", "1",
        }.Concat(common).ToArray());
        // The loop started before plc printed its Modbus address: the run ends at least `seconds` from now.
        var sinceStart = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, 4).Select(i => new ModbusLoadClient(plc.Endpoint, i)).ToList();
        foreach (var c in clients) c.Start();

        // A Modbus client watching what the MQTT writes did: the setpoint (register 1025) and the count of applied
        // writes (1026) never go back (the writes are increasing numbers, applied in order).
        int watched = 0, watchedSetpoint = 0;
        string? watchFailure = null;
        bool stopWatching = false;
        var watcher = new Thread(() =>
        {
            try
            {
                using var c = new RawModbusClient(plc.Endpoint, 10000);
                int lastSetpoint = 0, lastApplied = 0;
                while (!Volatile.Read(ref stopWatching))
                {
                    var r = c.Request(new byte[] { 3, 0x04, 0x01, 0, 2 }, 9);   // FC3, registers 1025 and 1026
                    int setpoint = (r[2] << 8) | r[3], applied = (r[4] << 8) | r[5];
                    if (setpoint < lastSetpoint || applied < lastApplied)
                        watchFailure ??= $"the setpoint went back from {lastSetpoint} to {setpoint}, or the applied writes from {lastApplied} to {applied}";
                    lastSetpoint = setpoint;
                    lastApplied = applied;
                    Volatile.Write(ref watchedSetpoint, setpoint);
                    Interlocked.Increment(ref watched);
                    Thread.Sleep(10);
                }
            }
            catch (Exception e) { watchFailure ??= $"{e.GetType().Name}: {e.Message}"; }
        }) { IsBackground = true, Name = "modbus setpoint watcher" };
        watcher.Start();

        // The writes: one mosquitto_pub reading lines, one every 20 ms (50 a second), until 2 s before the end, once
        // plc is connected (status online; writes sent before it subscribed would be lost).
        sub.WaitFor(prefix + "/status", p => p == "online", TimeSpan.FromSeconds(30), "online");
        var writerInfo = new ProcessStartInfo(Mosquitto.Require("mosquitto_pub")) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", prefix + "/Main.setpoint/set", "-l" })
            writerInfo.ArgumentList.Add(a);
        int written = 0, last = 0;
        var writing = Stopwatch.StartNew();
        using (var writer = Process.Start(writerInfo)!)
        {
            var next = TimeSpan.Zero;
            while (sinceStart.Elapsed < TimeSpan.FromSeconds(seconds - 2))
            {
                last = 1000 + written;
                writer.StandardInput.WriteLine(last.ToString(CultureInfo.InvariantCulture));
                writer.StandardInput.Flush();
                written++;
                next += TimeSpan.FromMilliseconds(20);
                var wait = next - writing.Elapsed;
                if (wait > TimeSpan.Zero) Thread.Sleep(wait);
            }
            writer.StandardInput.Close();
            Assert.True(writer.WaitForExit(10_000), "mosquitto_pub did not end");
        }
        double writeSeconds = writing.Elapsed.TotalSeconds;
        // The last write reaches the program and shows in Modbus register 1025 within a moment (waited for up to 0.8 s).
        var settle = Stopwatch.StartNew();
        while (Volatile.Read(ref watchedSetpoint) != last && settle.ElapsedMilliseconds < 800) Thread.Sleep(10);
        int seenByModbus = Volatile.Read(ref watchedSetpoint);
        Volatile.Write(ref stopWatching, true);
        watcher.Join();

        // The clients stop a second before the run ends (after it, the server is gone and that is no failure).
        var left = TimeSpan.FromSeconds(seconds - 1) - sinceStart.Elapsed;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
        foreach (var c in clients) c.Stop();
        var (exit, stdout, stderr) = plc.Wait(TimeSpan.FromSeconds(120));
        Assert.True(baseline.Wait(TimeSpan.FromSeconds(120)), "the baseline run did not end");
        var (baseExit, baseOut, baseErr) = baseline.Result;
        string loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        Assert.True(baseExit == 0, $"the baseline run failed: exit {baseExit}\n{baseErr}");

        var m = StatsLine.Match(stdout);
        var mb = StatsLine.Match(baseOut);
        Assert.True(m.Success, "no statistics line:\n" + stdout);
        Assert.True(mb.Success, "no statistics line in the baseline:\n" + baseOut);
        long scans = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        long overruns = long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
        long baseOverruns = long.Parse(mb.Groups[4].Value, CultureInfo.InvariantCulture);
        long requests = clients.Sum(c => Interlocked.Read(ref c.Requests));
        var messages = sub.Messages;
        int values = messages.Count(x => x.Topic != prefix + "/status");
        int echoes = messages.Count(x => x.Topic == prefix + "/Main.echo");
        var appliedMatch = Regex.Match(stdout, @"^Main\.applied = (\d+)", RegexOptions.Multiline);
        long applied = appliedMatch.Success ? long.Parse(appliedMatch.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

        string report =
            $"Modbus and MQTT soak {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {seconds} s, {periodMs} ms task, {Environment.ProcessorCount} CPUs, " +
            $"plc run options: {(ExtraArguments.Length > 0 ? string.Join(" ", ExtraArguments) : "(default)")}\n" +
            $"with traffic: {Figures(m)} (of {releases} releases)\n" +
            $"baseline without Modbus and MQTT ({(baselineBefore ? "just before" : "at the same time")}): {Figures(mb)}\n" +
            $"Modbus: {clients.Count} clients, {requests} requests answered and checked ({requests / (seconds - 1.0):0}/s), " +
            $"{watched} reads of the setpoint register\n" +
            $"MQTT: {values} messages received at QoS 1 ({values / (double)seconds:0}/s), {echoes} of them Main.echo; " +
            $"{written} writes sent ({written / writeSeconds:0.0}/s), {applied} applied (setpoint changes the program counted), " +
            $"last {last}, Modbus register 1025 showed {seenByModbus}\n" +
            $"load average (1/5/15 min) before {loadBefore}, after {loadAfter}\n" +
            "--- plc run with traffic:\n" + stdout + "--- baseline:\n" + baseOut;
        log.WriteLine(report);
        if (Environment.GetEnvironmentVariable("PLC_CONNECTIVITY_SOAK_REPORT") is { Length: > 0 } file) File.WriteAllText(file, report);

        // Modbus: no wrong value, no exception, no dropped connection; enough answers.
        Assert.All(clients, c => Assert.True(c.Failure == null, c.Failure));
        Assert.True(requests > 100 * (seconds - 1), $"only {requests} Modbus requests in {seconds} s\n{report}");
        // MQTT writes reached the program, in order, and showed in Modbus.
        Assert.True(watchFailure == null, watchFailure);
        Assert.True(written >= (seconds - 4) * 40, $"only {written} writes sent\n{report}");
        Assert.Contains($"Main.setpoint = {last}\n", stdout.Replace("\r\n", "\n"));
        Assert.Equal(last, seenByModbus);
        // Two writes taken before the same scan count as one change: most, not all, are counted.
        Assert.True(applied >= written / 2 && applied <= written, $"{applied} of {written} writes applied\n{report}");
        Assert.True(echoes >= 2, "the writes were not seen in the published echo");
        Assert.DoesNotContain("write to", stderr);
        // MQTT messages: six variables change every scan and are checked every interval (one message each per check
        // that sees a new scan); at least half of that over the run, minus its first 2 s (connecting).
        long expected = ChangingEveryScan * (seconds - 2) * 1000L / Math.Max(intervalMs, periodMs);
        Assert.True(values >= expected / 2, $"only {values} MQTT messages, expected about {expected}\n{report}");
        // One scan a period; a release missed while a scan ran late counts as an overrun instead.
        Assert.InRange(scans, releases - overruns - 5 - releases / 100, releases + 5);
        // The period is kept about as well as without traffic: at most 5 % of the releases more overruns than twice
        // the baseline's (as the Modbus soak bounds it: under a shared VM's load both have some, in bursts).
        Assert.True(overruns <= 2 * baseOverruns + releases / 20,
            $"{overruns} overruns in {scans} scans with traffic, {baseOverruns} without\n{report}");
    }
}

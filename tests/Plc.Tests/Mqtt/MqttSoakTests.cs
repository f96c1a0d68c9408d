using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Mqtt;

/// <summary>
/// The MQTT soak (docs/performance.md, "MQTT soak"): a real <c>plc run</c> process with a 1 ms task whose eight
/// published variables change every scan, publishing every 10 ms with QoS 1 to a mosquitto that a mosquitto_sub reads,
/// while mosquitto_pub writes a setpoint 50 times a second. The run is bounded (15 s in the suite;
/// PLC_MQTT_SOAK_SECONDS sets it, tools/mqtt-soak.sh runs 60 s) and reports scans, overruns and jitter from
/// <c>--stats</c>; it fails when the scan loop fell behind (fewer than 90 % of the releases scanned), when the writes
/// did not arrive (the last one written must be the setpoint at the end), or when less than half of the expected
/// messages came through.
/// </summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttSoakTests : IDisposable
{
    readonly ITestOutputHelper output;
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-mqtt-soak-" + Guid.NewGuid().ToString("N"));

    public MqttSoakTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(dir);
    }

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    const string Program = @"
PROGRAM Main
VAR
  {attribute 'mqtt'} n : DINT;
  {attribute 'mqtt'} level : REAL;
  {attribute 'mqtt'} toggle : BOOL;
  {attribute 'mqtt'} phase : INT;
  {attribute 'mqtt'} elapsed : TIME;
  {attribute 'mqtt'} text : STRING(16);
  {attribute 'mqtt'} total : LREAL;
  {attribute 'mqtt_write'} setpoint : DINT;
  {attribute 'mqtt'} echo : DINT;
END_VAR
n := n + 1;
level := DINT_TO_REAL(n MOD 1000) * 0.1;
toggle := NOT toggle;
phase := DINT_TO_INT(n MOD 360);
elapsed := elapsed + T#1ms;
text := DINT_TO_STRING(n);
total := total + DINT_TO_LREAL(setpoint);
echo := setpoint;
END_PROGRAM";

    /// <summary>More options for plc run from PLC_MQTT_SOAK_ARGS (e.g. <c>--rt-priority 50</c>), for both runs.</summary>
    static string[] ExtraArguments =>
        (Environment.GetEnvironmentVariable("PLC_MQTT_SOAK_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>--stats of the program run without MQTT.</summary>
    static string Baseline(string src, int seconds)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "plc.dll"), "run", src, "--cycle-time", "T#1ms", "--duration", $"T#{seconds}s", "--stats" }
                     .Concat(ExtraArguments))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "the baseline run failed: " + err.Result);
        return stdout;
    }

    [MosquittoFact]
    public void Soak_publishing_and_writing_while_a_1ms_task_keeps_its_period()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("PLC_MQTT_SOAK_SECONDS"), out int s) && s > 0 ? s : 15;
        string src = Path.Combine(dir, "soak.st");
        File.WriteAllText(src, Program);
        // For docs/performance.md: the same run without MQTT first, to tell the machine's own jitter from MQTT's.
        string baseline = Environment.GetEnvironmentVariable("PLC_MQTT_SOAK_BASELINE") == "1" ? Baseline(src, seconds) : "";
        using var broker = new Mosquitto();
        const string prefix = "soak";
        using var sub = broker.Subscribe(prefix + "/#");

        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "plc.dll"), "run", src, "--mqtt", broker.Url, "--mqtt-topic", prefix,
                     "--mqtt-interval", "T#10ms", "--mqtt-qos", "1", "--cycle-time", "T#1ms", "--duration", $"T#{seconds}s",
                     "--stats", "--print", "Main.setpoint,Main.n",
                 }.Concat(ExtraArguments))
            psi.ArgumentList.Add(a);
        using var plc = Process.Start(psi)!;
        var stdoutTask = plc.StandardOutput.ReadToEndAsync();
        var stderrTask = plc.StandardError.ReadToEndAsync();
        try
        {
            // Writes: one mosquitto_pub reading lines, 50 a second, until the run is about to end.
            sub.WaitFor(prefix + "/status", p => p == "online", TimeSpan.FromSeconds(60), "online");
            var writerInfo = new ProcessStartInfo(Mosquitto.Require("mosquitto_pub")) { RedirectStandardInput = true, UseShellExecute = false };
            foreach (var a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-q", "1", "-t", prefix + "/Main.setpoint/set", "-l" })
                writerInfo.ArgumentList.Add(a);
            int written = 0, last = 0;
            var clock = Stopwatch.StartNew();
            using (var writer = Process.Start(writerInfo)!)
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(seconds - 2) && !plc.HasExited)
                {
                    last = 1000 + written;
                    writer.StandardInput.WriteLine(last.ToString(CultureInfo.InvariantCulture));
                    writer.StandardInput.Flush();
                    written++;
                    Thread.Sleep(20);
                }
                writer.StandardInput.Close();
                Assert.True(writer.WaitForExit(10_000), "mosquitto_pub did not end");
            }
            Assert.True(plc.WaitForExit((seconds + 60) * 1000), "plc run did not end");
            string stdout = stdoutTask.Result, stderr = stderrTask.Result;
            Assert.True(plc.ExitCode == 0, $"exit {plc.ExitCode}\n{stderr}");

            // (default)  1ms  scans  cycle min/mean/max/p99  jitter min/mean/max/p99  overruns
            var m = Regex.Match(stdout, @"^\(default\)\s+T#1ms\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s*$", RegexOptions.Multiline);
            Assert.True(m.Success, "no statistics line:\n" + stdout);
            long scans = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            long overruns = long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
            var messages = sub.Messages;
            int values = messages.Count(x => x.Topic != prefix + "/status");
            int echoes = messages.Count(x => x.Topic == prefix + "/Main.echo");
            string report =
                $"MQTT soak {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {seconds} s, {Environment.ProcessorCount} CPUs, plc run options: " +
                $"{(ExtraArguments.Length > 0 ? string.Join(" ", ExtraArguments) : "(default)")}: 1 ms task, 9 variables published " +
                $"every 10 ms at QoS 1, {written} writes at 50/s\n" +
                $"scans {scans} of {seconds * 1000} releases, overruns {overruns}, cycle us min/mean/max/p99 {m.Groups[2].Value}, " +
                $"jitter us min/mean/max/p99 {m.Groups[3].Value}\n" +
                $"messages received {values} ({values / (double)seconds:0} a second), echo messages {echoes}\n" + stdout +
                (baseline.Length > 0 ? $"without MQTT, the same program and duration just before:\n{baseline}" : "");
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("PLC_MQTT_SOAK_REPORT") is { Length: > 0 } file) File.WriteAllText(file, report);

            Assert.True(scans >= seconds * 900L, $"the scan loop fell behind: {scans} scans in {seconds} s\n{report}");
            Assert.Contains($"Main.setpoint = {last}\n", stdout.Replace("\r\n", "\n"));
            Assert.True(written >= (seconds - 3) * 40, $"only {written} writes sent");
            // Eight variables change every scan, checked every 10 ms: about 800 messages a second are expected.
            Assert.True(values >= seconds * 400, $"only {values} messages in {seconds} s\n{report}");
            Assert.True(echoes >= 2, "the writes were not seen in the published echo");
            Assert.DoesNotContain("write to", stderr);
        }
        finally
        {
            if (!plc.HasExited) plc.Kill();
        }
    }
}

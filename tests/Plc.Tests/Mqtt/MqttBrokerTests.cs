using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>
/// <c>plc run --mqtt</c> against a real mosquitto started by the test on 127.0.0.1, with mosquitto_sub and
/// mosquitto_pub as the other clients: values published on change as JSON, the retained status, writes through
/// <c>PREFIX/NAME/set</c> (and the allow-list), authentication, and reconnecting after the broker restarts.
/// </summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttBrokerTests : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-mqtt-test-" + Guid.NewGuid().ToString("N"));
    readonly string prefix = "test/" + Guid.NewGuid().ToString("N")[..8];

    public MqttBrokerTests() => Directory.CreateDirectory(dir);

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    string Source(string text)
    {
        string path = Path.Combine(dir, "main.st");
        File.WriteAllText(path, text);
        return path;
    }

    static JsonElement Json(string payload) => JsonDocument.Parse(payload).RootElement;

    static double Number(string payload) => Json(payload).GetProperty("value").GetDouble();

    // level, running, state and wait change once, at the 100th scan (500 ms after the start); n changes every scan
    // but is not marked, so it is never published.
    const string Tank = @"
PROGRAM Main
VAR
  n : DINT;
  {attribute 'mqtt'}
  level : REAL;
  {attribute 'mqtt'}
  running : BOOL;
  {attribute 'mqtt'}
  state : STRING(20) := 'idle';
  {attribute 'mqtt'}
  wait : TIME;
END_VAR
n := n + 1;
IF n = 100 THEN
  level := 12.5;
  running := TRUE;
  state := 'filling $'A$'';
  wait := T#1s500ms;
END_IF;
END_PROGRAM";

    [MosquittoFact]
    public void Publishes_the_marked_variables_on_change_as_json_with_a_retained_online_then_offline_status()
    {
        using var broker = new Mosquitto();
        using var sub = broker.Subscribe(prefix + "/#");
        using var plc = new PlcRun("run", Source(Tank), "--mqtt", broker.Url, "--mqtt-topic", prefix, "--cycle-time", "T#5ms",
            "--mqtt-interval", "T#20ms", "--no-tuning");
        var level = sub.WaitFor(prefix + "/Main.level", p => Number(p) == 12.5, Timeout, "with level 12.5");
        var before = DateTime.UtcNow;

        // The JSON of each value, as docs/mqtt.md says: numbers, true/false, the text of a STRING, a TIME as its literal.
        var json = Json(level.Payload);
        Assert.Equal(new[] { "value", "type", "time" }, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, json.GetProperty("value").ValueKind);
        Assert.Equal("REAL", json.GetProperty("type").GetString());
        string time = json.GetProperty("time").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", time);
        Assert.InRange(DateTime.Parse(time, null, System.Globalization.DateTimeStyles.RoundtripKind), before.AddSeconds(-10), before.AddSeconds(1));
        Assert.StartsWith("{\"value\":12.5,\"type\":\"REAL\",\"time\":\"", level.Payload);
        var running = sub.WaitFor(prefix + "/Main.running", p => Json(p).GetProperty("value").ValueKind == JsonValueKind.True, Timeout, "running true");
        Assert.Equal("BOOL", Json(running.Payload).GetProperty("type").GetString());
        var state = sub.WaitFor(prefix + "/Main.state", p => Json(p).GetProperty("value").GetString() != "idle", Timeout, "state changed");
        Assert.Equal("filling 'A'", Json(state.Payload).GetProperty("value").GetString());
        Assert.Equal("STRING(20)", Json(state.Payload).GetProperty("type").GetString());
        var wait = sub.WaitFor(prefix + "/Main.wait", p => Json(p).GetProperty("value").GetString() != "T#0ms", Timeout, "wait changed");
        Assert.Equal("T#1s500ms", Json(wait.Payload).GetProperty("value").GetString());
        Assert.Equal("TIME", Json(wait.Payload).GetProperty("type").GetString());

        // Retained while it runs: a new subscriber gets "online".
        Assert.Equal(prefix + "/status online", broker.Retained(prefix + "/status", "-v"));
        Thread.Sleep(500);                                   // 25 more checks of an unchanged level: no message
        Assert.Equal(0, plc.Stop());

        sub.WaitFor(prefix + "/status", p => p == "offline", Timeout, "offline after the stop");
        Assert.Equal(prefix + "/status offline", broker.Retained(prefix + "/status", "-v"));
        var messages = sub.Messages;
        // On change only: the initial value (unless the first publish came after the change), then 12.5, once.
        var levels = messages.Where(m => m.Topic == prefix + "/Main.level").Select(m => Number(m.Payload)).ToList();
        Assert.True(levels.SequenceEqual(new[] { 0.0, 12.5 }) || levels.SequenceEqual(new[] { 12.5 }), string.Join(", ", levels));
        Assert.DoesNotContain(messages, m => m.Topic == prefix + "/Main.n");
        Assert.Equal("online", messages.First(m => m.Topic == prefix + "/status").Payload);
        Assert.Contains($"plc: mqtt: connected to {broker.Url}", plc.Err);
    }

    [MosquittoFact]
    public void With_a_period_and_no_change_every_variable_is_republished_each_period_and_retained_with_mqtt_retain()
    {
        using var broker = new Mosquitto();
        const string program = @"
PROGRAM Main
VAR
  {attribute 'mqtt'} k : INT := 5;
  {attribute 'mqtt'} n : DINT;
END_VAR
n := n + 1;
END_PROGRAM";
        using var sub = broker.Subscribe(prefix + "/#");
        using var plc = new PlcRun("run", Source(program), "--mqtt", broker.Url, "--mqtt-topic", prefix, "--mqtt-period", "T#200ms",
            "--mqtt-no-change", "--mqtt-retain", "--mqtt-interval", "T#10ms", "--cycle-time", "T#10ms", "--no-tuning");
        string K = prefix + "/Main.k", N = prefix + "/Main.n";
        sub.WaitFor(m => m.Topic == K && sub.Messages.Count(x => x.Topic == K) >= 6, Timeout, "six periods");
        Assert.Equal(0, plc.Stop());
        var messages = sub.Messages;
        var ks = messages.Where(m => m.Topic == K).ToList();
        var ns = messages.Where(m => m.Topic == N).ToList();
        // k never changes and is published every period all the same; n changes every scan (100 times a second) and is
        // published only with the period too, not on change.
        Assert.All(ks, m => Assert.Equal(5, Number(m.Payload)));
        Assert.InRange(ns.Count, ks.Count - 1, ks.Count + 1);
        var times = ks.Select(m => DateTime.Parse(Json(m.Payload).GetProperty("time").GetString()!, null,
            System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        for (int i = 2; i < times.Count; i++)
            Assert.InRange((times[i] - times[i - 1]).TotalMilliseconds, 150, 1000);
        // --mqtt-retain: a new subscriber gets the last value at once.
        Assert.Equal(5, Number(broker.Retained(K)!));
    }

    [MosquittoFact]
    public void A_killed_plc_process_leaves_the_retained_last_will_offline()
    {
        using var broker = new Mosquitto();
        string src = Source(Tank);
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "plc.dll"), "run", src, "--mqtt", broker.Url, "--mqtt-topic", prefix, "--no-tuning" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            var sw = Stopwatch.StartNew();
            while (broker.Retained(prefix + "/status") != "online")
            {
                if (p.HasExited) Assert.Fail("plc run ended: " + p.StandardError.ReadToEnd());
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), "no retained online status within 60 s");
                Thread.Sleep(50);
            }
            using var sub = broker.Subscribe(prefix + "/status");
            sub.WaitFor(prefix + "/status", s => s == "online", Timeout, "the retained online");
            p.Kill();                                        // SIGKILL: no chance to say offline itself
            p.WaitForExit();
            sub.WaitFor(prefix + "/status", s => s == "offline", Timeout, "the last will");
            Assert.Equal("offline", broker.Retained(prefix + "/status"));
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    const string Doubler = @"
PROGRAM Main
VAR
  {attribute 'mqtt_write'}
  setpoint : INT;
  {attribute 'mqtt'}
  doubled : INT;
  other : INT;
  label : STRING(10);
END_VAR
doubled := setpoint * 2;
END_PROGRAM";

    [MosquittoFact]
    public void Writes_on_set_topics_reach_the_program_only_for_allowed_variables()
    {
        using var broker = new Mosquitto();
        // A retained command from before the start must not be acted on.
        broker.Publish(prefix + "/Main.setpoint/set", "99", retain: true);
        using var sub = broker.Subscribe(prefix + "/#");
        using var plc = new PlcRun("run", Source(Doubler), "--mqtt", broker.Url, "--mqtt-topic", prefix, "--mqtt-write", "Main.label",
            "--mqtt-qos", "1", "--cycle-time", "T#5ms", "--mqtt-interval", "T#20ms", "--print", "Main.other,Main.setpoint,Main.label", "--no-tuning");
        string Doubled = prefix + "/Main.doubled";
        sub.WaitFor(Doubled, p => Number(p) == 0, Timeout, "doubled 0");
        plc.WaitUntil(() => plc.Err.Contains($"ignored a retained message on {prefix}/Main.setpoint/set"), Timeout, "the retained command ignored");

        broker.Publish(prefix + "/Main.other/set", "7");               // not allowed: plc does not even subscribe to it
        broker.Publish(prefix + "/Main.setpoint/set", "21");           // a JSON number
        sub.WaitFor(Doubled, p => Number(p) == 42, Timeout, "doubled 42");
        broker.Publish(prefix + "/Main.setpoint/set", "\"abc\"");      // not an INT: logged, ignored
        plc.WaitUntil(() => plc.Err.Contains("write to Main.setpoint ignored"), Timeout, "the bad write logged");
        broker.Publish(prefix + "/Main.setpoint/set", "{\"value\": -4}");   // what plc publishes can be sent back
        sub.WaitFor(Doubled, p => Number(p) == -8, Timeout, "doubled -8");
        broker.Publish(prefix + "/Main.label/set", "\"it's\"");        // a JSON string for a STRING: the text itself
        sub.WaitFor(prefix + "/Main.label", p => Json(p).GetProperty("value").GetString() == "it's", Timeout, "the label");
        broker.Publish(prefix + "/Main.setpoint/set", "INT#5");        // not JSON: an IEC literal
        sub.WaitFor(Doubled, p => Number(p) == 10, Timeout, "doubled 10");
        var mqtt = plc.Program.Mqtt!;
        Assert.Equal(0, plc.Stop());

        Assert.Equal(4, mqtt.WritesApplied);
        Assert.Equal(2, mqtt.WritesRejected);                         // the retained 99 and "abc"
        Assert.DoesNotContain(sub.Messages, m => m.Topic == Doubled && Number(m.Payload) == 198);
        Assert.DoesNotContain(sub.Messages, m => m.Topic == prefix + "/Main.other");
        Assert.Equal("Main.other = 0\nMain.setpoint = 5\nMain.label = 'it$'s'\n", plc.Out.Replace("\r\n", "\n"));
    }

    [MosquittoFact]
    public void Mqtt_shares_the_monitor_bridge_so_a_force_from_the_monitor_wins_over_an_mqtt_write()
    {
        using var broker = new Mosquitto();
        using var sub = broker.Subscribe(prefix + "/#");
        using var plc = new PlcRun("run", Source(Doubler), "--mqtt", broker.Url, "--mqtt-topic", prefix, "--monitor", "0",
            "--cycle-time", "T#5ms", "--mqtt-interval", "T#20ms", "--no-tuning");
        using var tcp = new System.Net.Sockets.TcpClient();
        tcp.Connect(System.Net.IPAddress.Loopback, plc.Program.Monitor!.Port);
        using var stream = tcp.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        writer.WriteLine("force Main.setpoint 3");
        Assert.Equal("ok", reader.ReadLine());
        string Doubled = prefix + "/Main.doubled";
        sub.WaitFor(Doubled, p => Number(p) == 6, Timeout, "doubled 6 from the force");
        broker.Publish(prefix + "/Main.setpoint/set", "21");
        plc.WaitUntil(() => plc.Err.Contains("write to Main.setpoint ignored: 'Main.setpoint' is forced"), Timeout, "the write refused");
        Thread.Sleep(200);                                   // ten checks: the forced value held
        Assert.DoesNotContain(sub.Messages, m => m.Topic == Doubled && Number(m.Payload) != 6 && Number(m.Payload) != 0);
        writer.WriteLine("unforce Main.setpoint");
        Assert.Equal("ok", reader.ReadLine());
        broker.Publish(prefix + "/Main.setpoint/set", "21");
        sub.WaitFor(Doubled, p => Number(p) == 42, Timeout, "doubled 42 after the unforce");
        Assert.Equal(0, plc.Stop());
    }

    [MosquittoFact]
    public void A_wrong_password_is_refused_and_retried_with_back_off_while_the_scans_go_on_and_the_right_one_connects()
    {
        using var broker = new Mosquitto(new Dictionary<string, string> { ["plc"] = "s3cret" });
        string src = Source(Doubler);
        string wrong = Path.Combine(dir, "wrong"), right = Path.Combine(dir, "right");
        File.WriteAllText(wrong, "not-it\n");
        File.WriteAllText(right, "s3cret\n");

        using (var plc = new PlcRun("run", src, "--mqtt", $"mqtt://plc@127.0.0.1:{broker.Port}", "--mqtt-password-file", wrong,
                   "--mqtt-topic", prefix, "--cycle-time", "T#1ms", "--duration", "T#2500ms", "--no-tuning"))
        {
            var program = plc.Program;
            Assert.Equal(0, plc.Wait());
            var mqtt = program.Mqtt!;
            // Attempts at about 0, 0.5 and 1.5 s (each delay ±25 %): at least 3 in 2.5 s, and far fewer than a busy loop.
            Assert.InRange(mqtt.ConnectAttempts, 3, 5);
            Assert.Equal(0, mqtt.Connections);
            Assert.Contains($"plc: mqtt: cannot connect to mqtt://plc@127.0.0.1:{broker.Port}", plc.Err);
            Assert.Contains("the broker refused the connection: NotAuthorized; retrying in", plc.Err);
            Assert.DoesNotContain("not-it", plc.Err);                 // the password is never printed
            // The scans went on meanwhile: 2500 releases of 1 ms.
            var s = program.Loop.Statistics[0];
            Assert.True(s.Scans >= 2000, $"only {s.Scans} scans ({s.Overruns} overruns) in 2.5 s");
        }
        Assert.Null(broker.Retained(prefix + "/status", "-u", "plc", "-P", "s3cret"));

        using (var plc = new PlcRun("run", src, "--mqtt", $"mqtt://127.0.0.1:{broker.Port}", "--mqtt-user", "plc", "--mqtt-password-file", right,
                   "--mqtt-topic", prefix, "--cycle-time", "T#5ms", "--no-tuning"))
        {
            plc.WaitUntil(() => plc.Program.Mqtt!.Connections == 1, Timeout, "connected with the right password");
            Assert.Equal("online", broker.Retained(prefix + "/status", "-u", "plc", "-P", "s3cret"));
            Assert.Equal(1, plc.Program.Mqtt!.ConnectAttempts);
            Assert.Equal(0, plc.Stop());
        }
    }

    [MosquittoFact]
    public void After_the_broker_restarts_it_reconnects_and_publishes_again_while_the_scans_never_stop()
    {
        using var broker = new Mosquitto();
        const string counter = @"
PROGRAM Main
VAR {attribute 'mqtt'} n : DINT; END_VAR
n := n + 1;
END_PROGRAM";
        using var plc = new PlcRun("run", Source(counter), "--mqtt", broker.Url, "--mqtt-topic", prefix, "--cycle-time", "T#10ms", "--no-tuning");
        var program = plc.Program;
        using (var sub = broker.Subscribe(prefix + "/#"))
            sub.WaitFor(prefix + "/Main.n", p => Number(p) > 0, Timeout, "a count");
        var mqtt = program.Mqtt!;
        Assert.Equal(1, mqtt.Connections);

        broker.Kill();
        plc.WaitUntil(() => !mqtt.IsConnected, Timeout, "the loss seen");
        long scansAtLoss = program.Loop.Statistics[0].Scans;
        long publishedAtLoss = mqtt.Published;
        Thread.Sleep(1500);                                  // down for 1.5 s: several failed attempts
        long scansDown = program.Loop.Statistics[0].Scans - scansAtLoss;
        Assert.True(scansDown >= 100, $"only {scansDown} scans of 10 ms in 1.5 s while the broker was down");
        Assert.True(mqtt.ConnectAttempts >= 2, $"{mqtt.ConnectAttempts} attempts");
        Assert.Equal(publishedAtLoss, mqtt.Published);       // nothing is queued while down: only the latest value counts

        long scansAtRestart = program.Loop.Statistics[0].Scans;
        broker.Restart();
        using (var sub = broker.Subscribe(prefix + "/#"))
        {
            var first = sub.WaitFor(prefix + "/Main.n", _ => true, Timeout, "a count after the restart");
            // The value at the time of publishing, not one left over from the outage.
            Assert.True(Number(first.Payload) >= scansAtRestart, $"{first.Payload} is older than the restart ({scansAtRestart} scans)");
            var later = sub.WaitFor(prefix + "/Main.n", p => Number(p) > Number(first.Payload), Timeout, "a higher count");
            Assert.True(Number(later.Payload) > scansAtLoss, "the count went on");
        }
        Assert.Equal("online", broker.Retained(prefix + "/status"));
        Assert.Equal(2, mqtt.Connections);
        Assert.Contains("lost", plc.Err);
        Assert.Equal(0, plc.Stop());
    }
}

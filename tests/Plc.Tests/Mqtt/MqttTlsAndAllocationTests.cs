using System;
using System.IO;
using System.Linq;
using System.Threading;
using Plc.Compiler;
using Plc.Mqtt;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>TLS with a private CA (and refused without it), and the scan thread's allocations with MQTT attached.</summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttTlsAndAllocationTests : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-mqtt-test-" + Guid.NewGuid().ToString("N"));
    readonly string prefix = "test/" + Guid.NewGuid().ToString("N")[..8];

    public MqttTlsAndAllocationTests() => Directory.CreateDirectory(dir);

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    const string Counter = @"
PROGRAM Main
VAR {attribute 'mqtt'} n : DINT; END_VAR
n := n + 1;
END_PROGRAM";

    [MosquittoFact]
    public void Tls_with_the_private_ca_connects_and_without_it_the_certificate_is_refused()
    {
        var certs = TestCertificates.Create(dir);
        using var broker = new Mosquitto(tls: (certs.Cert, certs.Key, certs.Ca));
        string src = Path.Combine(dir, "main.st");
        File.WriteAllText(src, Counter);
        string url = $"mqtts://127.0.0.1:{broker.Port}";

        using (var plc = new PlcRun("run", src, "--mqtt", url, "--mqtt-topic", prefix, "--duration", "T#1500ms", "--no-tuning"))
        {
            var program = plc.Program;
            Assert.Equal(0, plc.Wait());
            Assert.Equal(0, program.Mqtt!.Connections);
            Assert.True(program.Mqtt.ConnectAttempts >= 1);
            Assert.Contains($"plc: mqtt: cannot connect to {url}", plc.Err);
        }

        using var sub = broker.Subscribe(prefix + "/#", "--cafile", certs.Ca);
        using (var plc = new PlcRun("run", src, "--mqtt", url, "--mqtt-ca", certs.Ca, "--mqtt-topic", prefix, "--cycle-time", "T#10ms", "--no-tuning"))
        {
            sub.WaitFor(prefix + "/Main.n", p => p.Contains("\"type\":\"DINT\""), Timeout, "a count over TLS");
            Assert.Equal(1, plc.Program.Mqtt!.Connections);
            Assert.Equal(0, plc.Stop());
        }
        sub.WaitFor(prefix + "/status", p => p == "offline", Timeout, "offline over TLS");
        Assert.Contains(sub.Messages, m => m.Topic == prefix + "/status" && m.Payload == "online");
    }

    [MosquittoFact]
    public void The_scan_thread_allocates_nothing_per_scan_while_mqtt_publishes()
    {
        const string program = @"
PROGRAM Main
VAR n : DINT; x : REAL; b : BOOL; s : STRING(20); t : TIME; END_VAR
n := n + 1;
x := DINT_TO_REAL(n) * 0.5;
b := NOT b;
s := DINT_TO_STRING(n);
t := t + T#1ms;
END_PROGRAM";
        var result = Compilation.Compile(new[] { new SourceText("alloc.st", program) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var image = result.Image!;
        var verified = Plc.Runtime.Core.Verifier.Verify(image);
        using var broker = new Mosquitto();
        var bridge = new MonitorBridge(image);
        var settings = MqttOptions.Parse(new System.Collections.Generic.Dictionary<string, string>
        {
            ["url"] = broker.Url, ["topic"] = prefix, ["interval"] = "T#5ms", ["qos"] = "1",
        }, prefix);
        var variables = VariableSelection.Resolve(bridge, new[] { "Main" }, new[] { "Main.n" });
        Assert.Equal(new[] { "Main.n", "Main.x", "Main.b", "Main.s", "Main.t" }, variables.Select(v => v.Name));
        using var mqtt = new MqttService(settings, bridge, variables, TextWriter.Null);
        mqtt.Start();
        var loop = new ScanLoop(image, verified, new WallClock(), new ScanLoopOptions { Monitor = bridge, DefaultTaskIntervalNs = 1_000_000 });
        JitWarmup.PrepareRuntime();
        loop.Run(300_000_000);                                // warm-up past the tiered JIT's delay; MQTT connects meanwhile
        Assert.True(mqtt.IsConnected, "not connected to the broker");
        long publishedBefore = mqtt.Published;
        long Allocated(long ns) => Plc.Tests.Hosting.ScanAllocation.During(loop, ns);
        long few = Allocated(5_000_000);
        long many = Allocated(300_000_000);                   // 300 scans of 1 ms; MQTT reads and publishes every 5 ms
        Assert.True(mqtt.Published - publishedBefore >= 50, $"only {mqtt.Published - publishedBefore} messages published meanwhile");
        Assert.True(loop.Statistics[0].Scans > 400);
        // As in ScanLoopAllocationTests: nothing per scan (one 24-byte object a scan would add over 7 KB); 128 bytes of
        // room for a one-time allocation of the runtime on this thread.
        Assert.InRange(many - few, -128, 128);
    }
}

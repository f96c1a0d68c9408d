using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Diagnostics;
using System.Text;

namespace Plc.Tests.Mqtt;

/// <summary>
/// A mosquitto_sub process (<c>-v</c>: one line <c>topic payload</c> a message) collecting messages in the background.
/// The constructor returns once the subscription works: it also subscribes to a probe topic and publishes to it
/// until the probe comes back.
/// </summary>
public sealed class Subscriber : IDisposable
{
    readonly Process process;
    readonly List<(string Topic, string Payload)> messages = new();
    readonly StringBuilder errors = new();
    readonly string probe = "probe/" + Guid.NewGuid().ToString("N");

    public Subscriber(Mosquitto broker, string topic, string[] extra)
    {
        var psi = new ProcessStartInfo(Mosquitto.Require("mosquitto_sub")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-v", "-q", "1", "-t", topic, "-t", probe }.Concat(extra))
            psi.ArgumentList.Add(a);
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            int space = e.Data.IndexOf(' ');
            var m = space < 0 ? (e.Data, "") : (e.Data[..space], e.Data[(space + 1)..]);
            lock (messages) { messages.Add(m); Monitor.PulseAll(messages); }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try { AwaitSubscription(broker, extra); }
        catch { Dispose(); throw; }
    }

    void AwaitSubscription(Mosquitto broker, string[] extra)
    {
        var started = Stopwatch.StartNew();
        while (!AllMessages().Contains(probe + " probe"))
        {
            if (process.HasExited) throw new InvalidOperationException("mosquitto_sub ended: " + errors);
            if (started.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("mosquitto_sub did not subscribe: " + errors + " / broker: " + broker.Log);
            broker.Publish(probe, "probe", extra: extra.Where(a => a != "--retained-only").ToArray());
            Thread.Sleep(50);
        }
    }

    List<string> AllMessages() { lock (messages) return messages.Select(m => m.Topic + " " + m.Payload).ToList(); }

    /// <summary>The messages so far, without the probes.</summary>
    public List<(string Topic, string Payload)> Messages
    {
        get { lock (messages) return messages.Where(m => m.Topic != probe).ToList(); }
    }

    /// <summary>The first message (in arrival order) that matches, waiting up to the timeout; fails the test otherwise.</summary>
    public (string Topic, string Payload) WaitFor(Func<(string Topic, string Payload), bool> match, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        lock (messages)
        {
            while (true)
            {
                foreach (var m in messages)
                    if (m.Topic != probe && match(m)) return m;
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new Xunit.Sdk.XunitException($"no message {what} within {timeout.TotalSeconds} s; got:\n" +
                        string.Join("\n", messages.Where(x => x.Topic != probe).TakeLast(30).Select(x => x.Topic + " " + x.Payload)));
                Monitor.Wait(messages, left);
            }
        }
    }

    public (string Topic, string Payload) WaitFor(string topic, Func<string, bool> payload, TimeSpan timeout, string what) =>
        WaitFor(m => m.Topic == topic && payload(m.Payload), timeout, what);

    public void Dispose()
    {
        try { process.Kill(); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
    }
}

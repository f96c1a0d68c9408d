using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plc.Tests.Mqtt;

/// <summary>
/// A mosquitto broker of a test's own: a configuration in a temporary folder, a free port on 127.0.0.1, started with
/// <c>mosquitto -c CONF</c>, killed by <see cref="Dispose"/>. Optionally a password file (made with
/// <c>mosquitto_passwd -b -c</c>) and TLS (a certificate made by the caller, e.g. <see cref="TestCertificates"/>).
/// <see cref="Restart"/> kills it and starts it again on the same port (no persistence: retained messages are gone).
/// </summary>
public sealed class Mosquitto : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "plc-mqtt-" + Guid.NewGuid().ToString("N"));
    public int Port { get; }
    readonly string config;
    Process? process;
    readonly StringBuilder log = new();

    /// <summary>The first of mosquitto, mosquitto_sub, mosquitto_pub, mosquitto_passwd that is not installed, or null.</summary>
    public static string? Missing =>
        new[] { "mosquitto", "mosquitto_sub", "mosquitto_pub", "mosquitto_passwd" }.FirstOrDefault(t => Find(t) == null);

    /// <summary>A program on the PATH, or in /usr/sbin (mosquitto itself is there and root's PATH may lack it).</summary>
    public static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/usr/bin", "/sbin" });
        foreach (var d in dirs)
            if (d.Length > 0 && File.Exists(Path.Combine(d, name))) return Path.Combine(d, name);
        return null;
    }

    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException($"{name} is not installed: apt-get install mosquitto mosquitto-clients");

    /// <param name="users">User → password; with users, anonymous clients are refused.</param>
    /// <param name="tls">Certificate, key and CA files for a TLS listener (instead of plain TCP).</param>
    public Mosquitto(IReadOnlyDictionary<string, string>? users = null, (string Cert, string Key, string Ca)? tls = null)
    {
        Directory.CreateDirectory(Dir);
        Port = FreePort();
        var conf = new StringBuilder();
        conf.Append("user root\npersistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n");
        conf.Append($"listener {Port} 127.0.0.1\n");
        if (users != null && users.Count > 0)
        {
            string passwords = Path.Combine(Dir, "passwords");
            bool first = true;
            foreach (var (user, password) in users)
            {
                Run(Require("mosquitto_passwd"), first ? new[] { "-b", "-c", passwords, user, password } : new[] { "-b", passwords, user, password });
                first = false;
            }
            conf.Append("allow_anonymous false\n").Append($"password_file {passwords}\n");
        }
        else conf.Append("allow_anonymous true\n");
        if (tls is { } t) conf.Append($"certfile {t.Cert}\nkeyfile {t.Key}\ncafile {t.Ca}\n");
        config = Path.Combine(Dir, "mosquitto.conf");
        File.WriteAllText(config, conf.ToString());
        Start();
    }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>What the broker logged so far (for failure messages).</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    void Start()
    {
        var psi = new ProcessStartInfo(Require("mosquitto")) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(config);
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        process = p;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (p.HasExited) throw new InvalidOperationException($"mosquitto exited with {p.ExitCode}: {Log}");
            try
            {
                using var tcp = new TcpClient();
                tcp.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10)) { Thread.Sleep(20); }
        }
    }

    /// <summary>Kills the broker (SIGKILL: the clients see the connection drop).</summary>
    public void Kill()
    {
        if (process == null) return;
        try { process.Kill(); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
        process = null;
    }

    /// <summary>Kills the broker and starts it again on the same port.</summary>
    public void Restart()
    {
        Kill();
        Start();
    }

    public void Dispose()
    {
        Kill();
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Runs a tool to its end; throws with its output when it fails.</summary>
    public static string Run(string file, IEnumerable<string> args, int timeoutMs = 15000)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(); throw new TimeoutException($"{file} {string.Join(" ", args)} did not end"); }
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(" ", args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>mosquitto_pub: one message (an empty retained message clears the retained one).</summary>
    public void Publish(string topic, string message, bool retain = false, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", Port.ToString(), "-t", topic, "-q", "1" };
        if (message.Length == 0) args.Add("-n"); else { args.Add("-m"); args.Add(message); }
        if (retain) args.Add("-r");
        args.AddRange(extra);
        Run(Require("mosquitto_pub"), args);
    }

    /// <summary>The retained message of a topic as a new subscriber gets it, or null when there is none.</summary>
    public string? Retained(string topic, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", Port.ToString(), "-t", topic, "--retained-only", "-C", "1", "-W", "2" };
        args.AddRange(extra);
        var psi = new ProcessStartInfo(Require("mosquitto_sub")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        // -W: exit status 27 when the time ran out without a message.
        return output.Length == 0 ? null : output.TrimEnd('\n');
    }

    /// <summary>Starts mosquitto_sub on a topic filter and returns once it is subscribed.</summary>
    public Subscriber Subscribe(string topic, params string[] extra) => new(this, topic, extra);
}

using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// <c>plc run FILE --modbus 127.0.0.1:0 ...</c> as a process of its own (the built plc.dll), as a user starts it: the
/// server's address comes from its stderr line "plc: modbus on ADDRESS". A separate process also keeps the test
/// host's thread pool (busy with parallel tests) out of the server's response times. <see cref="Stop"/> sends
/// SIGTERM, as an init system does, and returns what it printed.
/// </summary>
sealed class PlcRunner : IDisposable
{
    readonly Process process;
    readonly StringBuilder stdout = new(), stderr = new();
    readonly TaskCompletionSource<IPEndPoint> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly string Directory;

    public PlcRunner(string source, params string[] options)
    {
        Directory = Path.Combine(Path.GetTempPath(), "plc-modbus-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, "p.st");
        File.WriteAllText(path, source);
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "plc.dll"));
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add(path);
        foreach (var o in options) psi.ArgumentList.Add(o);
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) { listening.TrySetException(new InvalidOperationException("plc run ended: " + Err)); return; }
            lock (stderr) stderr.AppendLine(e.Data);
            var m = Regex.Match(e.Data, @"^plc: modbus on (\S+)");
            if (m.Success) listening.TrySetResult(IPEndPoint.Parse(m.Groups[1].Value));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("plc run did not start listening: " + Err);
        Endpoint = listening.Task.Result;
    }

    public IPEndPoint Endpoint { get; }
    public int Port => Endpoint.Port;
    string Err { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>SIGTERM, then the exit code and output.</summary>
    public (int Exit, string Out, string Err) Stop()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id}") { UseShellExecute = false })!;
            kill.WaitForExit();
        }
        return Wait(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the end of a run with --duration.</summary>
    public (int Exit, string Out, string Err) Wait(TimeSpan timeout)
    {
        Assert.True(process.WaitForExit(timeout), "plc run did not end");
        process.WaitForExit();   // the output handlers are done
        lock (stdout) return (process.ExitCode, stdout.ToString(), Err);
    }

    public void Dispose()
    {
        if (!process.HasExited) { try { process.Kill(); } catch (InvalidOperationException) { } process.WaitForExit(); }
        process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Plc.Cli;
using Plc.Runtime.Hosting.Retain;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Retain;

/// <summary>
/// Real <c>plc run</c> processes, killed with SIGKILL at random moments while they commit their retain file every
/// 2 ms, many times in a row; and stopped with SIGTERM/SIGINT. The file must always be whole and valid, and each
/// restart must go on from what was committed last (or the commit before, when the kill came mid-write).
/// </summary>
public sealed class KillTests : IDisposable
{
    readonly ITestOutputHelper log;
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-kill-" + Guid.NewGuid().ToString("N"));
    readonly string image;
    readonly string retain;

    // boots counts the starts (first scan of each process), count the scans of all processes together.
    const string Program = @"
PROGRAM Main
VAR RETAIN count : DINT; boots : DINT; END_VAR
VAR started : BOOL; END_VAR
IF NOT started THEN
    boots := boots + 1;
    started := TRUE;
END_IF;
count := count + 1;
END_PROGRAM";

    public KillTests(ITestOutputHelper log)
    {
        this.log = log;
        Directory.CreateDirectory(dir);
        string src = Path.Combine(dir, "counter.st");
        File.WriteAllText(src, Program);
        image = Path.Combine(dir, "counter.plcx");
        retain = Path.Combine(dir, "counter.retain");
        var err = new StringWriter();
        Assert.True(CommandLine.Run(new[] { "build", src, "-o", image }, new StringWriter(), err) == 0, err.ToString());
    }

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "signal")]
    static extern IntPtr SetSignalHandler(int signal, IntPtr handler);

    static Process Start(params string[] args)
    {
        // A job a non-interactive shell starts in the background (`./test.sh &`) inherits SIGINT as ignored, and
        // so would plc run: Unix does that so Ctrl-C in the terminal does not reach background jobs. These tests
        // are about what plc does with the signal, so the child starts with the default disposition.
        if (OperatingSystem.IsLinux()) SetSignalHandler(2, IntPtr.Zero);   // SIGINT, SIG_DFL
        string plc = Path.Combine(AppContext.BaseDirectory, "plc.dll");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(plc);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>count and boots from the retain file; null when there is none. Throws when the file is invalid.</summary>
    (int Count, int Boots)? ReadFile()
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(retain); }
        catch (FileNotFoundException) { return null; }
        var contents = RetainFile.Read(bytes);
        int Get(string path) => BitConverter.ToInt32(contents.Entries.Single(e => e.Path == path).Value, 0);
        return (Get("Main.count"), Get("Main.boots"));
    }

    [Fact]
    public void Kill_9_at_random_moments_never_loses_committed_data_or_corrupts_the_file()
    {
        var random = new Random(4242);
        int boots = 0, count = 0;
        const int Rounds = 30;
        for (int round = 0; round < Rounds; round++)
        {
            using var p = Start("run", image, "--retain", retain, "--retain-interval", "T#2ms", "--cycle-time", "T#1ms");
            var started = Stopwatch.StartNew();
            int lastSeen = count;
            if (round % 2 == 0)
            {
                // Wait until this process has committed its own start, then kill it a random moment later.
                while (!(ReadFile() is { } f && f.Boots == boots + 1))
                {
                    if (p.HasExited) Assert.Fail("plc run ended early: " + p.StandardError.ReadToEnd());
                    Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "no commit within 30 s");
                    Thread.Sleep(1);
                }
                lastSeen = ReadFile()!.Value.Count;
                Thread.Sleep(random.Next(0, 60));
            }
            else Thread.Sleep(random.Next(0, 400));     // anywhere: loading, compiling nothing, first scans, commits
            p.Kill();                                    // SIGKILL
            p.WaitForExit();
            Assert.DoesNotContain("rejected", p.StandardError.ReadToEnd());

            var now = ReadFile();                         // throws (fails the test) on a torn or corrupt file
            Assert.True(now != null || round % 2 == 1 && boots == 0, "the retain file is missing");
            if (now is not { } v) continue;
            // Each start adds one boot; a kill before the first commit of a start leaves the previous file.
            Assert.InRange(v.Boots, boots, boots + 1);
            Assert.True(v.Count >= lastSeen, $"round {round}: count went back from {lastSeen} to {v.Count}");
            Assert.True(v.Count >= count, $"round {round}: count went back from {count} to {v.Count}");
            log.WriteLine($"round {round}: boots {v.Boots}, count {v.Count}, killed after {started.ElapsedMilliseconds} ms");
            (count, boots) = v;
        }
        Assert.True(boots >= Rounds / 2, $"only {boots} of {Rounds} starts were committed");

        // A start loads exactly what the file holds: with --duration 0 no scan runs, and --print shows the loaded values.
        using var check = Start("run", image, "--retain", retain, "--duration", "T#0s", "--print", "Main.count,Main.boots");
        string output = check.StandardOutput.ReadToEnd();
        check.WaitForExit();
        Assert.Equal(0, check.ExitCode);
        Assert.Equal($"Main.count = {count}\nMain.boots = {boots}\n", output.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_signal_stops_cleanly_after_the_scan_and_flushes_the_retain_file(string signal)
    {
        using var p = Start("run", image, "--retain", retain, "--print", "Main.count");
        var started = Stopwatch.StartNew();
        while (!(ReadFile() is { Boots: 1 }))
        {
            if (p.HasExited) Assert.Fail("plc run ended early: " + p.StandardError.ReadToEnd());
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "no commit within 30 s");
            Thread.Sleep(5);
        }
        Thread.Sleep(100);
        using (var kill = Process.Start("kill", new[] { "-" + signal, p.Id.ToString() })) kill.WaitForExit();
        if (!p.WaitForExit(10_000))
        {
            p.Kill();   // no plc run left behind by a failing test
            Assert.Fail("plc run did not stop");
        }
        string output = p.StandardOutput.ReadToEnd(), err = p.StandardError.ReadToEnd();
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {err}");
        Assert.Contains("stopped by SIG" + signal, err);
        // The value printed is the last scan's, and exactly that was flushed to the file.
        var m = System.Text.RegularExpressions.Regex.Match(output, @"Main\.count = (\d+)");
        Assert.True(m.Success, output);
        Assert.Equal(int.Parse(m.Groups[1].Value), ReadFile()!.Value.Count);
    }
}

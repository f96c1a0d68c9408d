using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>The Modbus peers from Debian's packages that the tests drive (installed by .ci/run).</summary>
static class ExternalTool
{
    public const string Python = "/usr/bin/python3";
    public const string Mbpoll = "/usr/bin/mbpoll";
    public const string Gcc = "/usr/bin/gcc";
    public const string RandomTestClientSource = "/usr/share/doc/libmodbus-dev/examples/random-test-client.c";

    public static bool HasPymodbus =>
        File.Exists(Python) && Run(Python, new[] { "-c", "import pymodbus.client" }, TimeSpan.FromSeconds(30)).Exit == 0;

    public static bool HasLibmodbus =>
        File.Exists(Gcc) && File.Exists(RandomTestClientSource) && File.Exists("/usr/include/modbus/modbus.h");

    /// <summary>Runs a program to its end (killed after the timeout) and returns its exit code and output.</summary>
    public static (int Exit, string Out, string Err) Run(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (error) error.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            return (-1, output.ToString(), error + $"\n(killed after {timeout.TotalSeconds} s)");
        }
        p.WaitForExit();
        return (p.ExitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A test that needs pymodbus (python3-pymodbus, python3-serial) under /usr/bin/python3: skipped, saying
/// so, when they are not installed.</summary>
public sealed class PymodbusFactAttribute : FactAttribute
{
    static readonly Lazy<bool> available = new(() => ExternalTool.HasPymodbus);
    public PymodbusFactAttribute()
    {
        if (!available.Value) Skip = "pymodbus is not installed: apt-get install python3-pymodbus python3-serial (.ci/run does)";
    }
}

/// <summary>A test that needs mbpoll.</summary>
public sealed class MbpollFactAttribute : FactAttribute
{
    public MbpollFactAttribute()
    {
        if (!File.Exists(ExternalTool.Mbpoll)) Skip = "mbpoll is not installed: apt-get install mbpoll (.ci/run does)";
    }
}

/// <summary>A test that needs libmodbus' random-test-client source and gcc.</summary>
public sealed class LibmodbusFactAttribute : FactAttribute
{
    public LibmodbusFactAttribute()
    {
        if (!ExternalTool.HasLibmodbus) Skip = "libmodbus-dev or gcc is not installed: apt-get install libmodbus-dev gcc (.ci/run does)";
    }
}

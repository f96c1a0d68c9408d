using System;
using System.IO;
using System.Text.RegularExpressions;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary><c>plc bench</c>: its output contract (issue 6), not its speed.</summary>
public sealed class BenchCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-bench-" + Guid.NewGuid().ToString("N"));
    public BenchCommandTests() { Directory.CreateDirectory(dir); }
    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    (int Exit, string Out, string Err) Run(string source, params string[] args)
    {
        string path = Path.Combine(dir, "b.st");
        File.WriteAllText(path, source);
        var o = new StringWriter();
        var e = new StringWriter();
        var all = new string[args.Length + 2];
        all[0] = "bench"; all[1] = path; args.CopyTo(all, 2);
        int exit = CommandLine.Run(all, o, e);
        return (exit, o.ToString().Replace("\r\n", "\n"), e.ToString());
    }

    [Fact]
    public void Prints_time_allocation_and_the_values_after_exactly_n_scans()
    {
        // Every repetition starts afresh, so after --cycles 123 the counter is 123 and the sum 1 + ... + 123 = 7626.
        var (exit, output, err) = Run("PROGRAM Main VAR n, sum : DINT; s : STRING; END_VAR n := n + 1; sum := sum + n; s := DINT_TO_STRING(n); END_PROGRAM",
            "--cycles", "123", "--print", "Main.n,Main.sum", "--repeat", "3");
        Assert.True(exit == 0, err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^ns_per_scan=\d+\.\d$", lines[0]);
        Assert.True(double.Parse(lines[0]["ns_per_scan=".Length..], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("alloc_bytes_per_scan=0", lines[1]);
        Assert.Equal("Main.n = 123", lines[2]);
        Assert.Equal("Main.sum = 7626", lines[3]);
        Assert.Equal(4, lines.Length);                      // nothing else on stdout
        Assert.Contains("123 scans, 3 runs", err);
    }

    [Fact]
    public void A_fault_is_reported_with_its_location_and_exits_3()
    {
        // Division by zero in the fifth scan (of the warm-up): reported with its location, like plc sim.
        var (exit, _, err) = Run("PROGRAM Main VAR n, z : DINT; END_VAR n := n + 1; IF n = 5 THEN n := n / z; END_IF; END_PROGRAM", "--cycles", "10");
        Assert.Equal(3, exit);
        Assert.Matches(new Regex(@"b\.st\(1,\d+\): fault PLCF001"), err);
    }

    [Fact]
    public void The_compiled_tier_prints_the_same_values()
    {
        const string source = "PROGRAM Main VAR n, sum : DINT; x : LREAL; END_VAR n := n + 1; sum := sum + n; x := x + 0.25; END_PROGRAM";
        var (exit, output, err) = Run(source, "--cycles", "200", "--print", "Main.sum,Main.x", "--repeat", "1", "--tier", "compiled");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("note", err);                  // it really ran compiled (no fallback note)
        Assert.Contains("compiled", err);
        // 1 + ... + 200 = 20100; 200 * 0.25 = 50.
        Assert.Contains("Main.sum = 20100\nMain.x = 50.0\n", output);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Run("PROGRAM Main VAR n : DINT; END_VAR n := n + 1; END_PROGRAM", "--tier", "turbo").Exit);
        Assert.Equal(2, Run("PROGRAM Main VAR n : DINT; END_VAR n := n + 1; END_PROGRAM", "--cycles", "0").Exit);
        Assert.Equal(2, Run("PROGRAM Main VAR n : DINT; END_VAR n := n + 1; END_PROGRAM", "--print", "Main.nope").Exit);
        Assert.Equal(2, Run("PROGRAM Main VAR n : DINT; END_VAR n := n + 1; END_PROGRAM", "--repeat", "x").Exit);
    }
}

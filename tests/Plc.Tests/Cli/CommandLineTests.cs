using System.IO;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary>The exit-code and output contract of the plc command.</summary>
public class CommandLineTests
{
    static (int Exit, string Out, string Err) Run(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    static string Source(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "plc-cli-" + System.Guid.NewGuid().ToString("N") + ".st");
        File.WriteAllText(path, text);
        return path;
    }

    const string Counter = "PROGRAM Main\nVAR n : DINT; t : TIME; END_VAR\nn := n + 1;\nt := t + T#10ms;\nEND_PROGRAM\n";

    [Fact]
    public void SimRunsCyclesAndPrints()
    {
        var (exit, output, _) = Run("sim", Source(Counter), "--cycles", "5", "--print", "Main.n,Main.t");
        Assert.Equal(0, exit);
        Assert.Equal("Main.n = 5\nMain.t = T#50ms\n", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void DurationRunsEveryReleaseBeforeTheEnd()
    {
        // Releases at 0, 10, ..., 90 ms: 10 scans before T#100ms; with a 30 ms cycle: 0, 30, 60, 90 = 4.
        Assert.Contains("Main.n = 10", Run("sim", Source(Counter), "--duration", "T#100ms", "--print", "Main.n").Out);
        Assert.Contains("Main.n = 4", Run("sim", Source(Counter), "--duration", "100ms", "--cycle-time", "T#30ms", "--print", "Main.n").Out);
    }

    [Fact]
    public void CompileErrorsExitWithOne()
    {
        var (exit, _, err) = Run("sim", Source("PROGRAM Main\nVAR b : BOOL; END_VAR\nb := 5;\nx := 1;\nEND_PROGRAM\n"));
        Assert.Equal(1, exit);
        Assert.Contains("(3,6): error PLC2001:", err);
        Assert.Contains("(4,1): error PLC1001:", err);
    }

    [Fact]
    public void FaultsExitWithThreeAndNameTheLine()
    {
        var (exit, output, err) = Run("sim", Source("PROGRAM Main\nVAR z, x : DINT; END_VAR\nx := 7;\nx := x / z;\nEND_PROGRAM\n"), "--print", "Main.x");
        Assert.Equal(3, exit);
        Assert.Matches(@"\(4,1\): fault PLCF001: division by zero", err);
        Assert.Contains("Main.x = 7", output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sim")]
    [InlineData("sim", "x.st", "--cycles")]
    [InlineData("sim", "--bogus", "1")]
    public void BadUsageExitsWithTwo(params string[] args) => Assert.Equal(2, Run(args).Exit);

    [Fact]
    public void BadOptionValuesExitWithTwo()
    {
        string file = Source(Counter);
        Assert.Equal(2, Run("sim", file, "--cycles", "many").Exit);
        Assert.Equal(2, Run("sim", file, "--duration", "soon").Exit);
        Assert.Equal(2, Run("sim", file, "--cycles", "2", "--duration", "T#1s").Exit);
        Assert.Equal(2, Run("sim", file, "--print", "Main.nothing").Exit);
        Assert.Equal(2, Run("sim", Path.Combine(Path.GetTempPath(), "no-such-file.st")).Exit);
    }

    [Fact]
    public void PrintNamesMaySplitAtCommasOutsideBrackets() =>
        Assert.Equal(new[] { "Main.m[1, 2]", "Main.x" }, SimCommand.SplitNames("Main.m[1, 2],Main.x"));

    [Theory]
    [InlineData("T#10ms", 10_000_000)]
    [InlineData("1s500ms", 1_500_000_000)]
    [InlineData("TIME#2m", 120_000_000_000)]
    [InlineData("250us", 250_000)]
    [InlineData("1.5s", 1_500_000_000)]
    public void TimeArguments(string text, long ns)
    {
        Assert.True(TimeArgument.TryParse(text, out long v));
        Assert.Equal(ns, v);
    }

    [Fact]
    public void HelpAndVersion()
    {
        Assert.Equal(0, Run("--help").Exit);
        Assert.Contains("plc sim", Run("--help").Out);
        Assert.Equal(2, Run().Exit);
    }
}

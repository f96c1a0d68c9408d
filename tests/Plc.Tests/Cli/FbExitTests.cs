using System.IO;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary>FB_exit (D39) when the application ends: after a clean stop of plc run, not after a fault.</summary>
public class FbExitTests
{
    const string Program = @"
VAR_GLOBAL exits : INT; END_VAR
FUNCTION_BLOCK Valve
VAR_OUTPUT closed : BOOL; END_VAR
METHOD FB_exit : BOOL
VAR_INPUT bInCopyCode : BOOL; END_VAR
exits := exits + 1;
closed := TRUE;
END_METHOD
END_FUNCTION_BLOCK
PROGRAM Main
VAR v1, v2 : Valve; n : INT; divisor : INT := 1; END_VAR
n := n + 1;
IF n = 3 THEN n := n / (divisor - FAULT); END_IF;
END_PROGRAM
";

    static string Write(string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "plc-fbexit-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "p.st");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_clean_stop_runs_FB_exit_of_every_instance_before_the_values_are_printed()
    {
        // No fault: FAULT is 0, so the division is by 1. Two instances, each FB_exit once.
        string path = Write(Program.Replace("FAULT", "0"));
        var (exit, output, error) = PlcCommand.Run("run", path, "--duration", "T#60ms", "--print", "exits,Main.v1.closed,Main.v2.closed");
        Assert.True(exit == 0, error);
        Assert.Equal("exits = 2\nMain.v1.closed = TRUE\nMain.v2.closed = TRUE\n", output);
    }

    [Fact]
    public void After_a_fault_FB_exit_does_not_run()
    {
        // FAULT is 1: the third scan divides by zero; the program stops there with its outputs safe, no FB_exit.
        string path = Write(Program.Replace("FAULT", "1"));
        var (exit, output, error) = PlcCommand.Run("run", path, "--duration", "T#1s", "--print", "exits");
        Assert.Equal(3, exit);
        Assert.Contains("PLCF001", error);
        Assert.Equal("exits = 0\n", output);
    }
}

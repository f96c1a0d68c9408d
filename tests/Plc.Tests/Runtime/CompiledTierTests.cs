using System;
using Plc.Compiler;
using Plc.Runtime.Compiled;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>
/// The compiled tier beside the interpreter. Its results are checked by running the whole conformance suite through it
/// (ConformanceTests.ConformanceCompiled); these tests cover what the suite does not: allocation, fallback, and that
/// the tier is really the one running.
/// </summary>
public class CompiledTierTests
{
    static (Image, VerificationResult) Compile(string source)
    {
        var result = Compilation.Compile(new[] { new SourceText("t.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        Assert.True(v.Ok, v.Error);
        return (result.Image!, v);
    }

    const string Counter = @"
FUNCTION_BLOCK Edge VAR_INPUT x : BOOL; END_VAR VAR_OUTPUT q : BOOL; END_VAR VAR m : BOOL; END_VAR
q := x AND NOT m; m := x;
END_FUNCTION_BLOCK
PROGRAM Main
VAR n, edges : DINT; e : Edge; arr : ARRAY[0..9] OF LREAL; i : INT; total : LREAL; END_VAR
n := n + 1;
e(x := (n MOD 3) = 0);
IF e.q THEN edges := edges + 1; END_IF;
FOR i := 0 TO 9 DO arr[i] := arr[i] + INT_TO_LREAL(i) * 0.5; END_FOR;
total := arr[9];
END_PROGRAM";

    [Fact]
    public void Compiled_and_interpreted_runs_end_in_the_same_memory_and_the_compiled_one_allocates_nothing()
    {
        var (image, v) = Compile(Counter);
        var interpreted = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Interpreted });
        var compiled = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Compiled });
        Assert.Equal(ExecutionTier.Compiled, compiled.Tier);
        Assert.Null(compiled.TierNote);
        interpreted.Run(1_000_000_000);                     // 100 scans of 10 ms
        compiled.Run(50_000_000);                           // warm-up: 5 scans
        long before = GC.GetAllocatedBytesForCurrentThread();
        compiled.Run(950_000_000);                          // the other 95
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(interpreted.Memory, compiled.Memory);
        // 100 scans: edges at n = 3, 6, ..., 99 -> 33; arr[9] = 100 * 4.5 = 450.
        var printer = new ValueFormatter(image, compiled.Memory);
        Assert.Equal("33", printer.Format(VariablePath.Resolve(image, compiled.Memory, "Main.edges", out _)!.Value));
        Assert.Equal("450.0", printer.Format(VariablePath.Resolve(image, compiled.Memory, "Main.total", out _)!.Value));
        // One run's result object, nothing per scan (the same run on the interpreter allocates the same).
        long interpretedAllocated;
        {
            var again = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Interpreted });
            again.Run(50_000_000);
            long b = GC.GetAllocatedBytesForCurrentThread();
            again.Run(950_000_000);
            interpretedAllocated = GC.GetAllocatedBytesForCurrentThread() - b;
        }
        Assert.Equal(interpretedAllocated, allocated);
    }

    [Fact]
    public void An_image_with_an_instruction_the_tier_does_not_compile_runs_interpreted_and_says_why()
    {
        var (image, v) = Compile("PROGRAM Main VAR s : STRING; n : DINT; END_VAR n := n + 1; s := CONCAT('a', DINT_TO_STRING(n)); END_PROGRAM");
        var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Compiled });
        Assert.Equal(ExecutionTier.Interpreted, loop.Tier);
        Assert.StartsWith("interpreted: ", loop.TierNote);
        loop.Run(30_000_000);
        Assert.Equal("'a3'", new ValueFormatter(image, loop.Memory).Format(VariablePath.Resolve(image, loop.Memory, "Main.s", out _)!.Value));
    }

    [Fact]
    public void A_fault_in_compiled_code_is_reported_at_the_instruction_the_interpreter_reports()
    {
        var (image, v) = Compile("PROGRAM Main VAR n, z : DINT; a : ARRAY[1..3] OF INT; END_VAR n := n + 1; a[n] := 1; END_PROGRAM");
        ScanFault? Fault(ExecutionTier tier)
        {
            var loop = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = tier });
            return loop.Run(100_000_000).Fault;
        }
        var i = Fault(ExecutionTier.Interpreted)!;
        var c = Fault(ExecutionTier.Compiled)!;
        // Scan 4 indexes a[4]: out of 1..3.
        Assert.Equal(FaultCode.IndexOutOfRange, c.Fault.Code);
        Assert.Equal((i.Fault.Code, i.Fault.Position, i.Fault.Value, i.Fault.Low, i.Fault.High, i.TimeNs),
                     (c.Fault.Code, c.Fault.Position, c.Fault.Value, c.Fault.Low, c.Fault.High, c.TimeNs));
        Assert.Equal((4L, 1L, 3L, 30_000_000L), (c.Fault.Value, c.Fault.Low, c.Fault.High, c.TimeNs));
    }
}

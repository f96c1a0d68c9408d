using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        GC.Collect();   // an empty allocation context: another thread's GC cannot move the counter (see ScanAllocation)
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
            GC.Collect();
            long b = GC.GetAllocatedBytesForCurrentThread();
            again.Run(950_000_000);
            interpretedAllocated = GC.GetAllocatedBytesForCurrentThread() - b;
        }
        Assert.Equal(interpretedAllocated, allocated);
    }

    [Fact]
    public void Strings_natives_and_mux_run_compiled_with_the_interpreters_results()
    {
        var (image, v) = Compile(@"
PROGRAM Main
VAR s, t : STRING(20); w : WSTRING(10); n, pos : DINT; k : INT; m : INT; less : BOOL; END_VAR
n := n + 1;
s := CONCAT('a', DINT_TO_STRING(n));
t := LEFT(s, 2);
pos := FIND(s, '1');
w := STRING_TO_WSTRING(t);
less := s < t;
k := DINT_TO_INT(n MOD 3);
m := MUX(k, 10, 20, 30);
END_PROGRAM");
        var interpreted = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Interpreted });
        var compiled = new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Compiled });
        Assert.Equal(ExecutionTier.Compiled, compiled.Tier);
        interpreted.Run(120_000_000);
        compiled.Run(120_000_000);
        Assert.Equal(interpreted.Memory, compiled.Memory);
        // 12 scans: n = 12, s = 'a12', t = 'a1', FIND('a12', '1') = 2, 'a12' < 'a1' is FALSE, k = 0, m = 10.
        var f = new ValueFormatter(image, compiled.Memory);
        string Get(string name) => f.Format(VariablePath.Resolve(image, compiled.Memory, name, out _)!.Value);
        Assert.Equal(("'a12'", "'a1'", "2", "\"a1\"", "FALSE", "10"), (Get("Main.s"), Get("Main.t"), Get("Main.pos"), Get("Main.w"), Get("Main.less"), Get("Main.m")));
    }

    public static IEnumerable<object[]> BenchmarkPrograms() =>
        Directory.GetFiles(Path.Combine(Plc.Tests.Conformance.RepositoryPaths.Root, "benchmarks", "programs"), "*.st")
            .OrderBy(f => f).Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>The project's benchmark programs end both tiers in the same memory (benchmarks/run.sh times them).</summary>
    [Theory]
    [MemberData(nameof(BenchmarkPrograms))]
    public void Benchmark_programs_give_the_same_memory_on_both_tiers(string file)
    {
        var result = Compilation.CompileFiles(new[] { Path.Combine(Plc.Tests.Conformance.RepositoryPaths.Root, "benchmarks", "programs", file) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        var interpreted = new ScanLoop(result.Image!, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Interpreted });
        var compiled = new ScanLoop(result.Image!, v, new VirtualClock(), new ScanLoopOptions { Tier = ExecutionTier.Compiled });
        Assert.Equal(ExecutionTier.Compiled, compiled.Tier);
        interpreted.Run(3_000_000_000);                     // 300 scans of 10 ms
        compiled.Run(3_000_000_000);
        Assert.Equal(interpreted.Memory, compiled.Memory);
        Assert.NotEqual(result.Image!.InitialMemory, compiled.Memory);   // something was computed
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

    [Fact]
    public void An_ARRAY_star_index_faults_alike_on_both_tiers()
    {
        // Get indexes its ARRAY[*] parameter with the argument's bounds -2..1; scan k (at (k - 1) * 10 ms) reads a[k - 3]:
        // scans 1-4 read a[-2..1], scan 5 (40 ms) reads a[2].
        var (image, v) = Compile("FUNCTION Get : INT VAR_IN_OUT a : ARRAY[*] OF INT; END_VAR VAR_INPUT i : DINT; END_VAR Get := a[i]; END_FUNCTION " +
            "PROGRAM Main VAR n, r : DINT; a : ARRAY[-2..1] OF INT; END_VAR n := n + 1; r := Get(a, n - 3); END_PROGRAM");
        ScanFault? Fault(ExecutionTier tier) => new ScanLoop(image, v, new VirtualClock(), new ScanLoopOptions { Tier = tier }).Run(100_000_000).Fault;
        var i = Fault(ExecutionTier.Interpreted)!;
        var c = Fault(ExecutionTier.Compiled)!;
        Assert.Equal((i.Fault.Code, i.Fault.Position, i.Fault.Value, i.Fault.Low, i.Fault.High, i.TimeNs),
                     (c.Fault.Code, c.Fault.Position, c.Fault.Value, c.Fault.Low, c.Fault.High, c.TimeNs));
        Assert.Equal((FaultCode.IndexOutOfRange, 2L, -2L, 1L, 40_000_000L), (c.Fault.Code, c.Fault.Value, c.Fault.Low, c.Fault.High, c.TimeNs));
    }
}

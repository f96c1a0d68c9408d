using System;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>Compiled programs scan without allocating: calls, function blocks, strings and conversions included.</summary>
public class CompiledAllocationTests
{
    const string Program = @"
FUNCTION_BLOCK Acc
VAR_INPUT x : LREAL; END_VAR
VAR_OUTPUT sum : LREAL; END_VAR
sum := sum + x;
END_FUNCTION_BLOCK
FUNCTION Label : STRING(40)
VAR_INPUT v : REAL; n : DINT; END_VAR
Label := CONCATLESS;
END_FUNCTION
PROGRAM Main
VAR
    accs : ARRAY[1..4] OF Acc;
    i : INT; k : DINT; r : REAL := 1.5; s : STRING; w : WSTRING; t : TIME; d : DINT;
    timer : TON; counter : CTU; edge : R_TRIG; pid : PID; y : REAL; parts : STRING(120); pos : INT; m : DINT;
END_VAR
FOR i := 1 TO 4 DO accs[i](x := INT_TO_LREAL(i) * 0.5); END_FOR;
k := k + 1;
s := REAL_TO_STRING(r * DINT_TO_REAL(k));
d := STRING_TO_DINT(DINT_TO_STRING(k));
t := t + T#10ms;
s := TIME_TO_STRING(t);
w := STRING_TO_WSTRING(s);
s := Label(r, k);
timer(IN := (k MOD 7) < 4, PT := T#30ms);
edge(CLK := timer.Q);
counter(CU := edge.Q, PV := 100);
pid(SET_POINT := 50.0, ACTUAL := y, KP := 0.5, TN := T#1s);
y := y + pid.Y * 0.01;
parts := CONCAT(LEFT(s, 3), '-', MID(s, 2, 2), RIGHT(s, 2));
pos := FIND(parts, '-') + LEN(parts);
m := MAX(k, 3, LIMIT(0, d, 10)) + MUX(k MOD 3, 1, 2, 3);
r := REAL_TO_INT(SQRT(INT_TO_REAL(pos))) + 1.5;
END_PROGRAM";

    [Fact]
    public void ScansOfACompiledProgramAllocateNothing()
    {
        var result = Compilation.Compile(new[] { new SourceText("alloc.st", Program.Replace("CONCATLESS", "REAL_TO_STRING(v)")) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        AssertNoAllocation(result.Image!);
    }

    [Fact]
    public void ScansOfTheExamplesAllocateNothing()
    {
        foreach (var dir in Directory.GetDirectories(RepositoryPaths.Examples))
        {
            var files = Plc.Tests.Conformance.RepositoryPaths.ExampleSources(dir).ToList();
            var result = Compilation.CompileFiles(files);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            AssertNoAllocation(result.Image!);
        }
    }

    static void AssertNoAllocation(Image image)
    {
        var v = Verifier.Verify(image);
        Assert.True(v.Ok, v.Error);
        var interpreter = new Interpreter(image, new DesktopHost(), v);
        int body = image.Tasks[0].Body;
        for (int scan = 0; scan < 50; scan++) Assert.True(interpreter.Run(body, 0, scan * 10_000_000L));   // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int scan = 50; scan < 550; scan++) interpreter.Run(body, 0, scan * 10_000_000L);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}

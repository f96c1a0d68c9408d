using System;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Runtime;

/// <summary>
/// A pointer can write any byte of the program's memory (D32), including what the code later trusts less than
/// a value: VAR_IN_OUT and REFERENCE TO slots, REF_TO variables, string bytes and terminators, a FOR loop's
/// variable, a timer's state. This ST program scribbles pseudo-random bytes over its own instance (and 4 bytes on
/// either side) every scan, then uses all of those. Whatever the bytes, each run must end in completed scans or a
/// runtime fault — never an exception from the host — and both tiers must agree on the fault and the memory.
/// </summary>
public class PointerScribbleTests
{
    readonly ITestOutputHelper output;
    public PointerScribbleTests(ITestOutputHelper output) { this.output = output; }

    const string Program = @"
FUNCTION_BLOCK Worker
VAR_IN_OUT io : DINT; END_VAR
VAR_INPUT txt : STRING(12); END_VAR
VAR_OUTPUT len : INT; copy : STRING(12); END_VAR
io := io + 1;
len := LEN(txt);
copy := CONCAT(txt, 'x');
END_FUNCTION_BLOCK

PROGRAM Main
VAR
    seed : UDINT;
    state : UDINT;
    i : INT;
    lo, span : DINT;
    pb : POINTER TO BYTE;
    w : Worker;
    counter : DINT;
    r : REFERENCE TO DINT;
    rr : REF_TO DINT;
    s1 : STRING(12) := 'hello';
    s2 : STRING(40);
    arr : ARRAY[0..7] OF INT;
    k : INT;
    t : TON;
    total : DINT;
    found : INT;
END_VAR
IF state = 0 THEN state := seed; r REF= counter; rr := REF(total); END_IF;
lo := DWORD_TO_DINT(ADR(seed)) - 4;
span := DWORD_TO_DINT(ADR(found)) + 2 + 4 - lo;
FOR i := 1 TO 2 DO
    state := state * 1664525 + 1013904223;
    pb := DINT_TO_DWORD(lo + UDINT_TO_DINT(state MOD DINT_TO_UDINT(span)));
    state := state * 1664525 + 1013904223;
    pb^ := UDINT_TO_BYTE(state / 16777216);
END_FOR;
w(io := counter, txt := s1);
s2 := CONCAT(w.copy, s1);
r := r + 1;
rr^ := rr^ + 1;
k := arr[counter MOD 8];
t(IN := TRUE, PT := T#50ms);
total := total + LEN(s2);
found := FIND(s2, 'lo');
END_PROGRAM";

    [Fact]
    public void Random_writes_through_a_pointer_end_in_faults_or_scans_never_in_a_host_exception_and_both_tiers_agree()
    {
        var result = Compilation.Compile(new[] { new SourceText("scribble.st", Program) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var image = result.Image!;
        var verified = Verifier.Verify(image);
        Assert.True(verified.Ok, verified.Error);

        int completed = 0, faulted = 0;
        var faultKinds = new System.Collections.Generic.HashSet<FaultCode>();
        for (uint seed = 1; seed <= 120; seed++)
        {
            var interpreted = Run(image, verified, ExecutionTier.Interpreted, seed);
            var compiled = Run(image, verified, ExecutionTier.Compiled, seed);
            Assert.Equal(interpreted.Reason, compiled.Reason);
            Assert.Equal(interpreted.Scans, compiled.Scans);
            Assert.Equal(interpreted.Fault?.Code, compiled.Fault?.Code);
            Assert.Equal(interpreted.Fault?.Position, compiled.Fault?.Position);
            Assert.Equal(interpreted.Memory, compiled.Memory);
            if (interpreted.Reason == ScanStop.Fault) { faulted++; faultKinds.Add(interpreted.Fault!.Value.Code); }
            else completed++;
        }
        output.WriteLine($"120 seeds: {completed} ran 20 scans, {faulted} faulted ({string.Join(", ", faultKinds)})");
        // The scribbling must reach both outcomes, or it tests nothing: some runs survive 20 scans of it, others
        // break a reference or an index and fault.
        Assert.True(completed > 0, "no run completed");
        Assert.True(faulted > 0, "no run faulted");
    }

    sealed record Outcome(ScanStop Reason, long Scans, Fault? Fault, byte[] Memory);

    static Outcome Run(Image image, VerificationResult verified, ExecutionTier tier, uint seed)
    {
        var loop = new ScanLoop(image, verified, new VirtualClock(), new ScanLoopOptions { Tier = tier, WatchdogNs = 10_000_000_000 });
        Assert.Equal(tier, loop.Tier);
        var at = VariablePath.Resolve(image, loop.Memory, "Main.seed", out string? error);
        Assert.True(at != null, error);
        BitConverter.GetBytes(seed).CopyTo(loop.Memory, at!.Value.Address);
        ScanLoopResult r;
        try { r = loop.Run(200_000_000); }   // 20 scans of the default 10 ms task
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"seed {seed} on the {tier} tier: the host threw {e}"); }
        return new Outcome(r.Reason, r.Scans, r.Fault?.Fault, (byte[])loop.Memory.Clone());
    }
}

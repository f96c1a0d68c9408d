using System;
using System.Collections.Generic;
using Plc.Compiler.Binding;
using Plc.Runtime.Core;
using Plc.Tests.Runtime;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>
/// Constant folding executes the same lowered steps the code generator emits (ConstantEvaluator). These tests run
/// those steps in the real interpreter too and demand identical results, for every conversion between elementary
/// types and every binary operator, over edge values and random values.
/// </summary>
public class FoldingConsistencyTests
{
    static readonly long[] Edge =
    {
        0, 1, -1, 2, -2, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, 65535, 65536,
        int.MaxValue, int.MinValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MinValue, 1_000_000, -1_500_000_123,
        86_400_000_000_000, -86_400_000_000_001,
    };

    static readonly double[] EdgeReals =
    {
        0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 3.5, -1.4, -1.6, 1e10, -1e10, 3e9, 4.3e9, 1e19, 2e19, -1e19, 1e300, double.NaN,
        double.PositiveInfinity, double.NegativeInfinity, 0.1, 123456.789, 2147483647.5, -2147483648.5, 65535.5,
    };

    static IEnumerable<long> Values(Random rnd)
    {
        foreach (var v in Edge) yield return v;
        for (int i = 0; i < 40; i++) yield return rnd.NextInt64(long.MinValue, long.MaxValue) >> rnd.Next(0, 63);
    }

    /// <summary>A slot value valid for the stack kind of <paramref name="t"/> (I values sign-extended).</summary>
    static long SlotFor(ElementaryType t, long raw, double real) => t.StackKind switch
    {
        StackKind.I => (int)raw,
        StackKind.L => raw,
        StackKind.F => BitConverter.DoubleToInt64Bits((double)(float)real),
        _ => BitConverter.DoubleToInt64Bits(real),
    };

    static long RunSteps(IReadOnlyList<Step> steps, ElementaryType from, long slot, ElementaryType to, out FaultCode fault)
    {
        var b = new CodeBuilder(64);
        b.BeginPou("t", PouKind.TaskBody);
        b.Op(Opcode.LeaG, 8);
        switch (from.StackKind)
        {
            case StackKind.I: b.PushI((int)slot); break;
            case StackKind.L: b.Op(Opcode.PushL, b.Const(slot)); break;
            case StackKind.F: b.Op(Opcode.PushF, b.Const(slot)); break;
            default: b.Op(Opcode.PushD, b.Const(slot)); break;
        }
        foreach (var s in steps)
        {
            switch (s.Op)
            {
                case Opcode.PushI: b.PushI((int)s.Operand); break;
                case Opcode.PushL: case Opcode.PushD: case Opcode.PushF: b.Op(s.Op, b.Const(s.Operand)); break;
                case Opcode.Clamp_I: b.Op(s.Op, (int)s.Operand, (int)s.Operand2); break;
                default: b.Op(s.Op); break;
            }
        }
        if (to.StackKind == StackKind.I) b.Op(Opcode.I2L);
        if (to.StackKind is StackKind.I or StackKind.L) b.Op(Opcode.StX_I64, 0); else b.Op(Opcode.StX_F64, 0);
        b.Op(Opcode.Ret);
        b.EndPou();
        var interpreter = Exec.Load(b.Build());
        bool ok = interpreter.Run(0, 0, 0);
        fault = ok ? FaultCode.None : interpreter.Fault.Code;
        return BitConverter.ToInt64(interpreter.Memory, 8);
    }

    [Fact]
    public void EveryConversionFoldsLikeTheInterpreterRunsIt()
    {
        var rnd = new Random(61131);
        int checkedCases = 0;
        foreach (var from in ElementaryType.All)
        foreach (var to in ElementaryType.All)
        foreach (bool explicitConversion in new[] { false, true })
        {
            var steps = Lowering.Conversion(from, to, explicitConversion);
            if (steps == null) continue;
            var inputs = new List<long>();
            if (from.IsReal) foreach (var r in EdgeReals) inputs.Add(SlotFor(from, 0, r));
            else foreach (var v in Values(rnd)) inputs.Add(SlotFor(from, v, 0));
            foreach (long slot in inputs)
            {
                var stack = new long[16];
                int sp = 0;
                stack[sp++] = slot;
                var outcome = ConstantEvaluator.Run(steps, stack, ref sp);
                long actual = RunSteps(steps, from, slot, to, out var fault);
                Assert.Equal(ConstantEvaluator.Outcome.Ok, outcome);
                Assert.Equal(FaultCode.None, fault);
                long expected = to.StackKind == StackKind.I ? (int)stack[0] : stack[0];
                if (to.IsReal && double.IsNaN(BitConverter.Int64BitsToDouble(expected)))
                    Assert.True(double.IsNaN(BitConverter.Int64BitsToDouble(actual)), $"{from}->{to} of {slot}");
                else
                    Assert.True(expected == actual, $"{(explicitConversion ? "explicit" : "implicit")} {from.Name}->{to.Name} of slot {slot}: folded {expected}, ran {actual}");
                checkedCases++;
            }
        }
        Assert.True(checkedCases > 10_000);
    }

    [Fact]
    public void EveryBinaryOperatorFoldsLikeTheInterpreterRunsIt()
    {
        var rnd = new Random(1131);
        foreach (var t in ElementaryType.All)
        foreach (BinaryOp op in Enum.GetValues(typeof(BinaryOp)))
        {
            var opcode = Lowering.Binary(op, t);
            if (opcode == null) continue;
            for (int i = 0; i < 200; i++)
            {
                long a = t.IsReal ? SlotFor(t, 0, EdgeReals[rnd.Next(EdgeReals.Length)] * rnd.Next(-3, 4))
                    : SlotFor(t, Edge[rnd.Next(Edge.Length)] + rnd.Next(-2, 3), 0);
                long b = t.IsReal ? SlotFor(t, 0, EdgeReals[rnd.Next(EdgeReals.Length)])
                    : SlotFor(t, rnd.Next(2) == 0 ? Edge[rnd.Next(Edge.Length)] : rnd.Next(-50, 50), 0);
                var stack = new long[] { a, b, 0, 0 };
                int sp = 2;
                var outcome = ConstantEvaluator.Execute(new Step(opcode.Value), stack, ref sp);
                // Run "a op b" in the interpreter: push a (via RunSteps), then b and the operator as steps.
                var runSteps = new List<Step>();
                runSteps.Add(t.StackKind switch
                {
                    StackKind.I => new Step(Opcode.PushI, b),
                    StackKind.L => new Step(Opcode.PushL, b),
                    StackKind.F => new Step(Opcode.PushF, b),
                    _ => new Step(Opcode.PushD, b),
                });
                runSteps.Add(new Step(opcode.Value));
                var resultType = op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge ? ElementaryType.Bool : t;
                long actual = RunSteps(runSteps, t, a, resultType, out var fault);
                if (outcome == ConstantEvaluator.Outcome.DivisionByZero)
                {
                    Assert.Equal(FaultCode.DivisionByZero, fault);
                    continue;
                }
                Assert.Equal(ConstantEvaluator.Outcome.Ok, outcome);
                Assert.Equal(FaultCode.None, fault);
                long expected = resultType.StackKind == StackKind.I ? (int)stack[0] : stack[0];
                if (resultType.IsReal && double.IsNaN(BitConverter.Int64BitsToDouble(expected)))
                    Assert.True(double.IsNaN(BitConverter.Int64BitsToDouble(actual)));
                else
                    Assert.True(expected == actual, $"{t.Name} {op}: {a} op {b}: folded {expected}, ran {actual}");
            }
        }
    }
}

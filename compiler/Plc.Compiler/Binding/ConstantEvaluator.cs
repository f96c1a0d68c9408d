using System;
using System.Collections.Generic;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

/// <summary>
/// Folds constants by executing the same instruction steps the code generator would emit, with the interpreter's
/// semantics (docs/bytecode.md), on 64-bit stack slots. Keeping one definition of each operation means a constant
/// folded at compile time always equals the value computed at run time.
/// </summary>
public static class ConstantEvaluator
{
    /// <summary>Result of an evaluation: the value, or the reason it could not be folded.</summary>
    public enum Outcome { Ok, DivisionByZero, NotFoldable }

    public static Outcome Run(IReadOnlyList<Step> steps, long[] stack, ref int sp)
    {
        foreach (var step in steps)
        {
            var o = Execute(step, stack, ref sp);
            if (o != Outcome.Ok) return o;
        }
        return Outcome.Ok;
    }

    static double D(long bits) => BitConverter.Int64BitsToDouble(bits);
    static long B(double d) => BitConverter.DoubleToInt64Bits(d);
    static long F(double d) => BitConverter.DoubleToInt64Bits((double)(float)d);
    static long I(long v) => (int)v;

    public static Outcome Execute(Step step, long[] s, ref int sp)
    {
        long a, b;
        switch (step.Op)
        {
            case Opcode.PushI: s[sp++] = (int)step.Operand; return Outcome.Ok;
            case Opcode.PushL: case Opcode.PushD: case Opcode.PushF: s[sp++] = step.Operand; return Outcome.Ok;
            case Opcode.Dup: s[sp] = s[sp - 1]; sp++; return Outcome.Ok;
            case Opcode.Pop: sp--; return Outcome.Ok;
            case Opcode.Norm_I8: s[sp - 1] = (sbyte)s[sp - 1]; return Outcome.Ok;
            case Opcode.Norm_U8: s[sp - 1] = (byte)s[sp - 1]; return Outcome.Ok;
            case Opcode.Norm_I16: s[sp - 1] = (short)s[sp - 1]; return Outcome.Ok;
            case Opcode.Norm_U16: s[sp - 1] = (ushort)s[sp - 1]; return Outcome.Ok;
            case Opcode.Clamp_I: s[sp - 1] = Math.Clamp(s[sp - 1], step.Operand, step.Operand2); return Outcome.Ok;
            case Opcode.I2L: return Outcome.Ok;
            case Opcode.U2L: s[sp - 1] = (uint)s[sp - 1]; return Outcome.Ok;
            case Opcode.L2I: s[sp - 1] = (int)s[sp - 1]; return Outcome.Ok;
            case Opcode.I2D: s[sp - 1] = B((int)s[sp - 1]); return Outcome.Ok;
            case Opcode.U2D: s[sp - 1] = B((uint)s[sp - 1]); return Outcome.Ok;
            case Opcode.L2D: s[sp - 1] = B(s[sp - 1]); return Outcome.Ok;
            case Opcode.UL2D: s[sp - 1] = B((ulong)s[sp - 1]); return Outcome.Ok;
            case Opcode.D2F: s[sp - 1] = F(D(s[sp - 1])); return Outcome.Ok;
            case Opcode.D2I_Round: s[sp - 1] = (long)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.DInt, false); return Outcome.Ok;
            case Opcode.D2I_Trunc: s[sp - 1] = (long)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.DInt, true); return Outcome.Ok;
            case Opcode.D2U_Round: s[sp - 1] = (int)(uint)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.UDInt, false); return Outcome.Ok;
            case Opcode.D2U_Trunc: s[sp - 1] = (int)(uint)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.UDInt, true); return Outcome.Ok;
            case Opcode.D2L_Round: s[sp - 1] = (long)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.LInt, false); return Outcome.Ok;
            case Opcode.D2L_Trunc: s[sp - 1] = (long)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.LInt, true); return Outcome.Ok;
            case Opcode.D2UL_Round: s[sp - 1] = (long)(ulong)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.ULInt, false); return Outcome.Ok;
            case Opcode.D2UL_Trunc: s[sp - 1] = (long)(ulong)Constant.RealToInteger(D(s[sp - 1]), ElementaryType.ULInt, true); return Outcome.Ok;
            case Opcode.F2Bits: s[sp - 1] = BitConverter.SingleToInt32Bits((float)D(s[sp - 1])); return Outcome.Ok;
            case Opcode.Bits2F: s[sp - 1] = B(BitConverter.Int32BitsToSingle((int)s[sp - 1])); return Outcome.Ok;
            case Opcode.D2Bits: return Outcome.Ok;
            case Opcode.Bits2D: return Outcome.Ok;
            case Opcode.Neg_I: s[sp - 1] = I(-s[sp - 1]); return Outcome.Ok;
            case Opcode.Not_I: s[sp - 1] = I(~s[sp - 1]); return Outcome.Ok;
            case Opcode.BoolNot: s[sp - 1] = s[sp - 1] == 0 ? 1 : 0; return Outcome.Ok;
            case Opcode.Neg_L: s[sp - 1] = unchecked(-s[sp - 1]); return Outcome.Ok;
            case Opcode.Not_L: s[sp - 1] = ~s[sp - 1]; return Outcome.Ok;
            case Opcode.Neg_F: s[sp - 1] = F(-D(s[sp - 1])); return Outcome.Ok;
            case Opcode.Neg_D: s[sp - 1] = B(-D(s[sp - 1])); return Outcome.Ok;
        }

        b = s[--sp];
        a = s[sp - 1];
        long r;
        switch (step.Op)
        {
            case Opcode.Add_I: r = I(a + b); break;
            case Opcode.Sub_I: r = I(a - b); break;
            case Opcode.Mul_I: r = I(unchecked((int)a * (int)b)); break;
            case Opcode.Div_I: if ((int)b == 0) return Outcome.DivisionByZero; r = I((long)(int)a / (int)b); break;
            case Opcode.Mod_I: if ((int)b == 0) return Outcome.DivisionByZero; r = I((long)(int)a % (int)b); break;
            case Opcode.DivU_I: if ((uint)b == 0) return Outcome.DivisionByZero; r = (int)((uint)a / (uint)b); break;
            case Opcode.ModU_I: if ((uint)b == 0) return Outcome.DivisionByZero; r = (int)((uint)a % (uint)b); break;
            case Opcode.And_I: r = I(a & b); break;
            case Opcode.Or_I: r = I(a | b); break;
            case Opcode.Xor_I: r = I(a ^ b); break;
            case Opcode.Add_L: r = unchecked(a + b); break;
            case Opcode.Sub_L: r = unchecked(a - b); break;
            case Opcode.Mul_L: r = unchecked(a * b); break;
            case Opcode.Div_L: if (b == 0) return Outcome.DivisionByZero; r = b == -1 ? unchecked(-a) : a / b; break;
            case Opcode.Mod_L: if (b == 0) return Outcome.DivisionByZero; r = b == -1 ? 0 : a % b; break;
            case Opcode.DivU_L: if (b == 0) return Outcome.DivisionByZero; r = (long)((ulong)a / (ulong)b); break;
            case Opcode.ModU_L: if (b == 0) return Outcome.DivisionByZero; r = (long)((ulong)a % (ulong)b); break;
            case Opcode.And_L: r = a & b; break;
            case Opcode.Or_L: r = a | b; break;
            case Opcode.Xor_L: r = a ^ b; break;
            case Opcode.Add_F: r = F(D(a) + D(b)); break;
            case Opcode.Sub_F: r = F(D(a) - D(b)); break;
            case Opcode.Mul_F: r = F(D(a) * D(b)); break;
            case Opcode.Div_F: if (D(b) == 0) return Outcome.DivisionByZero; r = F(D(a) / D(b)); break;
            case Opcode.Add_D: r = B(D(a) + D(b)); break;
            case Opcode.Sub_D: r = B(D(a) - D(b)); break;
            case Opcode.Mul_D: r = B(D(a) * D(b)); break;
            case Opcode.Div_D: if (D(b) == 0) return Outcome.DivisionByZero; r = B(D(a) / D(b)); break;
            case Opcode.Expt_F: r = F(Math.Pow(D(a), D(b))); break;
            case Opcode.Expt_D: r = B(Math.Pow(D(a), D(b))); break;
            case Opcode.Eq_I: r = (int)a == (int)b ? 1 : 0; break;
            case Opcode.Ne_I: r = (int)a != (int)b ? 1 : 0; break;
            case Opcode.Lt_I: r = (int)a < (int)b ? 1 : 0; break;
            case Opcode.Le_I: r = (int)a <= (int)b ? 1 : 0; break;
            case Opcode.Gt_I: r = (int)a > (int)b ? 1 : 0; break;
            case Opcode.Ge_I: r = (int)a >= (int)b ? 1 : 0; break;
            case Opcode.LtU_I: r = (uint)a < (uint)b ? 1 : 0; break;
            case Opcode.LeU_I: r = (uint)a <= (uint)b ? 1 : 0; break;
            case Opcode.GtU_I: r = (uint)a > (uint)b ? 1 : 0; break;
            case Opcode.GeU_I: r = (uint)a >= (uint)b ? 1 : 0; break;
            case Opcode.Eq_L: r = a == b ? 1 : 0; break;
            case Opcode.Ne_L: r = a != b ? 1 : 0; break;
            case Opcode.Lt_L: r = a < b ? 1 : 0; break;
            case Opcode.Le_L: r = a <= b ? 1 : 0; break;
            case Opcode.Gt_L: r = a > b ? 1 : 0; break;
            case Opcode.Ge_L: r = a >= b ? 1 : 0; break;
            case Opcode.LtU_L: r = (ulong)a < (ulong)b ? 1 : 0; break;
            case Opcode.LeU_L: r = (ulong)a <= (ulong)b ? 1 : 0; break;
            case Opcode.GtU_L: r = (ulong)a > (ulong)b ? 1 : 0; break;
            case Opcode.GeU_L: r = (ulong)a >= (ulong)b ? 1 : 0; break;
            case Opcode.Eq_D: r = D(a) == D(b) ? 1 : 0; break;
            case Opcode.Ne_D: r = D(a) != D(b) ? 1 : 0; break;
            case Opcode.Lt_D: r = D(a) < D(b) ? 1 : 0; break;
            case Opcode.Le_D: r = D(a) <= D(b) ? 1 : 0; break;
            case Opcode.Gt_D: r = D(a) > D(b) ? 1 : 0; break;
            case Opcode.Ge_D: r = D(a) >= D(b) ? 1 : 0; break;
            default:
                sp++;
                return Outcome.NotFoldable;
        }
        s[sp - 1] = r;
        return Outcome.Ok;
    }

    /// <summary>The stack slot of a constant of a scalar type (as the interpreter would hold it).</summary>
    public static long ToSlot(Constant c, PlcType type)
    {
        var t = Lowering.Scalar(type);
        if (t == null) return 0;
        switch (t.StackKind)
        {
            case StackKind.I: return c.IsInteger ? (long)(int)(uint)(c.Integer & 0xFFFFFFFF) : 0;
            case StackKind.L: return c.IsInteger ? (long)(ulong)(c.Integer & ulong.MaxValue) : 0;
            case StackKind.F: return B((double)(float)c.AsDouble);
            default: return B(c.AsDouble);
        }
    }

    /// <summary>The constant of a stack slot of a scalar type: integers in the type's domain (UDINT/ULINT
    /// non-negative), narrow types as the 32-bit value.</summary>
    public static Constant FromSlot(long slot, PlcType type)
    {
        var t = Lowering.Scalar(type);
        if (t == null) return Constant.Of((Int128)slot);
        switch (t.StackKind)
        {
            case StackKind.I: return Constant.Of(Lowering.IsUnsigned32(t) ? (Int128)(uint)slot : (Int128)(int)slot);
            case StackKind.L: return Constant.Of(Lowering.IsUnsigned64(t) ? (Int128)(ulong)slot : (Int128)slot);
            default: return Constant.Of(D(slot));
        }
    }

    /// <summary>Runs steps on a single constant operand.</summary>
    public static (Outcome, Constant) Apply(IReadOnlyList<Step> steps, Constant value, PlcType from, PlcType to)
    {
        var stack = new long[16];
        int sp = 0;
        stack[sp++] = ToSlot(value, from);
        var o = Run(steps, stack, ref sp);
        return o == Outcome.Ok && sp == 1 ? (o, FromSlot(stack[0], to)) : (o == Outcome.Ok ? Outcome.NotFoldable : o, default);
    }

    /// <summary>Runs a binary opcode on two constants of the operand type.</summary>
    public static (Outcome, Constant) Apply(Opcode op, Constant left, Constant right, PlcType operandType, PlcType resultType)
    {
        var stack = new long[4];
        int sp = 0;
        stack[sp++] = ToSlot(left, operandType);
        stack[sp++] = ToSlot(right, operandType);
        var o = Execute(new Step(op), stack, ref sp);
        return o == Outcome.Ok ? (o, FromSlot(stack[0], resultType)) : (o, default);
    }
}

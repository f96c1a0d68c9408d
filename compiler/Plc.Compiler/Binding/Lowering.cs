using System.Collections.Generic;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

/// <summary>
/// One instruction of a lowered operation. PushI/PushL/PushD carry their value in Operand (the code generator
/// moves L/D values into the constant pool); Clamp_I carries its bounds in Operand and Operand2.
/// The same steps are executed by <see cref="ConstantEvaluator"/> to fold constants, so a folded constant is
/// always exactly what the interpreter would have computed.
/// </summary>
public readonly record struct Step(Opcode Op, long Operand = 0, long Operand2 = 0);

/// <summary>Lowers operators and conversions of scalar types to instruction steps.</summary>
public static class Lowering
{
    const long NsPerMs = 1_000_000;
    const long NsPerS = 1_000_000_000;
    const long NsPerDay = 86_400L * NsPerS;

    /// <summary>True for the 32-bit types that use unsigned division and comparison.</summary>
    public static bool IsUnsigned32(ElementaryType t) => t.Kind is ElementaryKind.UDInt or ElementaryKind.DWord;
    public static bool IsUnsigned64(ElementaryType t) => t.Kind is ElementaryKind.ULInt or ElementaryKind.LWord;

    /// <summary>The elementary type an operand of this type computes as (enum and subrange: their base).</summary>
    public static ElementaryType? Scalar(PlcType t) => t switch
    {
        ElementaryType e => e,
        SubrangeType s => s.Base,
        EnumType en => en.Base,
        RefType or NullType or ReferenceType => ElementaryType.DInt,
        PointerType or InterfaceType => ElementaryType.UDInt,
        _ => null,
    };

    /// <summary>Steps that wrap a 32-bit stack value of a narrow type back into its range.</summary>
    public static void Normalize(ElementaryType t, List<Step> steps)
    {
        switch (t.Kind)
        {
            case ElementaryKind.SInt: steps.Add(new Step(Opcode.Norm_I8)); break;
            case ElementaryKind.USInt: case ElementaryKind.Byte: case ElementaryKind.Char: steps.Add(new Step(Opcode.Norm_U8)); break;
            case ElementaryKind.Int: steps.Add(new Step(Opcode.Norm_I16)); break;
            case ElementaryKind.UInt: case ElementaryKind.Word: case ElementaryKind.WChar: steps.Add(new Step(Opcode.Norm_U16)); break;
        }
    }

    static bool IsTimeLike(ElementaryType t) => t.IsDuration || t.IsDateTime;

    /// <summary>Nanoseconds per unit of the integer/real form of a time or date type (D8).</summary>
    static long UnitOf(ElementaryType t) => t.Kind switch
    {
        ElementaryKind.Time or ElementaryKind.TimeOfDay => NsPerMs,
        ElementaryKind.Date or ElementaryKind.DateAndTime => NsPerS,
        _ => 1,
    };

    enum Family { None, Duration, Date, Tod, Dt }

    static Family FamilyOf(ElementaryType t) => t.Kind switch
    {
        ElementaryKind.Time or ElementaryKind.LTime => Family.Duration,
        ElementaryKind.Date or ElementaryKind.LDate => Family.Date,
        ElementaryKind.TimeOfDay or ElementaryKind.LTimeOfDay => Family.Tod,
        ElementaryKind.DateAndTime or ElementaryKind.LDateAndTime => Family.Dt,
        _ => Family.None,
    };

    /// <summary>
    /// Steps converting a value of <paramref name="from"/> to <paramref name="to"/>, or null when no such
    /// conversion exists. Explicit conversions (X_TO_Y functions) first wrap the operand to its own type and
    /// use binary transfer for DWORD/REAL and LWORD/LREAL (D6); truncate selects TRUNC semantics.
    /// </summary>
    public static List<Step>? Conversion(ElementaryType from, ElementaryType to, bool explicitConversion, bool truncate = false)
    {
        var s = new List<Step>();
        if (explicitConversion) Normalize(from, s);
        if (from == to) return s;

        bool fromInt = from.IsIntegral || from.IsBool || from.IsChar;
        bool toInt = to.IsIntegral || to.IsBool || to.IsChar;

        // Bool targets: non-zero is TRUE.
        if (to.IsBool && (fromInt || from.IsReal || IsTimeLike(from)))
        {
            switch (from.StackKind)
            {
                case StackKind.I: s.Add(new Step(Opcode.PushI, 0)); s.Add(new Step(Opcode.Ne_I)); break;
                case StackKind.L: s.Add(new Step(Opcode.PushL, 0)); s.Add(new Step(Opcode.Ne_L)); break;
                default: s.Add(new Step(Opcode.PushD, System.BitConverter.DoubleToInt64Bits(0.0))); s.Add(new Step(Opcode.Ne_D)); break;
            }
            return s;
        }

        if (fromInt && toInt)
        {
            IntegerToStack(from, to.StackKind, s);
            Normalize(to, s);
            return s;
        }
        if (fromInt && to.IsReal)
        {
            if (explicitConversion && from.Kind == ElementaryKind.DWord && to.Kind == ElementaryKind.Real)
            { s.Add(new Step(Opcode.Bits2F)); return s; }
            if (explicitConversion && from.Kind == ElementaryKind.LWord && to.Kind == ElementaryKind.LReal)
            { s.Add(new Step(Opcode.Bits2D)); return s; }
            IntegerToDouble(from, s);
            if (to.Kind == ElementaryKind.Real) s.Add(new Step(Opcode.D2F));
            return s;
        }
        if (from.IsReal && toInt)
        {
            if (explicitConversion && from.Kind == ElementaryKind.Real && to.Kind == ElementaryKind.DWord)
            { s.Add(new Step(Opcode.F2Bits)); return s; }
            if (explicitConversion && from.Kind == ElementaryKind.LReal && to.Kind == ElementaryKind.LWord)
            { s.Add(new Step(Opcode.D2Bits)); return s; }
            DoubleToInteger(to, truncate, s);
            return s;
        }
        if (from.IsReal && to.IsReal)
        {
            if (to.Kind == ElementaryKind.Real) s.Add(new Step(Opcode.D2F));
            return s;
        }

        if (IsTimeLike(from) || IsTimeLike(to))
        {
            var ff = FamilyOf(from);
            var tf = FamilyOf(to);
            if (ff != Family.None && tf != Family.None)
            {
                if (ff == tf) return s;
                if (ff == Family.Dt && tf == Family.Date) { FloorToDay(s); return s; }
                if (ff == Family.Dt && tf == Family.Tod) { ModDay(s); return s; }
                if (ff == Family.Date && tf == Family.Dt) return s;
                if ((ff == Family.Tod && tf == Family.Duration) || (ff == Family.Duration && tf == Family.Tod)) return s;
                return null;
            }
            if (IsTimeLike(from) && toInt)
            {
                long unit = UnitOf(from);
                if (unit != 1) { s.Add(new Step(Opcode.PushL, unit)); s.Add(new Step(Opcode.Div_L)); }
                IntegerToStack(ElementaryType.LInt, to.StackKind, s);
                Normalize(to, s);
                return s;
            }
            if (fromInt && IsTimeLike(to))
            {
                IntegerToStack(from, StackKind.L, s);
                long unit = UnitOf(to);
                if (unit != 1) { s.Add(new Step(Opcode.PushL, unit)); s.Add(new Step(Opcode.Mul_L)); }
                return s;
            }
            if (IsTimeLike(from) && to.IsReal)
            {
                s.Add(new Step(Opcode.L2D));
                long unit = UnitOf(from);
                if (unit != 1) { s.Add(new Step(Opcode.PushD, System.BitConverter.DoubleToInt64Bits(unit))); s.Add(new Step(Opcode.Div_D)); }
                if (to.Kind == ElementaryKind.Real) s.Add(new Step(Opcode.D2F));
                return s;
            }
            if (from.IsReal && IsTimeLike(to))
            {
                long unit = UnitOf(to);
                if (unit != 1) { s.Add(new Step(Opcode.PushD, System.BitConverter.DoubleToInt64Bits(unit))); s.Add(new Step(Opcode.Mul_D)); }
                s.Add(new Step(truncate ? Opcode.D2L_Trunc : Opcode.D2L_Round));
                return s;
            }
        }
        return null;
    }

    /// <summary>Reinterprets a time/date value as its nanosecond count (LINT) or back, or a LINT as LREAL.</summary>
    public static List<Step> Raw(StackKind from, StackKind to)
    {
        var s = new List<Step>();
        if (from == StackKind.L && (to == StackKind.D || to == StackKind.F)) s.Add(new Step(Opcode.L2D));
        else if ((from == StackKind.D || from == StackKind.F) && to == StackKind.L) s.Add(new Step(Opcode.D2L_Round));
        else if (from == StackKind.I && to == StackKind.L) s.Add(new Step(Opcode.I2L));
        return s;
    }

    static void FloorToDay(List<Step> s)
    {
        s.Add(new Step(Opcode.Dup));
        ModDay(s);
        s.Add(new Step(Opcode.Sub_L));
    }

    /// <summary>Steps that bring a nanosecond count into 0 ≤ x < one day (floor modulo).</summary>
    public static List<Step> WrapDay()
    {
        var s = new List<Step>();
        ModDay(s);
        return s;
    }

    static void ModDay(List<Step> s)
    {
        s.Add(new Step(Opcode.PushL, NsPerDay)); s.Add(new Step(Opcode.Mod_L));
        s.Add(new Step(Opcode.PushL, NsPerDay)); s.Add(new Step(Opcode.Add_L));
        s.Add(new Step(Opcode.PushL, NsPerDay)); s.Add(new Step(Opcode.Mod_L));
    }

    /// <summary>Moves an integer value between the I and L stack kinds with the right extension.</summary>
    static void IntegerToStack(ElementaryType from, StackKind target, List<Step> s)
    {
        if (from.StackKind == target) return;
        if (from.StackKind == StackKind.I && target == StackKind.L)
            s.Add(new Step(IsUnsigned32(from) ? Opcode.U2L : Opcode.I2L));
        else if (from.StackKind == StackKind.L && target == StackKind.I)
            s.Add(new Step(Opcode.L2I));
    }

    static void IntegerToDouble(ElementaryType from, List<Step> s)
    {
        if (from.StackKind == StackKind.I) s.Add(new Step(IsUnsigned32(from) ? Opcode.U2D : Opcode.I2D));
        else s.Add(new Step(IsUnsigned64(from) ? Opcode.UL2D : Opcode.L2D));
    }

    static void DoubleToInteger(ElementaryType to, bool truncate, List<Step> s)
    {
        if (to.StackKind == StackKind.L)
            s.Add(new Step(IsUnsigned64(to) ? (truncate ? Opcode.D2UL_Trunc : Opcode.D2UL_Round) : (truncate ? Opcode.D2L_Trunc : Opcode.D2L_Round)));
        else if (IsUnsigned32(to))
            s.Add(new Step(truncate ? Opcode.D2U_Trunc : Opcode.D2U_Round));
        else
        {
            s.Add(new Step(truncate ? Opcode.D2I_Trunc : Opcode.D2I_Round));
            if (to.Size < 4)
            {
                var (min, max) = to.IntegerRange;
                s.Add(new Step(Opcode.Clamp_I, (long)min, (long)max));
            }
        }
    }

    /// <summary>The opcode of a binary operator on operands of a scalar type, or null when it has none.</summary>
    public static Opcode? Binary(BinaryOp op, ElementaryType t)
    {
        switch (t.StackKind)
        {
            case StackKind.I:
            {
                bool u = IsUnsigned32(t);
                return op switch
                {
                    BinaryOp.Add => Opcode.Add_I, BinaryOp.Sub => Opcode.Sub_I, BinaryOp.Mul => Opcode.Mul_I,
                    BinaryOp.Div => u ? Opcode.DivU_I : Opcode.Div_I, BinaryOp.Mod => u ? Opcode.ModU_I : Opcode.Mod_I,
                    BinaryOp.And => Opcode.And_I, BinaryOp.Or => Opcode.Or_I, BinaryOp.Xor => Opcode.Xor_I,
                    BinaryOp.Eq => Opcode.Eq_I, BinaryOp.Ne => Opcode.Ne_I,
                    BinaryOp.Lt => u ? Opcode.LtU_I : Opcode.Lt_I, BinaryOp.Le => u ? Opcode.LeU_I : Opcode.Le_I,
                    BinaryOp.Gt => u ? Opcode.GtU_I : Opcode.Gt_I, BinaryOp.Ge => u ? Opcode.GeU_I : Opcode.Ge_I,
                    _ => null,
                };
            }
            case StackKind.L:
            {
                bool u = IsUnsigned64(t);
                return op switch
                {
                    BinaryOp.Add => Opcode.Add_L, BinaryOp.Sub => Opcode.Sub_L, BinaryOp.Mul => Opcode.Mul_L,
                    BinaryOp.Div => u ? Opcode.DivU_L : Opcode.Div_L, BinaryOp.Mod => u ? Opcode.ModU_L : Opcode.Mod_L,
                    BinaryOp.And => Opcode.And_L, BinaryOp.Or => Opcode.Or_L, BinaryOp.Xor => Opcode.Xor_L,
                    BinaryOp.Eq => Opcode.Eq_L, BinaryOp.Ne => Opcode.Ne_L,
                    BinaryOp.Lt => u ? Opcode.LtU_L : Opcode.Lt_L, BinaryOp.Le => u ? Opcode.LeU_L : Opcode.Le_L,
                    BinaryOp.Gt => u ? Opcode.GtU_L : Opcode.Gt_L, BinaryOp.Ge => u ? Opcode.GeU_L : Opcode.Ge_L,
                    _ => null,
                };
            }
            case StackKind.F:
                return op switch
                {
                    BinaryOp.Add => Opcode.Add_F, BinaryOp.Sub => Opcode.Sub_F, BinaryOp.Mul => Opcode.Mul_F,
                    BinaryOp.Div => Opcode.Div_F, BinaryOp.Power => Opcode.Expt_F,
                    BinaryOp.Eq => Opcode.Eq_D, BinaryOp.Ne => Opcode.Ne_D, BinaryOp.Lt => Opcode.Lt_D,
                    BinaryOp.Le => Opcode.Le_D, BinaryOp.Gt => Opcode.Gt_D, BinaryOp.Ge => Opcode.Ge_D,
                    _ => null,
                };
            case StackKind.D:
                return op switch
                {
                    BinaryOp.Add => Opcode.Add_D, BinaryOp.Sub => Opcode.Sub_D, BinaryOp.Mul => Opcode.Mul_D,
                    BinaryOp.Div => Opcode.Div_D, BinaryOp.Power => Opcode.Expt_D,
                    BinaryOp.Eq => Opcode.Eq_D, BinaryOp.Ne => Opcode.Ne_D, BinaryOp.Lt => Opcode.Lt_D,
                    BinaryOp.Le => Opcode.Le_D, BinaryOp.Gt => Opcode.Gt_D, BinaryOp.Ge => Opcode.Ge_D,
                    _ => null,
                };
        }
        return null;
    }

    /// <summary>Steps of a unary operator on a scalar type.</summary>
    public static List<Step>? Unary(UnaryOp op, ElementaryType t)
    {
        var s = new List<Step>();
        if (op == UnaryOp.Negate)
        {
            s.Add(new Step(t.StackKind switch
            {
                StackKind.I => Opcode.Neg_I, StackKind.L => Opcode.Neg_L, StackKind.F => Opcode.Neg_F, _ => Opcode.Neg_D,
            }));
            return s;
        }
        if (t.IsBool) { s.Add(new Step(Opcode.BoolNot)); return s; }
        if (t.StackKind == StackKind.I)
        {
            s.Add(new Step(Opcode.Not_I));
            if (t.IsUnsigned) Normalize(t, s);
            return s;
        }
        if (t.StackKind == StackKind.L) { s.Add(new Step(Opcode.Not_L)); return s; }
        return null;
    }
}

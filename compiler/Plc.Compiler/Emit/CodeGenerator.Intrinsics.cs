using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

// The generic standard functions: ABS, math, SEL/MUX, MAX/MIN/LIMIT, shifts and rotations, string functions.
public sealed partial class CodeGenerator
{
    void EmitIntrinsic(BoundIntrinsic bi)
    {
        var args = bi.Arguments;
        switch (bi.Kind)
        {
            case IntrinsicKind.Abs: EmitAbs(args[0], Lowering.Scalar(bi.Type)!); return;
            case IntrinsicKind.Math:
                EmitValue(args[0]);
                code.Emit(Opcode.Math1, (int)bi.Function);
                if (bi.Type.StackKind == StackKind.F) code.Emit(Opcode.D2F);
                return;
            case IntrinsicKind.Atan2:
                EmitValue(args[0]);
                EmitValue(args[1]);
                code.Emit(Opcode.Math2, (int)MathFunction.Atan2);
                if (bi.Type.StackKind == StackKind.F) code.Emit(Opcode.D2F);
                return;
            case IntrinsicKind.Mux: EmitChoice(bi); return;
            case IntrinsicKind.Max:
            case IntrinsicKind.Min:
            {
                var t = Lowering.Scalar(bi.Type)!;
                EmitValue(args[0]);
                for (int k = 1; k < args.Length; k++)
                {
                    EmitValue(args[k]);
                    code.Emit(ExtremeOpcode(t, bi.Kind == IntrinsicKind.Max));
                }
                return;
            }
            case IntrinsicKind.Limit:
            {
                var t = Lowering.Scalar(bi.Type)!;
                EmitValue(args[0]);
                EmitValue(args[1]);
                code.Emit(ExtremeOpcode(t, max: true));
                EmitValue(args[2]);
                code.Emit(ExtremeOpcode(t, max: false));
                return;
            }
            case IntrinsicKind.Shl:
            case IntrinsicKind.Shr:
            case IntrinsicKind.Rol:
            case IntrinsicKind.Ror:
                EmitShift(bi);
                return;
            case IntrinsicKind.Len:
                Materialize(EmitAddress(args[0]));
                code.Emit(Opcode.PushI, Wide(args[0]));
                code.Emit(Opcode.CallNative, NativeCatalog.StrLen);
                return;
            case IntrinsicKind.Find:
                Materialize(EmitAddress(args[0]));
                Materialize(EmitAddress(args[1]));
                code.Emit(Opcode.PushI, Wide(args[0]));
                code.Emit(Opcode.CallNative, NativeCatalog.StrFind);
                return;
            default:
                EmitStringResult(bi);
                return;
        }
    }

    static int Wide(BoundExpression s) => ((StringType)s.Type).Wide ? 1 : 0;

    /// <summary>ABS: negative values negated (unsigned types are their own absolute value).</summary>
    void EmitAbs(BoundExpression x, ElementaryType t)
    {
        EmitValue(x);
        if (t.IsUnsigned) return;
        int done = code.NewLabel();
        code.Emit(Opcode.Dup);
        switch (t.StackKind)
        {
            case StackKind.I: code.Emit(Opcode.PushI, 0); code.Emit(Opcode.Lt_I); break;
            case StackKind.L: code.Emit(Opcode.PushL, code.Constant(0)); code.Emit(Opcode.Lt_L); break;
            default: code.Emit(Opcode.PushD, code.Constant(0)); code.Emit(Opcode.Lt_D); break;
        }
        code.EmitJump(Opcode.Jz, done);
        code.Emit(t.StackKind switch
        {
            StackKind.I => Opcode.Neg_I, StackKind.L => Opcode.Neg_L, StackKind.F => Opcode.Neg_F, _ => Opcode.Neg_D,
        });
        code.Mark(done);
    }

    static Opcode ExtremeOpcode(ElementaryType t, bool max) => t.StackKind switch
    {
        StackKind.I => Lowering.IsUnsigned32(t) ? (max ? Opcode.MaxU_I : Opcode.MinU_I) : (max ? Opcode.Max_I : Opcode.Min_I),
        StackKind.L => Lowering.IsUnsigned64(t) ? (max ? Opcode.MaxU_L : Opcode.MinU_L) : (max ? Opcode.Max_L : Opcode.Min_L),
        _ => max ? Opcode.Max_D : Opcode.Min_D,
    };

    /// <summary>SEL and MUX: the selector, then every input (all evaluated, in order), then mux picks one.
    /// Strings choose between addresses and copy the chosen one into the result temporary.</summary>
    void EmitChoice(BoundIntrinsic bi)
    {
        var args = bi.Arguments;
        if (bi.Temp != null) Materialize(VariableLocation(bi.Temp));
        EmitValue(args[0]);
        for (int k = 1; k < args.Length; k++)
        {
            if (bi.Temp != null) Materialize(EmitAddress(args[k]));
            else EmitValue(args[k]);
        }
        code.Emit(Opcode.Mux, args.Length - 1);
        if (bi.Temp != null) EmitCopyInstruction(bi.Temp.Type);
    }

    /// <summary>SHL, SHR, ROL, ROR within the width of IN's type; the result wraps to that type.</summary>
    void EmitShift(BoundIntrinsic bi)
    {
        var t = Lowering.Scalar(bi.Type)!;
        var input = bi.Arguments[0];
        EmitValue(input);
        if (t.StackKind == StackKind.L)
        {
            EmitValue(bi.Arguments[1]);
            code.Emit(bi.Kind switch
            {
                IntrinsicKind.Shl => Opcode.Shl_L, IntrinsicKind.Shr => Opcode.ShrU_L,
                IntrinsicKind.Rol => Opcode.Rol_L, _ => Opcode.Ror_L,
            });
            return;
        }
        int width = t.Bits;
        // Work on the value's own bits: zero-extended to its width.
        if (width == 8) code.Emit(Opcode.Norm_U8);
        else if (width == 16) code.Emit(Opcode.Norm_U16);
        EmitValue(bi.Arguments[1]);
        switch (bi.Kind)
        {
            case IntrinsicKind.Shl: code.Emit(Opcode.Shl_I); break;
            case IntrinsicKind.Shr: code.Emit(Opcode.ShrU_I); break;
            case IntrinsicKind.Rol: code.Emit(Opcode.Rol_I, width); break;
            default: code.Emit(Opcode.Ror_I, width); break;
        }
        EmitSteps(NormalizeSteps(t));
    }

    /// <summary>LEFT, RIGHT, MID, CONCAT, INSERT, DELETE, REPLACE: natives writing into the result temporary.</summary>
    void EmitStringResult(BoundIntrinsic bi)
    {
        var args = bi.Arguments;
        var result = (StringType)bi.Temp!.Type;
        var destination = VariableLocation(bi.Temp);
        int wide = result.Wide ? 1 : 0;
        if (bi.Kind == IntrinsicKind.Concat)
        {
            Materialize(destination);
            Materialize(EmitAddress(args[0]));
            EmitCopyInstruction(result);
            for (int k = 1; k < args.Length; k++)
            {
                Materialize(destination);
                code.Emit(Opcode.PushI, result.Length);
                Materialize(EmitAddress(args[k]));
                code.Emit(Opcode.PushI, wide);
                code.Emit(Opcode.CallNative, NativeCatalog.StrAppend);
            }
            return;
        }
        Materialize(destination);
        code.Emit(Opcode.PushI, result.Length);
        foreach (var a in args)
        {
            if (a.Type is StringType) Materialize(EmitAddress(a));
            else EmitValue(a);
        }
        code.Emit(Opcode.PushI, wide);
        code.Emit(Opcode.CallNative, bi.Kind switch
        {
            IntrinsicKind.Left => NativeCatalog.StrLeft,
            IntrinsicKind.Right => NativeCatalog.StrRight,
            IntrinsicKind.Mid => NativeCatalog.StrMid,
            IntrinsicKind.Insert => NativeCatalog.StrInsert,
            IntrinsicKind.Delete => NativeCatalog.StrDelete,
            _ => NativeCatalog.StrReplace,
        });
    }
}

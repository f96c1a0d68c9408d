using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

public sealed partial class CodeGenerator
{
    /// <summary>Pushes the value of a scalar expression.</summary>
    void EmitValue(BoundExpression e)
    {
        if (e.ConstantValue is { } c && e.Type.IsScalar && !c.IsString)
        {
            PushConstant(c, e.Type);
            return;
        }
        switch (e)
        {
            case BoundLiteral l:
                PushConstant(l.Value, l.Type);
                return;
            case BoundVariable or BoundMember or BoundIndex or BoundDereference or BoundDirectAddress or BoundBitAccess:
                Load(EmitAddress(e), e.Type);
                return;
            case BoundUnary u:
                EmitValue(u.Operand);
                EmitSteps(Lowering.Unary(u.Op, Lowering.Scalar(u.Operand.Type)!)!);
                return;
            case BoundBinary b:
                EmitBinary(b);
                return;
            case BoundConversion conv:
            {
                EmitValue(conv.Operand);
                var steps = ConversionSteps(conv);
                // A value just loaded from memory is already wrapped to its type: skip the explicit re-wrap.
                if (conv.Kind is ConversionKind.Explicit or ConversionKind.Truncate && IsPlainLoad(conv.Operand)
                    && steps.Count > 0 && steps[0].Op is Opcode.Norm_I8 or Opcode.Norm_U8 or Opcode.Norm_I16 or Opcode.Norm_U16)
                    steps.RemoveAt(0);
                EmitSteps(steps);
                return;
            }
            case BoundCall call:
                EmitCall(call);
                return;
            case BoundReference r:
                Materialize(EmitAddress(r.Target));
                return;
            case BoundStringConversion sc:
                EmitStringConversion(sc);
                return;
            case BoundScanTime:
                code.Emit(Opcode.Now);
                return;
            case BoundShortCircuit sc:
            {
                var end = code.NewLabel();
                EmitValue(sc.Left);
                code.Emit(Opcode.Dup);
                code.EmitJump(sc.And ? Opcode.Jz : Opcode.Jnz, end);   // decided: the left value is the result
                code.Emit(Opcode.Pop);
                EmitValue(sc.Right);
                code.Mark(end);
                return;
            }
            case BoundThis:
                code.Emit(Opcode.LeaT, 0);
                return;
            case BoundSizeOf so:
                // Every frame is laid out before code is generated.
                code.Emit(Opcode.PushI, so.Of.Size);
                return;
            case BoundIntrinsic bi:
                EmitIntrinsic(bi);
                return;
            case BoundAssignmentValue av:
                EmitAssign(VariableLocation(av.Temp), av.Value, av.Type);
                EmitAssign(EmitAddress(av.Target), new BoundVariable(av.Span, av.Temp), av.Type);
                Load(VariableLocation(av.Temp), av.Type);
                return;
            case BoundArrayBound b:
                Load(VariableSlot(b.Array).Plus(b.Upper ? VarLengthArrayType.UpperOffset(b.Dimension - 1) : VarLengthArrayType.LowerOffset(b.Dimension - 1)), ElementaryType.DInt);
                return;
            case BoundQueryInterface q:
                EmitQueryInterface(q);
                return;
            default:
                throw new InvalidOperationException($"cannot evaluate {e.GetType().Name}");
        }
    }

    static bool IsPlainLoad(BoundExpression e) =>
        e is BoundVariable or BoundMember or BoundIndex or BoundDereference or BoundDirectAddress;

    static List<Step> ConversionSteps(BoundConversion conv)
    {
        var from = Lowering.Scalar(conv.Operand.Type)!;
        var to = Lowering.Scalar(conv.Type)!;
        return conv.Kind switch
        {
            ConversionKind.Identity => new List<Step>(),
            ConversionKind.Implicit => Lowering.Conversion(from, to, explicitConversion: false)!,
            ConversionKind.Explicit => Lowering.Conversion(from, to, explicitConversion: true)!,
            ConversionKind.Truncate => Lowering.Conversion(from, to, explicitConversion: true, truncate: true)!,
            ConversionKind.WrapDay => Lowering.WrapDay(),
            _ => Lowering.Raw(from.StackKind, to.StackKind),
        };
    }

    void EmitSteps(IEnumerable<Step> steps)
    {
        foreach (var s in steps)
        {
            var info = OpcodeInfo.Get(s.Op);
            switch (s.Op)
            {
                case Opcode.PushI: code.Emit(Opcode.PushI, (int)s.Operand); break;
                case Opcode.PushL: case Opcode.PushF: case Opcode.PushD: code.Emit(s.Op, code.Constant(s.Operand)); break;
                case Opcode.Clamp_I: case Opcode.Check_I: code.Emit(s.Op, (int)s.Operand, (int)s.Operand2); break;
                default:
                    if (info.Operands.Length != 0) throw new InvalidOperationException($"step {s.Op} needs operands");
                    code.Emit(s.Op);
                    break;
            }
        }
    }

    void PushConstant(Constant c, PlcType type)
    {
        long slot = ConstantEvaluator.ToSlot(c, type);
        switch (type.StackKind)
        {
            case StackKind.I: code.Emit(Opcode.PushI, (int)slot); break;
            case StackKind.L: code.Emit(Opcode.PushL, code.Constant(slot)); break;
            case StackKind.F: code.Emit(Opcode.PushF, code.Constant(slot)); break;
            case StackKind.D: code.Emit(Opcode.PushD, code.Constant(slot)); break;
            default: throw new InvalidOperationException($"constant of type {type.Name}");
        }
    }

    void EmitBinary(BoundBinary b)
    {
        if (b.OperandType is StringType st)
        {
            Materialize(EmitAddress(b.Left));
            Materialize(EmitAddress(b.Right));
            code.Emit(st.Wide ? Opcode.WStrCmp : Opcode.StrCmp);
            code.Emit(Opcode.PushI, 0);
            code.Emit(Lowering.Binary(b.Op, ElementaryType.DInt)!.Value);
            return;
        }
        EmitValue(b.Left);
        EmitValue(b.Right);
        var opcode = Lowering.Binary(b.Op, Lowering.Scalar(b.OperandType)!)
            ?? throw new InvalidOperationException($"no opcode for {b.Op} on {b.OperandType.Name}");
        code.Emit(opcode);
    }

    /// <summary>Checks a value about to be stored into a subrange variable (fault PLCF006 when outside).</summary>
    void EmitRangeCheck(PlcType target)
    {
        if (target is not SubrangeType sr) return;
        if (sr.Base.StackKind == StackKind.L)
            code.Emit(Opcode.Check_L, code.Constant(sr.Lower), code.Constant(sr.Upper));
        else
            code.Emit(Opcode.Check_I, (int)sr.Lower, (int)sr.Upper);
    }

    /// <summary>Copies an aggregate (string, struct, array) value: pushes destination and source, then copies.</summary>
    void EmitCopy(Location destination, BoundExpression source, PlcType targetType)
    {
        Materialize(destination);
        Materialize(EmitAddress(source));
        EmitCopyInstruction(targetType);
    }

    void EmitCopyInstruction(PlcType targetType)
    {
        switch (targetType)
        {
            case StringType s: code.Emit(s.Wide ? Opcode.WStrCopy : Opcode.StrCopy, s.Length); break;
            default: code.Emit(Opcode.MemCopy, targetType.Size); break;
        }
    }

    /// <summary>Assigns a value to a location of the given type (scalars and aggregates).</summary>
    void EmitAssign(Location destination, BoundExpression value, PlcType targetType)
    {
        if (!targetType.IsScalar)
        {
            EmitCopy(destination, value, targetType);
            return;
        }
        EmitValue(value);
        EmitRangeCheck(targetType);
        Store(destination, targetType);
    }
}

using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

public sealed partial class CodeGenerator
{
    /// <summary>
    /// A function call. All arguments are evaluated first, in the order written, leaving on the stack a value
    /// (scalar input), a destination and a source address (string/struct input) or an address (VAR_IN_OUT).
    /// Then the frame is reset to its initial values (D12) and the arguments are stored from the top of the
    /// stack down. Evaluating every argument before touching the frame keeps nested calls of the same function
    /// correct. Scalar results are left on the stack; aggregate results are copied to the caller's temporary.
    /// </summary>
    void EmitCall(BoundCall call)
    {
        if (call.Dispatch != null)
        {
            EmitDispatchedCall(call, call.Dispatch);
            return;
        }
        var f = call.Function;
        int frame = f.FrameAddress;
        var inputs = call.Arguments.Where(a => a.Parameter.Kind is VariableKind.Input or VariableKind.InOut).ToList();
        foreach (var arg in inputs)
        {
            var p = arg.Parameter;
            if (ByAddress(p))
                Materialize(EmitAddress(arg.Value!));
            else if (!p.Type.IsScalar)
            {
                code.Emit(Opcode.LeaG, frame + p.Offset);
                Materialize(EmitAddress(arg.Value!));
            }
            else
            {
                EmitValue(arg.Value!);
                EmitRangeCheck(p.Type);
            }
        }
        if (f.Frame.Size > 0) code.Emit(Opcode.InitG, frame, f.Frame.Size);
        for (int k = inputs.Count - 1; k >= 0; k--)
        {
            var p = inputs[k].Parameter;
            if (ByAddress(p)) code.Emit(Opcode.StG_I32, frame + p.Offset);
            else if (!p.Type.IsScalar) EmitCopyInstruction(p.Type);
            else Store(new Location(LocationMode.Absolute, frame + p.Offset), p.Type);
        }
        if (call.Instance != null)
        {
            // A method runs with the instance as this: the runtime checks that it lies in memory.
            Materialize(EmitAddress(call.Instance));
            code.Emit(Opcode.CallFb, f.Index);
        }
        else code.Emit(Opcode.Call, f.Index);
        foreach (var arg in call.Arguments.Where(a => a.Parameter.Kind == VariableKind.Output && a.Value != null))
        {
            var slot = new Location(LocationMode.Absolute, frame + arg.Parameter.Offset);
            EmitOutput(() => slot, arg);
        }
        if (f.Result == null) return;
        var result = new Location(LocationMode.Absolute, frame + f.Result.Offset);
        if (call.ResultTemp != null)
        {
            Materialize(VariableLocation(call.ResultTemp));
            Materialize(result);
            EmitCopyInstruction(f.Result.Type);
        }
        else Load(result, f.Result.Type);
    }

    /// <summary>A VAR_IN_OUT passed as an address; an ARRAY[*] one takes a descriptor, copied like a struct input.</summary>
    static bool ByAddress(VariableSymbol p) => p.Kind == VariableKind.InOut && p.Type is not VarLengthArrayType;

    /// <summary>
    /// Copies an output parameter to the argument's target (converting, negating with NOT q => x, checking a
    /// subrange). <paramref name="source"/> emits the parameter's location; it is called after the target's
    /// address is on the stack, so a computed instance address is loaded just where it is needed.
    /// </summary>
    void EmitOutput(Func<Location> source, BoundArgument arg)
    {
        var p = arg.Parameter;
        var target = arg.Value!;
        var loc = EmitAddress(target);
        if (!p.Type.IsScalar)
        {
            Materialize(loc);
            Materialize(source());
            EmitCopyInstruction(target.Type);
            return;
        }
        Load(source(), p.Type);
        PlcType from = p.Type;
        if (arg.Negated) { code.Emit(Opcode.BoolNot); from = ElementaryType.Bool; }
        var fe = Lowering.Scalar(from)!;
        var te = Lowering.Scalar(target.Type)!;
        if (fe != te) EmitSteps(Lowering.Conversion(fe, te, explicitConversion: false)!);
        EmitRangeCheck(target.Type);
        Store(loc, target.Type);
    }

    /// <summary>
    /// A function block call: inputs are assigned in the order written, the body runs with the instance as
    /// this, then outputs are copied to their targets (D11).
    /// </summary>
    void EmitFbCall(BoundFbCall call)
    {
        Func<int, Location> member;
        if (call.InstanceTemp != null)
        {
            var temp = VariableLocation(call.InstanceTemp);
            Materialize(EmitAddress(call.Instance));
            Store(temp, ElementaryType.DInt);
            member = offset =>
            {
                Load(temp, ElementaryType.DInt);
                return new Location(LocationMode.Stack, offset);
            };
        }
        else
        {
            var instance = EmitAddress(call.Instance);
            member = offset => instance.Plus(offset);
        }

        foreach (var arg in call.Arguments.Where(a => a.Parameter.Kind is VariableKind.Input or VariableKind.InOut))
        {
            var p = arg.Parameter;
            var slot = member(p.Offset);
            if (ByAddress(p))
            {
                Materialize(EmitAddress(arg.Value!));
                Store(slot, ElementaryType.DInt);
            }
            else EmitAssign(slot, arg.Value!, p.Type);
        }
        Materialize(member(0));
        if (call.Bodies is { } bodies)
        {
            // The body of the instance's class (D34): its class number is the first member.
            var end = code.NewLabel();
            foreach (var target in bodies)
            {
                var next = code.NewLabel();
                code.Emit(Opcode.Dup);
                code.Emit(Opcode.LdX_I32, 0);
                code.Emit(Opcode.PushI, target.Classes[0]);
                code.Emit(Opcode.Eq_I);
                code.EmitJump(Opcode.Jz, next);
                code.Emit(Opcode.CallFb, target.Target.Index);
                code.EmitJump(Opcode.Jmp, end);
                code.Mark(next);
            }
            code.Emit(Opcode.Dup);
            code.Emit(Opcode.LdX_I32, 0);
            EmitWrongClassFault(bodies);
            code.Emit(Opcode.Pop);
            code.Mark(end);
        }
        else code.Emit(Opcode.CallFb, call.Block.Index);
        foreach (var arg in call.Arguments.Where(a => a.Parameter.Kind == VariableKind.Output && a.Value != null))
            EmitOutput(() => member(arg.Parameter.Offset), arg);
    }

    /// <summary>
    /// Conversions to and from STRING/WSTRING (X_TO_STRING, STRING_TO_X, STRING_TO_WSTRING ...), done by native
    /// functions (NativeCatalog): text in IEC literal syntax, as IEC 61131-3 Table 22 footnote e asks.
    /// </summary>
    void EmitStringConversion(BoundStringConversion sc)
    {
        var from = sc.Operand.Type;
        if (sc.Type is StringType to)
        {
            var destination = VariableLocation(sc.Temp!);
            if (from is StringType fs)
            {
                Materialize(destination);
                if (fs.Wide == to.Wide)
                {
                    Materialize(EmitAddress(sc.Operand));
                    EmitCopyInstruction(to);
                    return;
                }
                code.Emit(Opcode.PushI, to.Length);
                Materialize(EmitAddress(sc.Operand));
                code.Emit(Opcode.CallNative, fs.Wide ? NativeCatalog.WStrToStr : NativeCatalog.StrToWStr);
                return;
            }
            var kind = Lowering.Scalar(from)!;
            Materialize(destination);
            code.Emit(Opcode.PushI, to.Length);
            code.Emit(Opcode.PushI, (int)kind.Kind);
            EmitValue(sc.Operand);
            EmitSteps(NormalizeSteps(kind));
            switch (kind.StackKind)
            {
                case StackKind.I: code.Emit(Lowering.IsUnsigned32(kind) ? Opcode.U2L : Opcode.I2L); break;
                case StackKind.F: case StackKind.D: code.Emit(Opcode.D2Bits); break;
            }
            code.Emit(Opcode.CallNative, to.Wide ? NativeCatalog.WStrFormat : NativeCatalog.StrFormat);
            return;
        }

        var source = (StringType)from;
        var target = Lowering.Scalar(sc.Type)!;
        Materialize(EmitAddress(sc.Operand));
        if (target.IsChar)
        {
            // The first character (NUL, i.e. 0, for an empty string).
            code.Emit(source.Wide ? Opcode.LdX_U16 : Opcode.LdX_U8, 0);
            if (!source.Wide && target.Kind == ElementaryKind.WChar) return;
            if (source.Wide && target.Kind == ElementaryKind.Char) code.Emit(Opcode.Norm_U8);
            return;
        }
        code.Emit(Opcode.PushI, (int)target.Kind);
        code.Emit(Opcode.CallNative, source.Wide ? NativeCatalog.WStrParse : NativeCatalog.StrParse);
        switch (target.StackKind)
        {
            case StackKind.I:
                EmitSteps(Lowering.Conversion(ElementaryType.LInt, target, explicitConversion: false)!);
                break;
            case StackKind.F:
                code.Emit(Opcode.Bits2D);
                code.Emit(Opcode.D2F);
                break;
            case StackKind.D:
                code.Emit(Opcode.Bits2D);
                break;
        }
    }
}

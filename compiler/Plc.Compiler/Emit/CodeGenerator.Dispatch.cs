using System.Collections.Immutable;
using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

// Calls chosen at run time by the instance's class number (D34): through interfaces, and of overridden methods
// and bodies through THIS, pointers, references and VAR_IN_OUT.
public sealed partial class CodeGenerator
{
    /// <summary>
    /// The instance address and the inputs are evaluated once, in the order written, into temporaries; the class
    /// number is read from the instance (a checked load: an interface holding 0 faults as NULL); then the branch of
    /// the class copies the inputs into its method's frame, calls it with the instance as this, copies the outputs
    /// and the result. A class number no branch expects is a fault.
    /// </summary>
    void EmitDispatchedCall(BoundCall call, MethodDispatch d)
    {
        var prototype = call.Function;
        var parameters = prototype.Parameters.ToList();
        if (call.Instance!.Type is InterfaceType) EmitValue(call.Instance);
        else Materialize(EmitAddress(call.Instance));
        Store(VariableLocation(d.Address), ElementaryType.DInt);
        for (int k = 0; k < call.Arguments.Length; k++)
        {
            var arg = call.Arguments[k];
            if (d.ArgumentTemps[k] is not { } temp) continue;
            if (ByAddress(arg.Parameter))
            {
                Materialize(EmitAddress(arg.Value!));
                Store(VariableLocation(temp), ElementaryType.DInt);
            }
            else EmitAssign(VariableLocation(temp), arg.Value!, arg.Parameter.Type);
        }
        Load(VariableLocation(d.Address), ElementaryType.DInt);
        Load(new Location(LocationMode.Stack, 0), ElementaryType.DInt);
        Store(VariableLocation(d.Class), ElementaryType.DInt);

        var end = code.NewLabel();
        foreach (var target in d.Targets)
        {
            var next = code.NewLabel();
            for (int i = 0; i < target.Classes.Length; i++)
            {
                Load(VariableLocation(d.Class), ElementaryType.DInt);
                code.Emit(Opcode.PushI, target.Classes[i]);
                code.Emit(Opcode.Eq_I);
                if (i > 0) code.Emit(Opcode.Or_I);
            }
            code.EmitJump(Opcode.Jz, next);
            EmitDispatchBranch(call, d, target.Target, parameters);
            code.EmitJump(Opcode.Jmp, end);
            code.Mark(next);
        }
        Load(VariableLocation(d.Class), ElementaryType.DInt);
        EmitWrongClassFault(d.Targets);
        code.Mark(end);

        if (d.ScalarResult != null) Load(VariableLocation(d.ScalarResult), call.Type);
    }

    void EmitDispatchBranch(BoundCall call, MethodDispatch d, PouSymbol impl, List<VariableSymbol> prototypeParameters)
    {
        var own = impl.Parameters.ToList();
        int frame = impl.FrameAddress;
        if (impl.Frame.Size > 0) code.Emit(Opcode.InitG, frame, impl.Frame.Size);
        for (int k = 0; k < call.Arguments.Length; k++)
        {
            var arg = call.Arguments[k];
            if (d.ArgumentTemps[k] is not { } temp) continue;
            var p = own[prototypeParameters.IndexOf(arg.Parameter)];
            var slot = new Location(LocationMode.Absolute, frame + p.Offset);
            if (ByAddress(p))
            {
                Load(VariableLocation(temp), ElementaryType.DInt);
                code.Emit(Opcode.StG_I32, frame + p.Offset);
            }
            else if (!p.Type.IsScalar)
            {
                Materialize(slot);
                Materialize(VariableLocation(temp));
                EmitCopyInstruction(p.Type);
            }
            else
            {
                Load(VariableLocation(temp), p.Type);
                Store(slot, p.Type);
            }
        }
        Load(VariableLocation(d.Address), ElementaryType.DInt);
        code.Emit(Opcode.CallFb, impl.Index);
        foreach (var arg in call.Arguments)
        {
            if (arg.Parameter.Kind != VariableKind.Output || arg.Value == null) continue;
            var p = own[prototypeParameters.IndexOf(arg.Parameter)];
            EmitOutput(() => new Location(LocationMode.Absolute, frame + p.Offset), arg);
        }
        if (impl.Result == null) return;
        var result = new Location(LocationMode.Absolute, frame + impl.Result.Offset);
        if (d.ScalarResult != null)
        {
            Load(result, impl.Result.Type);
            Store(VariableLocation(d.ScalarResult), impl.Result.Type);
        }
        else if (call.ResultTemp != null)
        {
            Materialize(VariableLocation(call.ResultTemp));
            Materialize(result);
            EmitCopyInstruction(impl.Result.Type);
        }
    }

    /// <summary>
    /// __QUERYINTERFACE / __QUERYPOINTER (D41): the instance address into the temporary; unless the answer is known,
    /// 0 fails, then the class number read from the instance (a checked load) is compared with each class that
    /// answers. The destination takes the address or 0; TRUE or FALSE is left on the stack.
    /// </summary>
    void EmitQueryInterface(BoundQueryInterface q)
    {
        var temp = VariableLocation(q.Temp);
        if (q.Source.Type is InterfaceType) EmitValue(q.Source);
        else Materialize(EmitAddress(q.Source));
        Store(temp, ElementaryType.DInt);
        var address = new BoundVariable(q.Span, q.Temp);
        var zero = new BoundLiteral(q.Span, ElementaryType.DInt, Constant.Of((System.Int128)0));
        if (q.Known is { } known)
        {
            EmitAssign(EmitAddress(q.Destination), known ? address : zero, q.Destination.Type);
            code.Emit(Opcode.PushI, known ? 1 : 0);
            return;
        }
        var fail = code.NewLabel();
        var end = code.NewLabel();
        Load(temp, ElementaryType.DInt);
        code.EmitJump(Opcode.Jz, fail);
        if (q.Classes is { } classes)
        {
            var match = code.NewLabel();
            Load(temp, ElementaryType.DInt);
            Load(new Location(LocationMode.Stack, 0), ElementaryType.DInt);
            foreach (int cls in classes)
            {
                code.Emit(Opcode.Dup);
                code.Emit(Opcode.PushI, cls);
                code.Emit(Opcode.Eq_I);
                code.EmitJump(Opcode.Jnz, match);
            }
            code.Emit(Opcode.Pop);
            code.EmitJump(Opcode.Jmp, fail);
            code.Mark(match);
            code.Emit(Opcode.Pop);
        }
        EmitAssign(EmitAddress(q.Destination), address, q.Destination.Type);
        code.Emit(Opcode.PushI, 1);
        code.EmitJump(Opcode.Jmp, end);
        code.Mark(fail);
        EmitAssign(EmitAddress(q.Destination), zero, q.Destination.Type);
        code.Emit(Opcode.PushI, 0);
        code.Mark(end);
    }

    /// <summary>With the class number on the stack, where no branch took it: a guaranteed RangeViolation fault
    /// (PLCF006: the number checked against one it is known not to be), then the stack as the branches leave it.</summary>
    void EmitWrongClassFault(ImmutableArray<DispatchTarget> targets)
    {
        if (targets.Length > 0)
        {
            int expected = targets[0].Classes[0];
            code.Emit(Opcode.Check_I, expected, expected);
            code.Emit(Opcode.Pop);
        }
        else
        {
            // Nothing implements it, so nothing can be assigned to it: only a scribbled value gets here.
            code.Emit(Opcode.Pop);
            code.Emit(Opcode.PushI, 0);
            code.Emit(Opcode.LdX_I32, 0);
            code.Emit(Opcode.Pop);
        }
    }
}

using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

public sealed partial class CodeGenerator
{
    /// <summary>Jump targets of the innermost loop: EXIT and CONTINUE.</summary>
    readonly Stack<(int Exit, int Continue)> loops = new();
    /// <summary>The code label of each jump label (D38).</summary>
    readonly Dictionary<LabelSymbol, int> jumpLabels = new();

    int CodeLabel(LabelSymbol label)
    {
        if (!jumpLabels.TryGetValue(label, out int at)) jumpLabels[label] = at = code.NewLabel();
        return at;
    }

    void EmitBlock(BoundBlock block)
    {
        foreach (var s in block.Statements) EmitStatement(s);
    }

    void EmitStatement(BoundStatement s)
    {
        code.MarkLine(s.Span);
        switch (s)
        {
            case BoundBlock b: EmitBlock(b); break;
            case BoundAssignment a:
            {
                var loc = EmitAddress(a.Target);
                EmitAssign(loc, a.Value, a.Target.Type);
                break;
            }
            case BoundFbCall f: EmitFbCall(f); break;
            case BoundCallStatement c:
                EmitCall(c.Call);
                if (c.Call.Type.IsScalar) code.Emit(Opcode.Pop);
                break;
            case BoundIf i: EmitIf(i); break;
            case BoundCase c: EmitCase(c); break;
            case BoundFor f: EmitFor(f); break;
            case BoundWhile w: EmitWhile(w); break;
            case BoundRepeat r: EmitRepeat(r); break;
            case BoundExit: code.EmitJump(Opcode.Jmp, loops.Peek().Exit); break;
            case BoundContinue: code.EmitJump(Opcode.Jmp, loops.Peek().Continue); break;
            case BoundReturn: code.Emit(Opcode.Ret); break;
            case BoundLabel l: code.Mark(CodeLabel(l.Label)); break;
            case BoundJump j: code.EmitJump(Opcode.Jmp, CodeLabel(j.Label)); break;
            default: throw new InvalidOperationException($"cannot emit {s.GetType().Name}");
        }
    }

    void EmitIf(BoundIf i)
    {
        int end = code.NewLabel();
        foreach (var (condition, body) in i.Branches)
        {
            int next = code.NewLabel();
            code.MarkLine(condition.Span);
            EmitValue(condition);
            code.EmitJump(Opcode.Jz, next);
            EmitBlock(body);
            code.EmitJump(Opcode.Jmp, end);
            code.Mark(next);
        }
        if (i.Else != null) EmitBlock(i.Else);
        code.Mark(end);
    }

    void EmitCase(BoundCase c)
    {
        Location selector;
        PlcType selectorType = c.SelectorTemp?.Type ?? c.Selector.Type;
        if (c.SelectorTemp != null)
        {
            selector = VariableLocation(c.SelectorTemp);
            EmitValue(c.Selector);
            Store(selector, c.SelectorTemp.Type);
        }
        else selector = EmitAddress(c.Selector);
        var t = Lowering.Scalar(selectorType)!;
        int end = code.NewLabel();
        var bodies = new List<int>();
        foreach (var clause in c.Clauses)
        {
            int body = code.NewLabel();
            bodies.Add(body);
            foreach (var (lo, hi) in clause.Labels)
            {
                if (lo == hi)
                {
                    Load(selector, selectorType);
                    PushConstant(Constant.Of(lo), t);
                    code.Emit(Lowering.Binary(BinaryOp.Eq, t)!.Value);
                    code.EmitJump(Opcode.Jnz, body);
                }
                else
                {
                    int next = code.NewLabel();
                    Load(selector, selectorType);
                    PushConstant(Constant.Of(lo), t);
                    code.Emit(Lowering.Binary(BinaryOp.Ge, t)!.Value);
                    code.EmitJump(Opcode.Jz, next);
                    Load(selector, selectorType);
                    PushConstant(Constant.Of(hi), t);
                    code.Emit(Lowering.Binary(BinaryOp.Le, t)!.Value);
                    code.EmitJump(Opcode.Jnz, body);
                    code.Mark(next);
                }
            }
        }
        if (c.Else != null) EmitBlock(c.Else);
        code.EmitJump(Opcode.Jmp, end);
        for (int k = 0; k < c.Clauses.Length; k++)
        {
            code.Mark(bodies[k]);
            EmitBlock(c.Clauses[k].Body);
            code.EmitJump(Opcode.Jmp, end);
        }
        code.Mark(end);
    }

    /// <summary>
    /// FOR (D9): bounds evaluated once; the exit test is made before stepping so the control variable never
    /// overflows; after a complete loop it holds one step past the last value.
    /// The loop arithmetic runs in the control variable's stack kind: for I, end−i and i−end fit in 32 bits
    /// unsigned because i never passes end; for L the same in 64 bits.
    /// </summary>
    void EmitFor(BoundFor f)
    {
        var varType = f.Variable.Type;
        var t = Lowering.Scalar(varType)!;
        bool isL = t.StackKind == StackKind.L;
        ElementaryType arith = isL ? (Lowering.IsUnsigned64(t) ? ElementaryType.ULInt : ElementaryType.LInt)
                                   : (Lowering.IsUnsigned32(t) ? ElementaryType.UDInt : ElementaryType.DInt);
        var variable = EmitAddress(f.Variable); // a plain variable: no code
        int exit = code.NewLabel(), body = code.NewLabel(), cont = code.NewLabel();

        EmitValue(f.Start);
        Store(variable, varType);
        if (f.EndTemp != null)
        {
            EmitValue(f.End);
            EmitSteps(NormalizeSteps(t));
            Store(VariableLocation(f.EndTemp), f.EndTemp.Type);
        }
        if (f.StepTemp != null)
        {
            EmitValue(f.Step);
            EmitSteps(NormalizeSteps(t));
            Store(VariableLocation(f.StepTemp), f.StepTemp.Type);
        }
        void LoadEnd()
        {
            if (f.EndTemp != null) Load(VariableLocation(f.EndTemp), f.EndTemp.Type);
            else PushConstant(f.End.ConstantValue!.Value, arith);
        }
        void LoadStep()
        {
            if (f.StepTemp != null) Load(VariableLocation(f.StepTemp), f.StepTemp.Type);
            else PushConstant(f.Step.ConstantValue!.Value, arith);
        }
        Opcode sub = isL ? Opcode.Sub_L : Opcode.Sub_I;
        Opcode neg = isL ? Opcode.Neg_L : Opcode.Neg_I;
        Opcode ltu = isL ? Opcode.LtU_L : Opcode.LtU_I;
        Opcode gt = Lowering.Binary(BinaryOp.Gt, arith)!.Value;
        Opcode lt = Lowering.Binary(BinaryOp.Lt, arith)!.Value;
        Opcode ge = Lowering.Binary(BinaryOp.Ge, arith)!.Value;

        System.Int128? constantStep = f.Step.ConstantValue is { IsInteger: true } sc ? sc.Integer : null;
        bool unsignedType = t.IsUnsigned;
        // Step sign: known for constants and for unsigned types (always positive).
        int sign = constantStep is { } cs ? (cs > 0 ? 1 : -1) : unsignedType ? 1 : 0;

        // Entry test.
        if (sign >= 0)
        {
            int negative = code.NewLabel();
            if (sign == 0)
            {
                LoadStep();
                PushConstant(Constant.Of((System.Int128)0), arith);
                code.Emit(lt);
                code.EmitJump(Opcode.Jnz, negative);
            }
            Load(variable, varType); LoadEnd(); code.Emit(gt); code.EmitJump(Opcode.Jnz, exit);
            code.EmitJump(Opcode.Jmp, body);
            code.Mark(negative);
            if (sign == 0) { Load(variable, varType); LoadEnd(); code.Emit(lt); code.EmitJump(Opcode.Jnz, exit); }
        }
        else
        {
            Load(variable, varType); LoadEnd(); code.Emit(lt); code.EmitJump(Opcode.Jnz, exit);
        }

        code.Mark(body);
        loops.Push((exit, cont));
        EmitBlock(f.Body);
        loops.Pop();

        code.Mark(cont);
        code.MarkLine(f.Span);
        // done := (step > 0) ? (end - i) <u step : (i - end) <u -step     (pushed, consumed after the step)
        if (constantStep == 1)
        {
            Load(variable, varType); LoadEnd(); code.Emit(ge);
        }
        else if (sign > 0)
        {
            LoadEnd(); Load(variable, varType); code.Emit(sub); LoadStep(); code.Emit(ltu);
        }
        else if (sign < 0)
        {
            Load(variable, varType); LoadEnd(); code.Emit(sub); LoadStep(); code.Emit(neg); code.Emit(ltu);
        }
        else
        {
            int negative = code.NewLabel(), joined = code.NewLabel();
            LoadStep(); PushConstant(Constant.Of((System.Int128)0), arith); code.Emit(lt);
            code.EmitJump(Opcode.Jnz, negative);
            LoadEnd(); Load(variable, varType); code.Emit(sub); LoadStep(); code.Emit(ltu);
            code.EmitJump(Opcode.Jmp, joined);
            code.Mark(negative);
            Load(variable, varType); LoadEnd(); code.Emit(sub); LoadStep(); code.Emit(neg); code.Emit(ltu);
            code.Mark(joined);
        }
        // i := i + step (wraps to the variable's width), then loop unless done.
        Load(variable, varType); LoadStep(); code.Emit(isL ? Opcode.Add_L : Opcode.Add_I);
        Store(variable, varType);
        code.EmitJump(Opcode.Jz, body);
        code.Mark(exit);
    }

    static List<Step> NormalizeSteps(ElementaryType t)
    {
        var s = new List<Step>();
        Lowering.Normalize(t, s);
        return s;
    }

    void EmitWhile(BoundWhile w)
    {
        int top = code.NewLabel(), exit = code.NewLabel();
        code.Mark(top);
        code.MarkLine(w.Span);
        EmitValue(w.Condition);
        code.EmitJump(Opcode.Jz, exit);
        loops.Push((exit, top));
        EmitBlock(w.Body);
        loops.Pop();
        code.MarkLine(w.Span);
        code.EmitJump(Opcode.Jmp, top);
        code.Mark(exit);
    }

    void EmitRepeat(BoundRepeat r)
    {
        int top = code.NewLabel(), cont = code.NewLabel(), exit = code.NewLabel();
        code.Mark(top);
        loops.Push((exit, cont));
        EmitBlock(r.Body);
        loops.Pop();
        code.Mark(cont);
        code.MarkLine(r.Until.Span);
        EmitValue(r.Until);
        code.EmitJump(Opcode.Jz, top);
        code.Mark(exit);
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

// Phase 5: statement bodies.
public sealed partial class Binder
{
    void BindBody(PouSymbol pou)
    {
        // An action's temporaries live in its owner's instance; a method's in its own static frame.
        var ctx = new BindingContext { Scope = pouScopes[pou], TempOwner = pou.Kind == Ast.PouKind.Action ? pou.Owner!.Frame : pou.Frame };
        DeclareLabels(pou.Syntax.Body, ctx);
        pou.Body = BindBlock(pou.Syntax.Body, ctx, pou.Syntax.Span);
    }

    /// <summary>Every label of a POU body, at any depth: names are unique in the POU (D38).</summary>
    void DeclareLabels(ImmutableArray<Statement> body, BindingContext ctx)
    {
        var byName = new Dictionary<string, LabelSymbol>(Names.Comparer);
        foreach (var label in StatementTree.All(body).OfType<LabelStatement>())
        {
            if (IsMissing(label.Name)) continue;
            if (byName.TryGetValue(label.Name.Name, out var existing))
            {
                Report(DiagnosticCodes.DuplicateDeclaration, label.Name.Span, label.Name.Name, $" as a label at {existing.Span}");
                continue;
            }
            var symbol = new LabelSymbol(label.Name.Name, label.Name.Span);
            byName[symbol.Name] = symbol;
            ctx.Labels[label] = symbol;
        }
    }

    BoundBlock BindBlock(ImmutableArray<Statement> statements, BindingContext ctx, SourceSpan span)
    {
        // A JMP reaches the labels of its own statement list and of the lists around it, never one inside a
        // nested block (D38).
        var reachable = new Dictionary<string, LabelSymbol>(Names.Comparer);
        foreach (var label in statements.OfType<LabelStatement>())
            if (ctx.Labels.TryGetValue(label, out var symbol)) reachable[symbol.Name] = symbol;
        ctx.ReachableLabels.Add(reachable);
        var list = ImmutableArray.CreateBuilder<BoundStatement>();
        foreach (var s in statements)
        {
            var b = BindStatement(s, ctx);
            if (b != null) list.Add(b);
        }
        ctx.ReachableLabels.RemoveAt(ctx.ReachableLabels.Count - 1);
        return new BoundBlock(span, list.ToImmutable());
    }

    BoundStatement? BindJump(JumpStatement j, BindingContext ctx)
    {
        if (IsMissing(j.Label)) return null;
        for (int k = ctx.ReachableLabels.Count - 1; k >= 0; k--)
            if (ctx.ReachableLabels[k].TryGetValue(j.Label.Name, out var target))
                return new BoundJump(j.Span, target);
        var elsewhere = ctx.Labels.Values.FirstOrDefault(l => Names.Equal(l.Name, j.Label.Name));
        Report(DiagnosticCodes.InvalidJump, j.Label.Span, elsewhere == null
            ? $"there is no label '{j.Label.Name}:' in this POU"
            : $"JMP cannot jump into an IF, CASE, FOR, WHILE or REPEAT from outside it; '{elsewhere.Name}:' at {elsewhere.Span} is inside one");
        return null;
    }

    BoundStatement? BindStatement(Statement s, BindingContext ctx)
    {
        switch (s)
        {
            case AssignmentStatement a: return BindAssignment(a, ctx);
            case ReferenceAssignmentStatement r: return BindReferenceAssignment(r, ctx);
            case CallStatement c:
            {
                if (IsAssertionCall(c, ctx, out string assertion)) return BindAssertion(c, assertion, ctx);
                var r = BindCall(c.Call, ctx, statement: true);
                return r switch
                {
                    BoundStatement st => st,
                    BoundCall call => new BoundCallStatement(s.Span, call),
                    // __QUERYINTERFACE(a, b); for its effect on b: the result goes to a temporary.
                    BoundQueryInterface q => new BoundAssignment(s.Span, new BoundVariable(s.Span, NewTemp(ctx, ElementaryType.Bool, s.Span)), q),
                    BoundExpression { Type: ErrorType } => null,
                    _ => Invalid(s),
                };
            }
            case ExpressionStatement e:
                BindExpression(e.Expression, ctx);
                Report(DiagnosticCodes.ExpressionStatement, s.Span);
                return null;
            case IfStatement i: return BindIf(i, ctx);
            case CaseStatement c: return BindCase(c, ctx);
            case ForStatement f: return BindFor(f, ctx);
            case WhileStatement w:
            {
                var cond = BindCondition(w.Condition, ctx);
                var body = BindLoopBody(w.Body, ctx, w.Span);
                return cond == null ? null : new BoundWhile(s.Span, cond, body);
            }
            case RepeatStatement r:
            {
                var body = BindLoopBody(r.Body, ctx, r.Span);
                var cond = BindCondition(r.Until, ctx);
                return cond == null ? null : new BoundRepeat(s.Span, body, cond);
            }
            case ExitStatement:
                if (ctx.LoopDepth == 0) { Report(DiagnosticCodes.ExitOutsideLoop, s.Span); return null; }
                return new BoundExit(s.Span);
            case ContinueStatement:
                if (ctx.LoopDepth == 0) { Report(DiagnosticCodes.ContinueOutsideLoop, s.Span); return null; }
                return new BoundContinue(s.Span);
            case ReturnStatement: return new BoundReturn(s.Span);
            case LabelStatement l: return ctx.Labels.TryGetValue(l, out var label) ? new BoundLabel(s.Span, label) : null;
            case JumpStatement j: return BindJump(j, ctx);
            default: return null;
        }
    }

    BoundStatement? Invalid(Statement s)
    {
        Report(DiagnosticCodes.ExpressionStatement, s.Span);
        return null;
    }

    BoundStatement? BindAssignment(AssignmentStatement a, BindingContext ctx)
    {
        if (PropertyTarget(a.Target, ctx) is { } property) return BindPropertyAssignment(a, property, ctx);
        var target = BindExpression(a.Target, ctx);
        var value = BindExpression(a.Value, ctx, target.Type);
        if (target.Type is ErrorType || value.Type is ErrorType) return null;
        if (target.Type is VarLengthArrayType || value.Type is VarLengthArrayType)
        {
            Report(DiagnosticCodes.TypeMismatch, a.Value.Span, value.Type.Name, target.Type.Name + " (an ARRAY[*] is assigned element by element, D42)");
            return null;
        }
        if (!CheckAssignable(target, a.Target.Span)) return null;
        if (RootVariable(target) is { } root && ctx.ForVariables.Contains(root) && target is BoundVariable)
            Report(DiagnosticCodes.ForVariableAssigned, a.Target.Span, root.Name);
        var converted = ConvertForAssignment(value, target.Type, a.Value.Span);
        if (converted.Type is ErrorType) return null;
        return new BoundAssignment(a.Span, target, converted);
    }

    /// <summary>
    /// <c>(n := F(x))</c> inside an expression (D43): the value is converted to the target's type as an assignment
    /// statement would, stored, and is the expression's value. Only scalar targets (a value the expression can have).
    /// </summary>
    BoundExpression BindAssignmentExpression(AssignmentExpression a, BindingContext ctx)
    {
        var target = BindExpression(a.Target, ctx);
        var value = BindExpression(a.Value, ctx, target.Type);
        if (target.Type is ErrorType || value.Type is ErrorType) return new BoundError(a.Span);
        if (!target.Type.IsScalar)
        {
            Report(DiagnosticCodes.TypeMismatch, a.Target.Span, target.Type.Name, "a variable of an elementary type (an assignment inside an expression has its value)");
            return new BoundError(a.Span);
        }
        if (!CheckAssignable(target, a.Target.Span)) return new BoundError(a.Span);
        if (RootVariable(target) is { } root && ctx.ForVariables.Contains(root) && target is BoundVariable)
            Report(DiagnosticCodes.ForVariableAssigned, a.Target.Span, root.Name);
        var converted = ConvertForAssignment(value, target.Type, a.Value.Span);
        if (converted.Type is ErrorType) return new BoundError(a.Span);
        return new BoundAssignmentValue(a.Span, target, converted, NewTemp(ctx, target.Type, a.Span));
    }

    /// <summary>Checks that a location may be written here; reports why not.</summary>
    bool CheckAssignable(BoundExpression target, SourceSpan span)
    {
        if (target.Type is ErrorType) return false;
        if (!target.IsLocation || target is BoundCall or BoundStringConversion or BoundStringLiteral)
        {
            Report(DiagnosticCodes.NotAssignable, span, "this expression");
            return false;
        }
        for (var e = target; e != null;)
        {
            switch (e)
            {
                case BoundVariable v:
                    if (v.Variable.IsConstant) { Report(DiagnosticCodes.AssignToConstant, span, v.Variable.Name); return false; }
                    return true;
                case BoundMember m:
                    if (m.Member.IsConstant) { Report(DiagnosticCodes.AssignToConstant, span, m.Member.Name); return false; }
                    if (m.ReadFromOutsideAt != null) { ReportWriteFromOutside(m, span); return false; }
                    // Outputs are written by the block itself (also through THIS^ in its methods), not from outside.
                    if (m.Instance.Type is StructType { Pou: { } pou } && m.Member.Kind == VariableKind.Output && m.Instance is not BoundProgramInstance
                        && m.Instance is not BoundDereference { Reference: BoundThis })
                    {
                        Report(DiagnosticCodes.ParameterNotInput, span, m.Member.Name, pou.Name);
                        return false;
                    }
                    e = m.Instance;
                    break;
                case BoundIndex i: e = i.Array; break;
                case BoundBitAccess b: e = b.Target; break;
                default: return true;
            }
        }
        return true;
    }

    /// <summary>The local read from outside that an access goes through (<c>inst.local</c>, <c>inst.local[i].x</c>), if any.</summary>
    static BoundMember? ReadFromOutside(BoundExpression e) => e switch
    {
        BoundMember { ReadFromOutsideAt: not null } m => m,
        BoundMember m => ReadFromOutside(m.Instance),
        BoundIndex i => ReadFromOutside(i.Array),
        BoundBitAccess b => ReadFromOutside(b.Target),
        BoundConversion { Kind: ConversionKind.Implicit or ConversionKind.Identity } c when !c.Type.IsScalar => ReadFromOutside(c.Operand),
        _ => null,
    };

    /// <summary>A write, call or address through a local read from outside: the error replaces the read's warning.</summary>
    void ReportWriteFromOutside(BoundMember m, SourceSpan span)
    {
        var owner = (m.Instance.Type as StructType)?.Pou?.Name ?? m.Instance.Type.Name;
        var at = m.ReadFromOutsideAt ?? span;
        diagnostics.RemoveAll(d => d.Code == DiagnosticCodes.LocalReadFromOutside.Code && d.Span == at);
        Report(DiagnosticCodes.MemberNotAccessible, at, m.Member.Name, owner, "written, called or addressed (only read)");
    }

    BoundExpression? BindCondition(Expression condition, BindingContext ctx)
    {
        var c = BindExpression(condition, ctx);
        if (c.Type is ErrorType) return null;
        if (Types.Underlying(c.Type) is not ElementaryType { IsBool: true })
        {
            Report(DiagnosticCodes.ConditionNotBool, condition.Span, c.Type.Name);
            return null;
        }
        return c;
    }

    BoundBlock BindLoopBody(ImmutableArray<Statement> body, BindingContext ctx, SourceSpan span)
    {
        ctx.LoopDepth++;
        var b = BindBlock(body, ctx, span);
        ctx.LoopDepth--;
        return b;
    }

    BoundStatement? BindIf(IfStatement i, BindingContext ctx)
    {
        var branches = ImmutableArray.CreateBuilder<(BoundExpression, BoundBlock)>();
        bool ok = true;
        var c = BindCondition(i.Condition, ctx);
        var then = BindBlock(i.Then, ctx, i.Span);
        if (c == null) ok = false; else branches.Add((c, then));
        foreach (var elsif in i.Elsifs)
        {
            var ec = BindCondition(elsif.Condition, ctx);
            var body = BindBlock(elsif.Body, ctx, elsif.Span);
            if (ec == null) ok = false; else branches.Add((ec, body));
        }
        var otherwise = i.Else is { } e ? BindBlock(e, ctx, i.Span) : null;
        return ok ? new BoundIf(i.Span, branches.ToImmutable(), otherwise) : null;
    }

    BoundStatement? BindCase(CaseStatement c, BindingContext ctx)
    {
        var selector = Materialize(BindExpression(c.Selector, ctx), c.Selector.Span);
        bool ok = selector.Type is not ErrorType;
        PlcType selType = selector.Type;
        if (ok && !(selType is EnumType || Types.Underlying(selType) is ElementaryType { IsIntegral: true }))
        {
            Report(DiagnosticCodes.InvalidCaseSelector, c.Selector.Span, selType.Name);
            ok = false;
            selType = ErrorType.Instance;
        }
        if (selType is SubrangeType sr) selType = sr.Base;
        var used = new List<(System.Int128 Lo, System.Int128 Hi)>();
        var clauses = ImmutableArray.CreateBuilder<BoundCaseClause>();
        foreach (var clause in c.Clauses)
        {
            var labels = ImmutableArray.CreateBuilder<(System.Int128, System.Int128)>();
            foreach (var label in clause.Labels)
            {
                if (selType is ErrorType) continue;
                var lo = CaseLabelValue(label.Value, selType, ctx);
                var hi = label.Upper == null ? lo : CaseLabelValue(label.Upper, selType, ctx);
                if (lo == null || hi == null) { ok = false; continue; }
                if (lo > hi)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, label.Span, $"the range {lo}..{hi} is empty");
                    ok = false;
                    continue;
                }
                if (used.Any(u => lo <= u.Hi && hi >= u.Lo))
                {
                    Report(DiagnosticCodes.DuplicateCaseLabel, label.Span, label.Upper == null ? lo.ToString()! : $"{lo}..{hi}");
                    ok = false;
                    continue;
                }
                used.Add((lo.Value, hi.Value));
                labels.Add((lo.Value, hi.Value));
            }
            var body = BindBlock(clause.Body, ctx, clause.Span);
            clauses.Add(new BoundCaseClause(labels.ToImmutable(), body));
        }
        var otherwise = c.Else is { } e ? BindBlock(e, ctx, c.Span) : null;
        if (!ok) return null;
        var temp = IsStaticLocation(selector) && selector.Type == selType ? null : NewTemp(ctx, selType, c.Span);
        return new BoundCase(c.Span, selector, temp, clauses.ToImmutable(), otherwise);
    }

    System.Int128? CaseLabelValue(Expression e, PlcType selectorType, BindingContext ctx)
    {
        if (e is NameExpression n && !IsMissing(n.Name) && !IsVariableName(n.Name.Name, ctx) && !global.EnumValues.ContainsKey(n.Name.Name)
            && !global.Types.ContainsKey(n.Name.Name) && !global.Pous.ContainsKey(n.Name.Name))
        {
            // `name:` in a CASE branch reads as the next CASE label; likely meant as a jump label (D38).
            Report(DiagnosticCodes.InvalidJump, n.Span,
                $"'{n.Name.Name}' is not declared; if '{n.Name.Name}:' is meant as a jump label: a label cannot stand directly in a CASE branch (put it inside an IF, or before the CASE)");
            return null;
        }
        var bound = BindExpression(e, BindingContext.ForConstants(ctx.Scope), selectorType);
        if (bound.Type is ErrorType) return null;
        var converted = Convert(bound, selectorType, e.Span);
        if (converted.Type is ErrorType) return null;
        if (converted.ConstantValue is not { IsInteger: true } c)
        {
            Report(DiagnosticCodes.NotConstant, e.Span, "a CASE label");
            return null;
        }
        return c.Integer;
    }

    BoundStatement? BindFor(ForStatement f, BindingContext ctx)
    {
        var variable = BindExpression(f.Variable, ctx);
        bool ok = variable.Type is not ErrorType;
        ElementaryType? vt = null;
        if (ok)
        {
            vt = Types.Underlying(variable.Type) as ElementaryType;
            // A variable, or (as CODESYS and TwinCAT allow) an element or member at an address fixed when compiling:
            // FOR Offset[1] := ... (D9).
            bool fixedAddress = variable is BoundVariable { Variable.Kind: not VariableKind.InOut }
                || variable is BoundIndex or BoundMember && IsStaticLocation(variable);
            if (!fixedAddress || vt is not { IsInteger: true } || variable.Type is EnumType)
            {
                Report(DiagnosticCodes.InvalidForVariable, f.Variable.Span,
                    "the control variable of FOR must be an integer variable, or an element or member at a fixed address (not a computed index, a pointer's target or a VAR_IN_OUT)");
                ok = false;
            }
            else if (variable is BoundVariable { Variable.IsConstant: true } cv)
            {
                Report(DiagnosticCodes.InvalidForVariable, f.Variable.Span, $"the control variable of FOR cannot be the constant '{cv.Variable.Name}'");
                ok = false;
            }
            else if (!CheckAssignable(variable, f.Variable.Span)) ok = false;
        }
        var start = BindExpression(f.Start, ctx, variable.Type);
        var end = BindExpression(f.End, ctx, variable.Type);
        BoundExpression? step = f.Step != null ? BindExpression(f.Step, ctx, variable.Type) : null;
        if (ok)
        {
            start = Convert(start, variable.Type, f.Start.Span);
            end = Convert(end, vt!, f.End.Span);
            step = step == null ? new BoundLiteral(f.Span, vt!, Constant.Of((System.Int128)1)) : Convert(step, vt!, f.Step!.Span);
            if (start.Type is ErrorType || end.Type is ErrorType || step.Type is ErrorType) ok = false;
            else if (step.ConstantValue is { IsInteger: true } sc && sc.Integer == 0)
            {
                Report(DiagnosticCodes.ZeroForStep, f.Step?.Span ?? f.Span);
                ok = false;
            }
        }
        ctx.LoopDepth++;
        var loopVar = (variable as BoundVariable)?.Variable;
        if (loopVar != null) ctx.ForVariables.Add(loopVar);
        var body = BindBlock(f.Body, ctx, f.Span);
        if (loopVar != null) ctx.ForVariables.RemoveAt(ctx.ForVariables.Count - 1);
        ctx.LoopDepth--;
        if (!ok) return null;

        // Bounds and step are evaluated once (D9) into temporaries of the loop's arithmetic type.
        ElementaryType arithmetic = vt!.StackKind == StackKind.L
            ? (Lowering.IsUnsigned64(vt) ? ElementaryType.ULInt : ElementaryType.LInt)
            : (Lowering.IsUnsigned32(vt) ? ElementaryType.UDInt : ElementaryType.DInt);
        var endTemp = end.ConstantValue == null ? NewTemp(ctx, arithmetic, f.Span) : null;
        var stepTemp = step!.ConstantValue == null ? NewTemp(ctx, arithmetic, f.Span) : null;
        return new BoundFor(f.Span, variable, start, end, step, endTemp, stepTemp, body);
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// FB_init and FB_exit (docs/semantics.md D39): the initialisation methods of the function block instances the
// program holds, called once before the first scan (and again after every restart, which starts from the initial
// values), and their exit methods, called once when the application ends cleanly.
public sealed partial class Binder
{
    const string InitMethod = "FB_init";
    const string ExitMethod = "FB_exit";
    const int MaxInitializedElements = 10_000;

    /// <summary>Collects an FB_init call for every instance in globals and program instances (members first, then
    /// the instance; along EXTENDS the base's FB_init before the derived one's).</summary>
    void BindInstanceInitialization()
    {
        var ctx = new BindingContext { TempOwner = program.Globals };
        // FB_exit: the same instances, in the opposite order (a block before its members, derived before base).
        var exits = CollectAll(ExitMethod, ctx);
        exits.Reverse();
        if (exits.Count > 0) program.InstanceExit = exits;
        var calls = CollectAll(InitMethod, ctx);
        if (calls.Count == 0) return;
        var flag = new VariableSymbol("__instances_initialized", SourceSpan.None, ElementaryType.Bool, VariableKind.Hidden, StorageKind.Global)
        {
            TypeResolved = true,
            InitialBound = true,
        };
        program.Globals.Members.Add(flag);
        program.InstanceInitialization = calls;
        program.InstancesInitializedFlag = flag;
    }

    List<BoundStatement> CollectAll(string method, BindingContext ctx)
    {
        var calls = new List<BoundStatement>();
        if (method == InitMethod)
            foreach (var g in program.Globals.Members)
                if (g.DeferredInitial is { } value && g.Storage == StorageKind.Global)
                    calls.Add(new BoundAssignment(g.InitialSyntax!.Span, new BoundVariable(g.Span, g), value));
        foreach (var g in program.Globals.Members.ToList())
            if (!g.Hidden && g.Storage == StorageKind.Global)
                Collect(new BoundVariable(g.Span, g), g.Type, calls, ctx, method);
        foreach (var instance in program.Instances)
            CollectMembers(new BoundProgramInstance(instance.Span, instance), instance.Program.Frame, calls, ctx, method);
        return calls;
    }

    void Collect(BoundExpression at, PlcType type, List<BoundStatement> calls, BindingContext ctx, string method)
    {
        switch (type)
        {
            case StructType { Pou: { Kind: PouKind.FunctionBlock } block } frame:
            {
                CollectMembers(at, frame, calls, ctx, method);
                // fb : FB(args): the arguments go to the FB_init of the declared block (or the nearest base that has one).
                var declaredAs = at switch { BoundVariable bv => bv.Variable, BoundMember bm => bm.Member, _ => null };
                PouSymbol? receiver = null;
                ImmutableArray<BoundArgument>? declared = null;
                if (method == InitMethod && declaredAs?.InitArguments != null)
                {
                    receiver = block.SelfAndBases().Select(c => c.Methods.TryGetValue(InitMethod, out var m) && m.Kind == PouKind.Method ? m : null)
                        .FirstOrDefault(m => m != null);
                    if (receiver == null)
                        Report(DiagnosticCodes.WrongArgumentCount, declaredAs.TypeSyntax!.Span, $"{block.Name}.FB_init", 0, declaredAs.InitArguments.Value.Length);
                    else
                        declared = BindInitArguments(declaredAs, receiver, (at as BoundMember)?.Instance);
                }
                foreach (var cls in block.SelfAndBases().Reverse())
                    if (cls.Methods.TryGetValue(method, out var init) && init.Kind == PouKind.Method)
                        calls.Add(InitCall(at, init, ctx, init == receiver ? declared : null));
                break;
            }
            case StructType { Pou: null } s:
                CollectMembers(at, s, calls, ctx, method);
                break;
            case ArrayType a when NeedsInitialization(a.Element, method):
            {
                if (a.ElementCount > MaxInitializedElements)
                {
                    Report(DiagnosticCodes.UnsupportedConstruct, at.Span, $"FB_init for {a.ElementCount} array elements (at most {MaxInitializedElements})");
                    return;
                }
                foreach (var index in Indices(a))
                {
                    var element = new BoundIndex(at.Span, at, index.Select(i => (BoundExpression)new BoundLiteral(at.Span, ElementaryType.DInt, Constant.Of((System.Int128)i))).ToImmutableArray(), a.Element);
                    Collect(element, a.Element, calls, ctx, method);
                }
                break;
            }
        }
    }

    void CollectMembers(BoundExpression at, StructType s, List<BoundStatement> calls, BindingContext ctx, string method)
    {
        // Initial values that name variables (ADR(x), REF(x), an instance for an interface, REF= x) are assigned
        // before any FB_init of this instance or of its members.
        if (method == InitMethod)
            foreach (var m in s.Members)
                if (m.DeferredInitial is { } value && m.Owner != null && Rebase(value, at, m.Owner, m.InitialSyntax!.Span, "an initial value") is { } rebased)
                    calls.Add(new BoundAssignment(m.InitialSyntax.Span, new BoundMember(at.Span, at, m), rebased));
        foreach (var m in s.Members.ToList())
        {
            if (m.Hidden || m.Kind is VariableKind.InOut || m.Storage != StorageKind.Member) continue;
            EnsureVariableType(m);
            if (NeedsInitialization(m.Type, method) || m.InitArguments != null) Collect(new BoundMember(at.Span, at, m), m.Type, calls, ctx, method);
        }
    }

    bool NeedsInitialization(PlcType type, string method, int depth = 0) => depth < 32 && type switch
    {
        StructType { Pou: { Kind: PouKind.FunctionBlock } block } s =>
            block.SelfAndBases().Any(c => c.Methods.ContainsKey(method))
            || method == InitMethod && s.Members.Any(m => m.DeferredInitial != null)
            || s.Members.Any(m => !m.Hidden && m.Kind != VariableKind.InOut && NeedsInitialization(m.Type, method, depth + 1)),
        StructType { Pou: null } s => s.Members.Any(m => NeedsInitialization(m.Type, method, depth + 1)),
        ArrayType a => NeedsInitialization(a.Element, method, depth + 1),
        _ => false,
    };

    static IEnumerable<int[]> Indices(ArrayType a)
    {
        var current = a.Dimensions.Select(d => d.Lower).ToArray();
        while (true)
        {
            yield return (int[])current.Clone();
            int k = current.Length - 1;
            while (k >= 0 && current[k] == a.Dimensions[k].Upper) { current[k] = a.Dimensions[k].Lower; k--; }
            if (k < 0) yield break;
            current[k]++;
        }
    }

    /// <summary>
    /// <c>v : FB(args)</c> (CODESYS): the block's instance type, with the arguments kept for its FB_init; also written
    /// <c>FB(a, b := 1)</c>, which the parser reads as an enumeration with FB as its base type. Null for any other
    /// declaration.
    /// </summary>
    PlcType? InstanceWithInitArguments(VariableSymbol v)
    {
        ImmutableArray<Argument> args;
        PouSymbol? block;
        switch (v.TypeSyntax)
        {
            case InstanceWithArgumentsTypeReference w when global.Pous.TryGetValue(w.Block.Name.Name, out block) && block.Kind == PouKind.FunctionBlock:
                args = w.Arguments;
                break;
            case EnumTypeReference { BaseType: NamedTypeReference { Qualifier: null } name } e
                when global.Pous.TryGetValue(name.Name.Name, out block) && block.Kind == PouKind.FunctionBlock:
                args = e.Values.Select(x => x.Value == null
                        ? new Argument(x.Span, ArgumentKind.Positional, null, new NameExpression(x.Name.Span, x.Name), false)
                        : new Argument(x.Span, ArgumentKind.Input, x.Name, x.Value, false))
                    .ToImmutableArray();
                break;
            default:
                return null;
        }
        if (v.Kind is VariableKind.InOut or VariableKind.Result || v.Storage is not (StorageKind.Member or StorageKind.Global))
        {
            Report(DiagnosticCodes.UnsupportedConstruct, v.TypeSyntax!.Span, $"arguments for FB_init ('{block.Name}(...)') in a {(v.Storage == StorageKind.Frame ? "function's or method's variable" : "VAR_IN_OUT or result")} (D39)");
            return ErrorType.Instance;
        }
        v.InitArguments = args;
        return block.Frame;
    }

    /// <summary>
    /// The arguments of <c>fb : FB(args)</c> for its FB_init: bound where the declaration stands (they may name the
    /// variables around it, e.g. another member of the same block), then reached from the instance being initialised
    /// (<paramref name="container"/>, the instance that declares it; null for a global).
    /// </summary>
    ImmutableArray<BoundArgument>? BindInitArguments(VariableSymbol v, PouSymbol init, BoundExpression? container)
    {
        var owner = v.Owner;
        var scope = owner != null && pouScopes.TryGetValue(owner, out var s) ? s : null;
        var ctx = new BindingContext { Scope = scope, TempOwner = program.Globals };
        var user = init.Parameters.Where(p => !(p.Kind == VariableKind.Input && (Names.Equal(p.Name, "bInitRetains") || Names.Equal(p.Name, "bInCopyCode")))).ToList();
        var result = ImmutableArray.CreateBuilder<BoundArgument>();
        int positional = 0;
        bool ok = true;
        foreach (var arg in v.InitArguments!.Value)
        {
            VariableSymbol? param = arg.Kind == ArgumentKind.Positional
                ? (positional < user.Count ? user[positional++] : null)
                : user.FirstOrDefault(p => arg.Name != null && Names.Equal(p.Name, arg.Name.Name));
            if (param == null)
            {
                Report(arg.Kind == ArgumentKind.Positional ? DiagnosticCodes.WrongArgumentCount : DiagnosticCodes.UnknownParameter, arg.Span,
                    arg.Kind == ArgumentKind.Positional ? new object[] { init.QualifiedName, user.Count, v.InitArguments.Value.Length } : new object[] { init.QualifiedName, arg.Name?.Name ?? "" });
                ok = false;
                continue;
            }
            EnsureVariableType(param);
            var bound = BindArgument(arg with { Kind = ArgumentKind.Input }, param, ctx);
            if (bound == null) { ok = false; continue; }
            var value = container == null || bound.Value == null ? bound.Value : Rebase(bound.Value, container, owner!, arg.Span, "an FB_init argument in a declaration");
            if (value == null) { ok = false; continue; }
            result.Add(bound with { Value = value });
        }
        return ok ? result.ToImmutable() : null;
    }

    /// <summary>An expression bound inside <paramref name="owner"/> (its variables relative to this), as seen from the
    /// init code, which reaches that instance as <paramref name="container"/>; null (reported) when it does more than
    /// name variables, take their addresses, convert and combine them.</summary>
    BoundExpression? Rebase(BoundExpression e, BoundExpression container, PouSymbol owner, SourceSpan span, string what)
    {
        BoundExpression? R(BoundExpression x) => Rebase(x, container, owner, span, what);
        switch (e)
        {
            case BoundVariable { Variable: { Storage: StorageKind.Member } member }:
                return new BoundMember(e.Span, container, member);
            case BoundVariable or BoundLiteral or BoundStringLiteral or BoundProgramInstance:
                return e;
            case BoundMember m:
                return R(m.Instance) is { } mi ? m with { Instance = mi } : null;
            case BoundIndex ix:
                var array = R(ix.Array);
                var indices = ix.Indices.Select(R).ToList();
                return array == null || indices.Any(i => i == null) ? null : ix with { Array = array, Indices = indices.ToImmutableArray()! };
            case BoundReference r:
                return R(r.Target) is { } t ? r with { Target = t } : null;
            case BoundDereference d:
                return R(d.Reference) is { } dr ? d with { Reference = dr } : null;
            case BoundConversion c:
                return R(c.Operand) is { } co ? c with { Operand = co } : null;
            case BoundUnary u:
                return R(u.Operand) is { } uo ? u with { Operand = uo } : null;
            case BoundBinary b:
                var l = R(b.Left);
                var rr = R(b.Right);
                return l == null || rr == null ? null : b with { Left = l, Right = rr };
            default:
                Report(DiagnosticCodes.UnsupportedConstruct, span, $"this expression as {what} (use constants, variables, their addresses and operators)");
                return null;
        }
    }

    /// <summary>FB_init(bInitRetains := TRUE, bInCopyCode := FALSE) on one instance; its other inputs take the
    /// arguments of the declaration (<c>fb : FB(args)</c>) or keep their initial values.</summary>
    BoundStatement InitCall(BoundExpression instance, PouSymbol init, BindingContext ctx, ImmutableArray<BoundArgument>? declared = null)
    {
        var args = ImmutableArray.CreateBuilder<BoundArgument>();
        if (declared is { } d) args.AddRange(d);
        foreach (var p in init.Parameters)
        {
            EnsureVariableType(p);
            if (p.Kind != VariableKind.Input || Types.Underlying(p.Type) is not ElementaryType { IsBool: true }) continue;
            if (Names.Equal(p.Name, "bInitRetains")) args.Add(new BoundArgument(p, new BoundLiteral(instance.Span, ElementaryType.Bool, Constant.Of(true)), false));
            else if (Names.Equal(p.Name, "bInCopyCode")) args.Add(new BoundArgument(p, new BoundLiteral(instance.Span, ElementaryType.Bool, Constant.Of(false)), false));
        }
        return new BoundCallStatement(instance.Span, MethodCall(instance.Span, instance, init, args.ToImmutable(), ctx));
    }
}

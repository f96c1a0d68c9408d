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
                CollectMembers(at, frame, calls, ctx, method);
                foreach (var cls in block.SelfAndBases().Reverse())
                    if (cls.Methods.TryGetValue(method, out var init) && init.Kind == PouKind.Method)
                        calls.Add(InitCall(at, init, ctx));
                break;
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
        foreach (var m in s.Members.ToList())
        {
            if (m.Hidden || m.Kind is VariableKind.InOut || m.Storage != StorageKind.Member) continue;
            EnsureVariableType(m);
            if (NeedsInitialization(m.Type, method)) Collect(new BoundMember(at.Span, at, m), m.Type, calls, ctx, method);
        }
    }

    bool NeedsInitialization(PlcType type, string method, int depth = 0) => depth < 32 && type switch
    {
        StructType { Pou: { Kind: PouKind.FunctionBlock } block } s =>
            block.SelfAndBases().Any(c => c.Methods.ContainsKey(method)) || s.Members.Any(m => !m.Hidden && m.Kind != VariableKind.InOut && NeedsInitialization(m.Type, method, depth + 1)),
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

    /// <summary>FB_init(bInitRetains := TRUE, bInCopyCode := FALSE) on one instance; other inputs keep their initial
    /// values (there is no way to pass them in a declaration here).</summary>
    BoundStatement InitCall(BoundExpression instance, PouSymbol init, BindingContext ctx)
    {
        var args = ImmutableArray.CreateBuilder<BoundArgument>();
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

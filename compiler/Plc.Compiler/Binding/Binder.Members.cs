using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// Methods, properties and actions of function blocks and programs (docs/semantics.md D33): declaring them, THIS,
// calls on an instance or on the block's own instance, property reads and writes, and who may call what.
public sealed partial class Binder
{
    /// <summary>Declares the METHODs, property accessors and ACTIONs of a function block or program.</summary>
    void DeclareMembers(PouSymbol owner)
    {
        var syntax = owner.Syntax;
        var taken = new System.Collections.Generic.Dictionary<string, SourceSpan>(Names.Comparer);
        foreach (var block in syntax.VarBlocks)
            foreach (var decl in block.Variables)
                foreach (var name in decl.Names)
                    taken.TryAdd(name.Name, name.Span);

        bool Claim(Identifier name)
        {
            if (IsMissing(name)) return false;
            if (taken.TryGetValue(name.Name, out var at))
            {
                Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" in '{owner.Name}' at {at}");
                return false;
            }
            taken[name.Name] = name.Span;
            return true;
        }

        PouSymbol Add(PouDeclaration member, string qualified, PropertyAccessor accessor = PropertyAccessor.None)
        {
            var symbol = new PouSymbol(member.Name.Name, member.Kind, member)
            {
                Owner = owner,
                Access = member.Access,
                Accessor = accessor,
                IsLibrary = owner.IsLibrary,
                QualifiedName = qualified,
            };
            program.Pous.Add(symbol);
            return symbol;
        }

        foreach (var method in syntax.Methods)
            if (Claim(method.Name)) owner.Methods[method.Name.Name] = Add(method, owner.Name + "." + method.Name.Name);
        foreach (var action in syntax.Actions)
            if (Claim(action.Name)) owner.Methods[action.Name.Name] = Add(action, owner.Name + "." + action.Name.Name);
        foreach (var p in syntax.Properties)
        {
            if (!Claim(p.Name)) continue;
            if (p.Getter == null && p.Setter == null)
            {
                Report(DiagnosticCodes.InvalidDeclaration, p.Name.Span, $"property '{p.Name.Name}' needs a GET or a SET");
                continue;
            }
            var property = new PropertySymbol(p.Name.Name, p);
            if (p.Getter != null) property.Getter = Add(p.Getter, $"{owner.Name}.{p.Name.Name}.GET", PropertyAccessor.Get);
            if (p.Setter != null) property.Setter = Add(p.Setter, $"{owner.Name}.{p.Name.Name}.SET", PropertyAccessor.Set);
            owner.Properties[p.Name.Name] = property;
        }
    }

    /// <summary>The function block or program whose instance is this where <paramref name="ctx"/> binds.</summary>
    static PouSymbol? InstanceOwner(BindingContext ctx) => ctx.Pou switch
    {
        { Owner: { } owner } => owner,
        { Kind: PouKind.FunctionBlock or PouKind.Program } pou => pou,
        _ => null,
    };

    /// <summary>THIS^: the instance the current code runs on, or null outside a block.</summary>
    static BoundExpression? ThisInstance(BindingContext ctx, SourceSpan span)
    {
        if (InstanceOwner(ctx) is not { } owner) return null;
        return new BoundDereference(span, new BoundThis(span, new PointerType(owner.Frame)), owner.Frame);
    }

    PouSymbol? OwnMethod(string name, BindingContext ctx) => InstanceOwner(ctx)?.FindMethod(name);

    /// <summary>Names inside a block that are no variable: THIS, a property of the block, a method (not called).</summary>
    BoundExpression? BindOwnMember(NameExpression n, BindingContext ctx)
    {
        if (InstanceOwner(ctx) is not { } owner) return null;
        if (Names.Equal(n.Name.Name, "THIS")) return new BoundThis(n.Span, new PointerType(owner.Frame));
        if (Names.Equal(n.Name.Name, "SUPER"))
        {
            if (owner.Base is { } b) return new BoundThis(n.Span, new PointerType(b.Frame)) { Super = true };
            Report(DiagnosticCodes.InvalidHierarchy, n.Span, $"SUPER needs a FUNCTION_BLOCK that EXTENDS another; '{owner.Name}' extends none");
            return new BoundError(n.Span);
        }
        if (owner.FindProperty(n.Name.Name) is { } property)
            return BindPropertyRead(n.Span, n.Name, ThisInstance(ctx, n.Span)!, property, ctx);
        if (owner.FindMethod(n.Name.Name) is { } method)
            return NotAMethodGroup(new BoundMethodReference(n.Span, ThisInstance(ctx, n.Span)!, method));
        return null;
    }

    /// <summary><c>inst.M</c> / <c>inst.P</c> for a method, action or property of the block; null when it has none.</summary>
    BoundExpression? BindMemberOfBlock(MemberAccessExpression m, BoundExpression target, PouSymbol owner, BindingContext ctx)
    {
        if (owner.FindMethod(m.Member.Name) is { } method) return new BoundMethodReference(m.Span, target, method);
        if (owner.FindProperty(m.Member.Name) is { } property) return BindPropertyRead(m.Span, m.Member, target, property, ctx);
        return null;
    }

    /// <summary>A method may only be named to be called.</summary>
    BoundExpression NotAMethodGroup(BoundExpression e)
    {
        if (e is not BoundMethodReference mr) return e;
        Report(DiagnosticCodes.NotAValue, e.Span, mr.Method.QualifiedName,
            $"a {(mr.Method.Kind == PouKind.Action ? "ACTION" : "METHOD")} (call it: {mr.Method.Name}(...))");
        return new BoundError(e.Span);
    }

    bool CheckAccess(PouSymbol member, string what, SourceSpan span, BindingContext ctx)
    {
        if (member.Access is AccessLevel.Public or AccessLevel.Internal) return true;
        var here = InstanceOwner(ctx);
        if (here == member.Owner) return true;
        // PROTECTED: also in the blocks that extend the member's block.
        if (member.Access == AccessLevel.Protected && here != null && here.SelfAndBases().Contains(member.Owner!)) return true;
        Report(DiagnosticCodes.MethodNotAccessible, span, what, member.Access.ToString().ToUpperInvariant(), member.Owner!.Name);
        return false;
    }

    /// <summary>A call of a METHOD or ACTION on an instance: a function call whose code runs with the instance as this.</summary>
    BoundExpression BindMethodCall(CallExpression c, BoundExpression instance, PouSymbol method, BindingContext ctx)
    {
        if (instance.Type is ErrorType) return instance;
        if (!CheckAccess(method, method.Name, c.Callee.Span, ctx)) return new BoundError(c.Span);
        if (ReadFromOutside(instance) is { } outside)
        {
            // A method may change the instance: not through a local read from outside (D11).
            ReportWriteFromOutside(outside, c.Callee.Span);
            return new BoundError(c.Span);
        }
        ctx.Pou?.RecordCall(method, c.Span);
        var args = BindArguments(c, method, ctx, isFunction: true);
        if (args == null) return new BoundError(c.Span);
        return MethodCall(c.Span, instance, method, args.Value, ctx);
    }

    BoundCall MethodCall(SourceSpan span, BoundExpression instance, PouSymbol method, System.Collections.Immutable.ImmutableArray<BoundArgument> args, BindingContext ctx)
    {
        foreach (var p in method.Parameters) EnsureVariableType(p);
        if (method.Result != null) EnsureVariableType(method.Result);
        PlcType type = method.Result?.Type ?? VoidType.Instance;
        VariableSymbol? temp = null;
        if (method.Result != null && !type.IsScalar && type is not ErrorType) temp = NewTemp(ctx, type, span);
        var targets = DispatchTargets(instance, method);
        if (targets == null) return new BoundCall(span, method, args, type, temp) { Instance = instance };
        foreach (var t in targets) ctx.Pou?.RecordCall(t.Target, span);
        var argumentTemps = args.Select(a => a.Parameter.Kind switch
        {
            VariableKind.Input => NewTemp(ctx, a.Parameter.Type, span),
            VariableKind.InOut when a.Parameter.Type is VarLengthArrayType => NewTemp(ctx, a.Parameter.Type, span),
            VariableKind.InOut => NewTemp(ctx, ElementaryType.DInt, span),
            _ => null,
        }).ToImmutableArray();
        var dispatch = new MethodDispatch(targets.Value, NewTemp(ctx, ElementaryType.DInt, span), NewTemp(ctx, ElementaryType.DInt, span),
            argumentTemps, method.Result != null && type.IsScalar ? NewTemp(ctx, type, span) : null);
        return new BoundCall(span, method, args, type, temp) { Instance = instance, Dispatch = dispatch };
    }

    BoundExpression BindPropertyRead(SourceSpan span, Identifier name, BoundExpression instance, PropertySymbol property, BindingContext ctx)
    {
        if (property.Getter is not { } getter)
        {
            Report(DiagnosticCodes.NotAValue, span, name.Name, "a property without GET (it can only be assigned)");
            return new BoundError(span);
        }
        if (!CheckAccess(getter, name.Name, name.Span, ctx)) return new BoundError(span);
        ctx.Pou?.RecordCall(getter, span);
        return AutoDereference(MethodCall(span, instance, getter, System.Collections.Immutable.ImmutableArray<BoundArgument>.Empty, ctx));
    }

    /// <summary>The instance and property when <paramref name="target"/> names a property (<c>P</c> in its block,
    /// <c>inst.P</c>), else null.</summary>
    (BoundExpression Instance, PropertySymbol Property, Identifier Name)? PropertyTarget(Expression target, BindingContext ctx)
    {
        switch (target)
        {
            case NameExpression n when !IsVariableName(n.Name.Name, ctx):
                if (InstanceOwner(ctx)?.FindProperty(n.Name.Name) is { } own) return (ThisInstance(ctx, n.Span)!, own, n.Name);
                return null;
            case MemberAccessExpression m when !IsMissing(m.Member) && IsBlockValued(m.Target, ctx):
            {
                var instance = BindExpression(m.Target, ctx);
                if (instance.Type is StructType { Pou: { } owner } st && st.FindMember(m.Member.Name) == null
                    && owner.FindProperty(m.Member.Name) is { } property)
                    return (instance, property, m.Member);
                if (instance.Type is InterfaceType it && it.Interface.FindProperty(m.Member.Name) is { } prototype)
                    return (instance, prototype, m.Member);
                return null;
            }
            default:
                return null;
        }
    }

    /// <summary>True when the expression is probably a block instance, checked without reporting anything: a
    /// variable, THIS^, a member chain or a dereference (bound again by the caller only when it is one).</summary>
    bool IsBlockValued(Expression e, BindingContext ctx) => e switch
    {
        NameExpression n => IsVariableName(n.Name.Name, ctx) && (IsFunctionBlockVariable(n.Name.Name, ctx) || IsInterfaceVariable(n.Name.Name, ctx)),
        DereferenceExpression { Target: NameExpression { Name.Name: var t } } => Names.Equal(t, "THIS") || Names.Equal(t, "SUPER") || IsVariableName(t, ctx),
        MemberAccessExpression or IndexExpression or DereferenceExpression => true,
        _ => false,
    };

    /// <summary><c>P := v</c> / <c>inst.P := v</c>: a call of the property's SET with v as its input.</summary>
    BoundStatement? BindPropertyAssignment(AssignmentStatement a, (BoundExpression Instance, PropertySymbol Property, Identifier Name) target, BindingContext ctx)
    {
        var (instance, property, name) = target;
        if (instance.Type is ErrorType) return null;
        if (property.Setter is not { } setter)
        {
            Report(DiagnosticCodes.NotAssignable, a.Target.Span, $"property '{name.Name}' has no SET and");
            return null;
        }
        if (!CheckAccess(setter, name.Name, name.Span, ctx)) return null;
        if (ReadFromOutside(instance) is { } outside) { ReportWriteFromOutside(outside, a.Target.Span); return null; }
        var input = setter.Find(property.Name)!;
        EnsureVariableType(input);
        var value = BindExpression(a.Value, ctx, input.Type);
        if (value.Type is ErrorType) return null;
        var converted = ConvertForAssignment(value, input.Type, a.Value.Span);
        if (converted.Type is ErrorType) return null;
        ctx.Pou?.RecordCall(setter, a.Span);
        var call = MethodCall(a.Span, instance, setter, System.Collections.Immutable.ImmutableArray.Create(new BoundArgument(input, converted, false)), ctx);
        return new BoundCallStatement(a.Span, call);
    }
}

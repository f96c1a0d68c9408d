using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// Calls: user functions, function block instances, and the built-ins (REF, TRUNC, X_TO_Y conversions).
public sealed partial class Binder
{
    BoundExpression BindCallExpression(CallExpression c, BindingContext ctx)
    {
        var result = BindCall(c, ctx, statement: false);
        if (result is BoundCall { Type: VoidType } call)
        {
            Report(DiagnosticCodes.NoReturnValue, c.Span, $"{(call.Function.IsMember ? "method" : "function")} '{call.Function.QualifiedName}'");
            return new BoundError(c.Span);
        }
        // A function or method returning a REFERENCE TO means, in an expression, the variable it refers to (D32).
        if (result is BoundExpression e) return AutoDereference(e);
        Report(DiagnosticCodes.NotAValue, c.Span, DescribeCallee(c.Callee), "a function block call");
        return new BoundError(c.Span);
    }

    static string DescribeCallee(Expression callee) => callee switch
    {
        NameExpression n => n.Name.Name,
        MemberAccessExpression m => DescribeCallee(m.Target) + "." + m.Member.Name,
        _ => "call",
    };

    /// <summary>Binds a call; returns a BoundExpression (function, built-in) or a BoundStatement (FB call).</summary>
    BoundNode BindCall(CallExpression c, BindingContext ctx, bool statement)
    {
        if (c.Callee is NameExpression dn && BuiltinNames.IsDynamicMemoryOperator(dn.Name.Name)
            && !global.Pous.ContainsKey(dn.Name.Name) && !IsVariableName(dn.Name.Name, ctx))
        {
            // The arguments (a type, a pointer) are not bound: this one error says all there is to say.
            Report(DiagnosticCodes.NoDynamicMemory, dn.Span, dn.Name.Name.ToUpperInvariant());
            return new BoundError(c.Span);
        }
        if (ctx.ConstantOnly && !(c.Callee is NameExpression cn && (BuiltinNames.IsConversionOrTrunc(cn.Name.Name) || Intrinsics.Find(cn.Name.Name) != null || Names.Equal(cn.Name.Name, "SIZEOF"))))
        {
            Report(DiagnosticCodes.NotConstant, c.Span, "a call");
            return new BoundError(c.Span);
        }
        if (c.Callee is NameExpression n)
        {
            string name = n.Name.Name;
            if (IsMissing(n.Name)) return new BoundError(c.Span);
            // Inside a function its own name is its result variable; called, it is the function (recursion, PLC4007).
            if (ctx.Pou is { HasStaticFrame: true } self && Names.Equal(name, self.Name) && !(self.Result == null && IsVariableName(name, ctx)))
                return self.IsMember ? BindMethodCall(c, ThisInstance(ctx, n.Span)!, self, ctx) : BindFunctionCall(c, self, ctx);
            if (IsVariableName(name, ctx) && !(IsBuiltinName(name) && !IsFunctionBlockVariable(name, ctx)))
            {
                var target = BindName(n, ctx, null);
                return BindInstanceCall(c, target, ctx, statement);
            }
            if (OwnMethod(name, ctx) is { } ownMethod)
                return BindMethodCall(c, ThisInstance(ctx, n.Span)!, ownMethod, ctx);
            if (global.Pous.TryGetValue(name, out var pou))
            {
                switch (pou.Kind)
                {
                    case PouKind.Function: return BindFunctionCall(c, pou, ctx);
                    case PouKind.Program:
                        Report(DiagnosticCodes.ProgramCalled, n.Span, pou.Name);
                        return new BoundError(c.Span);
                    default:
                        Report(DiagnosticCodes.FunctionBlockTypeCalled, n.Span, pou.Name);
                        return new BoundError(c.Span);
                }
            }
            var builtin = BindBuiltinCall(c, name, ctx);
            if (builtin != null) return builtin;
            if (global.Types.ContainsKey(name))
            {
                Report(DiagnosticCodes.NotCallable, n.Span, name);
                return new BoundError(c.Span);
            }
            if (ReportTestOnlyName(c, name)) return new BoundError(c.Span);
            Report(DiagnosticCodes.UndeclaredName, n.Span, name);
            return new BoundError(c.Span);
        }
        var callee = c.Callee is MemberAccessExpression ma ? BindMember(ma, ctx) : BindExpression(c.Callee, ctx);
        if (callee is BoundMethodReference mr) return BindMethodCall(c, mr.Instance, mr.Method, ctx);
        return BindInstanceCall(c, callee, ctx, statement);
    }

    static bool IsBuiltinName(string name) => BuiltinNames.IsReserved(name) || Intrinsics.Find(name) != null;

    bool IsFunctionBlockVariable(string name, BindingContext ctx) => VariableTypeOf(name, ctx) is StructType { Pou: not null };

    /// <summary>The type of the variable a plain name denotes here (a local or a global), or null.</summary>
    PlcType? VariableTypeOf(string name, BindingContext ctx)
    {
        VariableSymbol? v = null;
        if (ctx.Scope != null) ctx.Scope.Variables.TryGetValue(name, out v);
        if (v == null) global.Globals.TryGetValue(name, out v);
        if (v == null) return null;
        EnsureVariableType(v);
        return v.Type;
    }

    BoundNode BindInstanceCall(CallExpression c, BoundExpression target, BindingContext ctx, bool statement)
    {
        if (target.Type is ErrorType) return target;
        if (target.Type is not StructType { Pou: { Kind: PouKind.FunctionBlock } fb })
        {
            Report(DiagnosticCodes.NotCallable, c.Callee.Span, DescribeTarget(target));
            return new BoundError(c.Span);
        }
        if (ReadFromOutside(target) is { } outside)
        {
            ReportWriteFromOutside(outside, c.Callee.Span);
            return new BoundError(c.Span);
        }
        if (!statement)
        {
            Report(DiagnosticCodes.NotAValue, c.Span, DescribeTarget(target),
                "a function block call (call it as a statement and read its outputs, e.g. inst.Q)");
            return new BoundError(c.Span);
        }
        ctx.Pou?.RecordCall(fb, c.Span);
        var args = BindArguments(c, fb, ctx, isFunction: false);
        if (args == null) return new BoundError(c.Span);
        var bodies = target is BoundDereference { Reference: BoundThis { Super: true } } ? null : BodyTargets(target, fb);
        if (bodies != null) foreach (var b in bodies) ctx.Pou?.RecordCall(b.Target, c.Span);
        VariableSymbol? instanceTemp = IsStaticLocation(target) ? null : NewTemp(ctx, ElementaryType.DInt, c.Span);
        return new BoundFbCall(c.Span, target, fb, args.Value, instanceTemp) { Bodies = bodies };
    }

    BoundExpression BindFunctionCall(CallExpression c, PouSymbol function, BindingContext ctx)
    {
        ctx.Pou?.RecordCall(function, c.Span);
        var args = BindArguments(c, function, ctx, isFunction: true);
        if (args == null) return new BoundError(c.Span);
        PlcType type = function.ReturnType ?? VoidType.Instance;
        VariableSymbol? temp = null;
        if (function.ReturnType != null && !function.ReturnType.IsScalar && function.ReturnType is not ErrorType)
            temp = NewTemp(ctx, function.ReturnType, c.Span);
        return new BoundCall(c.Span, function, args.Value, type, temp);
    }

    /// <summary>Matches the arguments of a call to the parameters of a function or function block.</summary>
    ImmutableArray<BoundArgument>? BindArguments(CallExpression c, PouSymbol pou, BindingContext ctx, bool isFunction)
    {
        foreach (var p in pou.Parameters) EnsureVariableType(p);
        var positionalParams = pou.Parameters.Where(p => p.Kind is VariableKind.Input or VariableKind.InOut).ToList();
        var result = ImmutableArray.CreateBuilder<BoundArgument>();
        var given = new HashSet<VariableSymbol>();
        bool ok = true, sawNamed = false;
        int positional = 0;
        foreach (var arg in c.Arguments)
        {
            VariableSymbol? param;
            if (arg.Kind == ArgumentKind.Positional)
            {
                if (sawNamed) { Report(DiagnosticCodes.MixedArgumentStyle, arg.Span); ok = false; continue; }
                if (positional >= positionalParams.Count)
                {
                    Report(DiagnosticCodes.WrongArgumentCount, arg.Span, pou.Name, positionalParams.Count, c.Arguments.Count(a => a.Kind == ArgumentKind.Positional));
                    ok = false;
                    break;
                }
                param = positionalParams[positional++];
            }
            else
            {
                sawNamed = true;
                if (arg.Name == null || IsMissing(arg.Name)) { ok = false; continue; }
                param = pou.Find(arg.Name.Name);
                if (param == null || !param.IsParameter)
                {
                    Report(DiagnosticCodes.UnknownParameter, arg.Name.Span, pou.Name, arg.Name.Name);
                    ok = false;
                    continue;
                }
                if (arg.Kind == ArgumentKind.Input && param.Kind == VariableKind.Output)
                {
                    Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, $"'{param.Name}' is an output of '{pou.Name}': connect it with {param.Name} => variable");
                    ok = false;
                    continue;
                }
                if (arg.Kind == ArgumentKind.Output && param.Kind != VariableKind.Output)
                {
                    Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, $"'{param.Name}' is an input of '{pou.Name}': pass it with {param.Name} := value");
                    ok = false;
                    continue;
                }
            }
            if (!given.Add(param))
            {
                Report(DiagnosticCodes.DuplicateArgument, arg.Span, param.Name);
                ok = false;
                continue;
            }
            if (arg.Negated && param.Kind != VariableKind.Output)
            {
                Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, "NOT is only allowed on outputs (NOT Q => x)");
                ok = false;
                continue;
            }
            var bound = BindArgument(arg, param, ctx);
            if (bound == null) { ok = false; continue; }
            result.Add(bound);
        }
        foreach (var p in pou.Parameters.Where(p => p.Kind == VariableKind.InOut && !given.Contains(p)))
        {
            Report(DiagnosticCodes.MissingInOut, c.Span, p.Name, pou.Name);
            ok = false;
        }
        if (isFunction && ok && !sawNamed && positional > 0 && positional < positionalParams.Count)
        {
            Report(DiagnosticCodes.WrongArgumentCount, c.Span, pou.Name, positionalParams.Count, positional);
            ok = false;
        }
        return ok ? result.ToImmutable() : null;
    }

    BoundArgument? BindArgument(Argument arg, VariableSymbol param, BindingContext ctx)
    {
        switch (param.Kind)
        {
            case VariableKind.Input:
            {
                if (arg.Value == null) return null;
                var value = BindExpression(arg.Value, ctx, param.Type);
                if (value.Type is ErrorType) return null;
                if (anyInputs.TryGetValue(param, out var constraint)) return BindAnyArgument(value, param, constraint, arg.Value.Span, ctx);
                // A REFERENCE TO input is bound to the variable given, as REF= would (D32).
                if (param.Type is ReferenceType rt)
                    return BindReferenceTarget(value, rt, arg.Value.Span) is { } address ? new BoundArgument(param, address, false) : null;
                var converted = ConvertForAssignment(value, param.Type, arg.Value.Span);
                return converted.Type is ErrorType ? null : new BoundArgument(param, converted, false);
            }
            case VariableKind.InOut:
            {
                if (arg.Value == null) return null;
                var value = BindExpression(arg.Value, ctx, param.Type);
                if (value.Type is ErrorType) return null;
                if (param.Type is VarLengthArrayType vla) return BindArrayArgument(value, param, vla, arg.Value.Span, ctx);
                // VAR_IN_OUT CONSTANT (CODESYS): read-only, so any value will do: a variable by reference, a string
                // of any length too, anything else (a literal, an expression, a constant) as a copy (D33).
                if (param.IsConstant)
                {
                    if (value.IsLocation && IsReferenceable(value, arg.Value.Span, "", report: false) && RootVariable(value) is not { IsConstant: true }
                        && (Types.IsSameOrDerived(value.Type, param.Type) || value.Type is StringType vs && param.Type is StringType ps && vs.Wide == ps.Wide))
                        return new BoundArgument(param, value, false);
                    var copy = ConvertForAssignment(value, param.Type, arg.Value.Span);
                    if (copy.Type is ErrorType) return null;
                    return new BoundArgument(param, new BoundCopy(arg.Value.Span, copy, NewTemp(ctx, param.Type, arg.Value.Span)), false);
                }
                if (!IsReferenceable(value, arg.Value.Span, $"VAR_IN_OUT '{param.Name}' needs a variable")) return null;
                if (!Types.IsSameOrDerived(value.Type, param.Type))
                {
                    Report(DiagnosticCodes.TypeMismatch, arg.Value.Span, value.Type.Name, param.Type.Name + $" (VAR_IN_OUT '{param.Name}' needs exactly its type)");
                    return null;
                }
                if (RootVariable(value) is { IsConstant: true } rv)
                {
                    Report(DiagnosticCodes.AssignToConstant, arg.Value.Span, rv.Name);
                    return null;
                }
                return new BoundArgument(param, value, false);
            }
            default: // output
            {
                if (arg.Value == null) return new BoundArgument(param, null, arg.Negated);
                var target = BindExpression(arg.Value, ctx);
                if (target.Type is ErrorType) return null;
                if (!CheckAssignable(target, arg.Value.Span)) return null;
                var source = arg.Negated ? ElementaryType.Bool : param.Type;
                if (arg.Negated && Types.Underlying(param.Type) is not ElementaryType { IsBool: true })
                {
                    Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, "NOT needs a BOOL output");
                    return null;
                }
                var kind = Conversions.Classify(source, target.Type);
                if (kind == ImplicitConversion.None)
                {
                    Report(DiagnosticCodes.TypeMismatch, arg.Value.Span, source.Name, target.Type.Name);
                    return null;
                }
                if (kind == ImplicitConversion.Narrowing)
                    Report(DiagnosticCodes.NarrowingConversion, arg.Value.Span, source.Name, target.Type.Name);
                return new BoundArgument(param, target, arg.Negated);
            }
        }
    }

    /// <summary>A value for an assignment target of the given type: scalars converted, aggregates checked.</summary>
    BoundExpression ConvertForAssignment(BoundExpression value, PlcType target, SourceSpan span)
    {
        if (value.Type is ErrorType || target is ErrorType) return value;
        if (target is StringType ts)
        {
            if (value.Type is StringType vs && vs.Wide == ts.Wide) return value;
            if (value is BoundStringLiteral) { Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, target.Name); return new BoundError(span); }
            Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, target.Name);
            return new BoundError(span);
        }
        if (!target.IsScalar)
        {
            if (Types.Identical(value.Type, target)) return value;
            Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, target.Name);
            return new BoundError(span);
        }
        return Convert(value, target, span);
    }

    /// <summary>The location must be one a reference can point to (not a bit, not a temporary).</summary>
    bool IsReferenceable(BoundExpression e, SourceSpan span, string what, bool report = true)
    {
        bool ok = e.IsLocation && e is not (BoundCall or BoundStringConversion or BoundStringLiteral)
            && e is not BoundBitAccess
            && !(e is BoundVariable { Variable.Location.IsBit: true })
            && !(e is BoundMember { Member.Location.IsBit: true })
            && !(e is BoundDirectAddress { Location.IsBit: true });
        // An address would let a local read from outside be written (D11).
        if (ok && ReadFromOutside(e) is { } outside)
        {
            if (report) ReportWriteFromOutside(outside, span);
            return false;
        }
        if (!ok && report) Report(DiagnosticCodes.CannotTakeReference, span, what + (e is BoundBitAccess or BoundVariable or BoundMember or BoundDirectAddress ? " (a single bit has no address)" : ""));
        return ok;
    }

    static VariableSymbol? RootVariable(BoundExpression e) => e switch
    {
        BoundVariable v => v.Variable,
        BoundMember m => RootVariable(m.Instance),
        BoundIndex i => RootVariable(i.Array),
        BoundBitAccess b => RootVariable(b.Target),
        _ => null,
    };

    /// <summary>True when the address of a location is known without running code (no dynamic index, no pointer).</summary>
    static bool IsStaticLocation(BoundExpression e) => e switch
    {
        BoundVariable v => v.Variable.Kind != VariableKind.InOut,
        BoundMember m => m.Member.Kind != VariableKind.InOut && (m.Member.Location != null || IsStaticLocation(m.Instance)),
        BoundIndex i => i.Indices.All(x => x.ConstantValue != null) && IsStaticLocation(i.Array),
        BoundDirectAddress => true,
        BoundProgramInstance => true,
        _ => false,
    };

    VariableSymbol NewTemp(BindingContext ctx, PlcType type, SourceSpan span)
    {
        var owner = ctx.TempOwner ?? program.Globals;
        var storage = owner.Pou == null ? StorageKind.Global : owner.Pou.HasStaticFrame ? StorageKind.Frame : StorageKind.Member;
        var v = new VariableSymbol($"__tmp{owner.Members.Count}", span, type, VariableKind.Hidden, storage)
        {
            Owner = owner.Pou,
            TypeResolved = true,
            InitialBound = true,
        };
        owner.Members.Add(v);
        return v;
    }

    // ---- built-ins ------------------------------------------------------------------------------------------------

    BoundExpression? BindBuiltinCall(CallExpression c, string name, BindingContext ctx)
    {
        if (Names.Equal(name, "REF"))
        {
            var arg = SingleArgument(c, name);
            if (arg == null) return new BoundError(c.Span);
            var target = BindExpression(arg, ctx);
            if (target.Type is ErrorType) return target;
            if (!IsReferenceable(target, arg.Span, "REF() needs a variable")) return new BoundError(c.Span);
            if (RootVariable(target) is { IsConstant: true } rv)
            {
                Report(DiagnosticCodes.CannotTakeReference, arg.Span, $"'{rv.Name}' is a constant");
                return new BoundError(c.Span);
            }
            return new BoundReference(c.Span, target, new RefType(target.Type));
        }
        if (Names.Equal(name, "ADR")) return BindAdr(c, ctx);
        if (Names.Equal(name, "SIZEOF")) return BindSizeOf(c, ctx);
        if (Names.Equal(name, "__ISVALIDREF")) return BindIsValidRef(c, ctx);
        if (Names.Equal(name, "LOWER_BOUND")) return BindArrayBound(c, ctx, upper: false);
        if (Names.Equal(name, "UPPER_BOUND")) return BindArrayBound(c, ctx, upper: true);
        if (Names.Equal(name, "__QUERYINTERFACE")) return BindQueryInterface(c, ctx, pointer: false);
        if (Names.Equal(name, "__QUERYPOINTER")) return BindQueryInterface(c, ctx, pointer: true);
        if (Names.Equal(name, BuiltinNames.ScanTime))
        {
            if (c.Arguments.Length != 0)
            {
                Report(DiagnosticCodes.WrongArgumentCount, c.Span, name, 0, c.Arguments.Length);
                return new BoundError(c.Span);
            }
            return new BoundScanTime(c.Span);
        }
        var intrinsic = BindIntrinsic(c, name, ctx);
        if (intrinsic != null) return intrinsic;
        var conversion = BuiltinNames.ParseConversion(name);
        string? genericTo = conversion == null ? BuiltinNames.ParseGenericConversion(name) : null;
        if (conversion == null && genericTo == null) return null;
        var (fromName, toName, truncate) = conversion ?? (null, genericTo!, false);
        var argument = SingleArgument(c, name);
        if (argument == null) return new BoundError(c.Span);
        var value = BindExpression(argument, ctx);
        if (value.Type is ErrorType) return value;

        PlcType? from = fromName == null ? null : BuiltinNames.TypeByName(fromName);
        PlcType to = BuiltinNames.TypeByName(toName)!;
        if (genericTo != null)
        {
            // TO_<type>(x): the conversion from x's own type, exactly the <its type>_TO_<type> of that pair.
            value = Materialize(value, argument.Span);
            from = GenericConversionSource(value.Type);
            if (from == null)
            {
                Report(DiagnosticCodes.TypeMismatch, argument.Span, value.Type.Name, to.Name + $" ({name} takes an elementary value or a string)");
                return new BoundError(c.Span);
            }
            name = from is StringType fs ? (fs.Wide ? "WSTRING" : "STRING") + "_TO_" + toName : from.Name + "_TO_" + toName;
            value = ConvertForAssignment(value, from, argument.Span);
        }
        else if (from == null)
        {
            // TRUNC(x) / TRUNC_INT(x): any real.
            value = Materialize(value, argument.Span);
            if (Types.Underlying(value.Type) is not ElementaryType { IsReal: true })
            {
                Report(DiagnosticCodes.TypeMismatch, argument.Span, value.Type.Name, "REAL or LREAL (" + name + ")");
                return new BoundError(c.Span);
            }
            from = value.Type;
        }
        else
            value = ConvertForAssignment(value, from, argument.Span);
        if (value.Type is ErrorType) return value;

        if (from is StringType || to is StringType)
            return BindStringConversion(c, value, from, to, ctx);

        var fe = Lowering.Scalar(from)!;
        var te = (ElementaryType)to;
        var steps = Lowering.Conversion(fe, te, explicitConversion: true, truncate: truncate);
        if (steps == null || (truncate && !(fe.IsReal && te.IsInteger)))
        {
            Report(DiagnosticCodes.TypeMismatch, c.Span, from.Name, to.Name + $" ({name} does not exist)");
            return new BoundError(c.Span);
        }
        Constant? folded = null;
        if (value.ConstantValue is { } cv)
        {
            var (o, v) = ConstantEvaluator.Apply(steps, cv, from, to);
            if (o == ConstantEvaluator.Outcome.Ok) folded = v;
        }
        return new BoundConversion(c.Span, value, to, truncate ? ConversionKind.Truncate : ConversionKind.Explicit, folded);
    }

    /// <summary>The type a TO_&lt;type&gt; conversion converts from: the argument's elementary or string type; a
    /// subrange's or an enumeration's base type (D16); null for anything else (arrays, structs, references).</summary>
    static PlcType? GenericConversionSource(PlcType type) => type switch
    {
        ElementaryType e => e,
        StringType s => s,
        SubrangeType sr => sr.Base,
        EnumType en => en.Base,
        _ => null,
    };

    BoundExpression BindStringConversion(CallExpression c, BoundExpression value, PlcType from, PlcType to, BindingContext ctx)
    {
        if (ctx.ConstantOnly)
        {
            Report(DiagnosticCodes.NotConstant, c.Span, "a string conversion");
            return new BoundError(c.Span);
        }
        bool ok = (from, to) switch
        {
            (StringType, StringType) => true,
            (StringType, ElementaryType) => true,
            (ElementaryType, StringType) => true,
            _ => false,
        };
        if (!ok)
        {
            Report(DiagnosticCodes.TypeMismatch, c.Span, from.Name, to.Name);
            return new BoundError(c.Span);
        }
        VariableSymbol? temp = to is StringType ? NewTemp(ctx, to, c.Span) : null;
        return new BoundStringConversion(c.Span, value, to, temp);
    }

    /// <summary>True when a built-in operator of two operands got exactly two positional ones; reports otherwise.</summary>
    bool TwoPositionalArguments(CallExpression c, string name)
    {
        if (c.Arguments.Length == 2 && c.Arguments.All(a => a.Kind == ArgumentKind.Positional && a.Value != null)) return true;
        Report(DiagnosticCodes.WrongArgumentCount, c.Span, name, 2, c.Arguments.Length);
        return false;
    }

    Expression? SingleArgument(CallExpression c, string name)
    {
        if (c.Arguments.Length != 1 || c.Arguments[0].Kind == ArgumentKind.Output || c.Arguments[0].Value == null)
        {
            Report(DiagnosticCodes.WrongArgumentCount, c.Span, name, 1, c.Arguments.Length);
            return null;
        }
        var a = c.Arguments[0];
        if (a.Kind == ArgumentKind.Input && a.Name != null && !Names.Equal(a.Name.Name, "IN"))
        {
            Report(DiagnosticCodes.UnknownParameter, a.Name.Span, name, a.Name.Name);
            return null;
        }
        return a.Value;
    }
}

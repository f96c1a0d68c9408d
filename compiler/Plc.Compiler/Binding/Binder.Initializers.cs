using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// Phase 4: initial values. All are constant; they become the initial memory image.
public sealed partial class Binder
{
    void BindAllInitializers()
    {
        foreach (var m in structMembers) BindVariableInitial(m);
        foreach (var g in global.Globals.Values) BindVariableInitial(g);
        foreach (var pou in program.Pous)
            foreach (var v in pou.DeclaredVariables.ToList()) BindVariableInitial(v);
    }

    void BindVariableInitial(VariableSymbol v)
    {
        if (v.InitialBound) return;
        v.InitialBound = true;
        EnsureVariableType(v);
        var scope = v.Owner != null && pouScopes.TryGetValue(v.Owner, out var s) ? s : null;
        if (v.InitialSyntax != null)
        {
            if (v.Kind == VariableKind.InOut)
            {
                Report(DiagnosticCodes.InvalidInitializer, v.InitialSyntax.Span, "a VAR_IN_OUT cannot have an initial value");
                return;
            }
            if (v.Type is AddressType or InterfaceType && BindDeferredInitial(v, scope)) return;
            v.Initial = BindInitializer(v.InitialSyntax, v.Type, scope);
        }
        else if (v.TypeSyntax != null)
            v.Initial = DefaultInitializerOf(v.TypeSyntax, v.Type);

        if (v.IsConstant && v.Kind != VariableKind.InOut)
        {
            if (v.Initial is BoundScalarInit si) v.ConstantValue = si.Value;
            else if (v.Initial == null && v.Type.IsScalar) v.ConstantValue = DefaultConstant(v.Type);
        }
    }

    /// <summary>
    /// The initial value of a pointer, reference or interface variable that names variables — <c>:= ADR(x)</c>,
    /// <c>:= REF(x)</c>, <c>:= fbInstance</c>, <c>REF= x</c> — bound where the declaration stands and kept for the
    /// init code (D39). True when handled here (kept or reported); false for a constant value, which the caller
    /// binds as usual.
    /// </summary>
    bool BindDeferredInitial(VariableSymbol v, PouScope? scope)
    {
        var syntax = v.InitialSyntax!;
        var refInit = syntax as ReferenceInitializer;
        if (refInit == null && syntax is not ExpressionInitializer) return false;
        if (refInit != null && v.Type is not ReferenceType)
        {
            Report(DiagnosticCodes.InvalidInitializer, syntax.Span, $"REF= binds a REFERENCE TO; '{v.Name}' is {v.Type.Name}: use :=");
            return true;
        }
        if (v.IsConstant) return false;
        var expression = refInit?.Value ?? ((ExpressionInitializer)syntax).Value;
        var ctx = new BindingContext { Scope = scope, TempOwner = program.Globals };
        var bound = BindExpression(expression, ctx, refInit == null ? v.Type : null);
        if (bound.Type is ErrorType) return true;
        BoundExpression? value;
        if (v.Type is ReferenceType rt)
        {
            if (refInit == null) return false;
            value = BindReferenceTarget(bound, rt, expression.Span);
        }
        else
            value = Convert(bound, v.Type, expression.Span);
        if (value == null || value.Type is ErrorType) return true;
        if (value.ConstantValue != null) return refInit == null ? false : true;    // := 0 / NULL: the image's zero
        bool placed = v.Storage == StorageKind.Global || v.Storage == StorageKind.Member && v.Owner != null && v.Kind != VariableKind.Temp;
        if (!placed)
        {
            Report(DiagnosticCodes.NotConstant, expression.Span,
                $"the initial value of '{v.Name}' (it names variables, which only variables of programs, function blocks and global lists may do)");
            return true;
        }
        v.DeferredInitial = value;
        return true;
    }

    static Constant? DefaultConstant(PlcType t) => t switch
    {
        EnumType e when e.Values.Count > 0 => Constant.Of((System.Int128)e.Values[0].Value),
        SubrangeType s => Constant.Of((System.Int128)(s.Lower > 0 || s.Upper < 0 ? s.Lower : 0)),
        ElementaryType { IsReal: true } => Constant.Of(0.0),
        _ => Constant.Of((System.Int128)0),
    };

    /// <summary>Binds an initial value for a variable of the given type; null after an error.</summary>
    BoundInitializer? BindInitializer(Initializer init, PlcType type, PouScope? scope)
    {
        if (type is ErrorType) return null;
        switch (type)
        {
            case ArrayType at:
                if (init is ArrayInitializer ai) return BindArrayInitializer(ai, at, scope);
                Report(DiagnosticCodes.InvalidInitializer, init.Span, $"an array is initialised with [ ... ], e.g. [1, 2, 3(0)]");
                return null;
            case StructType st:
                if (init is StructInitializer si) return BindStructInitializer(si, st, scope);
                Report(DiagnosticCodes.InvalidInitializer, init.Span, $"'{st.Name}' is initialised with ( member := value, ... )");
                return null;
        }
        if (init is not ExpressionInitializer ei)
        {
            Report(DiagnosticCodes.InvalidInitializer, init.Span, $"{type.Name} is initialised with a single value");
            return null;
        }
        var ctx = BindingContext.ForConstants(scope);
        var bound = BindExpression(ei.Value, ctx, type);
        if (bound.Type is ErrorType) return null;
        if (type is StringType strType)
        {
            if (bound.ConstantValue is not { IsString: true } sc || bound.Type is not StringType bst || bst.Wide != strType.Wide)
            {
                if (bound.Type is not ErrorType)
                    Report(DiagnosticCodes.TypeMismatch, ei.Value.Span, bound.Type.Name, type.Name);
                return null;
            }
            if (sc.Text!.Length > strType.Length)
            {
                Report(DiagnosticCodes.InvalidInitializer, ei.Value.Span, $"'{sc.Text}' has {sc.Text.Length} characters; {type.Name} holds {strType.Length}");
                return null;
            }
            return new BoundScalarInit(init.Span, type, sc);
        }
        var converted = Convert(bound, type, ei.Value.Span);
        if (converted.Type is ErrorType) return null;
        if (converted.ConstantValue is not { } value)
        {
            Report(DiagnosticCodes.NotConstant, ei.Value.Span, "an initial value");
            return null;
        }
        if (type is RefType && !(value.IsInteger && value.Integer == 0))
        {
            Report(DiagnosticCodes.InvalidInitializer, ei.Value.Span, "a reference can only be initialised with NULL");
            return null;
        }
        return new BoundScalarInit(init.Span, type, value);
    }

    BoundInitializer? BindArrayInitializer(ArrayInitializer init, ArrayType type, PouScope? scope)
    {
        long capacity = type.ElementCount;
        var elements = new List<BoundInitializer?>();
        bool tooMany = false;
        foreach (var element in init.Elements)
        {
            long count = 1;
            if (element.RepeatCount != null)
            {
                var n = EvaluateConstantInteger(element.RepeatCount, scope, "a repetition count");
                if (n == null) return null;
                if (n < 0)
                {
                    Report(DiagnosticCodes.InvalidInitializer, element.RepeatCount.Span, $"repetition count {n} is negative");
                    return null;
                }
                count = (long)System.Int128.Min(n.Value, capacity + 1);
            }
            BoundInitializer? value = element.Value == null ? null : BindInitializer(element.Value, type.Element, scope);
            if (element.Value != null && value == null) return null;
            for (long k = 0; k < count; k++)
            {
                if (elements.Count >= capacity) { tooMany = true; break; }
                elements.Add(value);
            }
            if (tooMany) break;
        }
        if (tooMany)
        {
            Report(DiagnosticCodes.InvalidInitializer, init.Span, $"too many initial values: the array has {capacity} elements");
            return null;
        }
        return new BoundArrayInit(init.Span, elements.ToImmutableArray());
    }

    BoundInitializer? BindStructInitializer(StructInitializer init, StructType type, PouScope? scope)
    {
        var fields = ImmutableArray.CreateBuilder<(VariableSymbol, BoundInitializer)>();
        var seen = new HashSet<string>(Names.Comparer);
        bool ok = true;
        foreach (var field in init.Fields)
        {
            if (IsMissing(field.Name)) { ok = false; continue; }
            var member = type.FindMember(field.Name.Name);
            if (member == null || member.Hidden || member.Kind is VariableKind.InOut or VariableKind.Temp)
            {
                Report(DiagnosticCodes.NoSuchMember, field.Name.Span, type.Name, field.Name.Name);
                ok = false;
                continue;
            }
            if (!seen.Add(member.Name))
            {
                Report(DiagnosticCodes.DuplicateArgument, field.Name.Span, member.Name);
                ok = false;
                continue;
            }
            if (type.IsUnion && fields.Count > 0)
            {
                Report(DiagnosticCodes.InvalidInitializer, field.Span,
                    $"a UNION is initialised through one member; '{fields[0].Item1.Name}' is already given");
                ok = false;
                continue;
            }
            EnsureVariableType(member);
            var value = BindInitializer(field.Value, member.Type, scope);
            if (value == null) { ok = false; continue; }
            fields.Add((member, value));
        }
        return ok ? new BoundStructInit(init.Span, fields.ToImmutable()) : null;
    }
}

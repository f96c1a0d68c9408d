using System.Collections.Generic;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// ANY inputs (CODESYS; docs/semantics.md D40): a VAR_INPUT of a function or method declared ANY, ANY_NUM, ANY_INT ...
// takes an argument of any type its constraint allows, as an AnyType: the argument's address, size and type class.
public sealed partial class Binder
{
    static readonly HashSet<string> anyTypeNames = new(Names.Comparer)
    {
        "ANY", "ANY_DERIVED", "ANY_ELEMENTARY", "ANY_MAGNITUDE", "ANY_NUM", "ANY_REAL", "ANY_INT", "ANY_SIGNED",
        "ANY_UNSIGNED", "ANY_BIT", "ANY_STRING", "ANY_CHARS", "ANY_DATE", "ANY_DURATION", "ANY_CHAR",
    };

    /// <summary>The ANY inputs and their constraint (the type name written).</summary>
    readonly Dictionary<VariableSymbol, string> anyInputs = new();

    static bool IsAnyTypeName(string name) => anyTypeNames.Contains(name);

    /// <summary>The type of a variable declared ANY...: AnyType for a VAR_INPUT of a function or method, else an error.</summary>
    PlcType ResolveAnyParameter(VariableSymbol v, Identifier name)
    {
        if (v.Kind != VariableKind.Input || v.Owner is not { Kind: PouKind.Function or PouKind.Method })
        {
            Report(DiagnosticCodes.InvalidDeclaration, name.Span, $"{name.Name.ToUpperInvariant()} is only allowed for a VAR_INPUT of a FUNCTION or METHOD");
            return ErrorType.Instance;
        }
        if (!global.Types.TryGetValue("AnyType", out var entry) || ResolveNamedType(entry) is not StructType anyType)
        {
            Report(DiagnosticCodes.UnknownType, name.Span, "AnyType");
            return ErrorType.Instance;
        }
        anyInputs[v] = name.Name.ToUpperInvariant();
        return anyType;
    }

    /// <summary>An argument for an ANY input: a variable by its address, any other value through a temporary.</summary>
    BoundArgument? BindAnyArgument(BoundExpression value, VariableSymbol param, string constraint, SourceSpan span, BindingContext ctx)
    {
        if (value.Type is LiteralType) value = Materialize(value, span);
        if (value.Type is ErrorType or VoidType or VarLengthArrayType || value.Type is NullType)
        {
            if (value.Type is not ErrorType) Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, constraint);
            return null;
        }
        if (value is BoundVariable { Variable: var outer } && anyInputs.TryGetValue(outer, out var outerConstraint))
        {
            // An ANY input passed on to another: the original argument's descriptor goes with it (CODESYS), so the
            // callee sees that argument's address, size and class. Only a constraint as wide or the same is known to hold.
            if (constraint != "ANY" && constraint != outerConstraint)
            {
                Report(DiagnosticCodes.TypeMismatch, span, $"{outerConstraint} ('{outer.Name}')", $"{constraint} ('{param.Name}'): an input passed on needs ANY or its own constraint");
                return null;
            }
            return new BoundArgument(param, value, false);
        }
        if (!Allows(constraint, value.Type))
        {
            Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, $"{constraint} ('{param.Name}')");
            return null;
        }
        var location = value.IsLocation && IsReferenceable(value, span, "", report: false)
            ? value
            : new BoundCopy(span, value, NewTemp(ctx, value.Type, span));
        return new BoundArgument(param, new BoundAnyValue(span, location, TypeClassOf(value.Type), NewTemp(ctx, param.Type, span)), false);
    }

    static bool Allows(string constraint, PlcType type)
    {
        var t = Types.Underlying(type) is EnumType en ? en.Base : Types.Underlying(type);
        var e = t as ElementaryType;
        return constraint switch
        {
            "ANY" or "ANY_DERIVED" => true,
            "ANY_ELEMENTARY" => e != null || t is StringType,
            "ANY_MAGNITUDE" => e is { IsNumeric: true } or { IsDuration: true },
            "ANY_NUM" => e is { IsNumeric: true },
            "ANY_REAL" => e is { IsReal: true },
            "ANY_INT" => e is { IsInteger: true },
            "ANY_SIGNED" => e is { IsSignedInteger: true },
            "ANY_UNSIGNED" => e is { IsUnsignedInteger: true },
            "ANY_BIT" => e is { IsBitString: true } or { IsBool: true },
            "ANY_STRING" or "ANY_CHARS" => t is StringType || constraint == "ANY_CHARS" && e is { IsChar: true },
            "ANY_CHAR" => e is { IsChar: true },
            "ANY_DATE" => e is { IsDateTime: true },
            "ANY_DURATION" => e is { IsDuration: true },
            _ => false,
        };
    }

    /// <summary>CODESYS's __SYSTEM.TYPE_CLASS number of a type (stdlib/system.st).</summary>
    static int TypeClassOf(PlcType type) => type switch
    {
        SubrangeType => 24,
        EnumType => 25,
        ArrayType => 26,
        PointerType => 22,
        RefType or ReferenceType => 23,
        StringType s => s.Wide ? 17 : 16,
        ElementaryType e => e.Kind switch
        {
            ElementaryKind.Bool => 0, ElementaryKind.Byte => 2, ElementaryKind.Word => 3, ElementaryKind.DWord => 4,
            ElementaryKind.LWord => 5, ElementaryKind.SInt => 6, ElementaryKind.Int => 7, ElementaryKind.DInt => 8,
            ElementaryKind.LInt => 9, ElementaryKind.USInt => 10, ElementaryKind.UInt => 11, ElementaryKind.UDInt => 12,
            ElementaryKind.ULInt => 13, ElementaryKind.Real => 14, ElementaryKind.LReal => 15, ElementaryKind.Time => 18,
            ElementaryKind.Date => 19, ElementaryKind.DateAndTime => 20, ElementaryKind.TimeOfDay => 21,
            ElementaryKind.LTime => 37, ElementaryKind.LDate => 46, ElementaryKind.LDateAndTime => 47,
            ElementaryKind.LTimeOfDay => 48,
            // CODESYS has no class for CHAR and WCHAR: they are reported by their size, as BYTE and WORD.
            ElementaryKind.Char => 2, ElementaryKind.WChar => 3,
            _ => 28,
        },
        _ => 28,   // TYPE_USERDEF: structs, unions, function blocks, interfaces
    };
}

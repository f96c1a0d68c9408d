using System;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

// Implicit conversions: checks the rules of D2 and inserts conversion nodes, folding constants.
public sealed partial class Binder
{
    /// <summary>
    /// Converts an expression to <paramref name="target"/> as an assignment or argument would, reporting a type
    /// mismatch (PLC2001), a constant out of range (PLC2004) or a narrowing conversion (warning PLC2002).
    /// </summary>
    BoundExpression Convert(BoundExpression e, PlcType target, SourceSpan span, bool allowOutOfRange = false)
    {
        if (e.Type is ErrorType || target is ErrorType) return e;
        if (e.Type is VoidType)
        {
            Report(DiagnosticCodes.TypeMismatch, span, "a call without a result", target.Name);
            return new BoundError(span);
        }
        // A function block instance assigned to an interface its class implements: the interface holds its address.
        if (target is InterfaceType it && e.Type is StructType { Pou: { } block })
        {
            if (!block.AllInterfaces().Contains(it.Interface))
            {
                Report(DiagnosticCodes.TypeMismatch, span, e.Type.Name, target.Name + $" ('{block.Name}' does not implement it)");
                return new BoundError(span);
            }
            if (!IsReferenceable(e, span, "an interface needs a function block instance")) return new BoundError(span);
            return new BoundReference(e.Span, e, target);
        }
        // A one-character string literal is also a CHAR / WCHAR literal.
        if (e is BoundStringLiteral sl && Types.Underlying(target) is ElementaryType { IsChar: true } ct)
        {
            if (sl.Value.Length == 1 && sl.StringType.Wide == (ct.Kind == ElementaryKind.WChar))
                return new BoundLiteral(e.Span, ct, Constant.Of((Int128)sl.Value[0]));
            Report(DiagnosticCodes.TypeMismatch, span, e.Type.Name, target.Name);
            return new BoundError(span);
        }
        var kind = Conversions.Classify(e.Type, target, e.ConstantValue);
        switch (kind)
        {
            case ImplicitConversion.Identity:
                return e;
            case ImplicitConversion.None:
                if (e.Type == LiteralType.Integer && e.ConstantValue is { } lc && Types.Underlying(target) is ElementaryType { IsIntegral: true })
                {
                    if (allowOutOfRange) return new BoundLiteral(e.Span, target, lc);
                    Report(DiagnosticCodes.ConstantOutOfRange, span, lc.Integer.ToString(), target.Name);
                }
                else
                    Report(DiagnosticCodes.TypeMismatch, span, e.Type.Name, target.Name);
                return new BoundError(span);
        }

        // Literals simply take the target type.
        if (e.Type is LiteralType && e.ConstantValue is { } c)
        {
            var t = Lowering.Scalar(target)!;
            Constant value = c;
            if (t.IsReal)
            {
                double d = c.AsDouble;
                if (t.Kind == ElementaryKind.Real) d = (float)d;
                value = Constant.Of(d);
            }
            CheckSubrangeConstant(value, target, span);
            return new BoundLiteral(e.Span, target, value);
        }
        if (e.Type is NullType) return new BoundLiteral(e.Span, target, Constant.Of((Int128)0));
        if (e.Type is StringType && target is StringType) return e;

        var from = Lowering.Scalar(e.Type);
        var to = Lowering.Scalar(target);
        if (from == null || to == null)
        {
            Report(DiagnosticCodes.TypeMismatch, span, e.Type.Name, target.Name);
            return new BoundError(span);
        }
        var steps = Lowering.Conversion(from, to, explicitConversion: false);
        if (steps == null)
        {
            Report(DiagnosticCodes.TypeMismatch, span, e.Type.Name, target.Name);
            return new BoundError(span);
        }
        Constant? folded = null;
        if (e.ConstantValue is { } ec)
        {
            var (o, v) = ConstantEvaluator.Apply(steps, ec, e.Type, target);
            if (o == ConstantEvaluator.Outcome.Ok) folded = v;
        }
        if (kind == ImplicitConversion.Narrowing && !FitsExactly(e.ConstantValue, folded, from, to))
            Report(DiagnosticCodes.NarrowingConversion, span, e.Type.Name, target.Name);
        if (folded is { } fv) CheckSubrangeConstant(fv, target, span);
        return new BoundConversion(e.Span, e, target, ConversionKind.Implicit, folded);
    }

    /// <summary>A narrowing conversion of a constant that keeps its value exactly is not worth a warning.</summary>
    static bool FitsExactly(Constant? before, Constant? after, ElementaryType from, ElementaryType to)
    {
        if (before is not { } b || after is not { } a) return false;
        if (b.IsInteger && a.IsInteger) return b.Integer == a.Integer;
        if (b.IsReal && a.IsReal) return b.Real == a.Real || double.IsNaN(b.Real) && double.IsNaN(a.Real);
        if (b.IsReal && a.IsInteger) return b.Real == (double)a.Integer;
        return false;
    }

    void CheckSubrangeConstant(Constant value, PlcType target, SourceSpan span)
    {
        if (target is SubrangeType sr && value.IsInteger && (value.Integer < sr.Lower || value.Integer > sr.Upper))
            Report(DiagnosticCodes.ConstantOutOfRange, span, value.Integer.ToString(), sr.Name);
    }

    /// <summary>A literal or constant expression given a concrete type when the context supplies none.</summary>
    BoundExpression Materialize(BoundExpression e, SourceSpan span)
    {
        if (e.Type == LiteralType.Integer && e.ConstantValue is { } c)
            return Convert(e, Conversions.TypeForIntegerLiteral(c.Integer), span);
        if (e.Type == LiteralType.RealNumber) return Convert(e, ElementaryType.LReal, span);
        if (e.Type is NullType) return e;
        return e;
    }
}

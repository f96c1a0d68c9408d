using System.Collections.Generic;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

public enum ImplicitConversion { Identity, Widening, Narrowing, None }

/// <summary>The implicit conversion rules (docs/semantics.md D2, D3).</summary>
public static class Conversions
{
    static readonly Dictionary<ElementaryKind, ElementaryKind[]> widening = new()
    {
        [ElementaryKind.SInt] = new[] { ElementaryKind.Int, ElementaryKind.DInt, ElementaryKind.LInt },
        [ElementaryKind.Int] = new[] { ElementaryKind.DInt, ElementaryKind.LInt },
        [ElementaryKind.DInt] = new[] { ElementaryKind.LInt },
        [ElementaryKind.USInt] = new[] { ElementaryKind.UInt, ElementaryKind.UDInt, ElementaryKind.ULInt, ElementaryKind.Int, ElementaryKind.DInt, ElementaryKind.LInt },
        [ElementaryKind.UInt] = new[] { ElementaryKind.UDInt, ElementaryKind.ULInt, ElementaryKind.DInt, ElementaryKind.LInt },
        [ElementaryKind.UDInt] = new[] { ElementaryKind.ULInt, ElementaryKind.LInt },
        [ElementaryKind.Bool] = new[] { ElementaryKind.Byte, ElementaryKind.Word, ElementaryKind.DWord, ElementaryKind.LWord },
        [ElementaryKind.Byte] = new[] { ElementaryKind.Word, ElementaryKind.DWord, ElementaryKind.LWord },
        [ElementaryKind.Word] = new[] { ElementaryKind.DWord, ElementaryKind.LWord },
        [ElementaryKind.DWord] = new[] { ElementaryKind.LWord },
        [ElementaryKind.Real] = new[] { ElementaryKind.LReal },
        [ElementaryKind.Time] = new[] { ElementaryKind.LTime },
        [ElementaryKind.Date] = new[] { ElementaryKind.LDate },
        [ElementaryKind.TimeOfDay] = new[] { ElementaryKind.LTimeOfDay },
        [ElementaryKind.DateAndTime] = new[] { ElementaryKind.LDateAndTime },
        [ElementaryKind.Char] = new[] { ElementaryKind.WChar },
    };

    static readonly (ElementaryKind Long, ElementaryKind Short)[] longForms =
    {
        (ElementaryKind.LTime, ElementaryKind.Time), (ElementaryKind.LDate, ElementaryKind.Date),
        (ElementaryKind.LTimeOfDay, ElementaryKind.TimeOfDay), (ElementaryKind.LDateAndTime, ElementaryKind.DateAndTime),
    };

    public static bool Widens(ElementaryType from, ElementaryType to)
    {
        if (from == to) return true;
        if (from.IsInteger && to.IsReal) return true;
        return widening.TryGetValue(from.Kind, out var targets) && System.Array.IndexOf(targets, to.Kind) >= 0;
    }

    /// <summary>Classifies the implicit conversion of a value of type <paramref name="from"/> (with its constant
    /// value, for literals) to <paramref name="to"/>.</summary>
    public static ImplicitConversion Classify(PlcType from, PlcType to, Constant? value = null)
    {
        if (from is ErrorType || to is ErrorType) return ImplicitConversion.Identity;
        if (Types.Identical(from, to)) return ImplicitConversion.Identity;
        if (from is SubrangeType fs) return Classify(fs.Base, to, value);
        if (to is SubrangeType ts)
        {
            var c = Classify(from, ts.Base, value);
            return c == ImplicitConversion.Identity ? ImplicitConversion.Widening : c;
        }
        if (from == LiteralType.Integer && to is ElementaryType lt)
        {
            if (lt.IsReal) return ImplicitConversion.Widening;
            // The literals 0 and 1 are BOOL's FALSE and TRUE (as BOOL#0 and BOOL#1; CODESYS accepts them bare).
            if (lt.IsBool) return value is { } b && (b.Integer == 0 || b.Integer == 1) ? ImplicitConversion.Widening : ImplicitConversion.None;
            if (lt.IsIntegral)
            {
                if (value is not { } v) return ImplicitConversion.Widening;
                var (min, max) = lt.IntegerRange;
                return v.Integer >= min && v.Integer <= max ? ImplicitConversion.Widening : ImplicitConversion.None;
            }
            return ImplicitConversion.None;
        }
        if (from == LiteralType.RealNumber && to is ElementaryType rt)
            return rt.IsReal ? ImplicitConversion.Widening : ImplicitConversion.None;
        if (from is NullType && to is RefType or PointerType) return ImplicitConversion.Widening;
        if (to is PointerType toPointer) return ToPointer(from, toPointer, value);
        if (to is InterfaceType toInterface)
        {
            // An interface value: NULL or 0 (none), or an interface that is or extends it. A block instance becomes
            // its address in Binder.Convert.
            if (from is NullType) return ImplicitConversion.Widening;
            if (from == LiteralType.Integer) return value is { } z && z.Integer == 0 ? ImplicitConversion.Widening : ImplicitConversion.None;
            if (from is InterfaceType fi && System.Linq.Enumerable.Contains(fi.Interface.SelfAndBases(), toInterface.Interface)) return ImplicitConversion.Widening;
            return ImplicitConversion.None;
        }
        if (from is PointerType && to is ElementaryType { Kind: ElementaryKind.DWord or ElementaryKind.UDInt or ElementaryKind.LWord or ElementaryKind.ULInt })
            return ImplicitConversion.Widening;
        if (from is StringType fstr && to is StringType tstr)
            return fstr.Wide == tstr.Wide ? ImplicitConversion.Widening : ImplicitConversion.None;
        if (from is EnumType fe)
        {
            if (to is ElementaryType te && (te.IsIntegral) )
                return Classify(fe.Base, te);
            return ImplicitConversion.None;
        }
        if (from is ElementaryType f && to is ElementaryType t)
        {
            if (Widens(f, t)) return ImplicitConversion.Widening;
            bool fInt = f.IsIntegral, tInt = t.IsIntegral;
            if (fInt && tInt) return ImplicitConversion.Narrowing;
            if (f.IsReal && (t.IsReal || t.IsInteger)) return ImplicitConversion.Narrowing;
            foreach (var (l, s) in longForms)
                if (f.Kind == l && t.Kind == s) return ImplicitConversion.Narrowing;
            if (f.Kind == ElementaryKind.WChar && t.Kind == ElementaryKind.Char) return ImplicitConversion.Narrowing;
            return ImplicitConversion.None;
        }
        return ImplicitConversion.None;
    }

    /// <summary>What converts to a POINTER TO (D32): an address (DWORD/UDINT, the type of ADR), an integer literal
    /// that fits in 32 bits unsigned (0 above all), and a pointer to the same type or, either way, to BYTE.</summary>
    static ImplicitConversion ToPointer(PlcType from, PointerType to, Constant? value)
    {
        if (from == LiteralType.Integer)
            return value is not { } v || v.Integer >= 0 && v.Integer <= uint.MaxValue ? ImplicitConversion.Widening : ImplicitConversion.None;
        if (from is ElementaryType { Kind: ElementaryKind.DWord or ElementaryKind.UDInt }) return ImplicitConversion.Widening;
        if (from is PointerType fp && (IsBytePointer(fp) || IsBytePointer(to) || Types.IsSameOrDerived(fp.Target, to.Target)))
            return ImplicitConversion.Widening;
        return ImplicitConversion.None;
    }

    static bool IsBytePointer(PointerType p) => p.Target is ElementaryType { Kind: ElementaryKind.Byte };

    static readonly ElementaryType[] commonCandidates =
    {
        ElementaryType.SInt, ElementaryType.USInt, ElementaryType.Int, ElementaryType.UInt, ElementaryType.DInt,
        ElementaryType.UDInt, ElementaryType.LInt, ElementaryType.ULInt, ElementaryType.Byte, ElementaryType.Word,
        ElementaryType.DWord, ElementaryType.LWord, ElementaryType.Real, ElementaryType.LReal,
    };

    /// <summary>The smallest integral type that holds an integer literal (DINT first, as a default).</summary>
    public static ElementaryType TypeForIntegerLiteral(System.Int128 value)
    {
        foreach (var t in new[] { ElementaryType.DInt, ElementaryType.LInt, ElementaryType.ULInt })
        {
            var (min, max) = t.IntegerRange;
            if (value >= min && value <= max) return t;
        }
        return ElementaryType.ULInt;
    }

    /// <summary>
    /// Common type of two numeric/bit operands (D3). Returns null when there is none. <paramref name="mixed"/> is set
    /// when the operands had no common widening type and the wider one was taken (warning PLC2016).
    /// </summary>
    public static PlcType? CommonType(PlcType a, Constant? aValue, PlcType b, Constant? bValue, out bool mixed)
    {
        mixed = false;
        if (a is ErrorType || b is ErrorType) return ErrorType.Instance;
        a = Types.Underlying(a); b = Types.Underlying(b);
        if (a is EnumType ea) a = ea.Base;
        if (b is EnumType eb) b = eb.Base;
        if (a is LiteralType la && b is LiteralType lb)
            return la == LiteralType.RealNumber || lb == LiteralType.RealNumber ? LiteralType.RealNumber : LiteralType.Integer;
        if (a is LiteralType) return CommonWithLiteral((LiteralType)a, aValue, b);
        if (b is LiteralType) return CommonWithLiteral((LiteralType)b, bValue, a);
        if (a is not ElementaryType x || b is not ElementaryType y) return null;
        if (x == y) return x;
        if (Widens(x, y)) return y;
        if (Widens(y, x)) return x;
        if (x.IsReal || y.IsReal)
        {
            if ((x.IsReal || x.IsInteger) && (y.IsReal || y.IsInteger))
                return x.Kind == ElementaryKind.LReal || y.Kind == ElementaryKind.LReal ? ElementaryType.LReal : ElementaryType.Real;
            return null;
        }
        if (!(x.IsIntegral || x.IsBool) || !(y.IsIntegral || y.IsBool)) return null;
        foreach (var c in commonCandidates)
            if (Widens(x, c) && Widens(y, c)) return c;
        mixed = true;
        return x.Size >= y.Size ? x : y;
    }

    static PlcType? CommonWithLiteral(LiteralType literal, Constant? value, PlcType other)
    {
        if (other is not ElementaryType t) return null;
        if (literal == LiteralType.RealNumber)
        {
            if (t.IsReal) return t;
            if (t.IsInteger) return ElementaryType.Real;
            return null;
        }
        if (t.IsReal) return t;
        if (!t.IsIntegral) return null;
        if (value is not { } v) return t;
        var (min, max) = t.IntegerRange;
        if (v.Integer >= min && v.Integer <= max) return t;
        foreach (var c in commonCandidates)
        {
            if (!c.IsIntegral || !Widens(t, c)) continue;
            var (cmin, cmax) = c.IntegerRange;
            if (v.Integer >= cmin && v.Integer <= cmax) return c;
        }
        return TypeForIntegerLiteral(v.Integer);
    }
}

using System.Collections.Generic;
using System.Linq;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

/// <summary>How a value of a type lives on the interpreter's value stack.</summary>
public enum StackKind { None, I, L, F, D }

/// <summary>A type of the language. Sizes and member offsets are known after <see cref="Layout"/>.</summary>
public abstract class PlcType
{
    public abstract string Name { get; }
    public virtual int Size { get; protected set; }
    public virtual int Alignment { get; protected set; } = 1;
    /// <summary>Scalars live on the value stack; everything else is handled by address.</summary>
    public virtual StackKind StackKind => StackKind.None;
    public bool IsScalar => StackKind != StackKind.None;
    public override string ToString() => Name;
}

public sealed class ElementaryType : PlcType
{
    public ElementaryKind Kind { get; }
    public override string Name { get; }
    readonly StackKind stackKind;
    public override StackKind StackKind => stackKind;

    ElementaryType(ElementaryKind kind, string name, int size, StackKind stack)
    {
        Kind = kind; Name = name; Size = size; Alignment = size; stackKind = stack;
    }

    public bool IsBool => Kind == ElementaryKind.Bool;
    public bool IsSignedInteger => Kind is ElementaryKind.SInt or ElementaryKind.Int or ElementaryKind.DInt or ElementaryKind.LInt;
    public bool IsUnsignedInteger => Kind is ElementaryKind.USInt or ElementaryKind.UInt or ElementaryKind.UDInt or ElementaryKind.ULInt;
    public bool IsInteger => IsSignedInteger || IsUnsignedInteger;
    public bool IsBitString => Kind is ElementaryKind.Byte or ElementaryKind.Word or ElementaryKind.DWord or ElementaryKind.LWord;
    public bool IsReal => Kind is ElementaryKind.Real or ElementaryKind.LReal;
    public bool IsNumeric => IsInteger || IsReal;
    /// <summary>Integers and bit strings: the types with integer arithmetic.</summary>
    public bool IsIntegral => IsInteger || IsBitString;
    public bool IsDuration => Kind is ElementaryKind.Time or ElementaryKind.LTime;
    public bool IsDateTime => Kind is ElementaryKind.Date or ElementaryKind.LDate or ElementaryKind.TimeOfDay
        or ElementaryKind.LTimeOfDay or ElementaryKind.DateAndTime or ElementaryKind.LDateAndTime;
    public bool IsChar => Kind is ElementaryKind.Char or ElementaryKind.WChar;
    /// <summary>Treated as unsigned by division, modulo, comparison and widening (UDINT, ULINT, DWORD, LWORD ...).</summary>
    public bool IsUnsigned => IsUnsignedInteger || IsBitString || IsChar || IsBool;
    /// <summary>Width in bits of the value (BOOL: 1).</summary>
    public int Bits => Kind == ElementaryKind.Bool ? 1 : Size * 8;

    public static readonly ElementaryType Bool = new(ElementaryKind.Bool, "BOOL", 1, StackKind.I);
    public static readonly ElementaryType SInt = new(ElementaryKind.SInt, "SINT", 1, StackKind.I);
    public static readonly ElementaryType Int = new(ElementaryKind.Int, "INT", 2, StackKind.I);
    public static readonly ElementaryType DInt = new(ElementaryKind.DInt, "DINT", 4, StackKind.I);
    public static readonly ElementaryType LInt = new(ElementaryKind.LInt, "LINT", 8, StackKind.L);
    public static readonly ElementaryType USInt = new(ElementaryKind.USInt, "USINT", 1, StackKind.I);
    public static readonly ElementaryType UInt = new(ElementaryKind.UInt, "UINT", 2, StackKind.I);
    public static readonly ElementaryType UDInt = new(ElementaryKind.UDInt, "UDINT", 4, StackKind.I);
    public static readonly ElementaryType ULInt = new(ElementaryKind.ULInt, "ULINT", 8, StackKind.L);
    public static readonly ElementaryType Real = new(ElementaryKind.Real, "REAL", 4, StackKind.F);
    public static readonly ElementaryType LReal = new(ElementaryKind.LReal, "LREAL", 8, StackKind.D);
    public static readonly ElementaryType Byte = new(ElementaryKind.Byte, "BYTE", 1, StackKind.I);
    public static readonly ElementaryType Word = new(ElementaryKind.Word, "WORD", 2, StackKind.I);
    public static readonly ElementaryType DWord = new(ElementaryKind.DWord, "DWORD", 4, StackKind.I);
    public static readonly ElementaryType LWord = new(ElementaryKind.LWord, "LWORD", 8, StackKind.L);
    public static readonly ElementaryType Time = new(ElementaryKind.Time, "TIME", 8, StackKind.L);
    public static readonly ElementaryType LTime = new(ElementaryKind.LTime, "LTIME", 8, StackKind.L);
    public static readonly ElementaryType Date = new(ElementaryKind.Date, "DATE", 8, StackKind.L);
    public static readonly ElementaryType LDate = new(ElementaryKind.LDate, "LDATE", 8, StackKind.L);
    public static readonly ElementaryType Tod = new(ElementaryKind.TimeOfDay, "TOD", 8, StackKind.L);
    public static readonly ElementaryType LTod = new(ElementaryKind.LTimeOfDay, "LTOD", 8, StackKind.L);
    public static readonly ElementaryType Dt = new(ElementaryKind.DateAndTime, "DT", 8, StackKind.L);
    public static readonly ElementaryType Ldt = new(ElementaryKind.LDateAndTime, "LDT", 8, StackKind.L);
    public static readonly ElementaryType Char = new(ElementaryKind.Char, "CHAR", 1, StackKind.I);
    public static readonly ElementaryType WChar = new(ElementaryKind.WChar, "WCHAR", 2, StackKind.I);

    public static IReadOnlyList<ElementaryType> All { get; } = new[]
    {
        Bool, SInt, Int, DInt, LInt, USInt, UInt, UDInt, ULInt, Real, LReal, Byte, Word, DWord, LWord,
        Time, LTime, Date, LDate, Tod, LTod, Dt, Ldt, Char, WChar,
    };

    static readonly Dictionary<string, ElementaryType> byName = BuildNames();

    static Dictionary<string, ElementaryType> BuildNames()
    {
        var d = new Dictionary<string, ElementaryType>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var t in All) d[t.Name] = t;
        d["TIME_OF_DAY"] = Tod;
        d["LTIME_OF_DAY"] = LTod;
        d["DATE_AND_TIME"] = Dt;
        d["LDATE_AND_TIME"] = Ldt;
        // The address-sized types of CODESYS and TwinCAT. Addresses are 32 bits here (D32).
        foreach (var name in new[] { "PVOID", "__XWORD", "XWORD" }) d[name] = DWord;
        foreach (var name in new[] { "__UXINT", "UXINT" }) d[name] = UDInt;
        foreach (var name in new[] { "__XINT", "XINT" }) d[name] = DInt;
        return d;
    }

    /// <summary>The elementary type with this name (including long spellings such as TIME_OF_DAY), or null.</summary>
    public static ElementaryType? Find(string name) => byName.TryGetValue(name, out var t) ? t : null;

    public static ElementaryType Of(ElementaryKind kind) => All.First(t => t.Kind == kind);

    /// <summary>Range of an integral type as 128-bit integers.</summary>
    public (Int128 Min, Int128 Max) IntegerRange => Kind switch
    {
        ElementaryKind.Bool => (0, 1),
        ElementaryKind.SInt => (sbyte.MinValue, sbyte.MaxValue),
        ElementaryKind.Int => (short.MinValue, short.MaxValue),
        ElementaryKind.DInt => (int.MinValue, int.MaxValue),
        ElementaryKind.LInt => (long.MinValue, long.MaxValue),
        ElementaryKind.USInt or ElementaryKind.Byte or ElementaryKind.Char => (0, byte.MaxValue),
        ElementaryKind.UInt or ElementaryKind.Word or ElementaryKind.WChar => (0, ushort.MaxValue),
        ElementaryKind.UDInt or ElementaryKind.DWord => (0, uint.MaxValue),
        ElementaryKind.ULInt or ElementaryKind.LWord => (0, ulong.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}

/// <summary>STRING(n) or WSTRING(n): n characters plus a terminator.</summary>
public sealed class StringType : PlcType
{
    public const int DefaultLength = 80;
    public const int MaxLength = 65535;
    public bool Wide { get; }
    public int Length { get; }
    public override string Name => (Wide ? "WSTRING" : "STRING") + (Length == DefaultLength ? "" : $"({Length})");

    public StringType(bool wide, int length)
    {
        Wide = wide; Length = length;
        Size = (length + 1) * (wide ? 2 : 1);
        Alignment = wide ? 2 : 1;
    }

    public int CharSize => Wide ? 2 : 1;
}

public readonly record struct ArrayDimension(int Lower, int Upper)
{
    public int Count => Upper - Lower + 1;
    public override string ToString() => $"{Lower}..{Upper}";
}

public sealed class ArrayType : PlcType
{
    public PlcType Element { get; }
    public IReadOnlyList<ArrayDimension> Dimensions { get; }
    public override string Name => $"ARRAY[{string.Join(", ", Dimensions)}] OF {Element.Name}";

    /// <summary>Initial value of elements that have none of their own (elements of a type with a default).</summary>
    public BoundInitializer? ElementDefault { get; set; }

    public ArrayType(PlcType element, IReadOnlyList<ArrayDimension> dimensions)
    {
        Element = element; Dimensions = dimensions;
    }

    public long ElementCount => Dimensions.Aggregate(1L, (n, d) => n * d.Count);

    /// <summary>Bytes between consecutive indices of dimension k (row-major).</summary>
    public int Stride(int k)
    {
        long s = Element.Size;
        for (int j = k + 1; j < Dimensions.Count; j++) s *= Dimensions[j].Count;
        return (int)s;
    }

    internal void ComputeLayout()
    {
        Size = (int)System.Math.Min(int.MaxValue, ElementCount * Element.Size);
        Alignment = Element.Alignment;
    }

    public bool SameAs(ArrayType other) =>
        Dimensions.SequenceEqual(other.Dimensions) && Types.Identical(Element, other.Element);
}

/// <summary>
/// <c>ARRAY[*, *] OF T</c> (IEC 61131-3 3rd edition, CODESYS): a VAR_IN_OUT whose bounds come with its argument
/// (D42). The parameter holds a descriptor: the array's address (offset 0), then per dimension its lower and upper
/// bound (offsets 4 + 8k and 8 + 8k), all DINT.
/// </summary>
public sealed class VarLengthArrayType : PlcType
{
    public PlcType Element { get; }
    public int Rank { get; }
    public override string Name => $"ARRAY[{string.Join(", ", Enumerable.Repeat("*", Rank))}] OF {Element.Name}";
    public VarLengthArrayType(PlcType element, int rank)
    {
        Element = element; Rank = rank; Size = 4 + 8 * rank; Alignment = 4;
    }
    public static int LowerOffset(int k) => 4 + 8 * k;
    public static int UpperOffset(int k) => 8 + 8 * k;
}

/// <summary>A STRUCT type, or the instance type of a FUNCTION_BLOCK or PROGRAM (see <see cref="PouSymbol"/>).</summary>
public sealed class StructType : PlcType
{
    readonly string name;
    public override string Name => name;
    public List<VariableSymbol> Members { get; } = new();
    /// <summary>Set for the instance type of a function block or program.</summary>
    public PouSymbol? Pou { get; set; }
    /// <summary>Where a STRUCT type is declared (null for instance types and the globals block).</summary>
    public Diagnostics.SourceSpan? DeclarationSpan { get; init; }
    /// <summary>A UNION (CODESYS): every member at offset 0, sharing the same bytes (D37).</summary>
    public bool IsUnion { get; init; }
    /// <summary>The STRUCT this one EXTENDS; its members come first, at the same offsets (D34).</summary>
    public StructType? Base { get; init; }
    /// <summary>The type whose layout this one's starts with: a block's base's instance, or a STRUCT's base.</summary>
    public StructType? LayoutBase => Pou?.Base?.Frame ?? Base;
    public bool LayoutDone { get; private set; }
    public bool LayoutInProgress { get; set; }

    public StructType(string name) { this.name = name; }

    public VariableSymbol? FindMember(string memberName) => Members.FirstOrDefault(m => Ast.Names.Equal(m.Name, memberName));

    internal void SetLayout(int size, int alignment) { Size = size; Alignment = alignment; LayoutDone = true; }
}

public sealed class EnumType : PlcType
{
    readonly string name;
    public override string Name => name;
    public ElementaryType Base { get; set; } = ElementaryType.Int;
    public List<EnumValueSymbol> Values { get; } = new();
    public override int Size => Base.Size;
    public override int Alignment => Base.Alignment;
    public override StackKind StackKind => Base.StackKind;

    public EnumType(string name) { this.name = name; }

    public EnumValueSymbol? Find(string valueName) => Values.FirstOrDefault(v => Ast.Names.Equal(v.Name, valueName));
}

public sealed class SubrangeType : PlcType
{
    public ElementaryType Base { get; }
    public long Lower { get; }
    public long Upper { get; }
    public override string Name => $"{Base.Name}({Lower}..{Upper})";
    public override int Size => Base.Size;
    public override int Alignment => Base.Alignment;
    public override StackKind StackKind => Base.StackKind;

    public SubrangeType(ElementaryType baseType, long lower, long upper) { Base = baseType; Lower = lower; Upper = upper; }
}

/// <summary>A type whose values are 32-bit addresses of a Target type: REF_TO, POINTER TO, REFERENCE TO.</summary>
public abstract class AddressType : PlcType
{
    public PlcType Target { get; }
    public override int Size => 4;
    public override int Alignment => 4;
    public override StackKind StackKind => StackKind.I;
    protected AddressType(PlcType target) { Target = target; }
}

public sealed class RefType : AddressType
{
    public override string Name => "REF_TO " + Target.Name;
    public RefType(PlcType target) : base(target) { }
}

/// <summary>
/// <c>POINTER TO T</c> (CODESYS): a 32-bit byte address into the program's memory (D32). It converts to and from
/// DWORD/UDINT (the type of ADR), takes byte arithmetic with integers, indexes as <c>p[i] = (p + i*SIZEOF(T))^</c>,
/// and every dereference is checked by the runtime: outside the memory it is a fault, never a host crash.
/// </summary>
public sealed class PointerType : AddressType
{
    public override string Name => "POINTER TO " + Target.Name;
    public PointerType(PlcType target) : base(target) { }
}

/// <summary>
/// <c>REFERENCE TO T</c> (CODESYS): holds an address like REF_TO, but every use of the variable means the
/// variable it refers to; <c>r REF= x</c> binds it. Unbound (0), a use is a NullReference fault (D32).
/// </summary>
public sealed class ReferenceType : AddressType
{
    public override string Name => "REFERENCE TO " + Target.Name;
    public ReferenceType(PlcType target) : base(target) { }
}

/// <summary>
/// A variable of an INTERFACE type: the address of a function block instance whose class implements it (0 when
/// none is assigned). Calls through it are dispatched on the instance's class (D34).
/// </summary>
public sealed class InterfaceType : PlcType
{
    public InterfaceSymbol Interface { get; }
    public override string Name => Interface.Name;
    public override int Size => 4;
    public override int Alignment => 4;
    public override StackKind StackKind => StackKind.I;
    public InterfaceType(InterfaceSymbol symbol) { Interface = symbol; }
}

/// <summary>The type of NULL: converts to any reference.</summary>
public sealed class NullType : PlcType
{
    public static readonly NullType Instance = new();
    public override string Name => "NULL";
    public override StackKind StackKind => StackKind.I;
    public override int Size => 4;
}

/// <summary>An integer or real literal that has not yet taken a type from its context.</summary>
public sealed class LiteralType : PlcType
{
    public static readonly LiteralType Integer = new("integer literal", StackKind.L);
    public static readonly LiteralType RealNumber = new("real literal", StackKind.D);
    readonly string name;
    readonly StackKind stack;
    public override string Name => name;
    public override StackKind StackKind => stack;
    LiteralType(string name, StackKind stack) { this.name = name; this.stack = stack; }
}

/// <summary>The type of an expression that could not be bound. Never reported again.</summary>
public sealed class ErrorType : PlcType
{
    public static readonly ErrorType Instance = new();
    public override string Name => "<error>";
}

/// <summary>The "type" of a call of a function without a result.</summary>
public sealed class VoidType : PlcType
{
    public static readonly VoidType Instance = new();
    public override string Name => "no value";
}

public static class Types
{
    /// <summary>Subranges and enumerations behave as their base type in arithmetic.</summary>
    public static PlcType Underlying(PlcType t) => t switch
    {
        SubrangeType s => s.Base,
        _ => t,
    };

    public static ElementaryType? AsElementary(PlcType t) => Underlying(t) as ElementaryType;

    /// <summary>Two types are identical: same elementary type, same declared type, or structurally equal arrays/strings/refs.</summary>
    public static bool Identical(PlcType a, PlcType b)
    {
        if (ReferenceEquals(a, b)) return true;
        return (a, b) switch
        {
            (StringType x, StringType y) => x.Wide == y.Wide && x.Length == y.Length,
            (ArrayType x, ArrayType y) => x.SameAs(y),
            (VarLengthArrayType x, VarLengthArrayType y) => x.Rank == y.Rank && Identical(x.Element, y.Element),
            (RefType x, RefType y) => Identical(x.Target, y.Target),
            (PointerType x, PointerType y) => Identical(x.Target, y.Target),
            (ReferenceType x, ReferenceType y) => Identical(x.Target, y.Target),
            (InterfaceType x, InterfaceType y) => x.Interface == y.Interface,
            (SubrangeType x, SubrangeType y) => x.Base == y.Base && x.Lower == y.Lower && x.Upper == y.Upper,
            _ => false,
        };
    }

    public static bool IsError(PlcType t) => t is ErrorType;

    /// <summary>True when a value of <paramref name="from"/> may stand where <paramref name="to"/> is expected by
    /// address (VAR_IN_OUT, REF=, pointers): the same type, or a function block derived from the one expected.</summary>
    public static bool IsSameOrDerived(PlcType from, PlcType to)
    {
        if (Identical(from, to)) return true;
        if (from is StructType { Pou: { } f } && to is StructType { Pou: { } t }) return System.Linq.Enumerable.Contains(f.SelfAndBases(), t);
        for (var s = (from as StructType)?.Base; s != null; s = s.Base)
            if (ReferenceEquals(s, to)) return true;
        return false;
    }
}

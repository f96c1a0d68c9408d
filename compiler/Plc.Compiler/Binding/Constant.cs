using System;
using System.Globalization;

namespace Plc.Compiler.Binding;

public enum ConstantKind { Integer, Real, String }

/// <summary>
/// A value known at compile time. Integers (also BOOL, enumerations, TIME and dates in nanoseconds) are held
/// exactly in 128 bits; reals as doubles (REAL values are float-exact); strings as text.
/// </summary>
public readonly record struct Constant(ConstantKind Kind, Int128 Integer, double Real, string? Text)
{
    public static Constant Of(Int128 value) => new(ConstantKind.Integer, value, 0, null);
    public static Constant Of(double value) => new(ConstantKind.Real, 0, value, null);
    public static Constant Of(bool value) => new(ConstantKind.Integer, value ? 1 : 0, 0, null);
    public static Constant Of(string value) => new(ConstantKind.String, 0, 0, value);

    public bool IsInteger => Kind == ConstantKind.Integer;
    public bool IsReal => Kind == ConstantKind.Real;
    public bool IsString => Kind == ConstantKind.String;
    public double AsDouble => IsReal ? Real : (double)Integer;

    public override string ToString() => Kind switch
    {
        ConstantKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ConstantKind.Real => Real.ToString("R", CultureInfo.InvariantCulture),
        _ => "'" + Text + "'",
    };

    /// <summary>Wraps an exact integer to the two's complement range of an integral type (D1, D7).</summary>
    public static Int128 Wrap(Int128 value, ElementaryType type)
    {
        if (type.IsBool) return value != 0 ? 1 : 0;
        int bits = type.Bits;
        if (bits >= 128) return value;
        Int128 mask = (Int128.One << bits) - 1;
        Int128 low = value & mask;
        bool signed = type.IsSignedInteger;
        if (signed && (low >> (bits - 1)) != 0) low -= Int128.One << bits;
        return low;
    }

    /// <summary>Round half to even (IEC 60559), as the runtime's D2*_Round instructions do.</summary>
    public static double RoundHalfEven(double x) => Math.Round(x, MidpointRounding.ToEven);

    /// <summary>Converts a real to an integer type like the runtime: rounding or truncating, then saturating.</summary>
    public static Int128 RealToInteger(double x, ElementaryType target, bool truncate)
    {
        if (double.IsNaN(x)) return 0;
        double r = truncate ? Math.Truncate(x) : RoundHalfEven(x);
        var (min, max) = target.IntegerRange;
        if (r <= (double)min) return min;
        if (r >= (double)max) return max;
        return (Int128)r;
    }
}

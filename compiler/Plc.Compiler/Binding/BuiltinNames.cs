using Plc.Compiler.Ast;

namespace Plc.Compiler.Binding;

/// <summary>Names of the built-in functions: REF, TRUNC and the type conversions X_TO_Y.</summary>
public static class BuiltinNames
{
    /// <summary>The start time of the current scan, for timers: <c>__SCAN_TIME()</c> (a name no IEC identifier can
    /// take, since identifiers may not contain two underscores in a row).</summary>
    public const string ScanTime = "__SCAN_TIME";

    /// <summary>CODESYS/TwinCAT operators that allocate or free memory at run time (<c>__NEW</c>, <c>__DELETE</c>):
    /// recognised only to be rejected with PLC4023, since every variable here is placed when the image loads.</summary>
    public static bool IsDynamicMemoryOperator(string name) => Names.Equal(name, "__NEW") || Names.Equal(name, "__DELETE");

    public static bool IsReserved(string name) => Names.Equal(name, "REF") || Names.Equal(name, ScanTime) || IsConversionOrTrunc(name);

    public static bool IsConversionOrTrunc(string name) => ParseConversion(name) != null || ParseGenericConversion(name) != null;

    /// <summary>
    /// Recognises CODESYS's overloaded conversions <c>TO_B</c> (<c>TO_INT</c>, <c>TO_STRING</c> ...): the target
    /// type's name, or null. The source type is the argument's, so <c>TO_INT(r)</c> with <c>r : REAL</c> is
    /// <c>REAL_TO_INT(r)</c>.
    /// </summary>
    public static string? ParseGenericConversion(string name)
    {
        if (!name.StartsWith("TO_", System.StringComparison.OrdinalIgnoreCase)) return null;
        string to = name.Substring(3).ToUpperInvariant();
        return TypeByName(to) != null ? to : null;
    }

    /// <summary>The elementary type or STRING/WSTRING (default length) with this name.</summary>
    public static PlcType? TypeByName(string name)
    {
        if (Names.Equal(name, "STRING")) return new StringType(false, StringType.DefaultLength);
        if (Names.Equal(name, "WSTRING")) return new StringType(true, StringType.DefaultLength);
        return ElementaryType.Find(name);
    }

    /// <summary>
    /// Recognises <c>A_TO_B</c>, <c>TRUNC</c>, <c>TRUNC_B</c> and <c>A_TRUNC_B</c>. From is null when the source
    /// type is any real (TRUNC).
    /// </summary>
    public static (string? From, string To, bool Truncate)? ParseConversion(string name)
    {
        string upper = name.ToUpperInvariant();
        if (upper == "TRUNC") return (null, "DINT", true);
        if (upper.StartsWith("TRUNC_"))
        {
            string to = upper.Substring(6);
            return ElementaryType.Find(to) is { IsInteger: true } ? (null, to, true) : null;
        }
        int t = upper.IndexOf("_TRUNC_", System.StringComparison.Ordinal);
        if (t > 0)
        {
            string from = upper.Substring(0, t), to = upper.Substring(t + 7);
            return ElementaryType.Find(from) is { IsReal: true } && ElementaryType.Find(to) is { IsInteger: true } ? (from, to, true) : null;
        }
        int i = upper.IndexOf("_TO_", System.StringComparison.Ordinal);
        while (i > 0)
        {
            string from = upper.Substring(0, i), to = upper.Substring(i + 4);
            if (TypeByName(from) != null && TypeByName(to) != null) return (from, to, false);
            i = upper.IndexOf("_TO_", i + 1, System.StringComparison.Ordinal);
        }
        return null;
    }
}

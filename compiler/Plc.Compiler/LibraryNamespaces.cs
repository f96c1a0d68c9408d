using System.Text.RegularExpressions;
using Plc.Compiler.Ast;

namespace Plc.Compiler;

/// <summary>
/// The TwinCAT libraries whose names code may write with the library's namespace in front
/// (<c>Tc2_System.T_MaxString</c>, <c>Tc2_Standard.TON</c>; docs/compatibility.md), and which of each library's
/// names this compiler provides with the same meaning: the standard library (stdlib/), the built-in string
/// functions, and stdlib/twincat.st. A name the real library has but this compiler does not (ADS and system
/// functions such as <c>Tc2_System.GETCPUCOUNTER</c>) is not listed, so it is reported instead of resolved.
/// </summary>
public static partial class LibraryNamespaces
{
    /// <summary>The values of TYPE_CLASS (stdlib/system.st), which TwinCAT code also qualifies with the library.</summary>
    static readonly string[] TypeClasses =
    {
        "TYPE_BOOL", "TYPE_BIT", "TYPE_BYTE", "TYPE_WORD", "TYPE_DWORD", "TYPE_LWORD", "TYPE_SINT", "TYPE_INT",
        "TYPE_DINT", "TYPE_LINT", "TYPE_USINT", "TYPE_UINT", "TYPE_UDINT", "TYPE_ULINT", "TYPE_REAL", "TYPE_LREAL",
        "TYPE_STRING", "TYPE_WSTRING", "TYPE_TIME", "TYPE_DATE", "TYPE_DATEANDTIME", "TYPE_TIMEOFDAY",
        "TYPE_POINTER", "TYPE_REFERENCE", "TYPE_SUBRANGE", "TYPE_ENUM", "TYPE_ARRAY", "TYPE_PARAMS",
        "TYPE_USERDEF", "TYPE_NONE", "TYPE_ANY", "TYPE_ANYBIT", "TYPE_ANYDATE", "TYPE_ANYINT", "TYPE_ANYNUM",
        "TYPE_ANYREAL", "TYPE_LAZY", "TYPE_LTIME", "TYPE_BITCONST", "TYPE_UXINT", "TYPE_XWORD", "TYPE_XINT",
        "TYPE_XSTRING", "TYPE_VARLENARRAY", "TYPE_ANYSTRING", "TYPE_VECTOR", "TYPE_LDATE", "TYPE_LDATEANDTIME",
        "TYPE_LTIMEOFDAY", "TYPE_INTERFACE"
    };

    /// <summary>True for a value of TYPE_CLASS: <c>IBaseLibrary.TYPE_INT</c> is then read as <c>TYPE_CLASS.TYPE_INT</c>,
    /// so that it stays apart from a program's own enumeration values of the same name.</summary>
    public static bool IsTypeClassValue(string name) => System.Array.Exists(TypeClasses, n => Names.Equal(n, name));

    static readonly Dictionary<string, HashSet<string>> provided = new(Names.Comparer)
    {
        // Tc2_Standard's timers and edge detectors have the IEC parameter names. Its SR, RS, CTU, CTD and CTUD are not
        // listed: TwinCAT names their inputs SET1/RESET, SET/RESET1, RESET and LOAD, which ours are not.
        ["Tc2_Standard"] = Set("TON", "TOF", "TP", "LTON", "LTOF", "LTP", "R_TRIG", "F_TRIG",
            "LEN", "LEFT", "RIGHT", "MID", "CONCAT", "INSERT", "DELETE", "REPLACE", "FIND"),
        ["Tc2_System"] = Set("T_MaxString", "MEMCPY", "MEMMOVE"),
        ["Tc2_Utilities"] = Set("F_LTrim", "F_RTrim"),
        // CODESYS's system namespace: the types of ANY parameters and the base of queried interfaces (stdlib/system.st).
        ["__SYSTEM"] = Set("TYPE_CLASS", "AnyType", "IQueryInterface"),
        // CODESYS's Base Interfaces library: its TypeClass is __SYSTEM.TYPE_CLASS under another name.
        ["IBaseLibrary"] = Set(new[] { "TypeClass" }.Concat(TypeClasses).ToArray()),
    };

    static HashSet<string> Set(params string[] names) => new(names, Names.Comparer);

    /// <summary>
    /// The libraries a library references, whose names TwinCAT also resolves through its namespace: TcUnit writes
    /// <c>Tc2_Utilities.T_MaxString</c> (Tc2_System's) and <c>Tc2_System.CONCAT</c> (Tc2_Standard's).
    /// </summary>
    static readonly Dictionary<string, string[]> references = new(Names.Comparer)
    {
        ["Tc2_System"] = new[] { "Tc2_Standard" },
        ["Tc2_Utilities"] = new[] { "Tc2_System", "Tc2_Standard" },
    };

    static IEnumerable<HashSet<string>> Reach(string library)
    {
        if (provided.TryGetValue(library, out var own)) yield return own;
        if (references.TryGetValue(library, out var referenced))
            foreach (var r in referenced) yield return provided[r];
    }


    /// <summary>The libraries known here, in name order.</summary>
    public static IEnumerable<string> Libraries => provided.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names this compiler provides from a known library (empty for an unknown one).</summary>
    public static IEnumerable<string> NamesOf(string library) =>
        Reach(library).SelectMany(n => n).Distinct(Names.Comparer).Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>A name written like a TwinCAT library namespace: <c>Tc2_</c> or <c>Tc3_</c> and a name.</summary>
    public static bool LooksLikeLibrary(string name) => LibraryName().IsMatch(name);

    public static bool IsKnown(string library) => provided.ContainsKey(library);

    public static bool Provides(string library, string name) => Reach(library).Any(names => names.Contains(name));

    [GeneratedRegex("^(Tc[23]_[A-Za-z0-9_]+|__SYSTEM|IBaseLibrary)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LibraryName();
}

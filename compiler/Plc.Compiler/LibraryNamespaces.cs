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
    static readonly Dictionary<string, HashSet<string>> provided = new(Names.Comparer)
    {
        // Tc2_Standard's timers and edge detectors have the IEC parameter names. Its SR, RS, CTU, CTD and CTUD are not
        // listed: TwinCAT names their inputs SET1/RESET, SET/RESET1, RESET and LOAD, which ours are not.
        ["Tc2_Standard"] = Set("TON", "TOF", "TP", "LTON", "LTOF", "LTP", "R_TRIG", "F_TRIG",
            "LEN", "LEFT", "RIGHT", "MID", "CONCAT", "INSERT", "DELETE", "REPLACE", "FIND"),
        ["Tc2_System"] = Set("T_MaxString"),
        ["Tc2_Utilities"] = Set("F_LTrim", "F_RTrim"),
        // CODESYS's system namespace: the types of ANY parameters (stdlib/system.st).
        ["__SYSTEM"] = Set("TYPE_CLASS", "AnyType"),
    };

    static HashSet<string> Set(params string[] names) => new(names, Names.Comparer);

    /// <summary>The libraries known here, in name order.</summary>
    public static IEnumerable<string> Libraries => provided.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names this compiler provides from a known library (empty for an unknown one).</summary>
    public static IEnumerable<string> NamesOf(string library) =>
        provided.TryGetValue(library, out var names) ? names.Order(StringComparer.OrdinalIgnoreCase) : Enumerable.Empty<string>();

    /// <summary>A name written like a TwinCAT library namespace: <c>Tc2_</c> or <c>Tc3_</c> and a name.</summary>
    public static bool LooksLikeLibrary(string name) => LibraryName().IsMatch(name);

    public static bool IsKnown(string library) => provided.ContainsKey(library);

    public static bool Provides(string library, string name) => provided.TryGetValue(library, out var names) && names.Contains(name);

    [GeneratedRegex("^(Tc[23]_[A-Za-z0-9_]+|__SYSTEM)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LibraryName();
}

using Plc.Compiler.Ast;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

/// <summary>The standard functions that are generic over types and therefore built into the compiler.</summary>
public enum IntrinsicKind
{
    Abs, Math, Atan2, Mux, Max, Min, Limit, Shl, Shr, Rol, Ror,
    Len, Left, Right, Mid, Concat, Insert, Delete, Replace, Find,
}

/// <summary>
/// How an intrinsic is called: its parameter names (for formal calls) and arity. <see cref="VendorParameters"/>
/// (null: none) are the names CODESYS and TwinCAT give the same parameters in their Standard/Tc2_Standard libraries
/// (<c>LEFT(STR := s, SIZE := 3)</c>), position by position; a formal call may use either name of a parameter.
/// </summary>
public sealed record IntrinsicSignature(string Name, string[] Parameters, bool Extensible, int MinimumArguments,
    string[]? VendorParameters = null)
{
    /// <summary>The same signature, also taking CODESYS/TwinCAT's names of its first parameters.</summary>
    public IntrinsicSignature WithVendorNames(params string[] names) => this with { VendorParameters = names };
}

public static class Intrinsics
{
    static IntrinsicSignature Fixed(string name, params string[] parameters) => new(name, parameters, false, parameters.Length);
    /// <summary>IN1, IN2, ... (at least two).</summary>
    static IntrinsicSignature Extensible(string name) => new(name, new[] { "IN1", "IN2" }, true, 2);

    static readonly Dictionary<string, IntrinsicSignature> table = Build();

    static Dictionary<string, IntrinsicSignature> Build()
    {
        var list = new List<IntrinsicSignature>
        {
            Fixed("ABS", "IN"), Fixed("SQRT", "IN"), Fixed("LN", "IN"), Fixed("LOG", "IN"), Fixed("EXP", "IN"),
            Fixed("SIN", "IN"), Fixed("COS", "IN"), Fixed("TAN", "IN"), Fixed("ASIN", "IN"), Fixed("ACOS", "IN"),
            Fixed("ATAN", "IN"), Fixed("ATAN2", "Y", "X"), Fixed("EXPT", "IN1", "IN2"),
            Extensible("ADD"), Extensible("MUL"), Fixed("SUB", "IN1", "IN2"), Fixed("DIV", "IN1", "IN2"),
            Fixed("MOD", "IN1", "IN2"), Fixed("MOVE", "IN"),
            Extensible("AND"), Extensible("OR"), Extensible("XOR"), Fixed("NOT", "IN"),
            Fixed("SHL", "IN", "N"), Fixed("SHR", "IN", "N"), Fixed("ROL", "IN", "N"), Fixed("ROR", "IN", "N"),
            Fixed("SEL", "G", "IN0", "IN1"), Extensible("MAX"), Extensible("MIN"), Fixed("LIMIT", "MN", "IN", "MX"),
            new("MUX", new[] { "K", "IN0" }, true, 2),
            Extensible("GT"), Extensible("GE"), Extensible("EQ"), Extensible("LE"), Extensible("LT"), Fixed("NE", "IN1", "IN2"),
            // The string functions under their IEC names (Table 29) and the names CODESYS's Standard and TwinCAT's
            // Tc2_Standard library declare them with (docs/stdlib.md).
            Fixed("LEN", "IN").WithVendorNames("STR"),
            Fixed("LEFT", "IN", "L").WithVendorNames("STR", "SIZE"),
            Fixed("RIGHT", "IN", "L").WithVendorNames("STR", "SIZE"),
            Fixed("MID", "IN", "L", "P").WithVendorNames("STR", "LEN", "POS"),
            Extensible("CONCAT").WithVendorNames("STR1", "STR2"),
            Fixed("INSERT", "IN1", "IN2", "P").WithVendorNames("STR1", "STR2", "POS"),
            Fixed("DELETE", "IN", "L", "P").WithVendorNames("STR", "LEN", "POS"),
            Fixed("REPLACE", "IN1", "IN2", "L", "P").WithVendorNames("STR1", "STR2", "L", "P"),
            Fixed("FIND", "IN1", "IN2").WithVendorNames("STR1", "STR2"),
            Fixed("MUL_TIME", "IN1", "IN2"), Fixed("DIV_TIME", "IN1", "IN2"),
            Fixed("MUL_LTIME", "IN1", "IN2"), Fixed("DIV_LTIME", "IN1", "IN2"),
        };
        var d = new Dictionary<string, IntrinsicSignature>(Names.Comparer);
        foreach (var s in list) d[s.Name] = s;
        return d;
    }

    public static IntrinsicSignature? Find(string name) => table.TryGetValue(name, out var s) ? s : null;

    public static IEnumerable<IntrinsicSignature> All => table.Values;

    /// <summary>Name of the extensible parameter at a position: IN1, IN2, ... (MUX: IN0, IN1, ... after K).</summary>
    public static string ParameterName(IntrinsicSignature s, int index)
    {
        if (index < s.Parameters.Length) return s.Parameters[index];
        if (Names.Equal(s.Name, "MUX")) return "IN" + (index - 1);
        return "IN" + (index + 1);
    }

    /// <summary>Whether a formal argument's name names the parameter at this position: its IEC name, or its
    /// CODESYS/TwinCAT name.</summary>
    public static bool NamesParameter(IntrinsicSignature s, int index, string name) =>
        Names.Equal(ParameterName(s, index), name)
        || (s.VendorParameters is { } vendor && index < vendor.Length && Names.Equal(vendor[index], name));

    public static MathFunction? MathFunctionOf(string name) => name.ToUpperInvariant() switch
    {
        "SQRT" => MathFunction.Sqrt, "LN" => MathFunction.Ln, "LOG" => MathFunction.Log, "EXP" => MathFunction.Exp,
        "SIN" => MathFunction.Sin, "COS" => MathFunction.Cos, "TAN" => MathFunction.Tan, "ASIN" => MathFunction.Asin,
        "ACOS" => MathFunction.Acos, "ATAN" => MathFunction.Atan, _ => null,
    };
}

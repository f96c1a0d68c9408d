using System.Globalization;
using System.Text;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting.Retain;

/// <summary>
/// The retained variables of an image, found in its debug section, in symbol order.
/// <list type="bullet">
/// <item>A symbol (global or program instance) or a member with the RETAIN or PERSISTENT flag is retained with
/// everything inside it; PERSISTENT is inherited the same way.</item>
/// <item>Inside a retained function block or program instance every member is its own entry
/// (<c>Line1.fb.CV</c>), so a changed member resets only itself; VAR_TEMP, VAR_IN_OUT, CONSTANT and
/// compiler-generated members are left out (they hold nothing that survives a scan, an address, or a fixed
/// value).</item>
/// <item>Arrays and structs of plain data (no function block instance, no REF_TO inside) are one entry each;
/// arrays and structs that hold instances are split into their elements and members (<c>Main.t[2].ET</c>).</item>
/// <item>References (REF_TO) are never retained: an address means nothing to another image, and a restarted
/// program must set its references again. They keep their initial value (NULL).</item>
/// <item>Members declared RETAIN inside a function block are retained even when the instance is not.</item>
/// </list>
/// </summary>
public sealed class RetainLayout
{
    const int Excluded = VarFlags.Hidden | VarFlags.Temp | VarFlags.InOut | VarFlags.Constant;
    const int RetainFlags = VarFlags.Retain | VarFlags.Persistent;

    readonly RetainedVariable[] variables;

    RetainLayout(RetainedVariable[] variables)
    {
        this.variables = variables;
        int total = 0, end = 0;
        foreach (var v in variables)
        {
            total = checked(total + v.Size);
            end = Math.Max(end, v.Address + v.Size);
        }
        TotalBytes = total;
        MemoryEnd = end;
    }

    /// <summary>Every retained region, in the order of the symbols and members that declare them.</summary>
    public IReadOnlyList<RetainedVariable> Variables => variables;

    /// <summary>Bytes one snapshot of the retained values takes (the sum of the sizes).</summary>
    public int TotalBytes { get; }

    /// <summary>The end of the highest retained region: memory must be at least this long.</summary>
    public int MemoryEnd { get; }

    /// <summary>A layout from a list of variables (for tests and tools; normally <see cref="FromImage"/>).</summary>
    public static RetainLayout FromVariables(IEnumerable<RetainedVariable> variables)
    {
        var list = variables.ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in list)
        {
            if (v.Size <= 0 || v.Address < 0 || (v.Bit >= 0 && v.Size != 1) || v.Bit > 7 || v.Bit < -1)
                throw new ArgumentException($"retained variable '{v.Path}' has an invalid address, size or bit");
            if (!seen.Add(v.Path)) throw new ArgumentException($"retained variable '{v.Path}' appears twice");
        }
        return new RetainLayout(list);
    }

    public static RetainLayout FromImage(Image image)
    {
        var walker = new Walker(image.Debug.Types);
        foreach (var s in image.Debug.Symbols)
        {
            if ((s.Flags & Excluded) != 0) continue;
            int bit = (s.Flags & VarFlags.BitAddressed) != 0 ? s.Bit : -1;
            walker.Walk(s.Name, s.Address, s.Type, bit, (s.Flags & RetainFlags) != 0, (s.Flags & VarFlags.Persistent) != 0, 0);
        }
        return new RetainLayout(walker.Result.ToArray());
    }

    sealed class Walker
    {
        readonly TypeDesc[] types;
        readonly bool?[] plain;
        readonly bool?[] mayHoldRetained;
        readonly string?[] signatures;
        readonly HashSet<string> paths = new(StringComparer.OrdinalIgnoreCase);
        public readonly List<RetainedVariable> Result = new();

        public Walker(TypeDesc[] types)
        {
            this.types = types;
            plain = new bool?[types.Length];
            mayHoldRetained = new bool?[types.Length];
            signatures = new string?[types.Length];
        }

        bool Valid(int type) => type >= 0 && type < types.Length;

        public void Walk(string path, int address, int type, int bit, bool retained, bool persistent, int depth)
        {
            if (depth > 64) return;
            if (bit >= 0)
            {
                if (retained) Add(path, address, 1, bit, "BOOL", persistent);
                return;
            }
            if (!Valid(type)) return;
            var t = types[type];
            if (t.Kind == TypeKind.Ref) return;
            if (!retained && !MayHoldRetained(type)) return;
            if (retained && IsPlain(type))
            {
                if (t.Size > 0) Add(path, address, t.Size, -1, Signature(type), persistent);
                return;
            }
            switch (t.Kind)
            {
                case TypeKind.Struct:
                case TypeKind.FunctionBlock:
                case TypeKind.Program:
                    foreach (var m in t.Members)
                    {
                        if ((m.Flags & Excluded) != 0) continue;
                        int a = (m.Flags & VarFlags.Absolute) != 0 ? m.Offset : address + m.Offset;
                        int b = (m.Flags & VarFlags.BitAddressed) != 0 ? m.Bit : -1;
                        Walk(path + "." + m.Name, a, m.Type, b, retained || (m.Flags & RetainFlags) != 0,
                            persistent || (m.Flags & VarFlags.Persistent) != 0, depth + 1);
                    }
                    break;
                case TypeKind.Array:
                {
                    if (!Valid(t.Element) || t.Lower.Length == 0 || t.Lower.Length != t.Upper.Length) return;
                    int size = types[t.Element].Size;
                    long count = 1;
                    foreach (var (lo, hi) in t.Lower.Zip(t.Upper)) count *= Math.Max(0L, (long)hi - lo + 1);
                    var index = new long[t.Lower.Length];
                    for (long k = 0; k < count; k++)
                    {
                        long rest = k;
                        for (int d = t.Lower.Length - 1; d >= 0; d--)
                        {
                            long n = (long)t.Upper[d] - t.Lower[d] + 1;
                            index[d] = t.Lower[d] + rest % n;
                            rest /= n;
                        }
                        Walk(path + "[" + string.Join(", ", index) + "]", address + (int)(k * size), t.Element, -1,
                            retained, persistent, depth + 1);
                    }
                    break;
                }
            }
        }

        void Add(string path, int address, int size, int bit, string signature, bool persistent)
        {
            if (!paths.Add(path)) return;   // cannot happen with a well-formed image (names are unique)
            Result.Add(new RetainedVariable(path, address, size, bit, signature, persistent));
        }

        /// <summary>No function block or program instance and no reference inside: one block of bytes.</summary>
        bool IsPlain(int type)
        {
            if (!Valid(type)) return false;
            if (plain[type] is bool known) return known;
            plain[type] = false;   // guards against a cycle (the reader rejects them; be safe anyway)
            var t = types[type];
            bool result = t.Kind switch
            {
                TypeKind.Elementary or TypeKind.String or TypeKind.WString or TypeKind.Enum or TypeKind.Subrange => true,
                TypeKind.Array => IsPlain(t.Element),
                TypeKind.Struct => t.Members.All(m => (m.Flags & (VarFlags.InOut | VarFlags.Absolute | VarFlags.BitAddressed)) == 0
                    && IsPlain(m.Type)),
                _ => false,
            };
            plain[type] = result;
            return result;
        }

        /// <summary>Might a value of this type, not retained itself, contain members declared RETAIN?</summary>
        bool MayHoldRetained(int type)
        {
            if (!Valid(type)) return false;
            if (mayHoldRetained[type] is bool known) return known;
            mayHoldRetained[type] = false;
            var t = types[type];
            bool result = t.Kind switch
            {
                TypeKind.Array => MayHoldRetained(t.Element),
                TypeKind.Struct or TypeKind.FunctionBlock or TypeKind.Program => t.Members.Any(m => (m.Flags & Excluded) == 0
                    && ((m.Flags & RetainFlags) != 0 || MayHoldRetained(m.Type))),
                _ => false,
            };
            mayHoldRetained[type] = result;
            return result;
        }

        string Signature(int type)
        {
            if (signatures[type] is string s) return s;
            var sb = new StringBuilder();
            AppendSignature(sb, type, 0);
            return signatures[type] = sb.ToString();
        }

        void AppendSignature(StringBuilder sb, int type, int depth)
        {
            if (!Valid(type) || depth > 64) { sb.Append('?'); return; }
            var t = types[type];
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    sb.Append(ElementaryName(t.Elementary));
                    break;
                case TypeKind.String:
                    sb.Append("STRING(").Append(t.Length.ToString(CultureInfo.InvariantCulture)).Append(')');
                    break;
                case TypeKind.WString:
                    sb.Append("WSTRING(").Append(t.Length.ToString(CultureInfo.InvariantCulture)).Append(')');
                    break;
                case TypeKind.Subrange:
                    sb.Append(ElementaryName(t.Elementary)).Append('(').Append(t.Low.ToString(CultureInfo.InvariantCulture))
                        .Append("..").Append(t.High.ToString(CultureInfo.InvariantCulture)).Append(')');
                    break;
                case TypeKind.Enum:
                    sb.Append("ENUM ").Append(t.Name).Append(':').Append(ElementaryName(t.Elementary)).Append('(');
                    for (int k = 0; k < t.EnumNames.Length && k < t.EnumValues.Length; k++)
                    {
                        if (k > 0) sb.Append(',');
                        sb.Append(t.EnumNames[k]).Append('=').Append(t.EnumValues[k].ToString(CultureInfo.InvariantCulture));
                    }
                    sb.Append(')');
                    break;
                case TypeKind.Array:
                    sb.Append("ARRAY[");
                    for (int d = 0; d < t.Lower.Length && d < t.Upper.Length; d++)
                    {
                        if (d > 0) sb.Append(',');
                        sb.Append(t.Lower[d].ToString(CultureInfo.InvariantCulture)).Append("..")
                            .Append(t.Upper[d].ToString(CultureInfo.InvariantCulture));
                    }
                    sb.Append("] OF ");
                    AppendSignature(sb, t.Element, depth + 1);
                    break;
                case TypeKind.Struct:
                    sb.Append("STRUCT ").Append(t.Name).Append('(');
                    for (int k = 0; k < t.Members.Length; k++)
                    {
                        var m = t.Members[k];
                        if (k > 0) sb.Append(',');
                        sb.Append(m.Name).Append(':');
                        AppendSignature(sb, m.Type, depth + 1);
                        sb.Append('@').Append(m.Offset.ToString(CultureInfo.InvariantCulture));
                    }
                    sb.Append(')');
                    break;
                default:
                    sb.Append('?');
                    break;
            }
        }
    }

    /// <summary>The IEC name of an elementary type, as written into type signatures (fixed: part of the file format).</summary>
    public static string ElementaryName(ElementaryKind kind) => kind switch
    {
        ElementaryKind.Bool => "BOOL",
        ElementaryKind.SInt => "SINT",
        ElementaryKind.Int => "INT",
        ElementaryKind.DInt => "DINT",
        ElementaryKind.LInt => "LINT",
        ElementaryKind.USInt => "USINT",
        ElementaryKind.UInt => "UINT",
        ElementaryKind.UDInt => "UDINT",
        ElementaryKind.ULInt => "ULINT",
        ElementaryKind.Real => "REAL",
        ElementaryKind.LReal => "LREAL",
        ElementaryKind.Byte => "BYTE",
        ElementaryKind.Word => "WORD",
        ElementaryKind.DWord => "DWORD",
        ElementaryKind.LWord => "LWORD",
        ElementaryKind.Time => "TIME",
        ElementaryKind.LTime => "LTIME",
        ElementaryKind.Date => "DATE",
        ElementaryKind.LDate => "LDATE",
        ElementaryKind.TimeOfDay => "TOD",
        ElementaryKind.LTimeOfDay => "LTOD",
        ElementaryKind.DateAndTime => "DT",
        ElementaryKind.LDateAndTime => "LDT",
        ElementaryKind.Char => "CHAR",
        ElementaryKind.WChar => "WCHAR",
        _ => "?" + ((int)kind).ToString(CultureInfo.InvariantCulture),
    };
}

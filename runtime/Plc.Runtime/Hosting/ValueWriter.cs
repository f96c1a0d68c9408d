using System.Globalization;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

/// <summary>
/// The reverse of <see cref="ValueFormatter"/>: reads a value in IEC 61131-3 literal syntax for a variable's type and
/// produces the bytes that represent it in memory (docs/bytecode.md §2), for monitoring's write and force.
/// <list type="bullet">
/// <item>Elementary types and subranges through <see cref="LiteralParser"/>: <c>TRUE</c>, <c>-42</c>, <c>16#FF</c>,
/// <c>INT#5</c>, <c>2.5</c>, <c>T#1s500ms</c>, <c>D#2024-01-15</c>, <c>TOD#12:30:00</c>, <c>DT#2024-01-15-12:30:00</c>.
/// A type prefix must fit the type (<c>INT#5</c> for any integer, <c>T#</c>/<c>LT#</c> for TIME and LTIME, ...);
/// integers out of the type's range (or a subrange's bounds) and REAL overflow are errors, not wrapped.</item>
/// <item>CHAR/WCHAR: <c>CHAR#'A'</c>, <c>'A'</c>, <c>"A"</c> or the character's code.</item>
/// <item>Enumerations: a value's name (<c>Green</c> or <c>Color#Green</c>) or the number of one of its values.</item>
/// <item>STRING and WSTRING: <c>'text'</c> or <c>"text"</c> (optionally <c>STRING#</c>/<c>WSTRING#</c>) with the
/// $ escapes (<c>$$ $' $" $N $L $R $T $P $hh</c>, and <c>$hhhh</c> in double quotes); longer text is truncated to
/// the declared length, as assignment does (D14). STRING holds Latin-1 only.</item>
/// <item>A single bit (<c>AT %IX0.1</c>, <c>Main.w.3</c>): a BOOL literal, stored as one byte 0 or 1 that
/// <see cref="Store"/> writes into the bit.</item>
/// </list>
/// Arrays, structs, function block and program instances and references cannot be written as a whole.
/// </summary>
public static class ValueWriter
{
    /// <summary>
    /// Encodes <paramref name="literal"/> for a value of type <paramref name="type"/> (an index into the image's
    /// debug types); <paramref name="singleBit"/> for a bit-addressed BOOL. Returns an error message, or null and the
    /// bytes: the type's Size bytes (strings padded with zeros after the terminator), or one byte 0/1 for a bit.
    /// </summary>
    public static string? Encode(Image image, int type, bool singleBit, string literal, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        string text = literal.Trim();
        if (text.Length == 0) return "a value is missing";
        if (singleBit)
        {
            var err = Elementary(ElementaryKind.Bool, text, out long b);
            if (err != null) return err;
            bytes = new[] { (byte)b };
            return null;
        }
        var types = image.Debug.Types;
        if (type < 0 || type >= types.Length) return "the variable has no type information";
        var t = types[type];
        switch (t.Kind)
        {
            case TypeKind.Elementary:
            case TypeKind.Subrange:
            {
                if (t.Elementary is ElementaryKind.Char or ElementaryKind.WChar)
                {
                    var err = Character(t.Elementary, text, out long c);
                    if (err != null) return err;
                    bytes = Bytes(t.Elementary, c, t.Size);
                    return null;
                }
                var e = Elementary(t.Elementary, text, out long slot);
                if (e != null) return e;
                if (t.Kind == TypeKind.Subrange && (slot < t.Low || slot > t.High))
                    return $"{text} is outside the subrange {t.Low}..{t.High}";
                bytes = Bytes(t.Elementary, slot, t.Size);
                return null;
            }
            case TypeKind.Enum:
            {
                var err = Enumeration(t, text, out long value);
                if (err != null) return err;
                bytes = Bytes(t.Elementary, value, t.Size);
                return null;
            }
            case TypeKind.String:
            case TypeKind.WString:
            {
                bool wide = t.Kind == TypeKind.WString;
                var err = StringLiteral(text, wide, out string s);
                if (err != null) return err;
                int n = Math.Min(s.Length, t.Length);
                bytes = new byte[t.Size];
                for (int k = 0; k < n; k++)
                {
                    if (wide) { bytes[2 * k] = (byte)s[k]; bytes[2 * k + 1] = (byte)(s[k] >> 8); }
                    else bytes[k] = (byte)s[k];
                }
                return null;
            }
            case TypeKind.Ref:
                return "a reference cannot be written";
            case TypeKind.Array:
                return "an array cannot be written as a whole: write its elements one by one";
            default:
                return $"{KindName(t)} cannot be written as a whole: write its members one by one";
        }
    }

    /// <summary>Writes bytes from <see cref="Encode"/> into memory at address (bit ≥ 0: into that bit only).
    /// Allocates nothing; does nothing when the target is not inside memory.</summary>
    public static void Store(byte[] memory, int address, int bit, byte[] bytes)
    {
        if (bit >= 0)
        {
            if (address < 0 || address >= memory.Length || bytes.Length == 0) return;
            int mask = 1 << bit;
            memory[address] = (byte)((bytes[0] & 1) != 0 ? memory[address] | mask : memory[address] & ~mask);
            return;
        }
        if (address < 0 || address > memory.Length - bytes.Length) return;
        Buffer.BlockCopy(bytes, 0, memory, address, bytes.Length);
    }

    static string KindName(TypeDesc t) => t.Kind switch
    {
        TypeKind.Struct => "a structure",
        TypeKind.FunctionBlock => "a function block instance",
        TypeKind.Program => "a program instance",
        _ => "this value",
    };

    static byte[] Bytes(ElementaryKind kind, long slot, int size)
    {
        if (kind == ElementaryKind.Real)
        {
            float f = (float)BitConverter.Int64BitsToDouble(slot);
            return BitConverter.GetBytes(f);
        }
        if (size <= 0) size = 1;
        var b = new byte[size];
        for (int k = 0; k < size && k < 8; k++) b[k] = (byte)(slot >> (8 * k));
        return b;
    }

    // ---- elementary values

    sealed class StringChars : ICharSource
    {
        readonly string s;
        public StringChars(string s) { this.s = s; }
        public int Length => s.Length;
        public int At(int index) => s[index];
    }

    static string? Elementary(ElementaryKind kind, string text, out long slot)
    {
        slot = 0;
        string body = text;
        int hash = text.IndexOf('#');
        if (hash > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            string prefix = text[..hash].Trim();
            if (!PrefixFits(prefix, kind)) return $"{prefix}# does not fit type {ElementaryName(kind)}";
            body = text[(hash + 1)..].Trim();
        }
        if (!LiteralParser.TryParse(new StringChars(text), kind, out slot))
            return $"'{text}' is not a literal of type {ElementaryName(kind)}";
        switch (kind)
        {
            case ElementaryKind.Real:
            {
                double d = BitConverter.Int64BitsToDouble(slot);
                if (double.IsInfinity(d)) return $"{text} is out of the range of REAL";
                return null;
            }
            case ElementaryKind.LReal:
            {
                if (double.IsInfinity(BitConverter.Int64BitsToDouble(slot))) return $"{text} is out of the range of LREAL";
                return null;
            }
        }
        if (!IsIntegral(kind)) return null;
        bool negative = body.StartsWith('-');
        return InRange(kind, slot, negative) ? null : $"{text} is out of the range of {ElementaryName(kind)}";
    }

    static bool InRange(ElementaryKind kind, long v, bool negative)
    {
        switch (kind)
        {
            case ElementaryKind.SInt: return v >= sbyte.MinValue && v <= sbyte.MaxValue;
            case ElementaryKind.Int: return v >= short.MinValue && v <= short.MaxValue;
            case ElementaryKind.DInt: return v >= int.MinValue && v <= int.MaxValue;
            case ElementaryKind.LInt: return negative ? v <= 0 : v >= 0;   // magnitudes past 2^63 wrapped
            case ElementaryKind.USInt: case ElementaryKind.Byte: return v >= 0 && v <= byte.MaxValue;
            case ElementaryKind.UInt: case ElementaryKind.Word: return v >= 0 && v <= ushort.MaxValue;
            case ElementaryKind.UDInt: case ElementaryKind.DWord: return v >= 0 && v <= uint.MaxValue;
            case ElementaryKind.ULInt: case ElementaryKind.LWord: return !negative || v == 0;
            default: return true;
        }
    }

    static bool IsIntegral(ElementaryKind k) => k is ElementaryKind.SInt or ElementaryKind.Int or ElementaryKind.DInt
        or ElementaryKind.LInt or ElementaryKind.USInt or ElementaryKind.UInt or ElementaryKind.UDInt or ElementaryKind.ULInt
        or ElementaryKind.Byte or ElementaryKind.Word or ElementaryKind.DWord or ElementaryKind.LWord;

    static readonly string[] integerNames =
        { "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "BYTE", "WORD", "DWORD", "LWORD" };

    static bool PrefixFits(string prefix, ElementaryKind kind)
    {
        string p = prefix.ToUpperInvariant();
        if (IsIntegral(kind)) return Array.IndexOf(integerNames, p) >= 0;
        return kind switch
        {
            ElementaryKind.Bool => p == "BOOL",
            ElementaryKind.Real or ElementaryKind.LReal => p is "REAL" or "LREAL",
            ElementaryKind.Time or ElementaryKind.LTime => p is "T" or "TIME" or "LT" or "LTIME",
            ElementaryKind.Date or ElementaryKind.LDate => p is "D" or "DATE" or "LD" or "LDATE",
            ElementaryKind.TimeOfDay or ElementaryKind.LTimeOfDay => p is "TOD" or "TIME_OF_DAY" or "LTOD" or "LTIME_OF_DAY",
            ElementaryKind.DateAndTime or ElementaryKind.LDateAndTime => p is "DT" or "DATE_AND_TIME" or "LDT" or "LDATE_AND_TIME",
            _ => false,
        };
    }

    static readonly string[] elementaryNames =
    {
        "?", "BOOL", "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "REAL", "LREAL",
        "BYTE", "WORD", "DWORD", "LWORD", "TIME", "LTIME", "DATE", "LDATE", "TOD", "LTOD", "DT", "LDT", "CHAR", "WCHAR",
    };

    /// <summary>IEC name of an elementary type ("DINT", "TOD", ...).</summary>
    public static string ElementaryName(ElementaryKind k)
    {
        int i = (int)k;
        return i > 0 && i < elementaryNames.Length ? elementaryNames[i] : "?";
    }

    static string? Character(ElementaryKind kind, string text, out long code)
    {
        code = 0;
        bool wide = kind == ElementaryKind.WChar;
        string body = text;
        int hash = text.IndexOf('#');
        if (hash > 0 && char.IsAsciiLetter(text[0]))
        {
            string prefix = text[..hash].Trim().ToUpperInvariant();
            if (prefix != "CHAR" && prefix != "WCHAR") return $"{text[..hash]}# does not fit type {ElementaryName(kind)}";
            body = text[(hash + 1)..].Trim();
        }
        if (body.Length > 0 && (body[0] == '\'' || body[0] == '"'))
        {
            var err = StringLiteral(body, wide, out string s);
            if (err != null) return err;
            if (s.Length != 1) return $"{text} is not a single character";
            code = s[0];
            return null;
        }
        if (!LiteralParser.TryParse(new StringChars(body), ElementaryKind.UInt, out code) || body.StartsWith('-')
            || code > (wide ? 0xFFFF : 0xFF))
            return $"'{text}' is not a literal of type {ElementaryName(kind)} (write CHAR#'A', 'A' or a character code)";
        return null;
    }

    static string? Enumeration(TypeDesc t, string text, out long value)
    {
        value = 0;
        string body = text;
        int hash = text.IndexOf('#');
        if (hash > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            string prefix = text[..hash].Trim();
            if (t.Name.Length > 0 && !prefix.Equals(t.Name, StringComparison.OrdinalIgnoreCase))
                return $"{prefix}# does not fit the enumeration {t.Name}";
            body = text[(hash + 1)..].Trim();
        }
        for (int k = 0; k < t.EnumNames.Length; k++)
            if (t.EnumNames[k].Equals(body, StringComparison.OrdinalIgnoreCase)) { value = t.EnumValues[k]; return null; }
        if (body.Length > 0 && (char.IsAsciiDigit(body[0]) || body[0] == '-' || body[0] == '+')
            && LiteralParser.TryParse(new StringChars(body), ElementaryKind.LInt, out long n))
        {
            foreach (long v in t.EnumValues)
                if (v == n) { value = n; return null; }
            return $"{body} is not a value of {(t.Name.Length > 0 ? t.Name : "the enumeration")}";
        }
        return $"'{body}' is not a value of {(t.Name.Length > 0 ? t.Name : "the enumeration")} ({string.Join(", ", t.EnumNames)})";
    }

    /// <summary>A quoted string with $ escapes: <c>'text'</c> or <c>"text"</c>, optionally STRING#/WSTRING#.</summary>
    static string? StringLiteral(string text, bool wide, out string value)
    {
        value = "";
        string body = text;
        int hash = text.IndexOf('#');
        if (hash > 0 && char.IsAsciiLetter(text[0]) && hash < text.IndexOfAny(new[] { '\'', '"' }))
        {
            string prefix = text[..hash].Trim().ToUpperInvariant();
            if (prefix != "STRING" && prefix != "WSTRING") return $"{text[..hash]}# does not fit type {(wide ? "WSTRING" : "STRING")}";
            body = text[(hash + 1)..].Trim();
        }
        if (body.Length < 2 || (body[0] != '\'' && body[0] != '"') || body[^1] != body[0])
            return $"a {(wide ? "WSTRING" : "STRING")} value is written in quotes: {(wide ? "\"text\"" : "'text'")}";
        char quote = body[0];
        var sb = new System.Text.StringBuilder();
        for (int i = 1; i < body.Length - 1; i++)
        {
            char c = body[i];
            if (c == quote) return $"a {quote} inside the text must be written ${quote}";
            if (c != '$') { sb.Append(c); continue; }
            if (++i >= body.Length - 1) return "a $ at the end of the text must be written $$";
            char e = body[i];
            switch (char.ToUpperInvariant(e))
            {
                case '$': sb.Append('$'); continue;
                case '\'': sb.Append('\''); continue;
                case '"': sb.Append('"'); continue;
                case 'L': case 'N': sb.Append('\n'); continue;
                case 'R': sb.Append('\r'); continue;
                case 'T': sb.Append('\t'); continue;
                case 'P': sb.Append('\f'); continue;
            }
            int digits = quote == '"' ? 4 : 2;
            if (i + digits > body.Length - 1
                || !int.TryParse(body.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                return $"'${e}' is not an escape (use $$, ${quote}, $N, $R, $T, $P or ${new string('h', digits)})";
            sb.Append((char)code);
            i += digits - 1;
        }
        value = sb.ToString();
        if (!wide)
            foreach (char c in value)
                if (c > 0xFF) return $"a STRING holds Latin-1 characters only (U+{(int)c:X4} is not one); use a WSTRING";
        return null;
    }
}

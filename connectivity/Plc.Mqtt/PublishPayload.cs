using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Plc.Mqtt;

/// <summary>
/// The JSON published for a value (docs/mqtt.md): <c>{"value":12.5,"type":"REAL","time":"2026-11-29T10:00:00.000Z"}</c>.
/// <c>value</c> is a number, true/false, or a string (<see cref="JsonKind"/>); <c>type</c> the IEC type name;
/// <c>time</c> when the value was read from the scan's snapshot (UTC, milliseconds).
/// </summary>
public static class PublishPayload
{
    static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);

    // Relaxed escaping: ' and non-ASCII letters as they are (the payload is never embedded in HTML by plc).
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Format(SelectedVariable v, string literal, DateTime utc)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + literal.Length * 2);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("value");
            WriteValue(w, v.Kind, literal);
            w.WriteString("type", v.Type);
            w.WriteString("time", utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    static void WriteValue(Utf8JsonWriter w, JsonKind kind, string literal)
    {
        switch (kind)
        {
            case JsonKind.Bool when literal is "TRUE" or "FALSE":
                w.WriteBooleanValue(literal == "TRUE");
                return;
            case JsonKind.Number when JsonNumber.IsMatch(literal):
                w.WriteRawValue(literal, skipInputValidation: true);
                return;
            case JsonKind.Text:
                w.WriteStringValue(IecString(literal));
                return;
            default:
                w.WriteStringValue(literal);
                return;
        }
    }

    /// <summary>The text of an IEC string literal (<c>'it$'s'</c> → <c>it's</c>), $ escapes decoded; other text as it is.</summary>
    public static string IecString(string literal)
    {
        if (literal.Length < 2 || literal[0] is not ('\'' or '"') || literal[^1] != literal[0]) return literal;
        bool wide = literal[0] == '"';
        var sb = new StringBuilder(literal.Length);
        for (int i = 1; i < literal.Length - 1; i++)
        {
            char c = literal[i];
            if (c != '$' || i + 1 >= literal.Length - 1) { sb.Append(c); continue; }
            char e = literal[++i];
            switch (char.ToUpperInvariant(e))
            {
                case 'N': case 'L': sb.Append('\n'); break;
                case 'R': sb.Append('\r'); break;
                case 'T': sb.Append('\t'); break;
                case 'P': sb.Append('\f'); break;
                default:
                    int digits = wide ? 4 : 2;
                    if (Uri.IsHexDigit(e) && i + digits - 1 < literal.Length - 1
                        && int.TryParse(literal.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        sb.Append((char)code);
                        i += digits - 1;
                    }
                    else sb.Append(e);   // $$, $', $"
                    break;
            }
        }
        return sb.ToString();
    }
}

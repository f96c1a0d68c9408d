using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Plc.Mqtt;

/// <summary>
/// Turns the payload of a message on <c>PREFIX/NAME/set</c> into the IEC literal that
/// <see cref="Plc.Runtime.Hosting.Monitoring.MonitorBridge.Write"/> takes (docs/mqtt.md):
/// <list type="bullet">
/// <item>JSON <c>true</c>/<c>false</c> → <c>TRUE</c>/<c>FALSE</c>; a JSON number → the number;</item>
/// <item>a JSON string → for a STRING/WSTRING variable the text itself (quoted and escaped here); for any other type
/// an IEC literal (<c>"T#5s"</c>, <c>"Color#Red"</c>);</item>
/// <item>a JSON object <c>{"value": X}</c> → X as above (what plc publishes can be sent back);</item>
/// <item>anything that is not JSON → taken as an IEC literal as it is (<c>TRUE</c>, <c>T#5s</c>, <c>'text'</c>, <c>16#FF</c>).</item>
/// </list>
/// Returns an error message, or null and the literal. The variable's type is checked by the bridge.
/// </summary>
public static class WritePayload
{
    /// <summary>Payloads longer than this are refused without being parsed.</summary>
    public const int MaxLength = 64 * 1024;

    public static string? ToLiteral(byte[] payload, JsonKind kind, bool wide, out string literal)
    {
        literal = "";
        if (payload.Length > MaxLength) return $"the payload is too long ({payload.Length} bytes, at most {MaxLength})";
        string text;
        try { text = new UTF8Encoding(false, true).GetString(payload).Trim(); }
        catch (DecoderFallbackException) { return "the payload is not UTF-8 text"; }
        if (text.Length == 0) return "the payload is empty";
        JsonDocument document;
        try { document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 }); }
        catch (JsonException)
        {
            literal = text;   // not JSON: an IEC literal
            return null;
        }
        using (document)
        {
            var e = document.RootElement;
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (!e.TryGetProperty("value", out var inner)) return "a JSON object needs a \"value\" member";
                e = inner;
            }
            switch (e.ValueKind)
            {
                case JsonValueKind.True: literal = "TRUE"; return null;
                case JsonValueKind.False: literal = "FALSE"; return null;
                case JsonValueKind.Number: literal = e.GetRawText(); return null;
                case JsonValueKind.String:
                    string s = e.GetString()!;
                    literal = kind == JsonKind.Text ? Quote(s, wide) : s;
                    return literal.Length == 0 ? "the value is empty" : null;
                default:
                    return $"a JSON {e.ValueKind.ToString().ToLowerInvariant()} is not a value for a variable";
            }
        }
    }

    /// <summary>An IEC string literal for a text: <c>'it$'s'</c>, control characters as $ escapes.</summary>
    public static string Quote(string s, bool wide)
    {
        char q = wide ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(q);
        foreach (char c in s)
        {
            switch (c)
            {
                case '$': sb.Append("$$"); break;
                case '\n': sb.Append("$N"); break;
                case '\r': sb.Append("$R"); break;
                case '\t': sb.Append("$T"); break;
                case '\f': sb.Append("$P"); break;
                default:
                    if (c == q) sb.Append('$').Append(c);
                    else if (c < ' ' || c == 127) sb.Append('$').Append(((int)c).ToString(wide ? "X4" : "X2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(q).ToString();
    }
}

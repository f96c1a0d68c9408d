using System;
using System.Text;
using Plc.Mqtt;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>The JSON plc publishes for a value, and the payloads it accepts on a set topic.</summary>
public class MqttPayloadTests
{
    static readonly DateTime At = new(2026, 11, 29, 10, 0, 0, 123, DateTimeKind.Utc);

    static string Format(JsonKind kind, string type, string literal) =>
        Encoding.UTF8.GetString(PublishPayload.Format(new SelectedVariable("Main.x", type, kind, false), literal, At));

    [Theory]
    [InlineData(JsonKind.Number, "REAL", "12.5", "12.5")]
    [InlineData(JsonKind.Number, "LREAL", "1.0E20", "1.0E20")]
    [InlineData(JsonKind.Number, "INT", "-42", "-42")]
    [InlineData(JsonKind.Number, "ULINT", "18446744073709551615", "18446744073709551615")]
    [InlineData(JsonKind.Number, "REAL", "NaN", "\"NaN\"")]                       // not a JSON number: its text
    [InlineData(JsonKind.Bool, "BOOL", "TRUE", "true")]
    [InlineData(JsonKind.Bool, "BOOL", "FALSE", "false")]
    [InlineData(JsonKind.Text, "STRING(20)", "'it$'s $$5$N'", "\"it's $5\\n\"")]
    [InlineData(JsonKind.Text, "WSTRING(9)", "\"$00e9t$\"e\"", "\"\u00e9t\\\"e\"")]
    [InlineData(JsonKind.Text, "STRING(8)", "'a$41'", "\"aA\"")]
    [InlineData(JsonKind.Literal, "TIME", "T#1s500ms", "\"T#1s500ms\"")]
    [InlineData(JsonKind.Literal, "Color", "Color#Red", "\"Color#Red\"")]
    public void Values_become_json_numbers_booleans_or_strings(JsonKind kind, string type, string literal, string json)
    {
        Assert.Equal("{\"value\":" + json + ",\"type\":\"" + type + "\",\"time\":\"2026-11-29T10:00:00.123Z\"}", Format(kind, type, literal));
    }

    static string? Literal(string payload, JsonKind kind, out string literal, bool wide = false) =>
        WritePayload.ToLiteral(Encoding.UTF8.GetBytes(payload), kind, wide, out literal);

    [Theory]
    [InlineData("21", JsonKind.Number, "21")]
    [InlineData(" -2.5e3 ", JsonKind.Number, "-2.5e3")]
    [InlineData("true", JsonKind.Bool, "TRUE")]
    [InlineData("false", JsonKind.Bool, "FALSE")]
    [InlineData("TRUE", JsonKind.Bool, "TRUE")]                                // not JSON: an IEC literal
    [InlineData("{\"value\": 7, \"type\": \"INT\"}", JsonKind.Number, "7")]   // what plc publishes, sent back
    [InlineData("\"it's $5\\n\"", JsonKind.Text, "'it$'s $$5$N'")]
    [InlineData("\"T#5s\"", JsonKind.Literal, "T#5s")]
    [InlineData("T#5s", JsonKind.Literal, "T#5s")]
    [InlineData("'raw'", JsonKind.Text, "'raw'")]
    [InlineData("16#FF", JsonKind.Number, "16#FF")]
    public void Payloads_become_iec_literals(string payload, JsonKind kind, string expected)
    {
        Assert.Null(Literal(payload, kind, out string literal));
        Assert.Equal(expected, literal);
    }

    [Fact]
    public void A_wide_string_is_quoted_with_double_quotes()
    {
        Assert.Null(Literal("\"say \\\"hi\\\"\"", JsonKind.Text, out string literal, wide: true));
        Assert.Equal("\"say $\"hi$\"\"", literal);
    }

    [Theory]
    [InlineData("", "the payload is empty")]
    [InlineData("   ", "the payload is empty")]
    [InlineData("null", "a JSON null is not a value")]
    [InlineData("[1,2]", "a JSON array is not a value")]
    [InlineData("{\"v\": 1}", "a JSON object needs a \"value\" member")]
    [InlineData("{\"value\": {\"value\": 1}}", "a JSON object is not a value")]
    [InlineData("\"\"", "the value is empty")]
    public void Bad_payloads_say_why(string payload, string message)
    {
        Assert.Equal(message, Literal(payload, JsonKind.Number, out _)?[..message.Length]);
    }

    [Fact]
    public void Not_utf8_and_too_long_payloads_are_refused()
    {
        Assert.Equal("the payload is not UTF-8 text", WritePayload.ToLiteral(new byte[] { 0xff, 0xfe }, JsonKind.Number, false, out _));
        Assert.StartsWith("the payload is too long", WritePayload.ToLiteral(new byte[WritePayload.MaxLength + 1], JsonKind.Number, false, out _));
    }
}

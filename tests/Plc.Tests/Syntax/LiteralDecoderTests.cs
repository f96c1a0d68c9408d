using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Syntax;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class LiteralDecoderTests
{
    const long Second = 1_000_000_000;
    const long Day = 86_400 * Second;

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("123", 123UL)]
    [InlineData("1_000", 1000UL)]
    [InlineData("16#FF", 255UL)]
    [InlineData("16#ff_ff", 65535UL)]
    [InlineData("2#1010_1010", 170UL)]
    [InlineData("8#17", 15UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("16#FFFF_FFFF_FFFF_FFFF", ulong.MaxValue)]
    public void Integers(string text, ulong expected)
    {
        Assert.True(LiteralDecoder.TryDecodeInteger(text, out ulong value, out string? error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("18446744073709551616", "too large")]
    [InlineData("16#1_0000_0000_0000_0000", "too large")]
    [InlineData("2#102", "'2' is not a base 2 digit")]
    [InlineData("8#8", "'8' is not a base 8 digit")]
    [InlineData("16#FG", "'G' is not a base 16 digit")]
    [InlineData("10#5", "base must be 2, 8 or 16")]
    public void InvalidIntegers(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeInteger(text, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1.5E3", 1500.0)]
    [InlineData("1.0e-5", 1.0e-5)]
    [InlineData("3E2", 300.0)]
    [InlineData("1_000.000_1", 1000.0001)]
    public void Reals(string text, double expected)
    {
        Assert.True(LiteralDecoder.TryDecodeReal(text, out double value, out string? error), error);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void RealTooLargeIsInvalid() => Assert.False(LiteralDecoder.TryDecodeReal("1E400", out _, out _));

    [Theory]
    [InlineData("'it$'s'", "it's", false)]
    [InlineData("'$$ $L $l $N $n $P $p $R $r $T $t'", "$ \n \n \n \n \f \f \r \r \t \t", false)]
    [InlineData("'$41$62'", "Ab", false)]
    [InlineData("'say \"hi\"'", "say \"hi\"", false)]
    [InlineData("''", "", false)]
    [InlineData("'caf\u00e9'", "caf\u00e9", false)]
    [InlineData("\"wide $\" text\"", "wide \" text", true)]
    [InlineData("\"it's\"", "it's", true)]
    [InlineData("\"$'\"", "'", true)]
    [InlineData("\"$0041$20AC\"", "A\u20ac", true)]
    [InlineData("\"$N$T\"", "\n\t", true)]
    [InlineData("\"\u20ac\"", "\u20ac", true)]
    public void Strings(string text, string expected, bool wide)
    {
        Assert.True(LiteralDecoder.TryDecodeString(text, out string value, out bool isWide, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(wide, isWide);
    }

    [Theory]
    [InlineData("'$x'", "invalid escape '$x'")]
    [InlineData("'$\"'", "invalid escape '$\"'")]
    [InlineData("'$4'", "invalid escape '$4'")]
    [InlineData("\"$41\"", "invalid escape '$4'")]
    [InlineData("'\u20ac'", "cannot be stored in a STRING")]
    public void InvalidStrings(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeString(text, out _, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("T#1d2h3m4s5ms", 93_784_005_000_000L, false)]
    [InlineData("t#-250ms", -250_000_000L, false)]
    [InlineData("TIME#1h_30m", 5_400 * Second, false)]
    [InlineData("LTIME#5ns", 5L, true)]
    [InlineData("LT#1s", Second, true)]
    [InlineData("T#1.5s", 1_500_000_000L, false)]
    [InlineData("T#0.5d", 43_200 * Second, false)]
    [InlineData("T#90m", 5_400 * Second, false)]
    [InlineData("T#1S500MS", 1_500_000_000L, false)]
    [InlineData("T#+2us", 2_000L, false)]
    [InlineData("T#1_000ms", Second, false)]
    [InlineData("T#0s", 0L, false)]
    [InlineData("T#1.0000000001s", Second, false)]
    [InlineData("T#-1d2h", -(Day + 7_200 * Second), false)]
    [InlineData("T#106751d", 106_751 * Day, false)]
    public void Durations(string text, long expected, bool isLong)
    {
        Assert.True(LiteralDecoder.TryDecodeDuration(text, out long value, out bool longForm, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(isLong, longForm);
    }

    [Theory]
    [InlineData("T#5x", "unknown unit 'x'")]
    [InlineData("T#1s2h", "order")]
    [InlineData("T#1ms1ms", "order")]
    [InlineData("T#1.5s2ms", "only the last unit can have a fraction")]
    [InlineData("T#5", "unit after 5 is missing")]
    [InlineData("T#106752d", "out of range")]
    [InlineData("T#99999999999999999999999d", "out of range")]
    public void InvalidDurations(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeDuration(text, out _, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("D#1970-01-01", 0L, false)]
    [InlineData("D#2024-01-15", 19_737 * Day, false)]            // 54 years with 13 leap days, plus 14 days
    [InlineData("DATE#1969-12-31", -Day, false)]
    [InlineData("d#2024-02-29", 19_782 * Day, false)]           // 2024-01-01 is day 19723; + 31 + 28
    [InlineData("D#2000-02-29", 11_016 * Day, false)]           // 30 years with 7 leap days = 10957; + 31 + 28
    [InlineData("LD#1970-01-02", Day, true)]
    [InlineData("LDATE#1970-01-02", Day, true)]
    public void Dates(string text, long expected, bool isLong)
    {
        Assert.True(LiteralDecoder.TryDecodeDate(text, out long value, out bool longForm, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(isLong, longForm);
    }

    [Theory]
    [InlineData("D#2023-02-29", "day 29 does not exist")]
    [InlineData("D#2100-02-29", "day 29 does not exist")]
    [InlineData("D#2024-04-31", "day 31 does not exist")]
    [InlineData("D#2024-13-01", "month 13 does not exist")]
    [InlineData("D#2024-00-10", "month 0 does not exist")]
    [InlineData("D#2024-01-00", "day 0 does not exist")]
    [InlineData("D#2024-01", "year-month-day")]
    [InlineData("D#2263-01-01", "out of range")]
    [InlineData("D#1677-01-01", "out of range")]
    public void InvalidDates(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeDate(text, out _, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("TOD#12:30:15.25", 45_015_250_000_000L, false)]
    [InlineData("TIME_OF_DAY#00:00:00", 0L, false)]
    [InlineData("LTOD#23:59:59.999999999", 86_399_999_999_999L, true)]
    [InlineData("LTIME_OF_DAY#01:00:00", 3_600 * Second, true)]
    [InlineData("tod#8:5:3", 29_103 * Second, false)]
    public void TimesOfDay(string text, long expected, bool isLong)
    {
        Assert.True(LiteralDecoder.TryDecodeTimeOfDay(text, out long value, out bool longForm, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(isLong, longForm);
    }

    [Theory]
    [InlineData("TOD#24:00:00", "hours must be 0 to 23")]
    [InlineData("TOD#12:60:00", "minutes must be 0 to 59")]
    [InlineData("TOD#12:00:60", "seconds must be 0 to 59")]
    [InlineData("TOD#12:00:00.1234567891", "at most 9 digits")]
    public void InvalidTimesOfDay(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeTimeOfDay(text, out _, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("DT#2024-01-15-12:30:00.5", 1_705_321_800_500_000_000L, false)]
    [InlineData("DATE_AND_TIME#1970-01-01-00:00:00", 0L, false)]
    [InlineData("LDT#1970-01-01-00:00:01", Second, true)]
    [InlineData("LDATE_AND_TIME#1969-12-31-23:59:59", -Second, true)]
    public void DatesAndTimes(string text, long expected, bool isLong)
    {
        Assert.True(LiteralDecoder.TryDecodeDateAndTime(text, out long value, out bool longForm, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(isLong, longForm);
    }

    [Theory]
    [InlineData("DT#2024-02-30-00:00:00", "day 30 does not exist")]
    [InlineData("DT#2024-01-15-25:00:00", "hours must be 0 to 23")]
    [InlineData("DT#2024-01-15", "year-month-day-hours:minutes:seconds")]
    public void InvalidDatesAndTimes(string text, string message)
    {
        Assert.False(LiteralDecoder.TryDecodeDateAndTime(text, out _, out _, out string? error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("2#102")]
    [InlineData("1E400")]
    [InlineData("'$x'")]
    [InlineData("T#5x")]
    [InlineData("T#5")]
    [InlineData("D#2023-02-29")]
    [InlineData("D#2024-01")]
    [InlineData("TOD#25:00:00")]
    [InlineData("DT#2024-01-15-12:61:00")]
    public void InvalidLiteralInSourceIsReportedAtItsPositionAndBecomesAnErrorExpression(string literal)
    {
        SourceFile file = Parse("PROGRAM p\nx := " + literal + ";\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Diagnostic diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal("PLC0003", diagnostic.Code);
        Assert.Equal((2, 6), (diagnostic.Span.Line, diagnostic.Span.Column));
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.IsType<ErrorExpression>(Assert.IsType<AssignmentStatement>(Assert.Single(program.Body)).Value);
    }
}

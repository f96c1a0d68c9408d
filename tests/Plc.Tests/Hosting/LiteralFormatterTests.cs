using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Hosting;

public class LiteralFormatterTests
{
    static string F(ElementaryKind kind, long slot)
    {
        var buf = new char[LiteralFormatter.MaxLength];
        return new string(buf, 0, LiteralFormatter.Format(kind, slot, buf));
    }

    static string R(double d) => F(ElementaryKind.LReal, BitConverter.DoubleToInt64Bits(d));
    static string Rf(float f) => F(ElementaryKind.Real, BitConverter.DoubleToInt64Bits(f));

    const long Ms = 1_000_000, S = 1_000_000_000, Day = 86_400 * S;

    [Theory]
    [InlineData(ElementaryKind.Bool, 1, "TRUE")]
    [InlineData(ElementaryKind.Bool, 0, "FALSE")]
    [InlineData(ElementaryKind.SInt, -128, "-128")]
    [InlineData(ElementaryKind.Int, -32768, "-32768")]
    [InlineData(ElementaryKind.DInt, int.MinValue, "-2147483648")]
    [InlineData(ElementaryKind.LInt, long.MinValue, "-9223372036854775808")]
    [InlineData(ElementaryKind.UDInt, -1, "4294967295")]          // UDINT slots are sign-extended 32-bit values
    [InlineData(ElementaryKind.ULInt, -1, "18446744073709551615")]
    [InlineData(ElementaryKind.Byte, 255, "255")]
    [InlineData(ElementaryKind.Word, 65535, "65535")]
    public void Integers(ElementaryKind kind, long slot, string expected) => Assert.Equal(expected, F(kind, slot));

    [Fact]
    public void Durations()
    {
        Assert.Equal("T#0ms", F(ElementaryKind.Time, 0));
        Assert.Equal("T#1s500ms", F(ElementaryKind.Time, 1500 * Ms));
        // 90061001 ms = 1 d (86400000) + 1 h (3600000) + 1 m (60000) + 1 s (1000) + 1 ms
        Assert.Equal("T#1d1h1m1s1ms", F(ElementaryKind.Time, 90_061_001 * Ms));
        Assert.Equal("T#-250ms", F(ElementaryKind.Time, -250 * Ms));
        Assert.Equal("T#1ms2us3ns", F(ElementaryKind.Time, 1_002_003));
        Assert.Equal("LT#5ns", F(ElementaryKind.LTime, 5));
    }

    [Fact]
    public void Dates()
    {
        Assert.Equal("D#1970-01-01", F(ElementaryKind.Date, 0));
        // 2024-02-29: 54 years after 1970 with 13 leap days (72, 76, ..., 2020) = 54*365+13 = 19723 days to
        // 2024-01-01, plus 31 (January) + 28 = 19782.
        Assert.Equal("D#2024-02-29", F(ElementaryKind.Date, 19_782 * Day));
        Assert.Equal("D#1969-12-31", F(ElementaryKind.Date, -Day));
        Assert.Equal("TOD#12:30:05.25", F(ElementaryKind.TimeOfDay, (12 * 3600 + 30 * 60 + 5) * S + 250 * Ms));
        Assert.Equal("TOD#00:00:00", F(ElementaryKind.TimeOfDay, 0));
        Assert.Equal("DT#1969-12-31-23:59:59", F(ElementaryKind.DateAndTime, -S));
        Assert.Equal("LDT#1970-01-02-00:00:00.000000001", F(ElementaryKind.LDateAndTime, Day + 1));
    }

    [Fact]
    public void Reals()
    {
        Assert.Equal("2.5", R(2.5));
        Assert.Equal("3.0", R(3.0));
        Assert.Equal("-0.25", R(-0.25));
        Assert.Equal("0.1", R(0.1));
        Assert.Equal("0.1", Rf(0.1f));                 // the float nearest 0.1 prints as 0.1 as a REAL
        Assert.Equal("0.10000000149011612", R(0.1f));  // ... and its exact value as an LREAL
        Assert.Equal("1.0E20", R(1e20));
        Assert.Equal("1.5E-7", Rf(1.5e-7f));
        Assert.Equal("0.0", R(-0.0));
        Assert.Equal("INF", R(double.PositiveInfinity));
        Assert.Equal("-INF", R(double.NegativeInfinity));
        Assert.Equal("NAN", R(double.NaN));
    }

    [Fact]
    public void Characters()
    {
        Assert.Equal("CHAR#'A'", F(ElementaryKind.Char, 'A'));
        Assert.Equal("CHAR#'$''", F(ElementaryKind.Char, '\''));
        Assert.Equal("CHAR#'$N'", F(ElementaryKind.Char, '\n'));
        Assert.Equal("CHAR#'$01'", F(ElementaryKind.Char, 1));
        Assert.Equal("WCHAR#\"$\"\"", F(ElementaryKind.WChar, '"'));
    }
}

using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Hosting;

public class LiteralParserTests
{
    sealed class Chars : ICharSource
    {
        readonly string s;
        public Chars(string s) { this.s = s; }
        public int Length => s.Length;
        public int At(int index) => s[index];
    }

    static long? P(string text, ElementaryKind kind) => LiteralParser.TryParse(new Chars(text), kind, out long v) ? v : null;

    const long Ms = 1_000_000, S = 1_000_000_000, Day = 86_400 * S;

    [Theory]
    [InlineData("123", 123)]
    [InlineData("  -42 ", -42)]
    [InlineData("16#FF", 255)]
    [InlineData("2#1010_1010", 170)]
    [InlineData("8#17", 15)]
    [InlineData("1_000", 1000)]
    [InlineData("INT#-5", -5)]
    [InlineData("DINT#16#10", 16)]
    public void Integers(string text, long expected) => Assert.Equal(expected, P(text, ElementaryKind.DInt));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12abc")]
    [InlineData("3#12")]
    [InlineData("1__0")]
    [InlineData("_1")]
    public void NotIntegers(string text) => Assert.Null(P(text, ElementaryKind.DInt));

    [Fact]
    public void Reals()
    {
        Assert.Equal(2.75, BitConverter.Int64BitsToDouble(P("2.75", ElementaryKind.LReal)!.Value));
        Assert.Equal(1500.0, BitConverter.Int64BitsToDouble(P("1.5E3", ElementaryKind.LReal)!.Value));
        Assert.Equal(-0.001, BitConverter.Int64BitsToDouble(P("-1.0e-3", ElementaryKind.LReal)!.Value));
        Assert.Equal(0.1, BitConverter.Int64BitsToDouble(P("0.1", ElementaryKind.LReal)!.Value));
        Assert.Equal((double)0.1f, BitConverter.Int64BitsToDouble(P("0.1", ElementaryKind.Real)!.Value));
        Assert.Equal(5.0, BitConverter.Int64BitsToDouble(P("REAL#5", ElementaryKind.Real)!.Value));
        Assert.Null(P("1.2.3", ElementaryKind.LReal));
        Assert.Null(P("E5", ElementaryKind.LReal));
    }

    [Fact]
    public void BoolsTimesAndDates()
    {
        Assert.Equal(1, P("TRUE", ElementaryKind.Bool));
        Assert.Equal(0, P("false", ElementaryKind.Bool));
        Assert.Null(P("yes", ElementaryKind.Bool));
        Assert.Equal(1500 * Ms, P("T#1s500ms", ElementaryKind.Time));
        Assert.Equal(1500 * Ms, P("1.5s", ElementaryKind.Time));
        Assert.Equal(-250 * Ms, P("TIME#-250ms", ElementaryKind.Time));
        Assert.Equal(90_061_001 * Ms, P("T#1d1h1m1s1ms", ElementaryKind.Time));
        Assert.Equal(19_782 * Day, P("D#2024-02-29", ElementaryKind.Date));
        Assert.Null(P("D#2023-02-29", ElementaryKind.Date));
        Assert.Equal((12 * 3600 + 30 * 60) * S + 500 * Ms, P("TOD#12:30:00.5", ElementaryKind.TimeOfDay));
        Assert.Equal(-S, P("DT#1969-12-31-23:59:59", ElementaryKind.DateAndTime));
    }
}

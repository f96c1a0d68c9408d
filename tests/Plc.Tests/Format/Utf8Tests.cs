using System;
using System.Text;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

public class Utf8Tests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("abc", new byte[] { 0x61, 0x62, 0x63 })]
    [InlineData("héllo", new byte[] { 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F })]
    [InlineData("\u007F\u0080\u07FF\u0800", new byte[] { 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80 })]
    [InlineData("€", new byte[] { 0xE2, 0x82, 0xAC })]
    [InlineData("\uFFFF", new byte[] { 0xEF, 0xBF, 0xBF })]
    [InlineData("𝄞", new byte[] { 0xF0, 0x9D, 0x84, 0x9E })]              // U+1D11E, a surrogate pair
    [InlineData("\U0010FFFF", new byte[] { 0xF4, 0x8F, 0xBF, 0xBF })]
    [InlineData("a\0b", new byte[] { 0x61, 0x00, 0x62 })]
    public void EncodesAndDecodes(string text, byte[] bytes)
    {
        Assert.Equal(bytes, Utf8.Encode(text));
        Assert.Equal(bytes.Length, Utf8.GetByteCount(text));
        Assert.Equal(text, Utf8.Decode(bytes));
    }

    [Fact]
    public void UnpairedSurrogatesEncodeAsReplacement()
    {
        Assert.Equal(new byte[] { 0x61, 0xEF, 0xBF, 0xBD, 0x62 }, Utf8.Encode("a\uD800b"));
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD }, Utf8.Encode("\uDC00"));
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD }, Utf8.Encode("\uDC00\uD800"));   // wrong order
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD }, Utf8.Encode("\uD83D"));                           // cut off
        Assert.Empty(Utf8.Encode(null!));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, "\uFFFD")]
    [InlineData(new byte[] { 0x80, 0x41 }, "\uFFFDA")]                          // stray continuation byte
    [InlineData(new byte[] { 0xC3 }, "\uFFFD")]                                // cut off
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")]                    // overlong '/'
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF }, "\uFFFD\uFFFD\uFFFD")]        // overlong, three bytes
    [InlineData(new byte[] { 0xE2, 0x82 }, "\uFFFD")]                          // cut off after two of three
    [InlineData(new byte[] { 0xE2, 0x82, 0x41 }, "\uFFFDA")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")]        // an encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD\uFFFD")]   // above U+10FFFF
    [InlineData(new byte[] { 0xF0, 0x9D, 0x84, 0x41 }, "\uFFFDA")]
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD")]
    public void InvalidSequencesBecomeReplacementCharacters(byte[] bytes, string text)
    {
        Assert.Equal(text, Utf8.Decode(bytes));
    }

    [Fact]
    public void DecodesARange()
    {
        byte[] b = { 0xFF, 0x68, 0xC3, 0xA9, 0xFF };
        Assert.Equal("hé", Utf8.Decode(b, 1, 3));
        Assert.Equal("h\uFFFD", Utf8.Decode(b, 1, 2));   // the cut sequence at the end of the range
        Assert.Equal("", Utf8.Decode(b, 5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Utf8.Decode(b, 3, 3));
    }

    [Fact]
    public void AgreesWithDotNetOnRandomInput()
    {
        var rng = new Random(12345);
        var strict = new UTF8Encoding(false, false);
        for (int i = 0; i < 20000; i++)
        {
            // Bytes biased towards the interesting ranges.
            var bytes = new byte[rng.Next(0, 12)];
            for (int k = 0; k < bytes.Length; k++)
                bytes[k] = rng.Next(4) switch
                {
                    0 => (byte)rng.Next(0x80),
                    1 => (byte)rng.Next(0x80, 0xC0),
                    2 => (byte)rng.Next(0xC0, 0x100),
                    _ => (byte)rng.Next(0x100),
                };
            Assert.Equal(strict.GetString(bytes), Utf8.Decode(bytes));

            var chars = new char[rng.Next(0, 8)];
            for (int k = 0; k < chars.Length; k++)
                chars[k] = rng.Next(3) switch
                {
                    0 => (char)rng.Next(0x80),
                    1 => (char)rng.Next(0xD800, 0xE000),
                    _ => (char)rng.Next(0x10000),
                };
            string s = new string(chars);
            Assert.Equal(strict.GetBytes(s), Utf8.Encode(s));
            string wellFormed = strict.GetString(strict.GetBytes(s));
            Assert.Equal(wellFormed, Utf8.Decode(Utf8.Encode(s)));
        }
    }
}

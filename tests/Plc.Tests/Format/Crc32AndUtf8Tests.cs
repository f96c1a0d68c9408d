using System.Text;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

public class Crc32AndUtf8Tests
{
    [Theory]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void KnownVectors(string text, uint crc)
    {
        Assert.Equal(crc, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void UpdateContinuesACrc()
    {
        byte[] all = Encoding.ASCII.GetBytes("123456789");
        uint first = Crc32.Compute(all, 0, 4);
        Assert.Equal(0xCBF43926u, Crc32.Update(first, all, 4, 5));
    }

    [Theory]
    [InlineData("abc", new byte[] { 0x61, 0x62, 0x63 })]
    [InlineData("é", new byte[] { 0xC3, 0xA9 })]
    [InlineData("€", new byte[] { 0xE2, 0x82, 0xAC })]
    [InlineData("\U0001F600", new byte[] { 0xF0, 0x9F, 0x98, 0x80 })]
    public void EncodesAndDecodes(string s, byte[] bytes)
    {
        Assert.Equal(bytes, Utf8.Encode(s));
        Assert.Equal(bytes.Length, Utf8.GetByteCount(s));
        Assert.Equal(s, Utf8.TryDecode(bytes, 0, bytes.Length));
    }

    [Fact]
    public void UnpairedSurrogateEncodesAsReplacementCharacter()
    {
        Assert.Equal(new byte[] { 0x61, 0xEF, 0xBF, 0xBD }, Utf8.Encode("a\uD800"));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })]              // overlong NUL
    [InlineData(new byte[] { 0xE0, 0x80, 0x80 })]        // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // surrogate code point
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]  // above U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })]              // truncated
    [InlineData(new byte[] { 0x80 })]                    // lone continuation
    [InlineData(new byte[] { 0xC3, 0x41 })]              // bad continuation
    public void RejectsMalformedUtf8(byte[] bytes)
    {
        Assert.Null(Utf8.TryDecode(bytes, 0, bytes.Length));
    }
}

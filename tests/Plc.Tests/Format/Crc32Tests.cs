using System;
using System.Text;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

public class Crc32Tests
{
    [Fact]
    public void KnownVectors()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute(new byte[0]));
        Assert.Equal(0x414FA339u, Crc32.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
        Assert.Equal(0xD202EF8Du, Crc32.Compute(new byte[] { 0 }));
        Assert.Equal(0xFFFFFFFFu, Crc32.Compute(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
    }

    [Fact]
    public void RangeAndContinuation()
    {
        byte[] data = Encoding.ASCII.GetBytes("xx123456789yy");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 2, 9));
        uint first = Crc32.Compute(data, 2, 4);
        Assert.Equal(0xCBF43926u, Crc32.Update(first, data, 6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crc32.Compute(data, 10, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crc32.Compute(data, -1, 1));
    }
}

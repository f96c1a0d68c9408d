using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>The fast .NET memory access and the portable (nanoFramework) one agree, and both are little-endian.</summary>
public class MemoryTests
{
    [Fact]
    public void FastAndPortableAccessAgree()
    {
        var rng = new Random(5);
        var a = new byte[64];
        var b = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            rng.NextBytes(a);
            Array.Copy(a, b, a.Length);
            int at = rng.Next(0, 56);
            Assert.Equal(Memory.ReadI8(a, at), PortableMemory.ReadI8(a, at));
            Assert.Equal(Memory.ReadU8(a, at), PortableMemory.ReadU8(a, at));
            Assert.Equal(Memory.ReadI16(a, at), PortableMemory.ReadI16(a, at));
            Assert.Equal(Memory.ReadU16(a, at), PortableMemory.ReadU16(a, at));
            Assert.Equal(Memory.ReadI32(a, at), PortableMemory.ReadI32(a, at));
            Assert.Equal(Memory.ReadI64(a, at), PortableMemory.ReadI64(a, at));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Memory.ReadF32(a, at)), BitConverter.DoubleToInt64Bits(PortableMemory.ReadF32(a, at)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Memory.ReadF64(a, at)), BitConverter.DoubleToInt64Bits(PortableMemory.ReadF64(a, at)));
            Assert.Equal(BitConverter.ToInt64(a, at), Memory.ReadI64(a, at));

            long v = rng.NextInt64(long.MinValue, long.MaxValue);
            double d = rng.Next(3) == 0 ? BitConverter.Int64BitsToDouble(v) : (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-160, 160));
            switch (rng.Next(6))
            {
                case 0: Memory.Write8(a, at, v); PortableMemory.Write8(b, at, v); break;
                case 1: Memory.Write16(a, at, v); PortableMemory.Write16(b, at, v); break;
                case 2: Memory.Write32(a, at, v); PortableMemory.Write32(b, at, v); break;
                case 3: Memory.Write64(a, at, v); PortableMemory.Write64(b, at, v); break;
                case 4: Memory.WriteF32(a, at, d); PortableMemory.WriteF32(b, at, d); break;
                default: Memory.WriteF64(a, at, d); PortableMemory.WriteF64(b, at, d); break;
            }
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void LittleEndian()
    {
        var m = new byte[16];
        Memory.Write32(m, 3, 0x11223344);
        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11 }, m[3..7]);
        Memory.Write64(m, 8, 0x0102030405060708);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, m[8..16]);
        Assert.Equal(0x0304, Memory.ReadI16(m, 12));
    }
}

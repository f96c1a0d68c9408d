using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>The integer-only float conversions used on nanoFramework must equal the hardware ones.</summary>
public class FloatBitsTests
{
    static void CheckDouble(double d)
    {
        int expected = BitConverter.SingleToInt32Bits((float)d);
        int actual = FloatBits.DoubleToFloatBits(d);
        if (expected != actual)
            Assert.Fail($"DoubleToFloatBits({d:R} = 0x{BitConverter.DoubleToInt64Bits(d):X16}): expected 0x{expected:X8}, got 0x{actual:X8}");
    }

    static void CheckFloatBits(int bits)
    {
        long expected = BitConverter.DoubleToInt64Bits((double)BitConverter.Int32BitsToSingle(bits));
        long actual = FloatBits.FloatBitsToDoubleBits(bits);
        if (expected != actual) Assert.Fail($"FloatBitsToDoubleBits(0x{bits:X8}): expected 0x{expected:X16}, got 0x{actual:X16}");
    }

    [Fact]
    public void SpecialValues()
    {
        double[] specials =
        {
            0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -double.NaN,
            double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, float.MaxValue, float.MinValue,
            float.Epsilon, float.Epsilon / 2, float.Epsilon * 0.75, float.Epsilon * 1.5, float.Epsilon * 2.5,
            1.1754943508222875e-38 /* smallest normal float */, 1.1754942106924411e-38 /* largest subnormal */,
            (double)float.MaxValue * (1 + 1.0 / (1 << 25)), (double)float.MaxValue * (1 + 1.0 / (1 << 24)),
            3.4028235677973366e38, 0.1, 1e-40, 1e-45, 7e-46, 1e-300, 1e300, 16777217.0, 16777219.0,
            BitConverter.Int64BitsToDouble(0x7FF0000000000001), BitConverter.Int64BitsToDouble(0x7FF4000000000000),
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0000020000000)),
        };
        foreach (double d in specials) { CheckDouble(d); CheckDouble(-d); }
        int[] bits = { 0, unchecked((int)0x80000000), 1, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F800000, unchecked((int)0xFF800000),
                       0x7F800001, 0x7FC00000, 0x7FFFFFFF, unchecked((int)0xFFC00001), 0x00400000, 0x00000003 };
        foreach (int b in bits) CheckFloatBits(b);
    }

    [Fact]
    public void RandomValuesAndTies()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 300000; i++)
        {
            CheckDouble(BitConverter.Int64BitsToDouble(rng.NextInt64() ^ ((long)rng.Next() << 32)));
            int fb = rng.Next() ^ (rng.Next(2) << 31);
            CheckFloatBits(fb);
            // Around a float: itself, the midpoint to the next float (a tie), and just either side of it.
            float f = BitConverter.Int32BitsToSingle(fb);
            if (float.IsNaN(f) || float.IsInfinity(f)) continue;
            double lo = f, hi = BitConverter.Int32BitsToSingle(fb + 1);
            if (double.IsInfinity(hi) || double.IsNaN(hi)) continue;
            double mid = lo + (hi - lo) / 2;
            CheckDouble(lo);
            CheckDouble(mid);
            CheckDouble(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(mid) + 1));
            CheckDouble(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(mid) - 1));
        }
        // Random values in and near the float subnormal range.
        for (int i = 0; i < 100000; i++)
        {
            double d = rng.NextDouble() * Math.Pow(2, -rng.Next(120, 160));
            CheckDouble(d);
            CheckDouble(-d);
        }
        for (int sub = 1; sub < 0x800000; sub += 97) CheckFloatBits(sub);
    }

    [Fact]
    public void SingleHelpersRoundTrip()
    {
        Assert.Equal(0x3F800000, FloatBits.SingleToInt32Bits(1f));
        Assert.Equal(1.5f, FloatBits.Int32BitsToSingle(0x3FC00000));
    }
}

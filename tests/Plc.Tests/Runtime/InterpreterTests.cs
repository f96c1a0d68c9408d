using System;
using System.Text;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

public class InterpreterTests
{
    // ---------------------------------------------------------------- 32-bit integers
    [Theory]
    [InlineData("push.i 2147483647; push.i 1; add.i", -2147483648L)]
    [InlineData("push.i -2147483648; push.i 1; sub.i", 2147483647L)]
    [InlineData("push.i 65536; push.i 65536; mul.i", 0L)]
    [InlineData("push.i 100000; push.i 100000; mul.i", 1410065408L)]          // 10^10 mod 2^32
    [InlineData("push.i -7; push.i 2; div.i", -3L)]                            // toward zero
    [InlineData("push.i -7; push.i 2; mod.i", -1L)]                            // sign of the dividend
    [InlineData("push.i 7; push.i -2; mod.i", 1L)]
    [InlineData("push.i -2147483648; push.i -1; div.i", -2147483648L)]        // wraps, no trap
    [InlineData("push.i -2147483648; push.i -1; mod.i", 0L)]
    [InlineData("push.i -1; push.i 2; divu.i", 2147483647L)]                  // 0xFFFFFFFF / 2
    [InlineData("push.i -2; push.i 3; divu.i", 1431655764L)]                  // 4294967294 / 3
    [InlineData("push.i -1; push.i 10; modu.i", 5L)]                           // 4294967295 % 10
    [InlineData("push.i -2147483648; push.i 1; divu.i", -2147483648L)]        // 0x80000000 stays sign-extended
    [InlineData("push.i -2147483648; neg.i", -2147483648L)]
    [InlineData("push.i 5; neg.i", -5L)]
    [InlineData("push.i 12; push.i 10; and.i", 8L)]
    [InlineData("push.i 12; push.i 10; or.i", 14L)]
    [InlineData("push.i 12; push.i 10; xor.i", 6L)]
    [InlineData("push.i 0; not.i", -1L)]
    [InlineData("push.i 0x7FFFFFFF; not.i", -2147483648L)]
    [InlineData("push.i 5; boolnot", 0L)]
    [InlineData("push.i 0; boolnot", 1L)]
    [InlineData("push.i -1; boolnot", 0L)]
    [InlineData("push.i 200; norm.i8", -56L)]
    [InlineData("push.i 384; norm.i8", -128L)]
    [InlineData("push.i -1; norm.u8", 255L)]
    [InlineData("push.i 40000; norm.i16", -25536L)]
    [InlineData("push.i -1; norm.u16", 65535L)]
    [InlineData("push.i 32767; push.i 1; add.i; norm.i16", -32768L)]
    [InlineData("push.i 120; clamp.i 0 100", 100L)]
    [InlineData("push.i -5; clamp.i 0 100", 0L)]
    [InlineData("push.i 50; clamp.i 0 100", 50L)]
    [InlineData("push.i 100; check.i 0 100", 100L)]
    [InlineData("push.i 10; addi 5", 15L)]
    [InlineData("push.i 2147483647; addi 1", -2147483648L)]
    [InlineData("push.i -1; push.i 1; lt.i", 1L)]
    [InlineData("push.i -1; push.i 1; ltu.i", 0L)]
    [InlineData("push.i -1; push.i 1; geu.i", 1L)]
    [InlineData("push.i -1; push.i 1; gtu.i", 1L)]
    [InlineData("push.i 1; push.i 1; leu.i", 1L)]
    [InlineData("push.i 3; push.i 3; eq.i", 1L)]
    [InlineData("push.i 3; push.i 4; ne.i", 1L)]
    [InlineData("push.i 3; push.i 4; ge.i", 0L)]
    [InlineData("push.i 4; push.i 3; gt.i", 1L)]
    [InlineData("push.i 4; push.i 4; le.i", 1L)]
    public void IntegerOps(string asm, long expected) => Assert.Equal(expected, Exec.I(asm));

    // ---------------------------------------------------------------- 64-bit integers
    [Theory]
    [InlineData("push.l =9223372036854775807; push.l =1; add.l", long.MinValue)]
    [InlineData("push.l =-9223372036854775808; push.l =1; sub.l", long.MaxValue)]
    [InlineData("push.l =3037000500; push.l =3037000500; mul.l", -9223372036709301616L)]
    [InlineData("push.l =-9223372036854775808; push.l =-1; div.l", long.MinValue)]
    [InlineData("push.l =-9223372036854775808; push.l =-1; mod.l", 0L)]
    [InlineData("push.l =-7; push.l =2; div.l", -3L)]
    [InlineData("push.l =-7; push.l =2; mod.l", -1L)]
    [InlineData("push.l =7; push.l =-1; div.l", -7L)]
    [InlineData("push.l =-1; push.l =2; divu.l", long.MaxValue)]
    [InlineData("push.l =-1; push.l =10; modu.l", 5L)]
    [InlineData("push.l =-9223372036854775808; neg.l", long.MinValue)]
    [InlineData("push.l =0; not.l", -1L)]
    [InlineData("push.l =12; push.l =10; and.l", 8L)]
    [InlineData("push.l =12; push.l =10; or.l", 14L)]
    [InlineData("push.l =12; push.l =10; xor.l", 6L)]
    [InlineData("push.l =5; check.l =0 =5", 5L)]
    public void LongOps(string asm, long expected) => Assert.Equal(expected, Exec.L(asm));

    [Theory]
    [InlineData("push.l =-1; push.l =1; lt.l", 1L)]
    [InlineData("push.l =-1; push.l =1; ltu.l", 0L)]
    [InlineData("push.l =-1; push.l =1; gtu.l", 1L)]
    [InlineData("push.l =-1; push.l =-1; geu.l", 1L)]
    [InlineData("push.l =1; push.l =-1; leu.l", 1L)]
    [InlineData("push.l =4294967296; push.l =0; eq.l", 0L)]   // no truncation to 32 bits
    [InlineData("push.l =4294967296; push.l =0; ne.l", 1L)]
    [InlineData("push.l =5; push.l =5; le.l", 1L)]
    [InlineData("push.l =5; push.l =5; ge.l", 1L)]
    [InlineData("push.l =5; push.l =5; gt.l", 0L)]
    public void LongComparisons(string asm, long expected) => Assert.Equal(expected, Exec.I(asm));

    // ---------------------------------------------------------------- REAL and LREAL
    [Fact]
    public void RealResultsAreRoundedToFloat()
    {
        double sum = Exec.D("push.f =0.1f; push.f =0.2f; add.f");
        Assert.Equal((double)(0.1f + 0.2f), sum);
        Assert.NotEqual((double)0.1f + (double)0.2f, sum);            // the double sum is not a float
        Assert.Equal((double)0.1f + (double)0.2f, Exec.D("push.f =0.1f; push.f =0.2f; add.d"));
        Assert.Equal(16777216.0, Exec.D("push.f =16777216f; push.f =1f; add.f"));   // 2^24+1 ties to even
        Assert.Equal(16777217.0, Exec.D("push.f =16777216f; push.f =1f; add.d"));
        Assert.Equal((double)(1f / 3f), Exec.D("push.f =1f; push.f =3f; div.f"));
        Assert.Equal(1.0 / 3.0, Exec.D("push.d =1d; push.d =3d; div.d"));
        Assert.Equal((double)(1.1f * 1.1f), Exec.D("push.f =1.1f; push.f =1.1f; mul.f"));
        Assert.Equal((double)(0.3f - 0.1f), Exec.D("push.f =0.3f; push.f =0.1f; sub.f"));
        Assert.Equal(-(double)0.1f, Exec.D("push.f =0.1f; neg.f"));
        Assert.Equal((double)(float)-0.1, Exec.D("push.d =0.1d; neg.f"));           // a D operand is rounded
        Assert.Equal(-0.1, Exec.D("push.d =0.1d; neg.d"));
        Assert.Equal((double)(float)Math.Sqrt(2.0), Exec.D("push.f =2f; push.f =0.5f; expt.f"));
        Assert.Equal(1024.0, Exec.D("push.d =2d; push.d =10d; expt.d"));
        Assert.Equal(Math.Pow(2.0, 0.1), Exec.D("push.d =2d; push.d =0.1d; expt.d"));
        Assert.Equal((double)(float)0.1, Exec.D("push.d =0.1d; d2f"));
        Assert.Equal(double.PositiveInfinity, Exec.D("push.d =1e300d; push.d =1e300d; mul.d"));
        Assert.Equal(double.PositiveInfinity, Exec.D("push.f =3e38f; push.f =10f; mul.f"));      // float overflow
    }

    [Theory]
    [InlineData("eq.d", 0L)]
    [InlineData("ne.d", 1L)]
    [InlineData("lt.d", 0L)]
    [InlineData("le.d", 0L)]
    [InlineData("gt.d", 0L)]
    [InlineData("ge.d", 0L)]
    public void NaNComparisons(string op, long expected)
    {
        Assert.Equal(expected, Exec.I("push.d =NaNd; push.d =1d; " + op));
        Assert.Equal(expected, Exec.I("push.d =NaNd; push.d =NaNd; " + op));
    }

    [Theory]
    [InlineData("push.d =-0d; push.d =0d; eq.d", 1L)]
    [InlineData("push.d =1d; push.d =2d; lt.d", 1L)]
    [InlineData("push.d =2d; push.d =2d; le.d", 1L)]
    [InlineData("push.d =2d; push.d =1d; gt.d", 1L)]
    [InlineData("push.d =2d; push.d =2d; ge.d", 1L)]
    [InlineData("push.f =0.1f; push.d =0.1d; eq.d", 0L)]      // 0.1f is not 0.1
    public void RealComparisons(string asm, long expected) => Assert.Equal(expected, Exec.I(asm));

    // ---------------------------------------------------------------- conversions
    [Theory]
    [InlineData("push.i -1; u2l", 4294967295L)]
    [InlineData("push.i -1; i2l", -1L)]
    public void IntToLong(string asm, long expected) => Assert.Equal(expected, Exec.L(asm));

    [Theory]
    [InlineData("push.l =4294967297; l2i", 1L)]
    [InlineData("push.l =2147483648; l2i", -2147483648L)]
    [InlineData("push.l =-1; l2i", -1L)]
    public void LongToInt(string asm, long expected) => Assert.Equal(expected, Exec.I(asm));

    [Fact]
    public void IntegerToReal()
    {
        Assert.Equal(-5.0, Exec.D("push.i -5; i2d"));
        Assert.Equal(4294967295.0, Exec.D("push.i -1; u2d"));
        Assert.Equal(-9223372036854775808.0, Exec.D("push.l =-9223372036854775808; l2d"));
        Assert.Equal(18446744073709551615.0, Exec.D("push.l =-1; ul2d"));
        foreach (ulong u in new ulong[] { 0, 1, 1UL << 63, (1UL << 63) + 1, ulong.MaxValue - 1024, ulong.MaxValue - 1025,
                                          0xFFFFFFFFFFFFFBFF, 0x8000000000000C00, 0x8000000000000400, 0x8000000000000401, 12345678901234567890 })
            Assert.Equal((double)u, Numeric.UInt64ToDouble((long)u));
        var rng = new Random(7);
        for (int i = 0; i < 100000; i++)
        {
            ulong u = (ulong)rng.NextInt64() << 1 ^ (ulong)rng.Next();
            Assert.Equal((double)u, Numeric.UInt64ToDouble((long)u));
        }
    }

    [Theory]
    [InlineData(0.5, 0L)]
    [InlineData(1.5, 2L)]
    [InlineData(2.5, 2L)]
    [InlineData(3.5, 4L)]
    [InlineData(-0.5, 0L)]
    [InlineData(-1.5, -2L)]
    [InlineData(-2.5, -2L)]
    [InlineData(2.4999999, 2L)]
    [InlineData(2.5000001, 3L)]
    [InlineData(-2.6, -3L)]
    [InlineData(1e10, 2147483647L)]
    [InlineData(-1e10, -2147483648L)]
    [InlineData(2147483647.4, 2147483647L)]
    [InlineData(2147483647.5, 2147483647L)]
    [InlineData(-2147483648.6, -2147483648L)]
    [InlineData(double.NaN, 0L)]
    [InlineData(double.PositiveInfinity, 2147483647L)]
    [InlineData(double.NegativeInfinity, -2147483648L)]
    public void RoundToDint(double d, long expected) => Assert.Equal(expected, Exec.I(PushD(d) + "; d2i.round"));

    [Theory]
    [InlineData(2.5, 2L)]
    [InlineData(-0.4, 0L)]
    [InlineData(-1.0, 0L)]
    [InlineData(4294967294.5, -2L)]          // 4294967294, stored sign-extended
    [InlineData(4294967295.4, -1L)]          // 0xFFFFFFFF
    [InlineData(1e20, -1L)]                  // saturates to 0xFFFFFFFF
    [InlineData(2147483648.0, -2147483648L)] // 0x80000000
    [InlineData(double.NaN, 0L)]
    public void RoundToUdint(double d, long expected) => Assert.Equal(expected, Exec.I(PushD(d) + "; d2u.round"));

    [Theory]
    [InlineData(2.5, 2L)]
    [InlineData(-2.5, -2L)]
    [InlineData(4503599627370495.5, 4503599627370496L)]   // 2^52 - 0.5: odd neighbour below, so up
    [InlineData(4503599627370494.5, 4503599627370494L)]
    [InlineData(1e19, long.MaxValue)]
    [InlineData(-1e19, long.MinValue)]
    [InlineData(9223372036854775807.0, long.MaxValue)]     // = 2^63
    [InlineData(-9223372036854775808.0, long.MinValue)]
    [InlineData(double.NaN, 0L)]
    public void RoundToLint(double d, long expected) => Assert.Equal(expected, Exec.L(PushD(d) + "; d2l.round"));

    [Theory]
    [InlineData(1.5, 2UL)]
    [InlineData(0.5, 0UL)]
    [InlineData(-3.0, 0UL)]
    [InlineData(18446744073709551616.0, ulong.MaxValue)]
    [InlineData(9223372036854775808.0, 9223372036854775808UL)]
    [InlineData(1.5e19, 15000000000000000000UL)]
    [InlineData(double.NaN, 0UL)]
    public void RoundToUlint(double d, ulong expected) => Assert.Equal((long)expected, Exec.L(PushD(d) + "; d2ul.round"));

    [Theory]
    [InlineData("d2i.trunc", 2.7, 2L)]
    [InlineData("d2i.trunc", -2.7, -2L)]
    [InlineData("d2i.trunc", 2147483647.9, 2147483647L)]
    [InlineData("d2i.trunc", -3e9, -2147483648L)]
    [InlineData("d2i.trunc", double.NaN, 0L)]
    [InlineData("d2u.trunc", -0.9, 0L)]
    [InlineData("d2u.trunc", 4294967295.9, -1L)]
    [InlineData("d2u.trunc", 3e9, -1294967296L)]   // 3000000000 as 32 bits, sign-extended
    public void TruncToInt(string op, double d, long expected) => Assert.Equal(expected, Exec.I(PushD(d) + "; " + op));

    [Theory]
    [InlineData("d2l.trunc", -9.99, -9L)]
    [InlineData("d2l.trunc", 1e30, long.MaxValue)]
    [InlineData("d2l.trunc", -1e30, long.MinValue)]
    [InlineData("d2ul.trunc", 1.5e19, -3446744073709551616L)]    // 15000000000000000000 as 64 bits
    [InlineData("d2ul.trunc", 1e30, -1L)]
    [InlineData("d2ul.trunc", -5.5, 0L)]
    [InlineData("d2ul.trunc", 7.9, 7L)]
    public void TruncToLong(string op, double d, long expected) => Assert.Equal(expected, Exec.L(PushD(d) + "; " + op));

    [Fact]
    public void ConversionsAgreeWithReferenceOnRandomValues()
    {
        var rng = new Random(11);
        for (int i = 0; i < 200000; i++)
        {
            double d = (rng.Next(4)) switch
            {
                0 => (rng.NextDouble() - 0.5) * 1e4,
                1 => Math.Round((rng.NextDouble() - 0.5) * 1e4) + 0.5,
                2 => (rng.NextDouble() - 0.5) * 2e10,
                _ => BitConverter.Int64BitsToDouble(rng.NextInt64()),
            };
            if (double.IsNaN(d)) continue;
            double r = Math.Round(d, MidpointRounding.ToEven);
            Assert.Equal(r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r, Numeric.RoundToInt32(d));
            Assert.Equal(r >= 9.2233720368547758e18 ? long.MaxValue : r <= -9.2233720368547758e18 ? long.MinValue : (long)r, Numeric.RoundToInt64(d));
            Assert.Equal(r >= uint.MaxValue ? uint.MaxValue : r <= 0 ? 0 : (uint)r, Numeric.RoundToUInt32(d));
            Assert.Equal(r >= 1.8446744073709552e19 ? ulong.MaxValue : r <= 0 ? 0 : (ulong)r, Numeric.RoundToUInt64(d));
            double t = Math.Truncate(d);
            Assert.Equal(t >= int.MaxValue ? int.MaxValue : t <= int.MinValue ? int.MinValue : (int)t, Numeric.TruncToInt32(d));
            Assert.Equal(t >= uint.MaxValue ? uint.MaxValue : t <= 0 ? 0 : (uint)t, Numeric.TruncToUInt32(d));
        }
    }

    [Fact]
    public void BinaryTransfers()
    {
        Assert.Equal(0x3F800000L, Exec.I("push.f =1f; f2bits"));
        Assert.Equal(0x3DCCCCCDL, Exec.I("push.d =0.1d; f2bits"));        // rounds to float first
        Assert.Equal(unchecked((int)0xBF800000), Exec.I("push.f =-1f; f2bits"));
        Assert.Equal((double)3.14159265f, Exec.D("push.i 0x40490FDB; bits2f"));
        Assert.Equal(0x3FF0000000000000L, Exec.L("push.d =1d; d2bits"));
        Assert.Equal(-2.0, Exec.D("push.l =-4611686018427387904; bits2d"));   // 0xC000000000000000
        Assert.Equal(1, Exec.I("push.i 0x7F800001; bits2f; push.i 0; i2d; ne.d"));   // a NaN
    }

    // ---------------------------------------------------------------- memory
    static void Fill(CodeBuilder b, int at, params byte[] bytes) => Array.Copy(bytes, 0, b.InitialMemory, at, bytes.Length);

    [Fact]
    public void LoadsExtendCorrectly()
    {
        Action<CodeBuilder> setup = b => Fill(b, 16, 0xFF, 0x80, 0x00, 0x80, 0xFE, 0xFF, 0xFF, 0xFF);
        long Ld(string op) => BitConverter.ToInt64(Exec.RunAsm(op + "; i2l; st.g.i64 8; ret", setup: setup).Memory, 8);
        Assert.Equal(-1, Ld("ld.g.i8 16"));
        Assert.Equal(255, Ld("ld.g.u8 16"));
        Assert.Equal(-32768, Ld("ld.g.i16 18"));
        Assert.Equal(32768, Ld("ld.g.u16 18"));
        Assert.Equal(-2, Ld("ld.g.i32 20"));
        Assert.Equal(unchecked((int)0x800080FF), Ld("ld.g.i32 16"));
        var m = Exec.RunAsm("ld.g.i64 16; st.g.i64 8; ret", setup: setup).Memory;
        Assert.Equal(unchecked((long)0xFFFFFFFE800080FFUL), BitConverter.ToInt64(m, 8));
        // indirect forms
        Assert.Equal(-1, Ld("lea.g 12; ld.x.i8 4"));
        Assert.Equal(255, Ld("lea.g 12; ld.x.u8 4"));
        Assert.Equal(-32768, Ld("lea.g 12; ld.x.i16 6"));
        Assert.Equal(32768, Ld("lea.g 12; ld.x.u16 6"));
        Assert.Equal(-2, Ld("lea.g 24; ld.x.i32 -4"));
    }

    [Fact]
    public void RealLoadsAndStores()
    {
        Action<CodeBuilder> setup = b =>
        {
            Fill(b, 16, BitConverter.GetBytes(1.5f));
            Fill(b, 24, BitConverter.GetBytes(-2.25));
        };
        Assert.Equal(1.5, BitConverter.ToDouble(Exec.RunAsm("ld.g.f32 16; st.g.f64 8; ret", setup: setup).Memory, 8));
        Assert.Equal(-2.25, BitConverter.ToDouble(Exec.RunAsm("ld.g.f64 24; st.g.f64 8; ret", setup: setup).Memory, 8));
        Assert.Equal(1.5, BitConverter.ToDouble(Exec.RunAsm("lea.g 16; ld.x.f32 0; st.g.f64 8; ret", setup: setup).Memory, 8));
        Assert.Equal(-2.25, BitConverter.ToDouble(Exec.RunAsm("lea.g 16; ld.x.f64 8; st.g.f64 8; ret", setup: setup).Memory, 8));
        var m = Exec.RunAsm("push.d =0.1d; st.g.f32 40; lea.g 40; push.d =0.2d; st.x.f32 4; push.d =0.3d; lea.g 48; push.d =0.4d; st.x.f64 0; st.g.f64 56; ret", 64).Memory;
        Assert.Equal(0.1f, BitConverter.ToSingle(m, 40));
        Assert.Equal(0.2f, BitConverter.ToSingle(m, 44));
        Assert.Equal(0.4, BitConverter.ToDouble(m, 48));
        Assert.Equal(0.3, BitConverter.ToDouble(m, 56));
    }

    [Fact]
    public void StoresTruncateAndAreLittleEndian()
    {
        var m = Exec.RunAsm(@"push.i 0x12345678; st.g.i8 16
                              push.i 0x12345678; st.g.i16 20
                              push.i 0x12345678; st.g.i32 24
                              push.l =81985529216486895; st.g.i64 32     // 0x0123456789ABCDEF
                              lea.g 40; push.i 0x11223344; st.x.i8 1
                              lea.g 44; push.i 0x11223344; st.x.i16 0
                              lea.g 48; push.i 0x11223344; st.x.i32 0
                              lea.g 52; push.l =-2; st.x.i64 0
                              ret", 64).Memory;
        Assert.Equal(new byte[] { 0x78, 0, 0, 0, 0x78, 0x56, 0, 0, 0x78, 0x56, 0x34, 0x12 }, m[16..28]);
        Assert.Equal(0x0123456789ABCDEFL, BitConverter.ToInt64(m, 32));
        Assert.Equal(new byte[] { 0, 0x44, 0, 0, 0x44, 0x33, 0, 0, 0x44, 0x33, 0x22, 0x11 }, m[40..52]);
        Assert.Equal(-2L, BitConverter.ToInt64(m, 52));
    }

    [Fact]
    public void BitAccess()
    {
        Action<CodeBuilder> setup = b => Fill(b, 16, 0b0000_0100);
        Assert.Equal(1, BitConverter.ToInt64(Exec.RunAsm("ldbit.g 16 2; i2l; st.g.i64 8; ret", setup: setup).Memory, 8));
        Assert.Equal(0, BitConverter.ToInt64(Exec.RunAsm("ldbit.g 16 3; i2l; st.g.i64 8; ret", setup: setup).Memory, 8));
        Assert.Equal(1, BitConverter.ToInt64(Exec.RunAsm("lea.g 15; ldbit.x 1 2; i2l; st.g.i64 8; ret", setup: setup).Memory, 8));
        var m = Exec.RunAsm("push.i 5; stbit.g 16 7; push.i 0; stbit.g 16 2; lea.g 16; push.i -1; stbit.x 1 0; ret", setup: setup).Memory;
        Assert.Equal(0x80, m[16]);
        Assert.Equal(0x01, m[17]);
    }

    [Fact]
    public void ThisRelativeAccess()
    {
        var b = new CodeBuilder(64);
        int prog = b.BeginPou("prog", PouKind.Program, size: 16);
        b.Asm(@"push.i 7; st.t.i32 4
                ld.t.i32 4; push.i 1; add.i; st.t.i16 8
                lea.t 12; i2l; st.t.i64 8 // overwrites 8..16 with the address 44
                push.i 1; stbit.t 0 3
                ldbit.t 0 3; st.t.i8 1
                ret");
        var it = Exec.Load(b.Build());
        Assert.True(it.Run(prog, 32, 0));
        Assert.Equal(7, BitConverter.ToInt32(it.Memory, 36));
        Assert.Equal(44L, BitConverter.ToInt64(it.Memory, 40));
        Assert.Equal(8, it.Memory[32]);
        Assert.Equal(1, it.Memory[33]);
    }

    [Fact]
    public void IndexComputesElementAddresses()
    {
        Assert.Equal(24, Exec.I("lea.g 16; push.i 3; index 1 10 4"));
        Assert.Equal(16, Exec.I("lea.g 16; push.i -5; index -5 5 2"));
        Assert.Equal(36, Exec.I("lea.g 16; push.l =10; index.l 0 10 2"));
    }

    [Fact]
    public void IndexDynTakesBoundsAndStrideFromTheStack()
    {
        // base 16, index 3 in 1..10, stride 4: 16 + (3 - 1) * 4 = 24; index -5 in -5..5 is the first element.
        Assert.Equal(24, Exec.I("lea.g 16; push.l =3; push.i 1; push.i 10; push.i 4; index.dyn"));
        Assert.Equal(16, Exec.I("lea.g 16; push.l =-5; push.i -5; push.i 5; push.i 2; index.dyn"));
        // The upper bound itself: 16 + (10 - 1) * 6 = 70 (only an address; nothing is read there).
        Assert.Equal(70, Exec.I("lea.g 16; push.l =10; push.i 1; push.i 10; push.i 6; index.dyn"));
    }

    [Fact]
    public void MemCopyIsOverlapSafe()
    {
        Action<CodeBuilder> setup = b => Fill(b, 16, 1, 2, 3, 4, 5, 6, 7, 8);
        var m = Exec.RunAsm("lea.g 17; lea.g 16; memcopy 4; ret", setup: setup).Memory;
        Assert.Equal(new byte[] { 1, 1, 2, 3, 4, 6, 7, 8 }, m[16..24]);
        m = Exec.RunAsm("lea.g 16; lea.g 18; memcopy 4; ret", setup: setup).Memory;
        Assert.Equal(new byte[] { 3, 4, 5, 6, 5, 6, 7, 8 }, m[16..24]);
    }

    static void Str(CodeBuilder b, int at, string s) => Fill(b, at, Encoding.Latin1.GetBytes(s + "\0"));
    static void WStr(CodeBuilder b, int at, string s) => Fill(b, at, Encoding.Unicode.GetBytes(s + "\0"));

    [Fact]
    public void StringCopy()
    {
        Action<CodeBuilder> setup = b => { Str(b, 16, "HELLO"); Fill(b, 32, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA); };
        var m = Exec.RunAsm("lea.g 32; lea.g 16; strcopy 3; ret", setup: setup).Memory;
        Assert.Equal(new byte[] { (byte)'H', (byte)'E', (byte)'L', 0, 0xAA }, m[32..37]);
        m = Exec.RunAsm("lea.g 32; lea.g 16; strcopy 10; ret", setup: setup).Memory;
        Assert.Equal(Encoding.Latin1.GetBytes("HELLO\0\xAA"), m[32..39]);
        // A source without a terminator at the end of memory: copying stops there.
        m = Exec.RunAsm("lea.g 16; lea.g 60; strcopy 10; ret", setup: b => Fill(b, 60, (byte)'A', (byte)'B', (byte)'C', (byte)'D')).Memory;
        Assert.Equal(Encoding.Latin1.GetBytes("ABCD\0"), m[16..21]);
        // Overlapping copy (shift left by one).
        m = Exec.RunAsm("lea.g 16; lea.g 17; strcopy 10; ret", setup: setup).Memory;
        Assert.Equal(Encoding.Latin1.GetBytes("ELLO\0"), m[16..21]);
    }

    [Fact]
    public void WStringCopy()
    {
        Action<CodeBuilder> setup = b => WStr(b, 16, "H\u20ACLLO");
        var m = Exec.RunAsm("lea.g 40; lea.g 16; wstrcopy 2; ret", 64, setup: setup).Memory;
        Assert.Equal(Encoding.Unicode.GetBytes("H\u20AC\0"), m[40..46]);
        m = Exec.RunAsm("lea.g 40; lea.g 16; wstrcopy 9; ret", 64, setup: setup).Memory;
        Assert.Equal(Encoding.Unicode.GetBytes("H\u20ACLLO\0"), m[40..52]);
        m = Exec.RunAsm("lea.g 16; lea.g 60; wstrcopy 9; ret", 64, setup: b => Fill(b, 60, 0x41, 0, 0x42, 0)).Memory;
        Assert.Equal(Encoding.Unicode.GetBytes("AB\0"), m[16..22]);
    }

    [Theory]
    [InlineData("ABC", "ABD", -1L)]
    [InlineData("ABD", "ABC", 1L)]
    [InlineData("ABC", "ABC", 0L)]
    [InlineData("AB", "ABC", -1L)]
    [InlineData("ABC", "AB", 1L)]
    [InlineData("", "", 0L)]
    [InlineData("\u00FF", "A", 1L)]        // unsigned bytes
    public void StringCompare(string a, string b, long expected)
    {
        Assert.Equal(expected, Exec.I("lea.g 16; lea.g 32; strcmp", setup: bld => { Str(bld, 16, a); Str(bld, 32, b); }));
        Assert.Equal(expected, Exec.I("lea.g 16; lea.g 40; wstrcmp", setup: bld => { WStr(bld, 16, a); WStr(bld, 40, b); }));
    }

    [Fact]
    public void WStringCompareIsUnsigned16()
    {
        Assert.Equal(1L, Exec.I("lea.g 16; lea.g 32; wstrcmp", setup: b => { WStr(b, 16, "\u8000"); WStr(b, 32, "A"); }));
        // Without terminators up to the end of memory, the comparison stops there.
        Assert.Equal(0L, Exec.I("lea.g 60; lea.g 60; strcmp", setup: b => Fill(b, 60, 1, 2, 3, 4)));
    }

    [Fact]
    public void InitRestoresInitialValues()
    {
        var m = Exec.RunAsm("push.i 0; st.g.i32 16; push.i 0; st.g.i8 20; init.g 16 4; ret", setup: b => Fill(b, 16, 42, 1, 2, 3, 9)).Memory;
        Assert.Equal(new byte[] { 42, 1, 2, 3, 0 }, m[16..21]);

        var bld = new CodeBuilder(64);
        Fill(bld, 36, 5, 6);
        int prog = bld.BeginPou("prog", PouKind.Program, size: 8);
        bld.Asm("push.i 0; st.t.i16 4; init.t 4 1; ret");
        var it = Exec.Load(bld.Build());
        Assert.True(it.Run(prog, 32, 0));
        Assert.Equal(5, it.Memory[36]);
        Assert.Equal(0, it.Memory[37]);
    }

    [Fact]
    public void ResetMemoryIsAColdStart()
    {
        var it = Exec.RunAsm("push.i 9; st.g.i32 16; ret", setup: b => Fill(b, 16, 1));
        Assert.Equal(9, it.Memory[16]);
        it.ResetMemory();
        Assert.Equal(1, it.Memory[16]);
    }

    // ---------------------------------------------------------------- control
    [Fact]
    public void LoopsAndConditionalJumps()
    {
        // sum := 0; FOR i := 1 TO 100 DO sum := sum + i; END_FOR
        long sum = Exec.L(@"push.i 1; st.g.i32 16; push.l =0; st.g.i64 24
                            loop: ld.g.i32 16; push.i 100; gt.i; jnz end
                            ld.g.i64 24; ld.g.i32 16; i2l; add.l; st.g.i64 24
                            ld.g.i32 16; push.i 1; add.i; st.g.i32 16; jmp loop
                            end: ld.g.i64 24");
        Assert.Equal(5050, sum);
        Assert.Equal(2, Exec.I("push.i 0; jz a; push.i 1; jmp b; a: push.i 2; b: nop"));
        Assert.Equal(1, Exec.I("push.i 7; jz a; push.i 1; jmp b; a: push.i 2; b: nop"));
        Assert.Equal(1, Exec.I("push.i 7; jnz a; push.i 2; jmp b; a: push.i 1; b: nop"));
    }

    [Fact]
    public void FunctionCallsUseStaticFrames()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"push.i 100                   // kept on the stack across the call
                push.i 5; st.g.i32 16; call 1
                ld.g.i32 20; add.i; st.g.i32 24
                push.i 1; st.g.i32 16; call 1; ld.g.i32 20; st.g.i32 28
                ret");
        b.BeginPou("twice", PouKind.Function, size: 8, frameAddress: 16);
        b.Asm("init.g 20 4; ld.g.i32 16; push.i 2; mul.i; ld.g.i32 20; add.i; st.g.i32 20; ret");
        var it = Exec.Load(b.Build());
        Assert.True(it.Run(0, 0, 0));
        Assert.Equal(110, BitConverter.ToInt32(it.Memory, 24));
        Assert.Equal(2, BitConverter.ToInt32(it.Memory, 28));     // the frame was re-initialised
    }

    [Fact]
    public void FunctionBlockCallsSetThis()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"push.i 100
                lea.g 16; call.fb 1
                lea.g 16; call.fb 1
                lea.g 24; call.fb 1
                push.i 1; add.i; st.g.i32 40
                ret");
        b.BeginPou("counter", PouKind.FunctionBlock, size: 8);
        b.Asm("ld.t.i32 0; push.i 1; add.i; st.t.i32 0; lea.t 4; st.t.i32 4; ret");
        var it = Exec.Load(b.Build());
        Assert.True(it.Run(0, 0, 0));
        Assert.Equal(2, BitConverter.ToInt32(it.Memory, 16));
        Assert.Equal(20, BitConverter.ToInt32(it.Memory, 20));
        Assert.Equal(1, BitConverter.ToInt32(it.Memory, 24));
        Assert.Equal(28, BitConverter.ToInt32(it.Memory, 28));
        Assert.Equal(101, BitConverter.ToInt32(it.Memory, 40));
    }

    [Fact]
    public void ProgramInstancesAndNestedBlocks()
    {
        var b = new CodeBuilder(128);
        b.BeginPou("task", PouKind.TaskBody);
        b.Asm("lea.g 16; call.fb 1; lea.g 48; call.fb 1; ret");
        b.BeginPou("prog", PouKind.Program, size: 32);
        b.Asm("ld.t.i32 0; addi 1; st.t.i32 0; lea.t 8; call.fb 2; lea.t 8; call.fb 2; ld.t.i32 0; st.t.i32 4; ret");
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("ld.t.i32 0; addi 10; st.t.i32 0; ret");
        var it = Exec.Load(b.Build());
        Assert.True(it.Run(0, 0, 0));
        Assert.Equal(1, BitConverter.ToInt32(it.Memory, 16));
        Assert.Equal(20, BitConverter.ToInt32(it.Memory, 24));
        Assert.Equal(1, BitConverter.ToInt32(it.Memory, 48));
        Assert.Equal(20, BitConverter.ToInt32(it.Memory, 56));
        Assert.True(it.Run(1, 80, 0));              // a program run directly with its instance
        Assert.Equal(1, BitConverter.ToInt32(it.Memory, 80));
        Assert.Equal(20, BitConverter.ToInt32(it.Memory, 88));
    }

    [Fact]
    public void NowPushesTheScanTime()
    {
        var b = new CodeBuilder(32);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("now; st.g.i64 8; ret");
        var it = Exec.Load(b.Build());
        Assert.True(it.Run(0, 0, 123456789012L));
        Assert.Equal(123456789012L, BitConverter.ToInt64(it.Memory, 8));
    }

    [Fact]
    public void StackOps()
    {
        Assert.Equal(6, Exec.I("push.i 3; dup; add.i"));
        Assert.Equal(3, Exec.I("push.i 3; push.l =4; pop"));
        Assert.Equal(5, Exec.L("push.l =5; nop"));
        Assert.Equal(2.5, Exec.D("push.d =2.5d; dup; pop"));
    }

    [Fact]
    public void InstructionsAreCounted()
    {
        var it = Exec.RunAsm("push.i 1; pop; nop; ret");
        Assert.Equal(4, it.Instructions);
    }

    // ---------------------------------------------------------------- natives
    static string ReadStr(byte[] m, int at)
    {
        int end = at;
        while (m[end] != 0) end++;
        return Encoding.Latin1.GetString(m, at, end - at);
    }

    [Theory]
    [InlineData("str.from_int", 0L, 80, "0")]
    [InlineData("str.from_int", 12345L, 80, "12345")]
    [InlineData("str.from_int", -12345L, 80, "-12345")]
    [InlineData("str.from_int", long.MinValue, 80, "-9223372036854775808")]
    [InlineData("str.from_int", long.MaxValue, 80, "9223372036854775807")]
    [InlineData("str.from_int", 12345L, 3, "123")]
    [InlineData("str.from_int", -12345L, 1, "-")]
    [InlineData("str.from_int", 7L, 0, "")]
    [InlineData("str.from_uint", -1L, 80, "18446744073709551615")]
    [InlineData("str.from_uint", -8446744073709551616L, 80, "10000000000000000000")]
    public void NativeToString(string native, long value, int maxlen, string expected)
    {
        var m = Exec.RunAsm($"lea.g 16; push.i {maxlen}; push.l ={value}; call.native {native}; ret", 128,
                            setup: b => Array.Fill(b.InitialMemory, (byte)0xAA, 16, 100)).Memory;
        Assert.Equal(expected, ReadStr(m, 16));
        Assert.Equal(0xAA, m[16 + Math.Min(expected.Length, maxlen) + 1]);    // nothing written past the terminator
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("  -12_345  ", -12345L)]
    [InlineData("+5", 5L)]
    [InlineData("16#FF", 255L)]
    [InlineData("16#ff_ff", 65535L)]
    [InlineData("2#1010", 10L)]
    [InlineData("8#17", 15L)]
    [InlineData("-16#10", -16L)]
    [InlineData("16#FFFFFFFFFFFFFFFF", -1L)]
    [InlineData("18446744073709551615", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("18446744073709551616", 0L)]    // too large
    [InlineData("abc", 0L)]
    [InlineData("", 0L)]
    [InlineData("   ", 0L)]
    [InlineData("1__2", 0L)]
    [InlineData("_1", 0L)]
    [InlineData("1_", 0L)]
    [InlineData("3#12", 0L)]
    [InlineData("16#", 0L)]
    [InlineData("2#102", 0L)]
    [InlineData("12 3", 0L)]
    [InlineData("-", 0L)]
    public void NativeParseInt(string text, long expected)
        => Assert.Equal(expected, Exec.L("lea.g 16; call.native str.to_int", setup: b => Str(b, 16, text)));

    [Fact]
    public void NativeParseStopsAtEndOfMemory()
        => Assert.Equal(1234L, Exec.L("lea.g 60; call.native str.to_int", setup: b => Fill(b, 60, (byte)'1', (byte)'2', (byte)'3', (byte)'4')));

    static string PushD(double d) => "push.d =" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d";
}

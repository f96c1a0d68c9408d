using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>The instructions added for the standard library: sel, mux, min/max, shifts, rotations, math.</summary>
public class LibrarySupportOpcodeTests
{
    [Fact]
    public void SelPicksTheSecondWhenTheSelectorIsTrue()
    {
        Assert.Equal(20, Exec.I("push.i 10; push.i 20; push.i 1; sel"));
        Assert.Equal(10, Exec.I("push.i 10; push.i 20; push.i 0; sel"));
        Assert.Equal(2.5, Exec.D("push.d =1.5d; push.d =2.5d; push.i 7; sel"));
        Assert.Equal(5, Exec.L("push.l =4; push.l =5; push.i -1; sel"));
    }

    [Fact]
    public void MuxPicksByIndexAndFaultsOutsideIt()
    {
        Assert.Equal(30, Exec.I("push.i 2; push.i 10; push.i 20; push.i 30; mux 3"));
        Assert.Equal(10, Exec.I("push.i 0; push.i 10; push.i 20; push.i 30; mux 3"));
        var it = Exec.RunAsm("push.i 3; push.i 10; push.i 20; push.i 30; mux 3; pop; ret");
        Assert.Equal(FaultCode.IndexOutOfRange, it.Fault.Code);
        Assert.Equal(3, it.Fault.Value);
        Assert.Equal(0, it.Fault.Low);
        Assert.Equal(2, it.Fault.High);
        Assert.Equal(FaultCode.IndexOutOfRange, Exec.RunAsm("push.i -1; push.i 10; mux 1; pop; ret").Fault.Code);
    }

    [Fact]
    public void MinAndMaxRespectSignedness()
    {
        Assert.Equal(5, Exec.I("push.i -3; push.i 5; max.i"));
        Assert.Equal(-3, Exec.I("push.i -3; push.i 5; min.i"));
        Assert.Equal(-3, Exec.I("push.i -3; push.i 5; maxu.i"));   // -3 is 4294967293 as UDINT
        Assert.Equal(5, Exec.I("push.i -3; push.i 5; minu.i"));
        Assert.Equal(-1, Exec.L("push.l =-1; push.l =1; maxu.l"));
        Assert.Equal(-1, Exec.L("push.l =-1; push.l =1; min.l"));
        Assert.Equal(2.5, Exec.D("push.d =2.5d; push.d =-7d; max.d"));
        Assert.Equal(-7.0, Exec.D("push.d =2.5d; push.d =-7d; min.d"));
    }

    [Fact]
    public void ShiftsShiftInZerosAndVanishPastTheWidth()
    {
        Assert.Equal(0x102, Exec.I("push.i 129; push.i 1; shl.i"));        // wrapping to BYTE is the compiler's job
        Assert.Equal(0, Exec.I("push.i 1; push.i 32; shl.i"));
        Assert.Equal(int.MinValue, Exec.I("push.i 1; push.i 31; shl.i"));
        Assert.Equal(0x7FFFFFFF, Exec.I("push.i -1; push.i 1; shru.i"));   // logical: a zero comes in
        Assert.Equal(0, Exec.I("push.i -1; push.i 40; shru.i"));
        Assert.Equal(long.MinValue, Exec.L("push.l =1; push.i 63; shl.l"));
        Assert.Equal(1, Exec.L("push.l =-9223372036854775808; push.i 63; shru.l"));
        Assert.Equal(0, Exec.L("push.l =-1; push.i 64; shru.l"));
    }

    [Fact]
    public void RotationsWrapAroundTheWidth()
    {
        Assert.Equal(3, Exec.I("push.i 129; push.i 1; rol.i 8"));          // 1000_0001 -> 0000_0011
        Assert.Equal(129, Exec.I("push.i 129; push.i 8; rol.i 8"));        // a full turn
        Assert.Equal(0xC0, Exec.I("push.i 129; push.i 1; ror.i 8"));       // 1000_0001 -> 1100_0000
        Assert.Equal(0x8000, Exec.I("push.i 1; push.i 1; ror.i 16"));
        Assert.Equal(int.MinValue, Exec.I("push.i 1; push.i 1; ror.i 32"));
        Assert.Equal(1, Exec.I("push.i -2147483648; push.i 1; rol.i 32"));
        Assert.Equal(long.MinValue, Exec.L("push.l =1; push.i 1; ror.l"));
        Assert.Equal(1, Exec.L("push.l =-9223372036854775808; push.i 65; rol.l"));
    }

    [Fact]
    public void MathFunctionsGoThroughTheHost()
    {
        Assert.Equal(3.0, Exec.D("push.d =9d; math1 0"));
        Assert.True(double.IsNaN(Exec.D("push.d =-1d; math1 0")));
        Assert.Equal(2.0, Exec.D("push.d =100d; math1 2"));
        Assert.Equal(System.Math.PI / 4, Exec.D("push.d =1d; push.d =1d; math2 10"));
        Assert.Equal(System.Math.PI, Exec.D("push.d =0d; push.d =-1d; math2 10"));   // ATAN2(y = 0, x = -1)
    }

    [Fact]
    public void VerifierChecksTheNewOperands()
    {
        Image Build(string asm)
        {
            var b = new CodeBuilder(64);
            b.BeginPou("main", PouKind.TaskBody);
            b.Asm(asm);
            return b.Build();
        }
        Assert.False(Verifier.Verify(Build("push.i 0; push.i 1; mux 0; pop; ret")).Ok);
        Assert.False(Verifier.Verify(Build("push.i 0; push.i 1; rol.i 12; pop; ret")).Ok);
        Assert.False(Verifier.Verify(Build("push.d =1d; math1 10; pop; ret")).Ok);
        Assert.False(Verifier.Verify(Build("push.d =1d; push.d =1d; math2 0; pop; ret")).Ok);
        Assert.False(Verifier.Verify(Build("push.i 1; push.d =1d; push.i 1; sel; pop; ret")).Ok);    // mixed types
        Assert.False(Verifier.Verify(Build("push.l =1; push.i 1; push.i 2; mux 2; pop; ret")).Ok);   // selector not I
        Assert.True(Verifier.Verify(Build("push.i 1; push.f =1f; push.d =2d; mux 2; pop; ret")).Ok); // F and D mix
    }
}

using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

public class FaultTests
{
    static void AssertFault(Fault f, FaultCode code, int position)
    {
        Assert.Equal(code, f.Code);
        Assert.Equal(position, f.Position);
    }

    [Theory]
    [InlineData("push.i 1; push.i 0; div.i", 4)]
    [InlineData("push.i 1; push.i 0; mod.i", 4)]
    [InlineData("push.i 1; push.i 0; divu.i", 4)]
    [InlineData("push.i 1; push.i 0; modu.i", 4)]
    [InlineData("push.l =1; push.l =0; div.l", 4)]
    [InlineData("push.l =1; push.l =0; mod.l", 4)]
    [InlineData("push.l =1; push.l =0; divu.l", 4)]
    [InlineData("push.l =1; push.l =0; modu.l", 4)]
    [InlineData("push.f =1f; push.f =0f; div.f", 4)]
    [InlineData("push.d =1d; push.d =-0d; div.d", 4)]
    [InlineData("push.d =0d; push.d =0d; div.d", 4)]
    public void DivisionByZero(string asm, int position)
    {
        var f = Exec.FaultOf(asm + "; pop; ret");
        AssertFault(f, FaultCode.DivisionByZero, position);
        Assert.Equal("PLCF001", f.CodeText);
        Assert.Equal("division by zero", f.Message());
    }

    [Fact]
    public void DivisionByNaNOrInfinityIsNotAFault()
    {
        Assert.True(double.IsNaN(Exec.D("push.d =1d; push.d =NaNd; div.d")));
        Assert.Equal(0.0, Exec.D("push.d =1d; push.d =Infinityd; div.d"));
    }

    [Fact]
    public void MemoryKeepsItsStateAfterAFault()
    {
        var it = Exec.RunAsm("push.i 7; st.g.i32 16; push.i 1; push.i 0; div.i; st.g.i32 20; ret");
        AssertFault(it.Fault, FaultCode.DivisionByZero, 8);
        Assert.Equal(7, it.Memory[16]);
        // The next run starts cleanly.
        Assert.True(it.Run(0, 0, 0) == false);
    }

    [Fact]
    public void IndexOutOfRange()
    {
        var f = Exec.FaultOf("lea.g 16; push.i 11; index 1 10 4; pop; ret");
        AssertFault(f, FaultCode.IndexOutOfRange, 4);
        Assert.Equal(11, f.Value);
        Assert.Equal(1, f.Low);
        Assert.Equal(10, f.High);
        Assert.Equal("PLCF002", f.CodeText);
        Assert.Equal("array index 11 is outside the bounds 1..10", f.Message());
        f = Exec.FaultOf("lea.g 16; push.i 0; index 1 10 4; pop; ret");
        Assert.Equal(0, f.Value);
        f = Exec.FaultOf("lea.g 16; push.l =4294967297; index.l 1 10 4; pop; ret");
        AssertFault(f, FaultCode.IndexOutOfRange, 4);
        Assert.Equal(4294967297L, f.Value);
    }

    [Fact]
    public void IndexDynOutsideItsBoundsFaultsWithThem()
    {
        // lea.g at 0, push.l at 2, three push.i at 4, 6, 8: index.dyn at 10.
        var f = Exec.FaultOf("lea.g 16; push.l =11; push.i 1; push.i 10; push.i 4; index.dyn; pop; ret");
        AssertFault(f, FaultCode.IndexOutOfRange, 10);
        Assert.Equal((11L, 1L, 10L), (f.Value, f.Low, f.High));
        // A 64-bit index that would wrap into 1..10 as 32 bits (2^32 + 1) is outside.
        f = Exec.FaultOf("lea.g 16; push.l =4294967297; push.i 1; push.i 10; push.i 4; index.dyn; pop; ret");
        Assert.Equal(4294967297L, f.Value);
        // Empty bounds (a scribbled descriptor) reject every index.
        f = Exec.FaultOf("lea.g 16; push.l =5; push.i 6; push.i 5; push.i 4; index.dyn; pop; ret");
        Assert.Equal((5L, 6L, 5L), (f.Value, f.Low, f.High));
    }

    [Theory]
    [InlineData("push.i 0; ld.x.i32 0; pop", 2)]
    [InlineData("push.i 0; ld.x.i8 16; pop", 2)]
    [InlineData("push.i 0; ld.x.u16 16; pop", 2)]
    [InlineData("push.i 0; ld.x.f64 16; pop", 2)]
    [InlineData("push.i 0; push.i 5; st.x.i32 16", 4)]
    [InlineData("push.i 0; push.d =1d; st.x.f32 16", 4)]
    [InlineData("push.i 0; ldbit.x 16 1; pop", 2)]
    [InlineData("push.i 0; push.i 1; stbit.x 16 1", 4)]
    [InlineData("push.i 0; lea.g 16; memcopy 4", 4)]
    [InlineData("lea.g 16; push.i 0; memcopy 4", 4)]
    [InlineData("push.i 0; lea.g 16; strcopy 4", 4)]
    [InlineData("lea.g 16; push.i 0; wstrcopy 4", 4)]
    [InlineData("push.i 0; lea.g 16; strcmp; pop", 4)]
    [InlineData("lea.g 16; push.i 0; wstrcmp; pop", 4)]
    [InlineData("push.i 0; call.native str.to_int; pop", 2)]
    [InlineData("push.i 0; push.i 10; push.l =5; call.native str.from_int", 6)]
    public void NullReference(string asm, int position)
    {
        var f = Exec.FaultOf(asm + "; ret");
        AssertFault(f, FaultCode.NullReference, position);
        Assert.Equal("PLCF003", f.CodeText);
        Assert.Equal("dereference of NULL", f.Message());
    }

    [Theory]
    [InlineData("push.i 60; ld.x.i32 1; pop", 2, 61L)]          // 61 + 4 > 64
    [InlineData("push.i 60; ld.x.i32 0; pop", -1, 0L)]          // fits exactly
    [InlineData("push.i 4; ld.x.i8 0; pop", 2, 4L)]             // in the NULL guard
    [InlineData("push.i 16; ld.x.i64 -12; pop", 2, 4L)]
    [InlineData("push.i 16; ld.x.i64 2147483647; pop", 2, 2147483663L)]   // no 32-bit wrap
    [InlineData("push.i -8; ld.x.i32 0; pop", 2, -8L)]
    [InlineData("push.i 64; push.i 1; st.x.i8 0", 4, 64L)]
    [InlineData("push.i 57; push.l =1; st.x.i64 0", 4, 57L)]
    [InlineData("push.i 63; push.i 1; st.x.i16 0", 4, 63L)]
    [InlineData("push.i 64; ldbit.x 0 0; pop", 2, 64L)]
    [InlineData("push.i 60; push.i 1; stbit.x 4 0", 4, 64L)]
    [InlineData("lea.g 16; lea.g 60; memcopy 8", 4, 60L)]       // source runs past the end
    [InlineData("lea.g 60; lea.g 16; memcopy 8", 4, 60L)]       // destination too
    [InlineData("lea.g 56; lea.g 16; strcopy 8", 4, 56L)]       // needs maxlen + 1 = 9 bytes
    [InlineData("lea.g 55; lea.g 16; strcopy 8", -1, 0L)]
    [InlineData("lea.g 47; lea.g 16; wstrcopy 8", 4, 47L)]      // needs 18 bytes
    [InlineData("lea.g 46; lea.g 16; wstrcopy 8", -1, 0L)]
    [InlineData("push.i 64; lea.g 16; strcmp; pop", 4, 64L)]
    [InlineData("lea.g 16; push.i 63; wstrcmp; pop", 4, 63L)]
    [InlineData("push.i 64; call.native str.to_int; pop", 2, 64L)]
    [InlineData("lea.g 60; push.i 4; push.l =5; call.native str.from_int", 6, 60L)]
    [InlineData("lea.g 16; push.i -1; push.l =5; call.native str.from_int", 6, 16L)]
    public void InvalidAddress(string asm, int position, long address)
    {
        var it = Exec.RunAsm(asm + "; ret");
        if (position < 0) { Assert.False(it.Fault.IsFault); return; }
        AssertFault(it.Fault, FaultCode.InvalidAddress, position);
        Assert.Equal(address, it.Fault.Value);
        Assert.Equal("PLCF004", it.Fault.CodeText);
        Assert.Equal($"memory access at address {address} outside the program's memory", it.Fault.Message());
    }

    [Fact]
    public void RangeViolation()
    {
        var f = Exec.FaultOf("push.i 120; check.i 0 100; pop; ret");
        AssertFault(f, FaultCode.RangeViolation, 2);
        Assert.Equal("PLCF006", f.CodeText);
        Assert.Equal("value 120 is outside the subrange 0..100", f.Message());
        f = Exec.FaultOf("push.l =-1; check.l =0 =100; pop; ret");
        AssertFault(f, FaultCode.RangeViolation, 2);
        Assert.Equal("value -1 is outside the subrange 0..100", f.Message());
    }

    [Fact]
    public void InvalidInstance()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("push.i 60; call.fb 1; ret");
        int fb = b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("ret");
        var it = Exec.Load(b.Build());
        Assert.False(it.Run(0, 0, 0));
        AssertFault(it.Fault, FaultCode.InvalidInstance, 2);
        Assert.Equal(60, it.Fault.Value);
        Assert.Equal("PLCF007", it.Fault.CodeText);
        Assert.Contains("60", it.Fault.Message());
        // Running a block directly with a bad instance.
        Assert.False(it.Run(fb, 0, 0));
        Assert.Equal(FaultCode.InvalidInstance, it.Fault.Code);
        Assert.False(it.Run(fb, 57, 0));
        Assert.Equal(FaultCode.InvalidInstance, it.Fault.Code);
        Assert.True(it.Run(fb, 56, 0));
        Assert.False(it.Fault.IsFault);
    }

    [Fact]
    public void CallFbThroughNull()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("nop; push.i 0; call.fb 1; ret");
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("ret");
        var it = Exec.Load(b.Build());
        Assert.False(it.Run(0, 0, 0));
        AssertFault(it.Fault, FaultCode.NullReference, 3);
    }

    [Fact]
    public void FaultInsideACallReportsTheCalleePosition()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("call 1; ret");
        b.BeginPou("f", PouKind.Function, size: 4, frameAddress: 16);
        b.Asm("push.i 1; ld.g.i32 16; div.i; st.g.i32 16; ret");
        var it = Exec.Load(b.Build());
        Assert.False(it.Run(0, 0, 0));
        AssertFault(it.Fault, FaultCode.DivisionByZero, 3 + 4);
    }

    [Fact]
    public void WatchdogStopsAnEndlessLoop()
    {
        var host = new TestHost { ExpireAfterPolls = 3 };
        var it = Exec.RunAsm("nop; loop: nop; jmp loop", host: host);
        AssertFault(it.Fault, FaultCode.Watchdog, 2);
        Assert.Equal(4, host.Polls);
        Assert.Equal("PLCF005", it.Fault.CodeText);
        Assert.Equal("scan exceeded its watchdog", it.Fault.Message());
        Assert.Equal(1 + 2L * 4 * Interpreter.WatchdogPollInterval, it.Instructions);
    }

    [Fact]
    public void WatchdogStopsAConditionalLoop()
    {
        var host = new TestHost { ExpireAfterPolls = 0 };
        var it = Exec.RunAsm("loop: push.i 1; jnz loop; ret", host: host);
        AssertFault(it.Fault, FaultCode.Watchdog, 2);
        host = new TestHost { ExpireAfterPolls = 0 };
        it = Exec.RunAsm("loop: push.i 0; jz loop; ret", host: host);
        AssertFault(it.Fault, FaultCode.Watchdog, 2);
    }

    [Fact]
    public void WatchdogIsPolledOnCalls()
    {
        // A long straight run of calls has no backward jump; the calls poll.
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        for (int i = 0; i < 3000; i++) b.Op(Opcode.Call, 1);
        b.Op(Opcode.Ret);
        b.BeginPou("f", PouKind.Function);
        b.Op(Opcode.Ret);
        var host = new TestHost { ExpireAfterPolls = 1 };
        var it = Exec.Load(b.Build(), host);
        Assert.False(it.Run(0, 0, 0));
        AssertFault(it.Fault, FaultCode.Watchdog, 2 * (2 * Interpreter.WatchdogPollInterval - 1));
        Assert.Equal(2, host.Polls);
    }

    [Fact]
    public void AForwardOnlyProgramNeverPolls()
    {
        var host = new TestHost { ExpireAfterPolls = 0 };
        var it = Exec.RunAsm("push.i 1; jz a; nop; a: ret", host: host);
        Assert.False(it.Fault.IsFault);
        Assert.Equal(0, host.Polls);
    }

    [Fact]
    public void FaultTextOfEveryCode()
    {
        Assert.Equal("", Fault.CodeTextOf(FaultCode.None));
        for (int c = 1; c <= 7; c++) Assert.Equal("PLCF00" + c, Fault.CodeTextOf((FaultCode)c));
        Assert.Equal("function block instance at address 99 lies outside the program's memory",
                     new Fault(FaultCode.InvalidInstance, 0, 99, 0, 0).Message());
        Assert.Equal("PLCF004 at 12: memory access at address 123456 outside the program's memory",
                     new Fault(FaultCode.InvalidAddress, 12, 123456, 0, 0).ToString());
    }
}

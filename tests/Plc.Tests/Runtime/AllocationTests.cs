using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

public class AllocationTests
{
    [Fact]
    public void RunAllocatesNothing()
    {
        var b = new CodeBuilder(256);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"push.i 0; st.g.i32 16
                loop: ld.g.i32 16; push.i 20000; ge.i; jnz end
                ld.g.i32 16; push.i 3; mul.i; push.i 7; mod.i; st.g.i32 20
                ld.g.i64 24; ld.g.i32 16; i2l; add.l; st.g.i64 24
                ld.g.f32 32; push.f =0.5f; add.f; push.f =1.25f; mul.f; st.g.f32 32
                ld.g.f64 40; ld.g.i32 16; i2d; add.d; push.d =3d; div.d; st.g.f64 40
                ld.g.f64 40; d2i.round; st.g.i32 48
                lea.g 64; ld.g.i32 16; push.i 10; mod.i; index 0 9 4; ld.g.i32 16; st.x.i32 0
                lea.g 112; push.i 20; ld.g.i64 24; call.native str.from_int
                lea.g 140; lea.g 112; strcopy 20
                lea.g 140; call.native str.to_int; st.g.i64 168
                lea.g 112; lea.g 140; strcmp; st.g.i32 176
                lea.g 180; call.fb 1
                call 2
                push.d =2d; push.d =0.5d; expt.d; st.g.f64 200
                now; st.g.i64 208
                ld.g.i32 16; push.i 1; add.i; st.g.i32 16; jmp loop
                end: ret");
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("ld.t.i32 0; addi 1; st.t.i32 0; ret");
        b.BeginPou("f", PouKind.Function, size: 8, frameAddress: 216);
        b.Asm("init.g 216 8; ld.g.i32 216; addi 1; st.g.i32 220; ret");
        var it = Exec.Load(b.Build(), new TestHost());

        for (int i = 0; i < 3; i++) { it.ResetMemory(); Assert.True(it.Run(0, 0, i)); }
        it.ResetMemory();
        GC.Collect();   // an empty allocation context: another thread's GC cannot move the counter (see ScanAllocation)
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = it.Run(0, 0, 99);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(ok);
        Assert.Equal(0, after - before);
        Assert.Equal(20000, BitConverter.ToInt32(it.Memory, 180));
        Assert.Equal(199990000L, BitConverter.ToInt64(it.Memory, 168));

        // A faulting run allocates nothing either.
        var f = Exec.Load(MakeFaulting(), new TestHost());
        f.Run(0, 0, 0);
        before = GC.GetAllocatedBytesForCurrentThread();
        f.Run(0, 0, 0);
        after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(FaultCode.IndexOutOfRange, f.Fault.Code);
        Assert.Equal(0, after - before);
    }

    static Image MakeFaulting()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("lea.g 16; push.i 99; index 0 3 4; pop; ret");
        return b.Build();
    }
}

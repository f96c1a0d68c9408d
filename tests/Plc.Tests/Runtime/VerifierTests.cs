using System;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

public class VerifierTests
{
    public static Image Clone(Image s) => new Image
    {
        MemorySize = s.MemorySize,
        InitialMemory = s.InitialMemory == null ? null! : (byte[])s.InitialMemory.Clone(),
        Constants = s.Constants == null ? null! : (long[])s.Constants.Clone(),
        Code = s.Code == null ? null! : (int[])s.Code.Clone(),
        Pous = s.Pous == null ? null! : Array.ConvertAll(s.Pous, p => p == null ? null! : new PouInfo
        {
            Name = p.Name, Kind = p.Kind, CodeStart = p.CodeStart, CodeEnd = p.CodeEnd, Size = p.Size, FrameAddress = p.FrameAddress,
        }),
        Tasks = s.Tasks == null ? null! : Array.ConvertAll(s.Tasks, t => t == null ? null! : new TaskInfo
        {
            Name = t.Name, IntervalNs = t.IntervalNs, Priority = t.Priority, SingleAddress = t.SingleAddress,
            SingleBit = t.SingleBit, Body = t.Body, WatchdogNs = t.WatchdogNs,
        }),
        Inputs = new IoArea { Address = s.Inputs.Address, Size = s.Inputs.Size },
        Outputs = new IoArea { Address = s.Outputs.Address, Size = s.Outputs.Size },
        Markers = new IoArea { Address = s.Markers.Address, Size = s.Markers.Size },
    };

    /// <summary>A valid image with a task body, a program, a function block and a function.</summary>
    public static Image Base()
    {
        var b = new CodeBuilder(128);
        int main = b.BeginPou("main", PouKind.TaskBody);           // POU 0
        b.Asm("lea.g 16; call.fb 1; ret");
        b.BeginPou("prog", PouKind.Program, size: 32);              // POU 1
        b.Asm(@"ld.t.i32 0; addi 1; st.t.i32 0
                lea.t 8; call.fb 2
                push.i 3; st.g.i32 96; call 3; ld.g.i32 100; st.t.i32 4
                ret");
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);           // POU 2
        b.Asm("ld.t.i32 0; push.i 2; mul.i; st.t.i32 0; ret");
        b.BeginPou("f", PouKind.Function, size: 8, frameAddress: 96);   // POU 3
        b.Asm("ld.g.i32 96; push.i 1; add.i; st.g.i32 100; ret");
        b.Task("t", main);
        var img = b.Build();
        img.Inputs = new IoArea { Address = 64, Size = 8 };
        img.Outputs = new IoArea { Address = 72, Size = 8 };
        return img;
    }

    static string Reject(Image image)
    {
        var v = Verifier.Verify(image);
        Assert.False(v.Ok, "expected a rejection");
        Assert.DoesNotContain("internal", v.Error);
        return v.Error;
    }

    static Image One(string asm, int memorySize = 64, PouKind kind = PouKind.TaskBody, int size = 0, Action<CodeBuilder>? more = null)
    {
        var b = new CodeBuilder(memorySize);
        int p = b.BeginPou("main", kind, size);
        b.Asm(asm);
        more?.Invoke(b);
        if (kind == PouKind.TaskBody) b.Task("t", p);
        return b.Build();
    }

    [Fact]
    public void BaseIsValid()
    {
        var v = Verifier.Verify(Base());
        Assert.True(v.Ok, v.Error);
        Assert.Equal(2, v.MaxCallDepth);      // main -> prog -> fb / f
        var it = new Interpreter(Base(), new TestHost(), v);
        Assert.True(it.Run(0, 0, 0));
        Assert.Equal(1, BitConverter.ToInt32(it.Memory, 16));
        Assert.Equal(4, BitConverter.ToInt32(it.Memory, 20));
    }

    [Fact]
    public void RejectsNullAndMissingSections()
    {
        Assert.Contains("no image", Reject(null!));
        var i = Base(); i.Code = null!; Reject(i);
        i = Base(); i.Pous = null!; Reject(i);
        i = Base(); i.Tasks = null!; Reject(i);
        i = Base(); i.Constants = null!; Reject(i);
        i = Base(); i.InitialMemory = null!; Reject(i);
        i = Base(); i.Inputs = null!; Reject(i);
        i = Base(); i.Pous[2] = null!; Assert.Contains("#2", Reject(i));
        i = Base(); i.Tasks[0] = null!; Reject(i);
        i = Base(); i.Pous[1].Name = null!; Assert.True(Verifier.Verify(i).Ok);   // a name is not needed to run
    }

    [Fact]
    public void RejectsBadMemorySize()
    {
        var i = Base(); i.MemorySize = 4; i.InitialMemory = new byte[4];
        Assert.Contains("memory size", Reject(i));
        i = Base(); i.MemorySize = Verifier.MaxMemorySize + 1;
        Assert.Contains("memory size", Reject(i));
        i = Base(); i.MemorySize = -1;
        Reject(i);
        i = Base(); i.InitialMemory = new byte[127];
        Assert.Contains("initial memory", Reject(i));
    }

    [Fact]
    public void RejectsIoAreasOutsideMemory()
    {
        var i = Base(); i.Inputs.Address = 124; Assert.Contains("input", Reject(i));
        i = Base(); i.Outputs.Size = -1; Assert.Contains("output", Reject(i));
        i = Base(); i.Markers = new IoArea { Address = 2, Size = 4 }; Assert.Contains("marker", Reject(i));
        i = Base(); i.Markers = new IoArea { Address = int.MaxValue, Size = int.MaxValue }; Reject(i);
    }

    [Fact]
    public void RejectsAddressSpacesOutOfOrderOrOutsideTheirArea()
    {
        // D29: the four spaces of an area start in order, inside it.
        var i = Base(); i.Inputs.Size = 8; i.Inputs.Spaces = new[] { 0, 2, 6, 8 }; Assert.True(Verifier.Verify(i).Ok);
        i = Base(); i.Inputs.Size = 8; i.Inputs.Spaces = new[] { 0, 5, 3, 8 }; Assert.Contains("input area space 2", Reject(i));
        i = Base(); i.Outputs.Size = 4; i.Outputs.Spaces = new[] { 0, 0, 0, 5 }; Assert.Contains("output area space 3", Reject(i));
        i = Base(); i.Markers.Spaces = new[] { 0, 0, 0 }; Assert.Contains("marker area has no address spaces", Reject(i));
        i = Base(); i.Markers.Spaces = null!; Assert.Contains("marker area has no address spaces", Reject(i));
    }

    [Fact]
    public void RejectsBadPouRanges()
    {
        var i = Base(); i.Pous[1].CodeEnd -= 1; Assert.Contains("contiguous", Reject(i));   // a gap
        i = Base(); i.Pous[2].CodeStart -= 1; Reject(i);                                      // overlap
        i = Base(); i.Pous[3].CodeEnd = i.Code.Length + 2; Assert.Contains("outside the code", Reject(i));
        i = Base(); i.Pous[3].CodeEnd = i.Code.Length - 1; Assert.Contains("belong to no POU", Reject(i));
        i = Base(); i.Pous[0].CodeStart = 1; Assert.Contains("starts at 1", Reject(i));
        i = Base(); i.Pous[0].CodeEnd = i.Pous[0].CodeStart; Assert.Contains("empty", Reject(i));
        i = Base(); i.Pous[0].CodeStart = -5; Reject(i);
        i = Base(); i.Pous = new PouInfo[0]; Assert.Contains("belong to no POU", Reject(i));
    }

    [Fact]
    public void RejectsBadPouFields()
    {
        var i = Base(); i.Pous[1].Kind = (PouKind)9; Assert.Contains("kind", Reject(i));
        i = Base(); i.Pous[1].Size = -1; Assert.Contains("size", Reject(i));
        i = Base(); i.Pous[1].Size = 125; Assert.Contains("size", Reject(i));
        i = Base(); i.Pous[3].FrameAddress = 124; Assert.Contains("frame", Reject(i));
        i = Base(); i.Pous[3].FrameAddress = 0; Assert.Contains("frame", Reject(i));
    }

    [Fact]
    public void AcceptsPousInAnyOrder()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("f", PouKind.Function);
        b.Asm("ret");
        int main = b.BeginPou("main", PouKind.TaskBody);
        b.Asm("call 0; ret");
        b.Task("t", main);
        var img = b.Build();
        (img.Pous[0], img.Pous[1]) = (img.Pous[1], img.Pous[0]);    // table order differs from code order
        img.Code[img.Pous[0].CodeStart + 1] = 1;
        img.Tasks[0].Body = 0;
        Assert.True(Verifier.Verify(img).Ok, Verifier.Verify(img).Error);
    }

    [Fact]
    public void RejectsUndefinedOpcode()
    {
        var i = One("nop; ret"); i.Code[0] = (int)Opcode.Count; Assert.Contains("undefined opcode", Reject(i));
        i = One("nop; ret"); i.Code[0] = -1; Assert.Contains("undefined opcode", Reject(i));
    }

    [Fact]
    public void RejectsCutOffOperands()
    {
        var i = One("ret; push.i 1");
        i.Code = i.Code[..^1]; i.Pous[0].CodeEnd--;
        Assert.Contains("cut off", Reject(i));
    }

    [Theory]
    [InlineData("ld.g.i32 61; pop; ret")]
    [InlineData("ld.g.i64 57; pop; ret")]
    [InlineData("ld.g.i8 64; pop; ret")]
    [InlineData("ld.g.i8 4; pop; ret")]          // in the NULL guard
    [InlineData("push.i 1; st.g.i16 63; ret")]
    [InlineData("push.i 1; st.g.i8 -1; ret")]
    [InlineData("ldbit.g 64 0; pop; ret")]
    [InlineData("push.i 0; stbit.g 0 0; ret")]
    [InlineData("lea.g 65; pop; ret")]
    [InlineData("lea.g 7; pop; ret")]
    [InlineData("init.g 60 5; ret")]
    [InlineData("init.g 2147483647 2; ret")]
    public void RejectsAddressesOutsideMemory(string asm) => Assert.Contains("outside memory", Reject(One(asm)));

    [Theory]
    [InlineData("ld.g.i32 60; pop; ret")]
    [InlineData("ld.g.i8 8; pop; ret")]
    [InlineData("lea.g 64; pop; ret")]
    [InlineData("init.g 60 4; ret")]
    public void AcceptsAddressesAtTheEdges(string asm) => Assert.True(Verifier.Verify(One(asm)).Ok);

    [Fact]
    public void RejectsThisRelativeOperandsWithoutAnInstance()
    {
        Assert.Contains("without an instance", Reject(One("ld.t.i32 0; pop; ret")));
        Assert.Contains("without an instance", Reject(One("lea.t 0; pop; ret", kind: PouKind.Function)));
        Assert.Contains("without an instance", Reject(One("init.t 0 1; ret", kind: PouKind.Function)));
    }

    [Theory]
    [InlineData("ld.t.i32 13; pop; ret")]
    [InlineData("ld.t.i64 9; pop; ret")]
    [InlineData("ld.t.i8 -1; pop; ret")]
    [InlineData("push.i 0; st.t.i32 14; ret")]
    [InlineData("ldbit.t 16 0; pop; ret")]
    [InlineData("lea.t 17; pop; ret")]
    [InlineData("init.t 8 9; ret")]
    public void RejectsOffsetsOutsideTheInstance(string asm)
        => Assert.Contains("instance size", Reject(One(asm, kind: PouKind.FunctionBlock, size: 16)));

    [Fact]
    public void RejectsBadBits()
    {
        Assert.Contains("bit 8", Reject(One("ldbit.g 16 8; pop; ret")));
        Assert.Contains("bit -1", Reject(One("push.i 1; stbit.g 16 -1; ret")));
    }

    [Fact]
    public void RejectsBadConstants()
    {
        var i = One("push.l 0; pop; ret"); Assert.Contains("constant index", Reject(i));
        i = One("push.l =5; pop; ret"); i.Code[1] = 1; Assert.Contains("constant index", Reject(i));
        i = One("push.d =5d; pop; ret"); i.Code[1] = -1; Assert.Contains("constant index", Reject(i));
        Assert.Contains("REAL", Reject(One("push.f =0.1d; pop; ret")));
        Assert.True(Verifier.Verify(One("push.f =NaNd; pop; push.f =Infinityd; pop; push.f =0.1f; pop; ret")).Ok);
        Assert.Contains("empty", Reject(One("push.l =5; check.l =3 =2; pop; ret")));
    }

    [Fact]
    public void RejectsBadJumpTargets()
    {
        var i = One("jmp 0; ret"); i.Code[1] = 3; Assert.Contains("jump target", Reject(i));
        i = One("push.i 1; jz 0; ret"); i.Code[3] = 1; Assert.Contains("jump target", Reject(i));      // inside an instruction
        i = One("push.i 1; jnz 0; ret"); i.Code[3] = -1; Assert.Contains("jump target", Reject(i));
        // into another POU
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody); b.Asm("jmp 0");
        b.BeginPou("f", PouKind.Function); b.Asm("ret");
        var img = b.Build(); img.Code[1] = 2;
        Assert.Contains("jump target", Reject(img));
    }

    [Fact]
    public void RejectsCallsOfTheWrongKind()
    {
        var i = Base(); i.Code[Array.IndexOf(i.Code, (int)Opcode.Call) + 1] = 2;
        Assert.Contains("not a function", Reject(i));
        i = Base(); i.Code[Array.IndexOf(i.Code, (int)Opcode.CallFb) + 1] = 3;
        Assert.Contains("not a program or function block", Reject(i));
        i = Base(); i.Code[Array.IndexOf(i.Code, (int)Opcode.CallFb) + 1] = 0;
        Assert.Contains("not a program or function block", Reject(i));
        i = Base(); i.Code[Array.IndexOf(i.Code, (int)Opcode.CallFb) + 1] = 99;
        Assert.Contains("outside the POU table", Reject(i));
    }

    [Fact]
    public void RejectsUnknownNatives()
    {
        Assert.Contains("unknown native", Reject(One("call.native 999; ret")));
        Assert.Contains("unknown native", Reject(One("call.native -1; ret")));
    }

    [Fact]
    public void RejectsBadIndexAndRanges()
    {
        Assert.Contains("empty", Reject(One("lea.g 16; push.i 1; index 5 4 1; pop; ret")));
        Assert.Contains("size", Reject(One("lea.g 16; push.i 1; index 0 4 0; pop; ret")));
        Assert.Contains("size", Reject(One("lea.g 16; push.i 1; index 0 4 -4; pop; ret")));
        Assert.Contains("does not fit", Reject(One("lea.g 16; push.i 1; index -2147483648 2147483647 1; pop; ret")));
        Assert.Contains("empty", Reject(One("push.i 1; clamp.i 5 4; pop; ret")));
        Assert.Contains("empty", Reject(One("push.i 1; check.i 5 4; pop; ret")));
    }

    [Theory]
    [InlineData("lea.g 16; lea.g 32; memcopy 0; ret")]
    [InlineData("lea.g 16; lea.g 32; memcopy 65; ret")]
    [InlineData("lea.g 16; lea.g 32; strcopy -1; ret")]
    [InlineData("lea.g 16; lea.g 32; wstrcopy 0; ret")]
    [InlineData("init.g 16 0; ret")]
    public void RejectsBadSizes(string asm) => Assert.Contains("size", Reject(One(asm)));

    [Fact]
    public void RejectsBadTasks()
    {
        var i = Base(); i.Tasks[0].Body = 1; Assert.Contains("task body", Reject(i));
        i = Base(); i.Tasks[0].Body = 7; Assert.Contains("task body", Reject(i));
        i = Base(); i.Tasks[0].SingleAddress = 128; Assert.Contains("SINGLE", Reject(i));
        i = Base(); i.Tasks[0].SingleAddress = 3; Assert.Contains("SINGLE", Reject(i));
        i = Base(); i.Tasks[0].SingleAddress = 20; i.Tasks[0].SingleBit = 8; Assert.Contains("SINGLE", Reject(i));
        i = Base(); i.Tasks[0].IntervalNs = -1; Reject(i);
    }

    [Theory]
    [InlineData("push.l =1; push.i 1; add.i; pop; ret", "needs II")]
    [InlineData("push.i 1; push.i 1; add.l; pop; ret", "needs LL")]
    [InlineData("push.d =1d; push.d =1d; add.i; pop; ret", "needs II")]
    [InlineData("push.i 1; i2d; st.g.i32 16; ret", "needs I")]
    [InlineData("push.d =1d; st.g.f32 16; push.f =1f; st.g.f64 16; push.i 1; st.g.f64 16; ret", "needs D")]
    [InlineData("add.i; pop; ret", "needs II")]
    [InlineData("pop; ret", "empty")]
    [InlineData("dup; ret", "empty")]
    [InlineData("push.i 1; ret", "empty at ret")]
    [InlineData("push.i 1; jz a; push.i 1; a: pop; ret", "another path")]
    [InlineData("push.i 1; jz a; push.l =1; jmp b; a: push.i 1; b: pop; ret", "another path")]
    [InlineData("push.i 1; jz a; push.f =1f; jmp b; a: push.d =1d; b: pop; ret", "another path")]   // F and D differ
    [InlineData("nop", "falls off")]
    [InlineData("push.i 1; jz a; ret; a: nop", "falls off")]
    [InlineData("lea.g 16; push.i 1; call.native str.from_int; ret", "needs IIL")]
    [InlineData("push.i 1; push.i 1; jz 0; pop; ret", "another path")]
    public void RejectsStackErrors(string asm, string message) => Assert.Contains(message, Reject(One(asm)));

    [Fact]
    public void AcceptsFWhereDIsExpectedAndUnreachableCode()
    {
        Assert.True(Verifier.Verify(One("push.f =1f; push.d =2d; add.d; st.g.f64 16; ret; push.i 1; add.i")).Ok);
        Assert.True(Verifier.Verify(One("loop: push.i 1; jnz loop; ret")).Ok);
    }

    [Fact]
    public void RejectsADeepStack()
    {
        string asm = string.Concat(System.Linq.Enumerable.Repeat("push.i 1;", Verifier.MaxPouStack + 1))
                     + string.Concat(System.Linq.Enumerable.Repeat("pop;", Verifier.MaxPouStack + 1)) + "ret";
        Assert.Contains("deeper", Reject(One(asm)));
    }

    [Fact]
    public void RejectsRecursion()
    {
        var b = new CodeBuilder(64);
        int main = b.BeginPou("main", PouKind.TaskBody); b.Asm("call 1; ret");
        b.BeginPou("f", PouKind.Function); b.Asm("call 2; ret");
        b.BeginPou("g", PouKind.Function); b.Asm("call 1; ret");
        b.Task("t", main);
        string e = Reject(b.Build());
        Assert.Contains("recursion", e);
        Assert.Contains("'f'", e);
        Assert.Contains("'g'", e);

        b = new CodeBuilder(64);
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8); b.Asm("lea.t 0; call.fb 0; ret");
        Assert.Contains("recursion", Reject(b.Build()));
    }

    [Fact]
    public void ComputesStackAndCallDepthOverCallChains()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm("push.i 1; push.i 2; push.i 3; call 1; pop; pop; pop; lea.g 16; call.fb 2; ret");
        b.BeginPou("f", PouKind.Function);
        b.Asm("push.i 1; push.i 2; add.i; st.g.i32 40; ret");      // needs 2
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("push.i 9; push.i 9; push.i 9; push.i 9; pop; pop; pop; pop; call 1; ret");   // needs 4
        var v = Verifier.Verify(b.Build());
        Assert.True(v.Ok, v.Error);
        Assert.Equal(5, v.MaxStack);          // 3 under the call of f + its 2; the instance is popped before fb runs
        Assert.Equal(2, v.MaxCallDepth);      // main -> fb -> f
    }

    [Fact]
    public void SingleAddressMayBeAbsent()
    {
        var i = Base(); i.Tasks[0].SingleAddress = -1; i.Tasks[0].SingleBit = -1;
        Assert.True(Verifier.Verify(i).Ok);
        i.Tasks[0].SingleAddress = 20; i.Tasks[0].SingleBit = 3;
        Assert.True(Verifier.Verify(i).Ok);
    }

    [Fact]
    public void InterpreterRefusesUnverifiedImages()
    {
        Assert.Throws<ArgumentException>(() => new Interpreter(Base(), new TestHost(), VerificationResult.Failure("no")));
    }
}

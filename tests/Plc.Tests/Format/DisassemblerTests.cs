using System;
using Plc.Runtime.Core;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Format;

public class DisassemblerTests
{
    readonly ITestOutputHelper output;

    public DisassemblerTests(ITestOutputHelper output) { this.output = output; }

    [Fact]
    public void ListsHeaderPousInstructionsTasksAndSymbols()
    {
        string text = Disassembler.Disassemble(TestImages.Sample());
        output.WriteLine(text);
        Assert.Contains("memory 2048 bytes", text);
        Assert.Contains("%I inputs   16#0010 (16), 4 bytes", text);
        Assert.Contains("  k5    = 1500000000 (16#59682F00)", text);
        Assert.Contains("  k4    = LREAL 0.1", text);
        Assert.Contains("PROGRAM Main  (#0, instance 128 bytes, code 0..15)", text);
        Assert.Contains("FUNCTION Äpfel_fn  (#1, frame 16#0190, 16 bytes, code 15..15)", text);
        Assert.Contains("  0000: push.i", text);
        Assert.Contains("; main.st(3,5)", text);
        Assert.Contains("; lib/counter.st(10,1)", text);
        Assert.Matches(@"0002: st\.g\.i16 +16#03E8 +; Main\.x", text);
        Assert.Matches(@"0004: ld\.t\.i16 +\+0 +; x", text);
        Assert.Matches(@"0006: push\.l +k5 +; 1500000000", text);
        Assert.Matches(@"0009: push\.d +k4 +; 0\.1", text);
        Assert.Matches(@"0012: jmp +0000", text);
        Assert.Matches(@"0015: call\.fb +Main", text);
        Assert.Matches(@"0017: call +Äpfel_fn", text);
        Assert.Matches(@"0019: call\.native +#17", text);
        Assert.Contains("Fast", text);
        Assert.Contains("interval T#10ms, priority 0, body Task1_body, watchdog T#100ms", text);
        Assert.Contains("event SINGLE 16#0010.1 (in1), priority 3", text);
        Assert.Matches(@"Main +16#03E8 +Main", text);
        Assert.Matches(@"g_count +16#012C +DINT +\[RETAIN GLOBAL\]", text);
        Assert.Contains("ARRAY[1..2, 1..3] OF INT", text);
        Assert.Contains("Color  (2 bytes) : Red=0 Green=1 Blue=5", text);
        Assert.Contains("AT %MX25.3", text);
    }

    [Fact]
    public void NativeNamesComeFromTheResolver()
    {
        string text = Disassembler.Disassemble(TestImages.Sample(), id => id == 17 ? "ABS_DINT" : null);
        Assert.Matches(@"call\.native +ABS_DINT \(#17\)", text);
    }

    [Fact]
    public void BadCodeDoesNotThrow()
    {
        var img = new Image
        {
            Code = new[] { 250, -1, (int)Opcode.PushI, 3, (int)Opcode.Jmp, 99, (int)Opcode.PushL, 7, (int)Opcode.Index, 1 },
            Pous = new[]
            {
                new PouInfo { Name = "P", Kind = PouKind.Program, CodeStart = 0, CodeEnd = 10 },
                new PouInfo { Name = "Q", Kind = PouKind.Function, CodeStart = 5, CodeEnd = 50 },
                new PouInfo { Name = "R", Kind = (PouKind)77, CodeStart = -4, CodeEnd = 2 },
            },
            Tasks = new[] { new TaskInfo { Name = "T", IntervalNs = 1, Body = 9 } },
        };
        img.Debug.Symbols = new[] { new SymbolDesc { Name = "s", Address = 8, Type = 12 } };
        img.Debug.Lines = new[] { new LineEntry(0, 4, 1, 1) };
        string text = Disassembler.Disassemble(img);
        output.WriteLine(text);
        Assert.Contains("0000: ?? (250)", text);
        Assert.Contains("0001: ?? (-1)", text);
        Assert.Matches(@"0002: push\.i +3", text);
        Assert.Matches(@"0004: jmp +0099 +; \?\? target outside the POU", text);
        Assert.Matches(@"0006: push\.l +k7 +; \?\? no such constant", text);
        Assert.Matches(@"0008: index +\?\? operands missing", text);
        Assert.Contains("?? code range outside the code array", text);
        Assert.Contains("#9 ??", text);
        Assert.Contains("file4(1,1)", text);
    }

    [Fact]
    public void EveryOpcodeDisassembles()
    {
        var code = new System.Collections.Generic.List<int>();
        for (int op = 0; op < (int)Opcode.Count; op++)
        {
            code.Add(op);
            foreach (var _ in OpcodeInfo.Get((Opcode)op).Operands) code.Add(0);
        }
        var img = new Image { Code = code.ToArray(), Constants = new[] { 0L } };
        img.Pous = new[] { new PouInfo { Name = "All", Kind = PouKind.Function, CodeStart = 0, CodeEnd = code.Count } };
        string text = Disassembler.Disassemble(img);
        for (int op = 0; op < (int)Opcode.Count; op++)
            Assert.Contains(": " + OpcodeInfo.Get((Opcode)op).Name, text);
        Assert.DoesNotContain("??", text);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Tests.Conformance;
using Plc.Tests.Runtime;
using Xunit;

namespace Plc.Tests.Format;

/// <summary>Images for the format tests: hand-built ones that use every field, and compiled ones.</summary>
public static class FormatTestImages
{
    /// <summary>
    /// A valid image (the verifier accepts it) that uses every section and every kind of debug type: a task body, a
    /// program, a function block and a function; constants of every flavour; initial memory with runs near and
    /// far apart; a cyclic and an event task; all three process image areas; non-ASCII names.
    /// </summary>
    public static Image Full()
    {
        var b = new CodeBuilder(256);
        b.InitialMemory[8] = 1;                 // a run at 8..9 and 14 (gap of 4 zeros: merged)
        b.InitialMemory[9] = 0xFF;
        b.InitialMemory[14] = 7;
        b.InitialMemory[200] = 0x80;            // far away: a run of its own
        b.InitialMemory[255] = 9;               // the last byte
        int main = b.BeginPou("task Main", PouKind.TaskBody);              // POU 0
        b.Asm("lea.g 16; call.fb 2; ret");
        int ev = b.BeginPou("task Ev", PouKind.TaskBody);                  // POU 1
        b.Asm("ret");
        b.BeginPou("Prog", PouKind.Program, size: 48);                     // POU 2
        b.Asm(@"ld.t.i32 0; addi 1; st.t.i32 0
                loop: ld.t.i32 0; push.i 100; lt.i; jz done
                ld.t.i32 0; push.i 2; add.i; st.t.i32 0; jmp loop
                done: lea.t 8; call.fb 3
                push.i -70000; st.g.i32 96; call 4; ld.g.i32 100; st.t.i32 4
                push.l =-5000000000; st.t.i64 16
                push.d =2.5d; push.f =0.5f; add.d; st.t.f64 24
                lea.g 120; push.i 20; ld.t.i64 16; call.native str.from_int
                ldbit.g 64 3; stbit.g 72 1
                ret");
        b.BeginPou("Zähler", PouKind.FunctionBlock, size: 8);             // POU 3
        b.Asm("ld.t.i32 0; push.i 2; mul.i; st.t.i32 0; ret");
        b.BeginPou("f", PouKind.Function, size: 8, frameAddress: 96);     // POU 4
        b.Asm("init.g 96 4; ld.g.i32 96; push.i 1; add.i; st.g.i32 100; ret");
        b.Task("Main", main, intervalNs: 10_000_000);
        b.Task("Ev", ev, intervalNs: 0);
        b.Const(long.MinValue);                 // pool entries the code does not use
        b.ConstD(double.NaN);
        b.Const(long.MaxValue);
        var img = b.Build();
        img.Tasks[0].Priority = 3;
        img.Tasks[0].WatchdogNs = 50_000_000;
        img.Tasks[1].Priority = -1;
        img.Tasks[1].SingleAddress = 80;
        img.Tasks[1].SingleBit = 2;
        // Every area is one bit/byte space (D29): the other three spaces start at its end and are empty.
        img.Inputs = new IoArea { Address = 64, Size = 8, Spaces = new[] { 0, 8, 8, 8 } };
        img.Outputs = new IoArea { Address = 72, Size = 4, Spaces = new[] { 0, 4, 4, 4 } };
        img.Markers = new IoArea { Address = 80, Size = 16, Spaces = new[] { 0, 16, 16, 16 } };
        img.Debug = FullDebug();
        return img;
    }

    public static DebugInfo FullDebug() => new()
    {
        Files = new[] { "src/main.st", "lib/Zähler €.st", "" },
        Lines = new[]
        {
            new LineEntry(0, 0, 1, 1),
            new LineEntry(3, 0, 2, 5),
            new LineEntry(3, 1, 2, 6),          // two entries at one position
            new LineEntry(200, 1, 100000, 300),
            new LineEntry(1000000, 2, 0, 0),
        },
        Types = new[]
        {
            /* 0 */ new TypeDesc { Kind = TypeKind.Elementary, Name = "DINT", Size = 4, Elementary = ElementaryKind.DInt },
            /* 1 */ new TypeDesc { Kind = TypeKind.String, Name = "STRING(20)", Size = 21, Length = 20 },
            /* 2 */ new TypeDesc { Kind = TypeKind.WString, Size = 162, Length = 80 },
            /* 3 */ new TypeDesc { Kind = TypeKind.Array, Size = 4 * 3 * 2, Element = 0, Lower = new[] { 1, -1 }, Upper = new[] { 3, 0 } },
            /* 4 */ new TypeDesc
            {
                Kind = TypeKind.Struct, Name = "Point", Size = 16,
                Members = new[]
                {
                    new MemberDesc { Name = "x", Offset = 0, Type = 0 },
                    new MemberDesc { Name = "label", Offset = 4, Type = 1, Flags = VarFlags.Hidden },
                },
            },
            /* 5 */ new TypeDesc
            {
                Kind = TypeKind.Enum, Name = "Farbe", Size = 2, Elementary = ElementaryKind.Int,
                EnumNames = new[] { "Rot", "Grün", "Blau" }, EnumValues = new[] { 0L, 5L, -7L },
            },
            /* 6 */ new TypeDesc { Kind = TypeKind.Ref, Size = 4, Element = 4 },
            /* 7 */ new TypeDesc { Kind = TypeKind.Ref, Size = 4, Element = -1 },
            /* 8 */ new TypeDesc
            {
                Kind = TypeKind.FunctionBlock, Name = "Zähler", Size = 8,
                Members = new[] { new MemberDesc { Name = "count", Offset = 0, Type = 0, Flags = VarFlags.Output } },
            },
            /* 9 */ new TypeDesc
            {
                Kind = TypeKind.Program, Name = "Prog", Size = 48,
                Members = new[]
                {
                    new MemberDesc { Name = "n", Offset = 0, Type = 0 },
                    new MemberDesc { Name = "inst", Offset = 8, Type = 8 },
                    new MemberDesc { Name = "Start", Offset = 64, Type = 11, Flags = VarFlags.Absolute | VarFlags.BitAddressed | VarFlags.Input, Bit = 3, Location = "%IX0.3" },
                    new MemberDesc { Name = "io", Offset = 40, Type = 6, Flags = VarFlags.InOut | VarFlags.Retain | VarFlags.Persistent | VarFlags.Temp },
                },
            },
            /* 10 */ new TypeDesc { Kind = TypeKind.Subrange, Size = 2, Elementary = ElementaryKind.Int, Low = long.MinValue, High = long.MaxValue },
            /* 11 */ new TypeDesc { Kind = TypeKind.Elementary, Name = "BOOL", Size = 1, Elementary = ElementaryKind.Bool },
            /* 12 */ new TypeDesc { Kind = TypeKind.Elementary, Name = "", Size = 8, Elementary = ElementaryKind.LDateAndTime },
            /* 13 */ new TypeDesc { Kind = TypeKind.Struct, Name = "Empty", Size = 0 },
            /* 14 */ new TypeDesc { Kind = TypeKind.Ref, Size = 4, Element = 14 },     // REF_TO itself: allowed
            /* 15 */ new TypeDesc { Kind = TypeKind.Array, Size = 0, Element = 13, Lower = new int[0], Upper = new int[0] },
        },
        Symbols = new[]
        {
            new SymbolDesc { Name = "Prog", Address = 16, Type = 9 },
            new SymbolDesc { Name = "Zähler_g", Address = 120, Type = 1, Flags = VarFlags.Global | VarFlags.Retain },
            new SymbolDesc { Name = "Lamp", Address = 72, Type = 11, Flags = VarFlags.Global | VarFlags.Absolute | VarFlags.BitAddressed, Bit = 1, Location = "%QX0.1" },
            new SymbolDesc { Name = "grid", Address = 144, Type = 3, Flags = VarFlags.Global | VarFlags.Constant },
        },
    };

    static Image[]? compiledExamples;

    /// <summary>The example plants, compiled (cached: the tests only read them).</summary>
    public static Image[] CompiledExamples() => compiledExamples ??=
        Directory.GetDirectories(RepositoryPaths.Examples).OrderBy(d => d, StringComparer.Ordinal).Select(d =>
        {
            var files = RepositoryPaths.ExampleSources(d).ToList();
            var result = Compilation.CompileFiles(files);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return result.Image!;
        }).ToArray();

    /// <summary>Compiles one ST source (asserting success).</summary>
    public static Image Compile(string text, string path = "test.st")
    {
        var result = Compilation.Compile(new[] { new SourceText(path, text) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Image!;
    }

    /// <summary>A program that uses most of the language: functions, blocks, strings, arrays, references, tasks.</summary>
    public const string RichSource = @"
TYPE
    Color : (Red, Green := 5, Blue) DINT;
    Percent : INT(0..100);
    Point : STRUCT x : INT := 1; y : LREAL := 2.5; END_STRUCT;
END_TYPE

VAR_GLOBAL
    Counter : DINT := 7;
    Name : STRING(20) := 'Grüße';
    Wide : WSTRING(10);
    Lamp AT %QX0.1 : BOOL;
    Level AT %IW1 : INT;
END_VAR

FUNCTION Scale : REAL
VAR_INPUT x, k : REAL; END_VAR
Scale := x * k;
END_FUNCTION

FUNCTION_BLOCK Counter16
VAR_INPUT inc : INT := 1; END_VAR
VAR_OUTPUT count : INT; END_VAR
count := count + inc;
END_FUNCTION_BLOCK

PROGRAM Main
VAR
    i : INT;
    sum : DINT;
    table : ARRAY[1..10] OF INT;
    grid : ARRAY[1..3, -1..1] OF LREAL;
    p : Point;
    r : REF_TO DINT;
    c : Color := Blue;
    pct : Percent := 50;
    ctr : Counter16;
    f : REAL;
    t : TIME := T#1s500ms;
    s : STRING := 'abc';
END_VAR
FOR i := 1 TO 10 DO
    table[i] := i * 2;
    sum := sum + table[i];
END_FOR;
IF sum > 100 THEN
    Counter := Counter + 1;
ELSE
    Counter := 0;
END_IF;
WHILE sum > 0 DO
    sum := sum - 7;
END_WHILE;
ctr(inc := 2);
f := Scale(1.5, 2.0);
r := REF(Counter);
r^ := r^ + 1;
grid[2, 0] := p.y;
Lamp := Level > 10 AND c = Blue;
IF s = 'abc' THEN s := 'xyz'; END_IF;
Wide := ""wide $$1"";
END_PROGRAM

CONFIGURATION Plant
    RESOURCE Cpu ON PLC
        TASK Fast (INTERVAL := T#20ms, PRIORITY := 1);
        PROGRAM MainInst WITH Fast : Main;
    END_RESOURCE
END_CONFIGURATION
";

    /// <summary>Recomputes the header's payload length and checksum (so that changed bytes reach the section parser).</summary>
    public static byte[] Reseal(byte[] bytes)
    {
        int n = bytes.Length - ImageFormat.HeaderSize;
        BitConverter.GetBytes((uint)n).CopyTo(bytes, 8);
        BitConverter.GetBytes(Crc32.Compute(bytes, ImageFormat.HeaderSize, n)).CopyTo(bytes, 12);
        return bytes;
    }

    /// <summary>A complete image file around a payload (header with correct length and checksum).</summary>
    public static byte[] Seal(byte[] payload)
    {
        var bytes = new byte[ImageFormat.HeaderSize + payload.Length];
        BitConverter.GetBytes(Image.Magic).CopyTo(bytes, 0);
        BitConverter.GetBytes(Image.FormatVersion).CopyTo(bytes, 4);
        payload.CopyTo(bytes, ImageFormat.HeaderSize);
        return Reseal(bytes);
    }

    /// <summary>Offsets in the payload where each section (its id byte) starts, by id; and the payload end.</summary>
    public static Dictionary<int, (int Start, int Body, int End)> Sections(byte[] bytes)
    {
        var map = new Dictionary<int, (int, int, int)>();
        int pos = ImageFormat.HeaderSize;
        while (pos < bytes.Length)
        {
            int id = bytes[pos];
            int p = pos + 1;
            uint len = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = bytes[p++];
                len |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            map[id] = (pos, p, p + (int)len);
            pos = p + (int)len;
        }
        return map;
    }
}

/// <summary>Field-by-field comparison of images.</summary>
public static class ImageAssert
{
    public static void Equal(Image expected, Image actual)
    {
        Assert.Equal(expected.MemorySize, actual.MemorySize);
        Assert.Equal(expected.InitialMemory, actual.InitialMemory);
        Assert.Equal(expected.Constants, actual.Constants);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Pous.Length, actual.Pous.Length);
        for (int i = 0; i < expected.Pous.Length; i++)
        {
            PouInfo e = expected.Pous[i], a = actual.Pous[i];
            Assert.Equal((e.Name, e.Kind, e.CodeStart, e.CodeEnd, e.Size, e.FrameAddress),
                         (a.Name, a.Kind, a.CodeStart, a.CodeEnd, a.Size, a.FrameAddress));
        }
        Assert.Equal(expected.Tasks.Length, actual.Tasks.Length);
        for (int i = 0; i < expected.Tasks.Length; i++)
        {
            TaskInfo e = expected.Tasks[i], a = actual.Tasks[i];
            Assert.Equal((e.Name, e.IntervalNs, e.Priority, e.SingleAddress, e.SingleBit, e.Body, e.WatchdogNs),
                         (a.Name, a.IntervalNs, a.Priority, a.SingleAddress, a.SingleBit, a.Body, a.WatchdogNs));
        }
        Assert.Equal((expected.Inputs.Address, expected.Inputs.Size), (actual.Inputs.Address, actual.Inputs.Size));
        Assert.Equal((expected.Outputs.Address, expected.Outputs.Size), (actual.Outputs.Address, actual.Outputs.Size));
        Assert.Equal((expected.Markers.Address, expected.Markers.Size), (actual.Markers.Address, actual.Markers.Size));
        Equal(expected.Debug, actual.Debug);
    }

    public static void Equal(DebugInfo expected, DebugInfo actual)
    {
        Assert.Equal(expected.Files, actual.Files);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Types.Length, actual.Types.Length);
        for (int i = 0; i < expected.Types.Length; i++)
        {
            TypeDesc e = expected.Types[i], a = actual.Types[i];
            Assert.Equal((e.Kind, e.Name, e.Size, e.Elementary, e.Length, e.Element, e.Low, e.High),
                         (a.Kind, a.Name, a.Size, a.Elementary, a.Length, a.Element, a.Low, a.High));
            Assert.Equal(e.Lower, a.Lower);
            Assert.Equal(e.Upper, a.Upper);
            Assert.Equal(e.EnumNames, a.EnumNames);
            Assert.Equal(e.EnumValues, a.EnumValues);
            Assert.Equal(e.Members.Length, a.Members.Length);
            for (int k = 0; k < e.Members.Length; k++)
            {
                MemberDesc em = e.Members[k], am = a.Members[k];
                Assert.Equal((em.Name, em.Offset, em.Type, em.Flags, em.Bit, em.Location),
                             (am.Name, am.Offset, am.Type, am.Flags, am.Bit, am.Location));
            }
        }
        Assert.Equal(expected.Symbols.Length, actual.Symbols.Length);
        for (int i = 0; i < expected.Symbols.Length; i++)
        {
            SymbolDesc e = expected.Symbols[i], a = actual.Symbols[i];
            Assert.Equal((e.Name, e.Address, e.Type, e.Flags, e.Bit, e.Location),
                         (a.Name, a.Address, a.Type, a.Flags, a.Bit, a.Location));
        }
    }
}

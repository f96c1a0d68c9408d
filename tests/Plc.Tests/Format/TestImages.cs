using System;
using System.Collections;
using System.Reflection;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

/// <summary>Hand-built images and debug information shared by the format tests.</summary>
internal static class TestImages
{
    public static TypeDesc Elem(ElementaryKind k, int size) => new TypeDesc { Kind = TypeKind.Elementary, Elementary = k, Size = size };

    public static MemberDesc Member(string name, int offset, int type, int flags = 0, int bit = 0, string location = "")
        => new MemberDesc { Name = name, Offset = offset, Type = type, Flags = flags, Bit = bit, Location = location };

    // Type indices of Debug()
    public const int TBool = 0, TInt = 1, TDInt = 2, TReal = 3, TString10 = 4, TArr = 5, TMatrix = 6, TPoint = 7,
        TPoints = 8, TColor = 9, TWord = 10, TRefInt = 11, TCounter = 12, TMain = 13, TPercent = 14, TTime = 15,
        TWString5 = 16, TLReal = 17, TRefAny = 18;

    public const int MainAddress = 1000;

    /// <summary>
    /// PROGRAM Main at 1000 with: x INT @0, w WORD @2, arr ARRAY[1..10] OF INT @4, m ARRAY[1..2,1..3] OF INT @24,
    /// pts ARRAY[1..3] OF Point @36, c Color @48, s STRING(10) @50, inst Counter @64, r REF_TO INT @76, f REAL @80,
    /// sub Percent (INT 0..100) @84, t TIME @88, ws WSTRING(5) @96, flag BOOL AT %MX25.3 (absolute 200 bit 3),
    /// hidden _tmp @108, lr LREAL @112, p REF_TO ANY @120.
    /// Globals: g_count DINT @300, g_p Point @304.
    /// </summary>
    public static DebugInfo Debug()
    {
        var d = new DebugInfo();
        d.Files = new[] { "main.st", "lib/counter.st" };
        d.Lines = new[] { new LineEntry(0, 0, 3, 5), new LineEntry(4, 0, 4, 5), new LineEntry(9, 1, 10, 1) };
        d.Types = new[]
        {
            Elem(ElementaryKind.Bool, 1),
            Elem(ElementaryKind.Int, 2),
            Elem(ElementaryKind.DInt, 4),
            Elem(ElementaryKind.Real, 4),
            new TypeDesc { Kind = TypeKind.String, Length = 10, Size = 11 },
            new TypeDesc { Kind = TypeKind.Array, Element = TInt, Lower = new[] { 1 }, Upper = new[] { 10 }, Size = 20 },
            new TypeDesc { Kind = TypeKind.Array, Element = TInt, Lower = new[] { 1, 1 }, Upper = new[] { 2, 3 }, Size = 12 },
            new TypeDesc { Kind = TypeKind.Struct, Name = "Point", Size = 4,
                Members = new[] { Member("x", 0, TInt), Member("y", 2, TInt) } },
            new TypeDesc { Kind = TypeKind.Array, Element = TPoint, Lower = new[] { 1 }, Upper = new[] { 3 }, Size = 12 },
            new TypeDesc { Kind = TypeKind.Enum, Name = "Color", Elementary = ElementaryKind.Int, Size = 2,
                EnumNames = new[] { "Red", "Green", "Blue" }, EnumValues = new long[] { 0, 1, 5 } },
            Elem(ElementaryKind.Word, 2),
            new TypeDesc { Kind = TypeKind.Ref, Element = TInt, Size = 4 },
            new TypeDesc { Kind = TypeKind.FunctionBlock, Name = "Counter", Size = 12, Members = new[]
            {
                Member("CU", 0, TBool, VarFlags.Input), Member("Q", 1, TBool, VarFlags.Output), Member("CV", 2, TInt),
                Member("_edge", 4, TBool, VarFlags.Hidden), Member("io", 8, TInt, VarFlags.InOut),
            } },
            new TypeDesc { Kind = TypeKind.Program, Name = "Main", Size = 128, Members = new[]
            {
                Member("x", 0, TInt), Member("w", 2, TWord), Member("arr", 4, TArr), Member("m", 24, TMatrix),
                Member("pts", 36, TPoints), Member("c", 48, TColor), Member("s", 50, TString10),
                Member("inst", 64, TCounter), Member("r", 76, TRefInt), Member("f", 80, TReal),
                Member("sub", 84, TPercent), Member("t", 88, TTime), Member("ws", 96, TWString5),
                Member("flag", 200, TBool, VarFlags.Absolute | VarFlags.BitAddressed, 3, "%MX25.3"),
                Member("_tmp", 108, TInt, VarFlags.Hidden), Member("lr", 112, TLReal), Member("p", 120, TRefAny),
            } },
            new TypeDesc { Kind = TypeKind.Subrange, Name = "Percent", Elementary = ElementaryKind.Int, Size = 2, Low = 0, High = 100 },
            Elem(ElementaryKind.Time, 8),
            new TypeDesc { Kind = TypeKind.WString, Length = 5, Size = 12 },
            Elem(ElementaryKind.LReal, 8),
            new TypeDesc { Kind = TypeKind.Ref, Element = -1, Size = 4 },
        };
        d.Symbols = new[]
        {
            new SymbolDesc { Name = "Main", Address = MainAddress, Type = TMain },
            new SymbolDesc { Name = "g_count", Address = 300, Type = TDInt, Flags = VarFlags.Global | VarFlags.Retain },
            new SymbolDesc { Name = "g_p", Address = 304, Type = TPoint, Flags = VarFlags.Global },
            new SymbolDesc { Name = "in1", Address = 16, Type = TBool, Flags = VarFlags.Global | VarFlags.BitAddressed, Bit = 1, Location = "%IX0.1" },
        };
        return d;
    }

    /// <summary>A complete image exercising every section and every type kind.</summary>
    public static Image Sample()
    {
        var img = new Image();
        img.MemorySize = 2048;
        img.InitialMemory = new byte[2048];
        img.InitialMemory[1000] = 42;          // Main.x
        img.InitialMemory[1001] = 0;
        img.InitialMemory[1003] = 7;           // gap of one zero: joined run
        img.InitialMemory[1500] = 0xFF;
        img.InitialMemory[2047] = 1;           // last byte
        img.Constants = new[] { 0L, -1L, long.MinValue, long.MaxValue, BitConverter.DoubleToInt64Bits(0.1), 1500000000L };
        img.Code = new[]
        {
            (int)Opcode.PushI, -5,
            (int)Opcode.StG_I16, 1000,
            (int)Opcode.LdT_I16, 0,
            (int)Opcode.PushL, 5,
            (int)Opcode.Pop,
            (int)Opcode.PushD, 4,
            (int)Opcode.Pop,
            (int)Opcode.Jmp, 0,
            (int)Opcode.Ret,
            (int)Opcode.CallFb, 0,
            (int)Opcode.Call, 1,
            (int)Opcode.CallNative, 17,
            (int)Opcode.Ret,
            int.MinValue, int.MaxValue,
        };
        img.Pous = new[]
        {
            new PouInfo { Name = "Main", Kind = PouKind.Program, CodeStart = 0, CodeEnd = 15, Size = 128 },
            new PouInfo { Name = "Äpfel_fn", Kind = PouKind.Function, CodeStart = 15, CodeEnd = 15, Size = 16, FrameAddress = 400 },
            new PouInfo { Name = "Task1_body", Kind = PouKind.TaskBody, CodeStart = 15, CodeEnd = 22 },
        };
        img.Tasks = new[]
        {
            new TaskInfo { Name = "Fast", IntervalNs = 10_000_000, Priority = 0, Body = 2, WatchdogNs = 100_000_000 },
            new TaskInfo { Name = "OnEvent", IntervalNs = 0, Priority = 3, SingleAddress = 16, SingleBit = 1, Body = 2 },
        };
        img.Inputs = new IoArea { Address = 16, Size = 4 };
        img.Outputs = new IoArea { Address = 20, Size = 2 };
        img.Markers = new IoArea { Address = 176, Size = 32 };
        img.Debug = Debug();
        return img;
    }

    /// <summary>Deep field-by-field equality of two object graphs (public fields, arrays element by element).</summary>
    public static void AssertDeepEqual(object? expected, object? actual, string path = "image")
    {
        if (expected == null || actual == null)
        {
            Assert.True(expected == null && actual == null, path + ": one side is null");
            return;
        }
        Type t = expected.GetType();
        Assert.True(t == actual.GetType(), path + ": type " + t + " vs " + actual.GetType());
        if (t.IsPrimitive || t.IsEnum || expected is string)
        {
            Assert.True(expected.Equals(actual), path + ": " + expected + " vs " + actual);
            return;
        }
        if (expected is Array ea)
        {
            var aa = (Array)actual;
            Assert.True(ea.Length == aa.Length, path + ": length " + ea.Length + " vs " + aa.Length);
            for (int i = 0; i < ea.Length; i++) AssertDeepEqual(ea.GetValue(i), aa.GetValue(i), path + "[" + i + "]");
            return;
        }
        foreach (FieldInfo f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            AssertDeepEqual(f.GetValue(expected), f.GetValue(actual), path + "." + f.Name);
    }

    /// <summary>Wraps a payload in a valid header (magic, version, flags, length, CRC).</summary>
    public static byte[] WithHeader(byte[] payload, uint magic = Image.Magic, ushort version = Image.FormatVersion, ushort flags = 0)
    {
        var b = new byte[16 + payload.Length];
        BitConverter.GetBytes(magic).CopyTo(b, 0);
        BitConverter.GetBytes(version).CopyTo(b, 4);
        BitConverter.GetBytes(flags).CopyTo(b, 6);
        BitConverter.GetBytes((uint)payload.Length).CopyTo(b, 8);
        payload.CopyTo(b, 16);
        BitConverter.GetBytes(Crc32.Compute(payload)).CopyTo(b, 12);
        return b;
    }
}

using System;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Tests.Runtime;
using Xunit;

namespace Plc.Tests.Format;

public class ImageRoundTripTests
{
    static Image RoundTrip(Image image)
    {
        byte[] bytes = ImageWriter.Write(image);
        var back = ImageReader.Read(bytes);
        ImageAssert.Equal(image, back);
        // Writing is deterministic: the image read back writes the same bytes.
        Assert.Equal(bytes, ImageWriter.Write(back));
        return back;
    }

    [Fact]
    public void HandBuiltImageRoundTrips()
    {
        var img = FormatTestImages.Full();
        Assert.True(Verifier.Verify(img).Ok, Verifier.Verify(img).Error);
        var back = RoundTrip(img);
        Assert.Equal("Zähler", back.Pous[3].Name);
        Assert.Equal("lib/Zähler €.st", back.Debug.Files[1]);
        Assert.True(double.IsNaN(BitConverter.Int64BitsToDouble(back.Constants[^2])));
        Assert.True(Verifier.Verify(back).Ok);
    }

    [Fact]
    public void CompiledExamplesRoundTripAndRunTheSame()
    {
        foreach (var img in FormatTestImages.CompiledExamples())
        {
            var back = RoundTrip(img);
            // Both run to the same memory after a few scans of every task.
            var a = Exec.Load(img);
            var b = Exec.Load(back);
            for (int scan = 0; scan < 5; scan++)
                foreach (var t in img.Tasks)
                {
                    Assert.True(a.Run(t.Body, 0, scan * 10_000_000L));
                    Assert.True(b.Run(t.Body, 0, scan * 10_000_000L));
                }
            Assert.Equal(a.Memory, b.Memory);
        }
    }

    [Fact]
    public void RichCompiledProgramRoundTrips()
    {
        var img = FormatTestImages.Compile(FormatTestImages.RichSource);
        Assert.Contains(img.Debug.Types, t => t.Kind == TypeKind.Enum);
        Assert.Contains(img.Debug.Types, t => t.Kind == TypeKind.Subrange);
        Assert.Contains(img.Debug.Types, t => t.Kind == TypeKind.Ref);
        Assert.Contains(img.Debug.Types, t => t.Kind == TypeKind.WString);
        Assert.Contains(img.Debug.Types, t => t.Kind == TypeKind.Array && t.Lower.Length == 2);
        RoundTrip(img);
    }

    [Fact]
    public void EmptyImageRoundTrips()
    {
        var img = new Image();
        var back = RoundTrip(img);
        Assert.Equal(0, back.MemorySize);
        Assert.Empty(back.Code);
    }

    [Fact]
    public void ImageWithoutDebugReadsBackWithAnEmptyDebugSection()
    {
        var img = VerifierTests.Base();
        img.Debug = null!;
        var bytes = ImageWriter.Write(img);
        Assert.False(FormatTestImages.Sections(bytes).ContainsKey(ImageFormat.SectionDebug));
        var back = ImageReader.Read(bytes);
        Assert.NotNull(back.Debug);
        Assert.Empty(back.Debug.Files);
        Assert.Empty(back.Debug.Symbols);
        img.Debug = new DebugInfo();
        ImageAssert.Equal(img, back);
    }

    [Fact]
    public void ExtremeValuesRoundTrip()
    {
        var img = new Image
        {
            MemorySize = 16,
            InitialMemory = Enumerable.Range(0, 16).Select(i => (byte)(255 - i)).ToArray(),   // one run, all non-zero
            Constants = new[] { 0L, -1L, long.MinValue, long.MaxValue, 1L << 62 },
            Code = new[] { 0, -1, 1, int.MinValue, int.MaxValue, 63, 64, -64, -65 },
            Pous = new[] { new PouInfo { Name = new string('x', 300), Kind = PouKind.Function, CodeStart = int.MaxValue, CodeEnd = 0, Size = int.MaxValue, FrameAddress = int.MaxValue } },
            Tasks = new[] { new TaskInfo { Name = "", IntervalNs = long.MaxValue, Priority = int.MinValue, SingleAddress = int.MaxValue, SingleBit = int.MinValue, Body = int.MaxValue, WatchdogNs = long.MinValue } },
            Inputs = new IoArea { Address = int.MaxValue, Size = int.MaxValue },
        };
        RoundTrip(img);
    }

    [Fact]
    public void MinimalImageHasTheBytesWorkedOutByHand()
    {
        var img = new Image
        {
            MemorySize = 16,
            InitialMemory = new byte[16],
            Constants = new[] { -2L },
            Code = new[] { 0, 64, -65, 300 },
            Pous = new[] { new PouInfo { Name = "m", Kind = PouKind.TaskBody, CodeStart = 0, CodeEnd = 4 } },
            Tasks = new[] { new TaskInfo { Name = "t", IntervalNs = 10_000_000, Priority = 1, SingleAddress = -1, SingleBit = -1, Body = 0 } },
            Inputs = new IoArea { Address = 8, Size = 2 },
            Outputs = new IoArea { Address = 10, Size = 1 },
            Debug = null!,
        };
        img.InitialMemory[8] = 1;
        img.InitialMemory[9] = 2;
        img.InitialMemory[15] = 3;   // 5 zeros after byte 9: one run 8..15

        byte[] payload =
        {
            // MEMORY: size 16, 1 run at 8 of 8 bytes
            1, 12, 16, 1, 8, 8, 1, 2, 0, 0, 0, 0, 0, 3,
            // CONST: 1 constant, -2 little-endian
            2, 9, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            // CODE: 4 ints, zigzag: 0 -> 0, 64 -> 128, -65 -> 129, 300 -> 600
            3, 8, 4, 0x00, 0x80, 0x01, 0x81, 0x01, 0xD8, 0x04,
            // POUS: "m", TaskBody, 0, 4, 0, 0
            4, 8, 1, 1, (byte)'m', 4, 0, 4, 0, 0,
            // TASKS: "t", interval 10 ms (zigzag 20000000), priority 1 (2), single -1 (1), bit -1 (1), body 0, watchdog 0
            5, 12, 1, 1, (byte)'t', 0x80, 0xDA, 0xC4, 0x09, 2, 1, 1, 0, 0,
            // IO: per area its address, size and the starts of its four address spaces (D29): inputs 8+2,
            // outputs 10+1, markers 0+0, every space starting at 0 (the default)
            6, 18, 8, 2, 0, 0, 0, 0, 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        };
        Assert.Equal(79, payload.Length);
        byte[] expected = new byte[16 + payload.Length];
        new byte[] { 0x50, 0x4C, 0x43, 0x58, 2, 0, 0, 0, 79, 0, 0, 0 }.CopyTo(expected, 0);
        BitConverter.GetBytes(Crc32.Compute(payload)).CopyTo(expected, 12);
        payload.CopyTo(expected, 16);

        Assert.Equal(expected, ImageWriter.Write(img));
        var back = ImageReader.Read(expected);
        Assert.Equal(new[] { 0, 64, -65, 300 }, back.Code);
        Assert.Equal(-2L, back.Constants[0]);
        Assert.Equal(10_000_000L, back.Tasks[0].IntervalNs);
        Assert.Equal(-1, back.Tasks[0].SingleAddress);
        Assert.Equal(3, back.InitialMemory[15]);
    }

    [Fact]
    public void DebugSectionHasTheBytesWorkedOutByHand()
    {
        var img = new Image
        {
            Debug = new DebugInfo
            {
                Files = new[] { "a.st" },
                Lines = new[] { new LineEntry(0, 0, 3, 5), new LineEntry(4, 0, 4, 1) },
                Types = new[] { new TypeDesc { Kind = TypeKind.Elementary, Name = "DINT", Size = 4, Elementary = ElementaryKind.DInt } },
                Symbols = new[] { new SymbolDesc { Name = "x", Address = 16, Type = 0, Flags = VarFlags.Global } },
            },
        };
        byte[] bytes = ImageWriter.Write(img);
        var s = FormatTestImages.Sections(bytes)[ImageFormat.SectionDebug];
        byte[] body = bytes[s.Body..s.End];
        byte[] expected =
        {
            1, 4, (byte)'a', (byte)'.', (byte)'s', (byte)'t',        // files
            2, 0, 0, 3, 5, 4, 0, 4, 1,                              // lines: position deltas 0 and 4
            1, 1, 4, (byte)'D', (byte)'I', (byte)'N', (byte)'T', 4, 4, // type: Elementary "DINT" size 4 DInt
            1, 1, (byte)'x', 16, 0, 0x80, 0x08, 0, 0,               // symbol x at 16, type 0, flags 1024, bit 0, ""
        };
        Assert.Equal(expected, body);
        Assert.Equal(s.End, bytes.Length);
        ImageAssert.Equal(img, ImageReader.Read(bytes));
    }

    [Fact]
    public void MemoryRunsAreMergedAcrossShortGapsOnly()
    {
        var img = new Image { MemorySize = 40, InitialMemory = new byte[40] };
        img.InitialMemory[0] = 1;
        img.InitialMemory[8] = 2;    // 7 zeros in between: merged
        img.InitialMemory[17] = 3;   // 8 zeros: a new run
        img.InitialMemory[39] = 4;
        byte[] bytes = ImageWriter.Write(img);
        var s = FormatTestImages.Sections(bytes)[ImageFormat.SectionMemory];
        byte[] expected = { 40, 3, 0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 2, 17, 1, 3, 39, 1, 4 };
        Assert.Equal(expected, bytes[s.Body..s.End]);
        ImageAssert.Equal(img, ImageReader.Read(bytes));
    }

    [Fact]
    public void ZeroMemoryHasNoRuns()
    {
        var img = new Image { MemorySize = 1000, InitialMemory = new byte[1000] };
        byte[] bytes = ImageWriter.Write(img);
        var s = FormatTestImages.Sections(bytes)[ImageFormat.SectionMemory];
        Assert.Equal(new byte[] { 0xE8, 0x07, 0 }, bytes[s.Body..s.End]);
    }

    [Fact]
    public void WriterRejectsWhatTheFormatCannotHold()
    {
        void Rejects(Action<Image> change, string fragment)
        {
            var img = FormatTestImages.Full();
            change(img);
            var e = Assert.Throws<ArgumentException>(() => ImageWriter.Write(img));
            Assert.Contains(fragment, e.Message);
        }
        Rejects(i => i.InitialMemory = new byte[10], "initial memory has 10 bytes");
        Rejects(i => { i.MemorySize = (64 << 20) + 1; i.InitialMemory = new byte[i.MemorySize]; }, "memory size");
        Rejects(i => i.Code = null!, "null");
        Rejects(i => i.Pous[1] = null!, "POU #1 is null");
        Rejects(i => i.Pous[0].CodeStart = -1, "POU #0 code start is negative");
        Rejects(i => i.Pous[0].Kind = (PouKind)9, "unknown kind 9");
        Rejects(i => i.Tasks[0].Body = -1, "body is negative");
        Rejects(i => i.Markers = null!, "marker area is null");
        Rejects(i => i.Debug.Lines = new[] { new LineEntry(5, 0, 1, 1), new LineEntry(4, 0, 1, 1) }, "out of order");
        Rejects(i => i.Debug.Lines = new[] { new LineEntry(5, 3, 1, 1) }, "refers to file 3");
        Rejects(i => i.Debug.Symbols[0].Type = 99, "refers to type 99");
        Rejects(i => i.Debug.Types[4].Members[0].Type = 4, "contains itself");
        Rejects(i => i.Debug.Types[3].Element = 3, "contains itself");
        Rejects(i => i.Debug.Types[3].Upper = new[] { 1 }, "not paired");
        Rejects(i => i.Debug.Types[5].EnumValues = new long[0], "not paired");
        Rejects(i => i.Debug.Types[0].Kind = 0, "unknown kind 0");
        Rejects(i => i.Debug.Types[0].Elementary = (ElementaryKind)26, "unknown elementary kind 26");
    }
}

using System;
using System.Collections.Generic;
using System.Text;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

public class ImageFormatTests
{
    [Fact]
    public void RoundTripPreservesEveryField()
    {
        Image img = TestImages.Sample();
        Image back = ImageReader.Read(ImageWriter.Write(img));
        TestImages.AssertDeepEqual(img, back);
    }

    [Fact]
    public void RoundTripOfAnEmptyImage()
    {
        var img = new Image();
        byte[] bytes = ImageWriter.Write(img);
        TestImages.AssertDeepEqual(img, ImageReader.Read(bytes));
        // header 16 + MEMORY(1+1+2) + CONST(1+1+1) + CODE(3) + POUS(3) + TASKS(3) + IO(1+1+6) + DEBUG(1+1+4)
        Assert.Equal(16 + 4 + 3 + 3 + 3 + 3 + 8 + 6, bytes.Length);
    }

    [Fact]
    public void HeaderLayout()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'L', bytes[1]);
        Assert.Equal((byte)'C', bytes[2]);
        Assert.Equal((byte)'X', bytes[3]);
        Assert.Equal(1, BitConverter.ToUInt16(bytes, 4));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 6));
        Assert.Equal((uint)(bytes.Length - 16), BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(Crc32.Compute(bytes, 16, bytes.Length - 16), BitConverter.ToUInt32(bytes, 12));
        Assert.Equal(1, bytes[16]);   // first section is MEMORY
    }

    [Fact]
    public void MemorySectionStoresRunsOfNonZeroBytes()
    {
        var img = new Image { MemorySize = 100, InitialMemory = new byte[100] };
        img.InitialMemory[10] = 1;
        img.InitialMemory[11] = 2;
        img.InitialMemory[50] = 3;
        byte[] bytes = ImageWriter.Write(img);
        // section 1, length 9: size 100, 2 runs, (10, 2, 1 2), (50, 1, 3)
        Assert.Equal(new byte[] { 1, 9, 100, 2, 10, 2, 1, 2, 50, 1, 3 }, bytes[16..27]);
        TestImages.AssertDeepEqual(img, ImageReader.Read(bytes));
    }

    [Fact]
    public void CodeIsZigzagVarints()
    {
        var img = new Image { Code = new[] { 1, -1, 64, -65 } };
        byte[] bytes = ImageWriter.Write(img);
        // MEMORY (1,2,0,0) CONST (2,1,0) CODE: id 3, length 7, count 4, 2, 1, 0x80 0x01, 0x81 0x01
        Assert.Equal(new byte[] { 3, 7, 4, 2, 1, 0x80, 0x01, 0x81, 0x01 }, bytes[23..32]);
    }

    static ImageFormatException Reject(byte[] bytes) => Assert.Throws<ImageFormatException>(() => ImageReader.Read(bytes));

    [Fact]
    public void RejectsWrongMagic()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        bytes[0] = (byte)'Q';
        Assert.Contains("not a Plc image", Reject(bytes).Message);
        Assert.Contains("not a Plc image", Reject(Encoding.ASCII.GetBytes("hello world, this is text")).Message);
        Assert.Contains("not a Plc image", Reject(Array.Empty<byte>()).Message);
    }

    [Fact]
    public void RejectsOtherVersions()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        bytes[4] = 2;
        Assert.Equal("image format version 2, this runtime reads 1", Reject(bytes).Message);
    }

    [Fact]
    public void RejectsUnknownFlags()
    {
        byte[] bytes = ImageWriter.Write(new Image());
        bytes[6] = 1;
        Assert.Contains("flags", Reject(bytes).Message);
    }

    [Fact]
    public void RejectsChecksumMismatch()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        bytes[40] ^= 0x10;
        Assert.Equal("image is corrupt (checksum mismatch)", Reject(bytes).Message);
    }

    [Fact]
    public void RejectsLengthMismatch()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        var longer = new byte[bytes.Length + 1];
        bytes.CopyTo(longer, 0);
        Assert.Contains("unexpected bytes after the payload", Reject(longer).Message);
        Assert.Contains("truncated", Reject(bytes[..^1]).Message);
    }

    [Fact]
    public void TruncationAtEveryOffsetIsRejectedCleanly()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        for (int n = 0; n < bytes.Length; n++)
        {
            byte[] cut = bytes[..n];
            var e = Record.Exception(() => ImageReader.Read(cut));
            Assert.IsType<ImageFormatException>(e);
        }
    }

    [Fact]
    public void TruncatedPayloadWithFixedHeaderIsRejectedCleanly()
    {
        // The payload is cut but the header is rewritten to match: every section parser sees a short read.
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        byte[] payload = bytes[16..];
        for (int n = 0; n < payload.Length; n++)
        {
            var e = Record.Exception(() => ImageReader.Read(TestImages.WithHeader(payload[..n])));
            if (e == null) Assert.Equal(7, payload[n]);   // only a cut just before the optional DEBUG section is valid
            else Assert.IsType<ImageFormatException>(e);
        }
    }

    [Fact]
    public void CorruptedBytesWithValidChecksumNeverThrowAnythingElse()
    {
        byte[] bytes = ImageWriter.Write(TestImages.Sample());
        byte[] payload = bytes[16..];
        var rng = new Random(1234);
        for (int round = 0; round < 3000; round++)
        {
            byte[] p = (byte[])payload.Clone();
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++) p[rng.Next(p.Length)] = (byte)rng.Next(256);
            var e = Record.Exception(() => ImageReader.Read(TestImages.WithHeader(p)));
            if (e != null) Assert.IsType<ImageFormatException>(e);
        }
    }

    // Payload builders for hand-made sections
    static byte[] Section(byte id, params byte[] body)
    {
        var b = new List<byte> { id };
        b.AddRange(Varuint((ulong)body.Length));
        b.AddRange(body);
        return b.ToArray();
    }

    static byte[] Varuint(ulong v)
    {
        var b = new List<byte>();
        while (v >= 0x80) { b.Add((byte)(v | 0x80)); v >>= 7; }
        b.Add((byte)v);
        return b.ToArray();
    }

    static byte[] Concat(params byte[][] parts)
    {
        var b = new List<byte>();
        foreach (var p in parts) b.AddRange(p);
        return b.ToArray();
    }

    static readonly byte[] okMemory = Section(1, 0, 0);
    static readonly byte[] okConst = Section(2, 0);
    static readonly byte[] okCode = Section(3, 0);
    static readonly byte[] okPous = Section(4, 0);
    static readonly byte[] okTasks = Section(5, 0);
    static readonly byte[] okIo = Section(6, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void HandMadeMinimalImageIsAccepted()
    {
        Image img = ImageReader.Read(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo)));
        Assert.Equal(0, img.MemorySize);
        Assert.Empty(img.Debug.Symbols);
    }

    [Fact]
    public void RejectsLyingCounts()
    {
        // A constant count of 2^31-1 with no bytes behind it
        var e = Reject(TestImages.WithHeader(Concat(okMemory, Section(2, Varuint(int.MaxValue)), okCode, okPous, okTasks, okIo)));
        Assert.Contains("number of constants", e.Message);
        // A code count of a billion in a 5-byte section
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, Section(3, Varuint(1_000_000_000)), okPous, okTasks, okIo)));
        Assert.Contains("code length", e.Message);
        // A string length far beyond the section
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, Section(4, Concat(Varuint(1), Varuint(4000))), okTasks, okIo)));
        Assert.Contains("exceeds", e.Message);
        // A section length beyond the payload
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, new byte[] { 3, 100, 0 })));
        Assert.Contains("length of section CODE", e.Message);
        // Memory runs: 2^28 runs in a few bytes
        e = Reject(TestImages.WithHeader(Concat(Section(1, Concat(Varuint(16), Varuint(1 << 28))), okConst, okCode, okPous, okTasks, okIo)));
        Assert.Contains("memory runs", e.Message);
        // A varint over 64 bits
        e = Reject(TestImages.WithHeader(Concat(Section(1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0), okConst, okCode, okPous, okTasks, okIo)));
        Assert.Contains("varint", e.Message);
    }

    [Fact]
    public void RejectsHugeMemory()
    {
        var e = Reject(TestImages.WithHeader(Concat(Section(1, Concat(Varuint(64 * 1024 * 1024 + 1), Varuint(0))), okConst, okCode, okPous, okTasks, okIo)));
        Assert.Contains("exceeds the limit", e.Message);
        // exactly 64 MiB is allowed
        Image img = ImageReader.Read(TestImages.WithHeader(Concat(Section(1, Concat(Varuint(64 * 1024 * 1024), Varuint(0))), okConst, okCode, okPous, okTasks, okIo)));
        Assert.Equal(64 * 1024 * 1024, img.MemorySize);
    }

    [Fact]
    public void RejectsMemoryRunsOutsideMemoryOrOverlapping()
    {
        Assert.Contains("outside memory", Reject(TestImages.WithHeader(Concat(Section(1, 4, 1, 3, 2, 9, 9), okConst, okCode, okPous, okTasks, okIo))).Message);
        Assert.Contains("overlaps", Reject(TestImages.WithHeader(Concat(Section(1, 8, 2, 2, 2, 9, 9, 3, 1, 9), okConst, okCode, okPous, okTasks, okIo))).Message);
    }

    [Fact]
    public void RejectsSectionOrderProblems()
    {
        Assert.Contains("CONST is missing", Reject(TestImages.WithHeader(Concat(okMemory, okCode, okPous, okTasks, okIo))).Message);
        Assert.Contains("out of order", Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okConst, okPous, okTasks, okIo))).Message);
        Assert.Contains("unknown section id 9", Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo, Section(9)))).Message);
        Assert.Contains("IO is missing", Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks))).Message);
        Assert.Contains("MEMORY is missing", Reject(TestImages.WithHeader(Array.Empty<byte>())).Message);
        Assert.Contains("out of order", Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo, Section(7, 0, 0, 0, 0), Section(7, 0, 0, 0, 0)))).Message);
    }

    [Fact]
    public void RejectsSectionsNotConsumedExactly()
    {
        // CONST with one constant and a stray byte
        var e = Reject(TestImages.WithHeader(Concat(okMemory, Section(2, 1, 1, 2, 3, 4, 5, 6, 7, 8, 99), okCode, okPous, okTasks, okIo)));
        Assert.Contains("section CONST has 1 unread bytes", e.Message);
    }

    [Fact]
    public void RejectsBadDebugReferences()
    {
        // one file, one line entry naming file 5
        var e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo,
            Section(7, 1, 1, (byte)'a', 1, 0, 5, 1, 1, 0, 0))));
        Assert.Contains("names file 5", e.Message);
        // a symbol with type 3 and no types
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo,
            Section(7, 0, 0, 0, 1, 1, (byte)'g', 8, 3, 0, 0, 0))));
        Assert.Contains("has type 3", e.Message);
        // an array type whose element is type 7 of 1
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo,
            Section(7, 0, 0, 1, 4, 0, 2, 7, 1, 2, 20, 0))));
        Assert.Contains("refers to type 7", e.Message);
        // unknown type kind
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo, Section(7, 0, 0, 1, 42, 0, 0, 0))));
        Assert.Contains("unknown kind 42", e.Message);
        // line entries out of order
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, okPous, okTasks, okIo,
            Section(7, 1, 0, 2, 5, 0, 1, 1, 4, 0, 1, 1, 0, 0))));
        Assert.Contains("not sorted", e.Message);
    }

    [Fact]
    public void RejectsBadPouKindAndInvalidUtf8()
    {
        var e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, Section(4, 1, 1, (byte)'F', 9, 0, 0, 0, 0), okTasks, okIo)));
        Assert.Contains("unknown kind 9", e.Message);
        e = Reject(TestImages.WithHeader(Concat(okMemory, okConst, okCode, Section(4, 1, 2, 0xC0, 0x80, 1, 0, 0, 0, 0), okTasks, okIo)));
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void WriterRejectsNegativeSizes()
    {
        Assert.Throws<ArgumentException>(() => ImageWriter.Write(new Image { MemorySize = -1 }));
        Assert.Throws<ArgumentException>(() => ImageWriter.Write(new Image { Pous = new[] { new PouInfo { CodeStart = -3 } } }));
    }

    [Fact]
    public void NullImageBytesAreRejected()
    {
        Assert.Throws<ImageFormatException>(() => ImageReader.Read(null!));
    }
}

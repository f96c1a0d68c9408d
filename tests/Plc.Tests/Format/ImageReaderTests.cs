using System;
using System.Collections.Generic;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Tests.Runtime;
using Xunit;

namespace Plc.Tests.Format;

/// <summary>Every way the reader rejects bytes, each with an ImageFormatException and a clear message.</summary>
public class ImageReaderTests
{
    static string Rejects(byte[] bytes)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(bytes));
        Assert.False(string.IsNullOrEmpty(e.Message));
        return e.Message;
    }

    static byte[] Valid() => ImageWriter.Write(FormatTestImages.Full());

    // ------------------------------------------------------------------ header

    [Fact]
    public void BadMagic()
    {
        var b = Valid();
        b[0] = (byte)'X';
        Assert.Equal("not a Plc image (bad magic)", Rejects(b));
        Assert.Equal("not a Plc image (bad magic)", Rejects("#!/bin/sh\necho hello\n"u8.ToArray()));
    }

    [Fact]
    public void TooShortForAMagic()
    {
        Assert.Contains("not a Plc image", Rejects(new byte[0]));
        Assert.Contains("not a Plc image", Rejects(new byte[] { 0x50, 0x4C, 0x43 }));
        Assert.Equal("no image (null)", Assert.Throws<ImageFormatException>(() => ImageReader.Read(null!)).Message);
    }

    [Fact]
    public void OtherVersion()
    {
        var b = Valid();
        b[4] = 1;   // version 1 (before D29's address spaces) is no longer read
        Assert.Equal("image format version 1; this runtime reads version 2", Rejects(b));
        b[4] = 3;
        Assert.Equal("image format version 3; this runtime reads version 2", Rejects(b));
        b[4] = 0; b[5] = 1;
        Assert.Equal("image format version 256; this runtime reads version 2", Rejects(b));
    }

    [Fact]
    public void UnknownFlags()
    {
        var b = Valid();
        b[6] = 1;
        Assert.Contains("unknown flags 1", Rejects(b));
    }

    [Fact]
    public void PayloadLengthMustMatch()
    {
        var b = Valid();
        Assert.Contains("truncated", Rejects(b[..^1]));
        Assert.Contains("1 bytes of unexpected data after its payload", Rejects(b.Concat(new byte[] { 0 }).ToArray()));
        BitConverter.GetBytes(uint.MaxValue).CopyTo(b, 8);
        Assert.Contains("truncated (payload of 4294967295 bytes announced", Rejects(b));
    }

    [Fact]
    public void ChecksumMismatch()
    {
        var b = Valid();
        b[40] ^= 0x10;
        Assert.Equal("image is corrupt (checksum mismatch)", Rejects(b));
        b = Valid();
        b[13] ^= 1;
        Assert.Equal("image is corrupt (checksum mismatch)", Rejects(b));
    }

    [Fact]
    public void TruncationAtEveryOffsetIsRejected()
    {
        byte[] full = Valid();
        for (int n = 0; n < full.Length; n++)
            Assert.Throws<ImageFormatException>(() => ImageReader.Read(full[..n]));
    }

    [Fact]
    public void TruncatedPayloadWithAValidHeaderIsRejectedAtEveryOffset()
    {
        // The header is fixed up for each prefix, so the cut reaches the section parser. The one prefix that is
        // a valid image is the one that ends right after IO (DEBUG is optional).
        byte[] full = Valid();
        int withoutDebug = FormatTestImages.Sections(full)[ImageFormat.SectionIo].End;
        for (int n = ImageFormat.HeaderSize; n < full.Length; n++)
        {
            byte[] cut = FormatTestImages.Reseal(full[..n]);
            if (n == withoutDebug)
            {
                Assert.Empty(ImageReader.Read(cut).Debug.Types);
                continue;
            }
            var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(cut));
            Assert.StartsWith("malformed image: ", e.Message);
        }
    }

    [Fact]
    public void TruncatedCompiledImagesAreRejected()
    {
        foreach (var img in FormatTestImages.CompiledExamples())
        {
            byte[] full = ImageWriter.Write(img);
            int withoutDebug = FormatTestImages.Sections(full)[ImageFormat.SectionIo].End;
            for (int n = 0; n < full.Length; n++)
                Assert.Throws<ImageFormatException>(() => ImageReader.Read(full[..n]));
            for (int n = ImageFormat.HeaderSize; n < full.Length; n += 1 + n % 7)
                if (n != withoutDebug)
                    Assert.Throws<ImageFormatException>(() => ImageReader.Read(FormatTestImages.Reseal(full[..n])));
        }
    }

    // ------------------------------------------------------------------ sections

    /// <summary>Builds payloads byte by byte.</summary>
    sealed class P
    {
        readonly List<byte> bytes = new();
        public P U(ulong v) { while (v >= 0x80) { bytes.Add((byte)(v | 0x80)); v >>= 7; } bytes.Add((byte)v); return this; }
        public P Z(long v) => U((ulong)((v << 1) ^ (v >> 63)));
        public P B(params byte[] b) { bytes.AddRange(b); return this; }
        public P S(string s) { var b = Utf8.Encode(s); U((ulong)b.Length); return B(b); }
        public P Section(int id, P body) { bytes.Add((byte)id); U((ulong)body.bytes.Count); bytes.AddRange(body.bytes); return this; }
        public byte[] Raw() => bytes.ToArray();
        public byte[] Seal() => FormatTestImages.Seal(bytes.ToArray());
    }

    static P Memory() => new P().U(16).U(0);
    static P Consts() => new P().U(0);
    static P Code() => new P().U(1).Z((int)Opcode.Ret);
    static P Pous() => new P().U(1).S("main").B((byte)PouKind.TaskBody).U(0).U(1).U(0).U(0);
    static P Tasks() => new P().U(0);
    // Three areas: address, size, and where its four address spaces start (D29).
    static P Io() => new P().U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0).U(0);
    static P Debug() => new P().U(0).U(0).U(0).U(0);

    static P Image(P? memory = null, P? consts = null, P? code = null, P? pous = null, P? tasks = null, P? io = null, P? debug = null)
    {
        var p = new P()
            .Section(1, memory ?? Memory()).Section(2, consts ?? Consts()).Section(3, code ?? Code())
            .Section(4, pous ?? Pous()).Section(5, tasks ?? Tasks()).Section(6, io ?? Io());
        return debug == null ? p : p.Section(7, debug);
    }

    [Fact]
    public void HandMadePayloadIsValid()
    {
        var img = ImageReader.Read(Image(debug: Debug()).Seal());
        Assert.Equal(16, img.MemorySize);
        Assert.Equal(new[] { (int)Opcode.Ret }, img.Code);
        Assert.Equal("main", img.Pous[0].Name);
        Assert.True(Verifier.Verify(img).Ok);
        ImageReader.Read(Image().Seal());
    }

    [Fact]
    public void UnknownSection()
    {
        Assert.Equal("malformed image: unknown section id 9", Rejects(Image().Section(9, new P()).Seal()));
        Assert.Equal("malformed image: unknown section id 0", Rejects(new P().Section(0, new P()).Seal()));
        Assert.Contains("unknown section id 8", Rejects(Image(debug: Debug()).Section(8, new P()).Seal()));
    }

    [Fact]
    public void SectionsOutOfOrderMissingOrTwice()
    {
        var swapped = new P().Section(1, Memory()).Section(3, Code()).Section(2, Consts()).Section(4, Pous()).Section(5, Tasks()).Section(6, Io());
        Assert.Equal("malformed image: section CONST is missing (found CODE)", Rejects(swapped.Seal()));
        var twice = new P().Section(1, Memory()).Section(1, Memory());
        Assert.Equal("malformed image: section MEMORY appears twice or out of order", Rejects(twice.Seal()));
        var noPous = new P().Section(1, Memory()).Section(2, Consts()).Section(3, Code()).Section(5, Tasks()).Section(6, Io());
        Assert.Equal("malformed image: section POUS is missing (found TASKS)", Rejects(noPous.Seal()));
        var noIo = new P().Section(1, Memory()).Section(2, Consts()).Section(3, Code()).Section(4, Pous()).Section(5, Tasks());
        Assert.Equal("malformed image: section IO is missing", Rejects(noIo.Seal()));
        Assert.Equal("malformed image: section MEMORY is missing", Rejects(new P().Seal()));
        Assert.Contains("appears twice", Rejects(Image(debug: Debug()).Section(7, Debug()).Seal()));
    }

    [Fact]
    public void SectionMustBeConsumedExactly()
    {
        Assert.Equal("malformed image: section CONST has 1 bytes of unexpected data at its end", Rejects(Image(consts: Consts().B(0)).Seal()));
        Assert.Equal("malformed image: section IO has 2 bytes of unexpected data at its end", Rejects(Image(io: Io().B(1, 2)).Seal()));
        Assert.Contains("DEBUG section ends in the middle of a value", Rejects(Image(debug: new P().U(0).U(0).U(0)).Seal()));
        Assert.Contains("IO section ends in the middle of a value", Rejects(Image(io: new P().U(0)).Seal()));
    }

    [Fact]
    public void SectionLongerThanThePayload()
    {
        var p = Image().B(7, 50, 0, 0);   // DEBUG announcing 50 bytes, 2 present
        Assert.Equal("malformed image: section DEBUG is truncated (50 bytes announced, 2 left)", Rejects(p.Seal()));
    }

    [Fact]
    public void Varints()
    {
        // Five bytes whose last one carries more than 32 bits; six bytes; a count above 2^31 - 1.
        Assert.Contains("does not fit in 32 bits", Rejects(Image(memory: new P().B(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).U(0)).Seal()));
        Assert.Contains("does not fit in 32 bits", Rejects(Image(code: new P().U(1).B(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).Seal()));
        Assert.Contains("code count 4294967295 is too large", Rejects(Image(code: new P().U(uint.MaxValue)).Seal()));
        Assert.Contains("does not fit in 64 bits",
            Rejects(Image(tasks: new P().U(1).S("t").B(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02).Z(0).Z(-1).Z(-1).U(0).Z(0)).Seal()));
        // The largest values that fit are read back.
        var img = ImageReader.Read(Image(code: new P().U(2).Z(int.MinValue).Z(int.MaxValue),
            tasks: new P().U(1).S("t").Z(long.MinValue).Z(0).Z(-1).Z(-1).U(0).Z(long.MaxValue),
            pous: new P().U(1).S("main").B(4).U(0).U(int.MaxValue).U(0).U(0)).Seal());
        Assert.Equal(new[] { int.MinValue, int.MaxValue }, img.Code);
        Assert.Equal(long.MinValue, img.Tasks[0].IntervalNs);
        Assert.Equal(long.MaxValue, img.Tasks[0].WatchdogNs);
    }

    // ------------------------------------------------------------------ lying counts

    static string RejectsCheaply(byte[] bytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        string message = Rejects(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"the reader allocated {allocated} bytes for a {bytes.Length}-byte image ({message})");
        return message;
    }

    [Fact]
    public void LyingCountsAreRejectedWithoutAllocating()
    {
        const uint big = int.MaxValue;
        Assert.Contains("memory size 2147483647 exceeds the limit of 67108864 bytes", RejectsCheaply(Image(memory: new P().U(big).U(0)).Seal()));
        Assert.Contains("memory size 67108865 exceeds", RejectsCheaply(Image(memory: new P().U((64 << 20) + 1).U(0)).Seal()));
        Assert.Contains("run entries announced", RejectsCheaply(Image(memory: new P().U(16).U(big)).Seal()));
        Assert.Contains("constant entries announced", RejectsCheaply(Image(consts: new P().U(big)).Seal()));
        Assert.Contains("constant entries announced", RejectsCheaply(Image(consts: new P().U(2).B(1, 2, 3, 4, 5, 6, 7, 8, 9)).Seal()));
        Assert.Contains("code entries announced", RejectsCheaply(Image(code: new P().U(big)).Seal()));
        Assert.Contains("POU entries announced", RejectsCheaply(Image(pous: new P().U(big)).Seal()));
        Assert.Contains("POU name of 2147483647 bytes announced", RejectsCheaply(Image(pous: new P().U(1).U(big).B(4, 0, 1, 0, 0)).Seal()));
        Assert.Contains("task entries announced", RejectsCheaply(Image(tasks: new P().U(big)).Seal()));
        Assert.Contains("file entries announced", RejectsCheaply(Image(debug: new P().U(big)).Seal()));
        Assert.Contains("line entries announced", RejectsCheaply(Image(debug: new P().U(0).U(big)).Seal()));
        Assert.Contains("type entries announced", RejectsCheaply(Image(debug: new P().U(0).U(0).U(big)).Seal()));
        Assert.Contains("symbol entries announced", RejectsCheaply(Image(debug: new P().U(0).U(0).U(0).U(big)).Seal()));
        Assert.Contains("member entries announced", RejectsCheaply(Image(debug: new P().U(0).U(0).U(1).B(5).S("S").U(0).U(big)).Seal()));
        Assert.Contains("array dimension entries announced", RejectsCheaply(Image(debug: new P().U(0).U(0).U(1).B(4).S("").U(0).Z(-1).U(big)).Seal()));
        Assert.Contains("enumeration value entries announced", RejectsCheaply(Image(debug: new P().U(0).U(0).U(1).B(6).S("").U(0).B(3).U(big)).Seal()));
        Assert.Contains("file name of 1000000 bytes announced", RejectsCheaply(Image(debug: new P().U(1).U(1000000)).Seal()));
    }

    [Fact]
    public void LargestMemoryIsAccepted()
    {
        var img = ImageReader.Read(Image(memory: new P().U(64 << 20).U(1).U((64 << 20) - 1).U(1).B(42)).Seal());
        Assert.Equal(64 << 20, img.InitialMemory.Length);
        Assert.Equal(42, img.InitialMemory[^1]);
    }

    // ------------------------------------------------------------------ field checks

    [Fact]
    public void MemoryRuns()
    {
        Assert.Contains("run #0 is empty", Rejects(Image(memory: new P().U(16).U(1).U(8).U(0).B(0)).Seal()));
        Assert.Contains("run #0 at 15+2 lies outside memory (16 bytes)", Rejects(Image(memory: new P().U(16).U(1).U(15).U(2).B(1, 2)).Seal()));
        Assert.Contains("run #1 at 9 overlaps or precedes the previous run",
            Rejects(Image(memory: new P().U(16).U(2).U(8).U(2).B(1, 2).U(9).U(1).B(3)).Seal()));
        Assert.Contains("ends in the middle of a value", Rejects(Image(memory: new P().U(16).U(1).U(8).U(4).B(1, 2, 3)).Seal()));
        // Runs that touch are fine.
        var img = ImageReader.Read(Image(memory: new P().U(16).U(2).U(8).U(2).B(1, 2).U(10).U(1).B(3)).Seal());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0 }, img.InitialMemory);
    }

    [Fact]
    public void UnknownPouKind()
    {
        Assert.Contains("POU #0 has an unknown kind 0", Rejects(Image(pous: new P().U(1).S("m").B(0).U(0).U(1).U(0).U(0)).Seal()));
        Assert.Contains("POU #0 has an unknown kind 5", Rejects(Image(pous: new P().U(1).S("m").B(5).U(0).U(1).U(0).U(0)).Seal()));
    }

    static P DebugWithTypes(int count, P types, P? symbols = null) =>
        new P().U(0).U(0).U((ulong)count).B(types.Raw()).B((symbols ?? new P().U(0)).Raw());

    [Fact]
    public void DebugTypes()
    {
        Assert.Contains("type #0 has an unknown kind 11", Rejects(Image(debug: DebugWithTypes(1, new P().B(11).S("").U(0))).Seal()));
        Assert.Contains("type #0 has an unknown elementary kind 26", Rejects(Image(debug: DebugWithTypes(1, new P().B(1).S("").U(0).B(26))).Seal()));
        Assert.Contains("type #0 refers to type 1, there are 1", Rejects(Image(debug: DebugWithTypes(1, new P().B(7).S("").U(4).Z(1))).Seal()));
        Assert.Contains("type #0 refers to type -2", Rejects(Image(debug: DebugWithTypes(1, new P().B(4).S("").U(4).Z(-2).U(0))).Seal()));
        // A struct whose member is the struct itself; an array of itself; a cycle through two types.
        Assert.Contains("contains itself", Rejects(Image(debug: DebugWithTypes(1, new P().B(5).S("S").U(4).U(1).S("m").U(0).U(0).U(0).U(0).S(""))).Seal()));
        Assert.Contains("contains itself", Rejects(Image(debug: DebugWithTypes(1, new P().B(4).S("").U(4).Z(0).U(1).Z(1).Z(2))).Seal()));
        Assert.Contains("contains itself", Rejects(Image(debug: DebugWithTypes(2,
            new P().B(4).S("").U(4).Z(1).U(1).Z(1).Z(2)
                   .B(8).S("FB").U(4).U(1).S("m").U(0).U(0).U(0).U(0).S(""))).Seal()));
        // A REF_TO itself is not a containment.
        var img = ImageReader.Read(Image(debug: DebugWithTypes(1, new P().B(7).S("").U(4).Z(0))).Seal());
        Assert.Equal(0, img.Debug.Types[0].Element);
    }

    [Fact]
    public void DebugReferences()
    {
        Assert.Contains("symbol 'x' refers to type 0, there are 0",
            Rejects(Image(debug: DebugWithTypes(0, new P(), new P().U(1).S("x").U(16).U(0).U(0).U(0).S(""))).Seal()));
        Assert.Contains("line entry #0 refers to file 0, there are 0", Rejects(Image(debug: new P().U(0).U(1).U(0).U(0).U(1).U(1).U(0).U(0)).Seal()));
        Assert.Contains("member 'm' refers to type 3", Rejects(Image(debug: DebugWithTypes(1, new P().B(5).S("S").U(4).U(1).S("m").U(0).U(3).U(0).U(0).S(""))).Seal()));
        Assert.Contains("line entry #1 has a position beyond 2^31",
            Rejects(Image(debug: new P().U(1).S("f").U(2).U(int.MaxValue).U(0).U(1).U(1).U(1).U(0).U(1).U(1).U(0).U(0)).Seal()));
    }

    [Fact]
    public void InvalidUtf8InNamesIsReplacedNotRejected()
    {
        var img = ImageReader.Read(Image(pous: new P().U(1).U(3).B((byte)'a', 0xFF, (byte)'b').B(4).U(0).U(1).U(0).U(0)).Seal());
        Assert.Equal("a\uFFFDb", img.Pous[0].Name);
    }

    [Fact]
    public void OnlyImageFormatExceptionForRandomPayloads()
    {
        var rng = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            var payload = new byte[rng.Next(0, 64)];
            rng.NextBytes(payload);
            if (payload.Length > 0 && rng.Next(2) == 0) payload[0] = (byte)rng.Next(1, 8);
            try { ImageReader.Read(FormatTestImages.Seal(payload)); }
            catch (ImageFormatException) { }
        }
    }
}

using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>A damaged, truncated or foreign retain file is rejected whole: memory is not touched.</summary>
public sealed class RetainFileCorruptionTests : IDisposable
{
    readonly RetainFixture dir = new();
    public void Dispose() => dir.Dispose();

    const string Source = @"
VAR_GLOBAL RETAIN
    g_count : DINT;
    g_bit AT %MX0.4 : BOOL;
END_VAR
PROGRAM Main
VAR RETAIN
    s : STRING(5);
    a : ARRAY[0..2] OF INT;
END_VAR
VAR PERSISTENT
    p : LREAL;
END_VAR
g_count := g_count + 1;
g_bit := TRUE;
s := 'hey';
a[1] := 42;
p := 2.5;
END_PROGRAM";

    static readonly Image Image = RetainFixture.Compile(Source);
    static readonly uint Id = RetainStore.ImageIdOf(Image);
    static readonly RetainLayout Layout = RetainLayout.FromImage(Image);

    /// <summary>The file after two scans.</summary>
    byte[] ValidFile()
    {
        var interpreter = RetainFixture.Run(Image, 2);
        using var store = new RetainStore(dir.File("valid.retain"), Layout, Id);
        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        return File.ReadAllBytes(dir.File("valid.retain"));
    }

    /// <summary>Loads these bytes as the retain file into memory that holds a recognisable pattern.</summary>
    RetainLoadResult LoadBytes(byte[] bytes, out bool untouched)
    {
        string file = dir.File();
        File.WriteAllBytes(file, bytes);
        var memory = Pattern();
        using var store = new RetainStore(file, Layout, Id);
        var result = store.Load(memory);
        untouched = memory.AsSpan().SequenceEqual(Pattern());
        return result;
    }

    static byte[] Pattern() => Enumerable.Range(0, Image.MemorySize).Select(i => (byte)(i * 7 + 3)).ToArray();

    void AssertRejected(byte[] bytes, string? reason = null)
    {
        var result = LoadBytes(bytes, out bool untouched);
        Assert.True(untouched, "memory was changed");
        Assert.True(result.Rejected, "not rejected");
        Assert.False(result.Loaded);
        Assert.Equal(0, result.Restored);
        var message = Assert.Single(result.Messages);
        Assert.Contains("is rejected", message);
        Assert.Contains("start with their initial values", message);
        if (reason != null) Assert.Contains(reason, message);
    }

    static byte[] Reseal(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(8), copy.Length);
        RetainFile.Seal(copy);
        return copy;
    }

    [Fact]
    public void TheValidFileLoads()
    {
        var result = LoadBytes(ValidFile(), out bool untouched);
        Assert.False(untouched);
        Assert.True(result.Loaded);
        Assert.Equal(5, result.Restored);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public void TheFileIsWhatTheFormatDescriptionSays()
    {
        var bytes = ValidFile();
        Assert.Equal("PLCR", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(bytes.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(Id, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        // The first entry: path "g_count", signature "DINT", flags 0, length 4, value 2.
        var expected = new byte[] { 7 }.Concat(Encoding.UTF8.GetBytes("g_count")).Concat(new byte[] { 4 })
            .Concat(Encoding.UTF8.GetBytes("DINT")).Concat(new byte[] { 0, 4, 2, 0, 0, 0 }).ToArray();
        Assert.Equal(expected, bytes.AsSpan(20, expected.Length).ToArray());
        Assert.Equal(Crc32.Compute(bytes, 0, bytes.Length - 4), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));

        var contents = RetainFile.Read(bytes);
        Assert.Equal(Id, contents.ImageId);
        Assert.Equal(new[] { "g_count", "g_bit", "Main.s", "Main.a", "Main.p" }, contents.Entries.Select(e => e.Path));
        Assert.Equal(new[] { false, false, false, false, true }, contents.Entries.Select(e => e.Persistent));
        Assert.Equal(new byte[] { (byte)'h', (byte)'e', (byte)'y', 0, 0, 0 }, contents.Entries[2].Value);
        Assert.Equal(new byte[] { 0, 0, 42, 0, 0, 0 }, contents.Entries[3].Value);
        Assert.Equal(BitConverter.GetBytes(2.5), contents.Entries[4].Value);
        Assert.Equal(bytes, RetainFile.Write(Id, contents.Entries));
    }

    [Fact]
    public void EverySingleByteChangeIsRejected()
    {
        var valid = ValidFile();
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            for (int i = 0; i < valid.Length; i++)
            {
                var bad = (byte[])valid.Clone();
                bad[i] ^= mask;
                AssertRejected(bad);
            }
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        var valid = ValidFile();
        for (int n = 0; n < valid.Length; n++) AssertRejected(valid.AsSpan(0, n).ToArray());
        AssertRejected(Array.Empty<byte>(), "the file is empty");
        AssertRejected(valid.AsSpan(0, valid.Length - 1).ToArray(), "truncated");
        AssertRejected(valid.Concat(new byte[] { 0 }).ToArray(), "header says");
    }

    [Fact]
    public void WrongMagicOtherVersionAndGarbageAreRejectedWithClearMessages()
    {
        var valid = ValidFile();
        var magic = (byte[])valid.Clone();
        magic[3] = (byte)'X';
        AssertRejected(magic, "not a retain file (bad magic)");
        AssertRejected(ImageWriter.Write(Image), "not a retain file (bad magic)");      // an image is not a retain file

        var version = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(version.AsSpan(4), 2);
        AssertRejected(Reseal(version), "retain file format version 2; this runtime reads version 1");

        var flags = (byte[])valid.Clone();
        flags[6] = 1;
        AssertRejected(Reseal(flags), "unknown flags");

        var random = new Random(61131);
        for (int k = 0; k < 200; k++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            AssertRejected(garbage);
            // Garbage behind a valid-looking header.
            if (garbage.Length >= 24)
            {
                valid.AsSpan(0, 8).CopyTo(garbage);
                AssertRejected(garbage);
                AssertRejected(Reseal(garbage));
            }
        }
    }

    [Fact]
    public void LyingLengthsAndCountsAreRejectedWithoutHugeAllocations()
    {
        var valid = ValidFile();
        var count = (byte[])valid.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(count.AsSpan(16), int.MaxValue);
        AssertRejected(Reseal(count), "entry count");
        BinaryPrimitives.WriteInt32LittleEndian(count.AsSpan(16), -1);
        AssertRejected(Reseal(count), "entry count");

        // The first path's length (one byte, 7) replaced by 2^31 - 1 as a 5-byte varuint.
        var path = valid.Take(20).Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }).Concat(valid.Skip(21)).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(Reseal(path), "does not fit");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        // A varuint longer than 5 bytes, and one of 2^31.
        AssertRejected(Reseal(valid.Take(20).Concat(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }).Concat(valid.Skip(21)).ToArray()), "too large");
        AssertRejected(Reseal(valid.Take(20).Concat(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08 }).Concat(valid.Skip(21)).ToArray()), "too large");

        // The first value's length (4) made larger than the rest of the file.
        int lengthAt = 20 + 1 + 7 + 1 + 4 + 1;
        Assert.Equal(4, valid[lengthAt]);
        var value = (byte[])valid.Clone();
        value[lengthAt] = 0x7F;
        AssertRejected(Reseal(value), "does not fit");
        value[lengthAt] = 0;
        AssertRejected(Reseal(value));
    }

    [Fact]
    public void DuplicatePathsUnknownEntryFlagsBadUtf8AndTrailingBytesAreRejected()
    {
        var contents = RetainFile.Read(ValidFile());
        var twice = contents.Entries.Append(contents.Entries[0] with { Path = "G_COUNT" }).ToList();
        // RetainFile.Write refuses duplicates, so build the file by hand from two valid halves.
        var one = RetainFile.Write(Id, twice.Take(5).ToList());
        var extra = RetainFile.Write(Id, twice.Skip(5).ToList());
        var dup = one.Take(one.Length - 4).Concat(extra.Skip(20).Take(extra.Length - 24)).Concat(new byte[4]).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(dup.AsSpan(16), 6);
        AssertRejected(Reseal(dup), "'G_COUNT' appears twice");

        var valid = ValidFile();
        int flagsAt = 20 + 1 + 7 + 1 + 4;
        var flags = (byte[])valid.Clone();
        flags[flagsAt] = 2;
        AssertRejected(Reseal(flags), "unknown flags 0x02");

        var utf8 = (byte[])valid.Clone();
        utf8[21] = 0xC3;   // 'g' of g_count replaced by a lead byte followed by '_'
        AssertRejected(Reseal(utf8), "not valid UTF-8");

        var trailing = valid.Take(valid.Length - 4).Concat(new byte[] { 1, 2, 3 }).Concat(new byte[4]).ToArray();
        AssertRejected(Reseal(trailing), "unexpected data");
    }

    [Fact]
    public void ARejectedFileIsKeptAsideAndReplacedByTheNextCommit()
    {
        var bad = ValidFile();
        bad[30] ^= 0x10;
        string file = dir.File();
        File.WriteAllBytes(file, bad);
        var interpreter = RetainFixture.Run(Image, 1);
        using var store = new RetainStore(file, Layout, Id);
        var result = store.Load(RetainFixture.Fresh(Image));
        Assert.True(result.Rejected);
        Assert.Contains("checksum mismatch", result.Messages[0]);
        Assert.Contains(file + ".rejected", result.Messages[0]);
        Assert.Equal(bad, File.ReadAllBytes(file + ".rejected"));
        Assert.False(File.Exists(file));

        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        var memory = RetainFixture.Fresh(Image);
        using var again = new RetainStore(file, Layout, Id);
        Assert.Equal(5, again.Load(memory).Restored);
        Assert.Equal(1, RetainFixture.Int(Image, memory, "g_count"));
    }

    [Fact]
    public void AFileOfAnotherProgramRestoresNothing()
    {
        // Same names, other types, RETAIN only (and a persistent p of another type): nothing fits.
        var other = RetainFixture.Compile(@"
VAR_GLOBAL RETAIN g_count : INT; g_bit : BOOL; END_VAR
PROGRAM Main
VAR RETAIN s : STRING(5); END_VAR
VAR PERSISTENT p : REAL; q : INT; END_VAR
g_count := 99; g_bit := TRUE; s := 'zzz'; p := 9.5; q := 4;
END_PROGRAM");
        var interpreter = RetainFixture.Run(other, 1);
        string file = dir.File();
        using (var store = new RetainStore(file, RetainLayout.FromImage(other), RetainStore.ImageIdOf(other)))
        {
            store.Capture(interpreter.Memory);
            Assert.True(store.Commit());
        }
        var result = LoadBytes(File.ReadAllBytes(file), out bool untouched);
        Assert.True(untouched);
        Assert.Equal(0, result.Restored);
        Assert.Contains(result.Messages, m => m.Contains("written by another image"));
        Assert.Contains("PERSISTENT variable 'Main.p' changed type from REAL to LREAL: it starts with its initial value", result.Messages);
        Assert.Contains("'Main.q' from the retain file is no longer PERSISTENT: its value is dropped", result.Messages);
    }
}

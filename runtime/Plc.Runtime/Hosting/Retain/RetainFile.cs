using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting.Retain;

/// <summary>One entry of a retain file.</summary>
public sealed record RetainEntry(string Path, string TypeSignature, bool Persistent, byte[] Value);

/// <summary>The contents of a retain file.</summary>
public sealed record RetainFileContents(uint ImageId, IReadOnlyList<RetainEntry> Entries);

/// <summary>
/// The retain file format (docs/retain.md). All integers little-endian:
/// <code>
/// header   magic "PLCR" (4 bytes), u16 version (1), u16 flags (0), u32 file length, u32 imageId, u32 entry count
/// entries  string path, string type signature, u8 flags (1 = PERSISTENT), varuint value length, value bytes
/// trailer  u32 CRC-32 of every byte before it
/// </code>
/// A string is a varuint byte length followed by that many bytes of UTF-8; a varuint is unsigned LEB128 (at most
/// 5 bytes, below 2^31).
/// </summary>
public static class RetainFile
{
    public const uint Magic = 0x52434C50;   // "PLCR" little-endian
    public const ushort FormatVersion = 1;
    public const int HeaderSize = 20;
    public const int TrailerSize = 4;
    /// <summary>Largest file <see cref="Read"/> accepts: retained data cannot exceed the 64 MiB of memory.</summary>
    public const int MaxFileSize = 256 << 20;
    public const byte PersistentFlag = 1;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A file image for a layout, with every value zero, and where each value goes in it:
    /// <paramref name="valueOffsets"/>[i] is the offset of variable i's bytes. Filling the values and calling
    /// <see cref="Seal"/> makes a complete file.
    /// </summary>
    public static byte[] BuildTemplate(RetainLayout layout, uint imageId, out int[] valueOffsets)
    {
        var vars = layout.Variables;
        valueOffsets = new int[vars.Count];
        var ms = new MemoryStream();
        ms.Write(new byte[HeaderSize]);
        for (int i = 0; i < vars.Count; i++)
        {
            var v = vars[i];
            WriteString(ms, v.Path);
            WriteString(ms, v.TypeSignature);
            ms.WriteByte(v.Persistent ? PersistentFlag : (byte)0);
            WriteVarUInt(ms, (uint)v.Size);
            valueOffsets[i] = checked((int)ms.Length);
            ms.Write(new byte[v.Size]);
        }
        ms.Write(new byte[TrailerSize]);
        var bytes = ms.ToArray();
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], imageId);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], vars.Count);
        Seal(bytes);
        return bytes;
    }

    /// <summary>Writes the CRC-32 of everything before the trailer into the trailer.</summary>
    public static void Seal(byte[] file)
    {
        uint crc = Crc32.Compute(file, 0, file.Length - TrailerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - TrailerSize), crc);
    }

    /// <summary>A complete file holding these entries (for tools and tests).</summary>
    public static byte[] Write(uint imageId, IReadOnlyList<RetainEntry> entries)
    {
        if (entries.Any(e => e.Value.Length == 0)) throw new ArgumentException("a retain entry cannot be empty");
        var layout = RetainLayout.FromVariables(entries.Select(e =>
            new RetainedVariable(e.Path, 0, e.Value.Length, -1, e.TypeSignature, e.Persistent)));
        var file = BuildTemplate(layout, imageId, out var offsets);
        for (int i = 0; i < entries.Count; i++) entries[i].Value.CopyTo(file, offsets[i]);
        Seal(file);
        return file;
    }

    /// <summary>Reads a retain file; throws <see cref="InvalidDataException"/> (and nothing else) when it is malformed.</summary>
    public static RetainFileContents Read(byte[] file)
    {
        if (file.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(file) != Magic)
            throw new InvalidDataException(file.Length == 0 ? "the file is empty" : "not a retain file (bad magic)");
        if (file.Length < 8) throw Bad($"the file is truncated ({file.Length} bytes)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4));
        if (version != FormatVersion) throw Bad($"retain file format version {version}; this runtime reads version {FormatVersion}");
        if (file.Length < HeaderSize + TrailerSize) throw Bad($"the file is truncated ({file.Length} bytes)");
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6));
        int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        if (length != file.Length)
        {
            if (length > file.Length) throw Bad($"the file is truncated ({file.Length} of {length} bytes)");
            throw Bad($"the file has {file.Length} bytes but its header says {length}");
        }
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - TrailerSize));
        if (Crc32.Compute(file, 0, file.Length - TrailerSize) != stored) throw Bad("the file is corrupt (checksum mismatch)");
        if (flags != 0) throw Bad($"unknown flags 0x{flags:X4}");
        uint imageId = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        int count = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16));
        int end = file.Length - TrailerSize;
        int pos = HeaderSize;
        // The smallest entry: two empty strings, flags, a length and one value byte.
        if (count < 0 || count > (end - pos) / 5) throw Bad($"entry count {count} does not fit in the file");
        var entries = new List<RetainEntry>(count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < count; i++)
        {
            string path = ReadString(file, ref pos, end, "path");
            string signature = ReadString(file, ref pos, end, "type signature");
            if (path.Length == 0) throw Bad($"entry {i} has no path");
            if (pos >= end) throw Bad($"entry '{path}' is cut off");
            byte entryFlags = file[pos++];
            if ((entryFlags & ~PersistentFlag) != 0) throw Bad($"entry '{path}' has unknown flags 0x{entryFlags:X2}");
            int size = ReadVarUInt(file, ref pos, end, path);
            if (size == 0 || size > end - pos) throw Bad($"entry '{path}' has a value of {size} bytes, which does not fit in the file");
            var value = file.AsSpan(pos, size).ToArray();
            pos += size;
            if (!seen.Add(path)) throw Bad($"entry '{path}' appears twice");
            entries.Add(new RetainEntry(path, signature, (entryFlags & PersistentFlag) != 0, value));
        }
        if (pos != end) throw Bad($"{end - pos} bytes of unexpected data after the last entry");
        return new RetainFileContents(imageId, entries);
    }

    static InvalidDataException Bad(string message) => new(message);

    static string ReadString(byte[] file, ref int pos, int end, string what)
    {
        int n = ReadVarUInt(file, ref pos, end, what);
        if (n > end - pos) throw Bad($"a {what} of {n} bytes does not fit in the file");
        string s;
        try { s = StrictUtf8.GetString(file, pos, n); }
        catch (DecoderFallbackException) { throw Bad($"a {what} is not valid UTF-8"); }
        pos += n;
        return s;
    }

    static int ReadVarUInt(byte[] file, ref int pos, int end, string what)
    {
        uint value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (pos >= end) throw Bad($"a length in '{what}' is cut off");
            byte b = file[pos++];
            // The fifth byte holds bits 28..30 and ends the number: anything more is 2^31 or above.
            if (shift == 28 && b > 7) throw Bad($"a length in '{what}' is too large");
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (int)value;
        }
    }

    static void WriteString(Stream s, string text)
    {
        var bytes = StrictUtf8.GetBytes(text);
        WriteVarUInt(s, (uint)bytes.Length);
        s.Write(bytes);
    }

    static void WriteVarUInt(Stream s, uint value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }

    /// <summary>An image id as shown in messages: <c>0x1A2B3C4D</c>.</summary>
    public static string FormatId(uint id) => "0x" + id.ToString("X8", CultureInfo.InvariantCulture);
}

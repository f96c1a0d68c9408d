namespace Plc.Runtime.Core
{
    /// <summary>
    /// Serializes an <see cref="Image"/> to the binary image format described in docs/bytecode.md:
    /// a 16-byte header (magic, version, flags, payload length, CRC-32 of the payload) followed by the sections
    /// MEMORY, CONST, CODE, POUS, TASKS, IO and DEBUG.
    /// </summary>
    public static class ImageWriter
    {
        public const int HeaderSize = 16;

        public const byte SectionMemory = 1;
        public const byte SectionConst = 2;
        public const byte SectionCode = 3;
        public const byte SectionPous = 4;
        public const byte SectionTasks = 5;
        public const byte SectionIo = 6;
        public const byte SectionDebug = 7;

        /// <summary>Writes an image. Throws ArgumentException for a value the format cannot hold (a negative size).</summary>
        public static byte[] Write(Image image)
        {
            if (image == null) throw new System.ArgumentNullException("image");
            var payload = new ByteWriter(1024);
            var section = new ByteWriter(1024);

            section.Clear(); WriteMemory(section, image); payload.Section(SectionMemory, section);
            section.Clear(); WriteConstants(section, image); payload.Section(SectionConst, section);
            section.Clear(); WriteCode(section, image); payload.Section(SectionCode, section);
            section.Clear(); WritePous(section, image); payload.Section(SectionPous, section);
            section.Clear(); WriteTasks(section, image); payload.Section(SectionTasks, section);
            section.Clear(); WriteIo(section, image); payload.Section(SectionIo, section);
            if (image.Debug != null)
            {
                section.Clear(); WriteDebug(section, image.Debug); payload.Section(SectionDebug, section);
            }

            int length = payload.Length;
            var bytes = new byte[HeaderSize + length];
            PutU32(bytes, 0, Image.Magic);
            bytes[4] = (byte)Image.FormatVersion;
            bytes[5] = (byte)(Image.FormatVersion >> 8);
            bytes[6] = 0;
            bytes[7] = 0;
            PutU32(bytes, 8, (uint)length);
            payload.CopyTo(bytes, HeaderSize);
            PutU32(bytes, 12, Crc32.Compute(bytes, HeaderSize, length));
            return bytes;
        }

        static void PutU32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        static void WriteMemory(ByteWriter w, Image image)
        {
            int size = image.MemorySize;
            if (size < 0) throw new System.ArgumentException("MemorySize is negative");
            byte[] init = image.InitialMemory ?? new byte[0];
            for (int i = size; i < init.Length; i++)
                if (init[i] != 0) throw new System.ArgumentException("InitialMemory has non-zero bytes beyond MemorySize");
            int limit = init.Length < size ? init.Length : size;
            w.UInt(size);

            // Runs of non-zero bytes; runs separated by fewer than 3 zero bytes are joined (a run header costs more).
            int runCount = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                if (pass == 1) w.UInt(runCount);
                int i = 0;
                while (i < limit)
                {
                    if (init[i] == 0) { i++; continue; }
                    int start = i, end = i + 1;
                    while (true)
                    {
                        while (end < limit && init[end] != 0) end++;
                        int gap = end;
                        while (gap < limit && init[gap] == 0 && gap - end < 3) gap++;
                        if (gap < limit && init[gap] != 0 && gap - end < 3) { end = gap; continue; }
                        break;
                    }
                    if (pass == 0) runCount++;
                    else
                    {
                        w.UInt(start);
                        w.UInt(end - start);
                        w.Bytes(init, start, end - start);
                    }
                    i = end;
                }
            }
        }

        static void WriteConstants(ByteWriter w, Image image)
        {
            long[] k = image.Constants ?? new long[0];
            w.UInt(k.Length);
            for (int i = 0; i < k.Length; i++)
            {
                long v = k[i];
                for (int b = 0; b < 8; b++) w.Byte((byte)(v >> (8 * b)));
            }
        }

        static void WriteCode(ByteWriter w, Image image)
        {
            int[] code = image.Code ?? new int[0];
            w.UInt(code.Length);
            for (int i = 0; i < code.Length; i++) w.SInt(code[i]);
        }

        static void WritePous(ByteWriter w, Image image)
        {
            PouInfo[] pous = image.Pous ?? new PouInfo[0];
            w.UInt(pous.Length);
            for (int i = 0; i < pous.Length; i++)
            {
                PouInfo p = pous[i];
                w.String(p.Name);
                w.Byte((byte)p.Kind);
                w.UInt(p.CodeStart);
                w.UInt(p.CodeEnd);
                w.UInt(p.Size);
                w.UInt(p.FrameAddress);
            }
        }

        static void WriteTasks(ByteWriter w, Image image)
        {
            TaskInfo[] tasks = image.Tasks ?? new TaskInfo[0];
            w.UInt(tasks.Length);
            for (int i = 0; i < tasks.Length; i++)
            {
                TaskInfo t = tasks[i];
                w.String(t.Name);
                w.SLong(t.IntervalNs);
                w.SInt(t.Priority);
                w.SInt(t.SingleAddress);
                w.SInt(t.SingleBit);
                w.UInt(t.Body);
                w.SLong(t.WatchdogNs);
            }
        }

        static void WriteIo(ByteWriter w, Image image)
        {
            Area(w, image.Inputs);
            Area(w, image.Outputs);
            Area(w, image.Markers);
        }

        static void Area(ByteWriter w, IoArea? a)
        {
            w.UInt(a == null ? 0 : a.Address);
            w.UInt(a == null ? 0 : a.Size);
        }

        static void WriteDebug(ByteWriter w, DebugInfo d)
        {
            string[] files = d.Files ?? new string[0];
            w.UInt(files.Length);
            for (int i = 0; i < files.Length; i++) w.String(files[i]);

            LineEntry[] lines = d.Lines ?? new LineEntry[0];
            w.UInt(lines.Length);
            for (int i = 0; i < lines.Length; i++)
            {
                w.UInt(lines[i].Position);
                w.UInt(lines[i].File);
                w.UInt(lines[i].Line);
                w.UInt(lines[i].Column);
            }

            TypeDesc[] types = d.Types ?? new TypeDesc[0];
            w.UInt(types.Length);
            for (int i = 0; i < types.Length; i++) WriteType(w, types[i]);

            SymbolDesc[] symbols = d.Symbols ?? new SymbolDesc[0];
            w.UInt(symbols.Length);
            for (int i = 0; i < symbols.Length; i++)
            {
                SymbolDesc s = symbols[i];
                w.String(s.Name);
                w.UInt(s.Address);
                w.UInt(s.Type);
                w.UInt(s.Flags);
                w.SInt(s.Bit);
                w.String(s.Location);
            }
        }

        static void WriteType(ByteWriter w, TypeDesc t)
        {
            w.Byte((byte)t.Kind);
            w.String(t.Name);
            w.UInt(t.Size);
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    w.Byte((byte)t.Elementary);
                    break;
                case TypeKind.String:
                case TypeKind.WString:
                    w.UInt(t.Length);
                    break;
                case TypeKind.Array:
                {
                    w.UInt(t.Element);
                    int[] lower = t.Lower ?? new int[0];
                    int[] upper = t.Upper ?? new int[0];
                    if (lower.Length != upper.Length) throw new System.ArgumentException("array type with unequal Lower and Upper bounds");
                    w.UInt(lower.Length);
                    for (int k = 0; k < lower.Length; k++) { w.SInt(lower[k]); w.SInt(upper[k]); }
                    break;
                }
                case TypeKind.Struct:
                case TypeKind.FunctionBlock:
                case TypeKind.Program:
                {
                    MemberDesc[] members = t.Members ?? new MemberDesc[0];
                    w.UInt(members.Length);
                    for (int k = 0; k < members.Length; k++)
                    {
                        MemberDesc m = members[k];
                        w.String(m.Name);
                        w.UInt(m.Offset);
                        w.UInt(m.Type);
                        w.UInt(m.Flags);
                        w.SInt(m.Bit);
                        w.String(m.Location);
                    }
                    break;
                }
                case TypeKind.Enum:
                {
                    w.Byte((byte)t.Elementary);
                    string[] names = t.EnumNames ?? new string[0];
                    long[] values = t.EnumValues ?? new long[0];
                    if (names.Length != values.Length) throw new System.ArgumentException("enum type with unequal EnumNames and EnumValues");
                    w.UInt(names.Length);
                    for (int k = 0; k < names.Length; k++) { w.String(names[k]); w.SLong(values[k]); }
                    break;
                }
                case TypeKind.Ref:
                    w.SInt(t.Element);
                    break;
                case TypeKind.Subrange:
                    w.Byte((byte)t.Elementary);
                    w.SLong(t.Low);
                    w.SLong(t.High);
                    break;
                default:
                    throw new System.ArgumentException("unknown type kind " + (int)t.Kind);
            }
        }
    }

    /// <summary>A growable byte buffer with LEB128 writers (used by <see cref="ImageWriter"/>).</summary>
    internal sealed class ByteWriter
    {
        byte[] data;
        int length;

        public ByteWriter(int capacity) { data = new byte[capacity]; }

        public int Length => length;

        public void Clear() => length = 0;

        void Reserve(int extra)
        {
            if (length + extra <= data.Length) return;
            int size = data.Length * 2;
            if (size < length + extra) size = length + extra;
            var grown = new byte[size];
            System.Array.Copy(data, grown, length);
            data = grown;
        }

        public void CopyTo(byte[] dest, int at) => System.Array.Copy(data, 0, dest, at, length);

        public void Byte(byte b)
        {
            Reserve(1);
            data[length++] = b;
        }

        public void Bytes(byte[] src, int offset, int count)
        {
            Reserve(count);
            System.Array.Copy(src, offset, data, length, count);
            length += count;
        }

        /// <summary>Unsigned LEB128 of a non-negative int.</summary>
        public void UInt(int v)
        {
            if (v < 0) throw new System.ArgumentException("negative value " + v + " where the image format needs a count, size or position");
            ULong((ulong)v);
        }

        public void ULong(ulong v)
        {
            while (v >= 0x80)
            {
                Byte((byte)(v | 0x80));
                v >>= 7;
            }
            Byte((byte)v);
        }

        /// <summary>Zigzag LEB128 of a signed int.</summary>
        public void SInt(int v) => ULong((uint)((v << 1) ^ (v >> 31)));

        public void SLong(long v) => ULong((ulong)((v << 1) ^ (v >> 63)));

        public void String(string? s)
        {
            if (s == null) s = "";
            int n = Utf8.GetByteCount(s);
            UInt(n);
            Reserve(n);
            Utf8.Encode(s, data, length);
            length += n;
        }

        public void Section(byte id, ByteWriter body)
        {
            Byte(id);
            UInt(body.length);
            Bytes(body.data, 0, body.length);
        }
    }
}

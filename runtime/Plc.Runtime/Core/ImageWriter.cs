namespace Plc.Runtime.Core
{
    /// <summary>
    /// Serialises an <see cref="Image"/> to the file format of docs/bytecode.md: a 16-byte header (magic, version,
    /// flags, payload length, CRC-32) and a payload of sections MEMORY, CONST, CODE, POUS, TASKS, IO, DEBUG.
    /// <see cref="ImageReader.Read"/> of the result gives back an equal image. Null strings are written as empty
    /// ones; a null <see cref="Image.Debug"/> is left out (and reads back as an empty one).
    /// </summary>
    public static class ImageWriter
    {
        /// <summary>
        /// The bytes of the image. Throws <see cref="System.ArgumentException"/> for an image the format cannot
        /// hold (or that <see cref="ImageReader"/> would reject): a missing array or table entry, InitialMemory not
        /// MemorySize bytes long, memory above 64 MiB, a negative count, size, address or position, an unknown
        /// POU, type or elementary kind, unsorted line entries, or debug entries that refer to nothing.
        /// </summary>
        public static byte[] Write(Image image)
        {
            if (image == null) throw new System.ArgumentNullException("image");
            if (image.InitialMemory == null || image.Constants == null || image.Code == null || image.Pous == null || image.Tasks == null)
                throw Error("a table of the image is null");
            if (image.MemorySize < 0 || image.MemorySize > ImageFormat.MaxMemorySize)
                throw Error("memory size " + image.MemorySize.ToString() + " is outside 0.." + ImageFormat.MaxMemorySize.ToString());
            if (image.InitialMemory.Length != image.MemorySize)
                throw Error("initial memory has " + image.InitialMemory.Length.ToString() + " bytes, the memory size is " + image.MemorySize.ToString());
            if (image.Debug != null)
            {
                string? e = ImageReader.CheckDebug(image.Debug);
                if (e != null) throw Error(e);
            }

            var payload = new Buffer(256 + image.Code.Length * 2 + image.Constants.Length * 8);
            var s = new Buffer(256);
            WriteMemory(s, image); payload.Section(ImageFormat.SectionMemory, s);
            WriteConstants(s, image); payload.Section(ImageFormat.SectionConst, s);
            WriteCode(s, image); payload.Section(ImageFormat.SectionCode, s);
            WritePous(s, image); payload.Section(ImageFormat.SectionPous, s);
            WriteTasks(s, image); payload.Section(ImageFormat.SectionTasks, s);
            WriteIo(s, image); payload.Section(ImageFormat.SectionIo, s);
            if (image.Debug != null) { WriteDebug(s, image.Debug); payload.Section(ImageFormat.SectionDebug, s); }

            int n = payload.Length;
            var bytes = new byte[ImageFormat.HeaderSize + n];
            PutU32(bytes, 0, Image.Magic);
            PutU16(bytes, 4, Image.FormatVersion);
            PutU16(bytes, 6, 0);
            PutU32(bytes, 8, (uint)n);
            System.Array.Copy(payload.Data, 0, bytes, ImageFormat.HeaderSize, n);
            PutU32(bytes, 12, Crc32.Compute(bytes, ImageFormat.HeaderSize, n));
            return bytes;
        }

        static System.ArgumentException Error(string message) => new System.ArgumentException("cannot write the image: " + message);

        static void PutU16(byte[] b, int at, int v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); }

        static void PutU32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); b[at + 2] = (byte)(v >> 16); b[at + 3] = (byte)(v >> 24);
        }

        /// <summary>Initial memory as runs of non-zero bytes; runs less than MemoryRunGap zeros apart are merged.</summary>
        static void WriteMemory(Buffer s, Image image)
        {
            byte[] mem = image.InitialMemory;
            int n = mem.Length;
            var runs = new Buffer(64);
            int count = 0;
            int i = 0;
            while (i < n)
            {
                if (mem[i] == 0) { i++; continue; }
                int start = i, end = i + 1, j = i + 1;
                while (j < n)
                {
                    if (mem[j] != 0) { end = j + 1; j++; continue; }
                    if (j - end + 1 >= ImageFormat.MemoryRunGap) break;   // zeros in [end, j]
                    j++;
                }
                runs.UInt((uint)start);
                runs.UInt((uint)(end - start));
                runs.Bytes(mem, start, end - start);
                count++;
                i = end;
            }
            s.UInt((uint)image.MemorySize);
            s.UInt((uint)count);
            s.Bytes(runs.Data, 0, runs.Length);
        }

        static void WriteConstants(Buffer s, Image image)
        {
            long[] k = image.Constants;
            s.UInt((uint)k.Length);
            for (int i = 0; i < k.Length; i++)
            {
                long v = k[i];
                for (int b = 0; b < 8; b++) s.Byte((int)(v >> (8 * b)));
            }
        }

        static void WriteCode(Buffer s, Image image)
        {
            int[] code = image.Code;
            s.UInt((uint)code.Length);
            for (int i = 0; i < code.Length; i++) s.Int(code[i]);
        }

        static void WritePous(Buffer s, Image image)
        {
            PouInfo[] pous = image.Pous;
            s.UInt((uint)pous.Length);
            for (int i = 0; i < pous.Length; i++)
            {
                PouInfo p = pous[i];
                if (p == null) throw Error("POU #" + i.ToString() + " is null");
                string what = "POU #" + i.ToString() + " ";
                if (p.Kind != PouKind.Program && p.Kind != PouKind.FunctionBlock && p.Kind != PouKind.Function && p.Kind != PouKind.TaskBody)
                    throw Error(what + "has an unknown kind " + ((int)p.Kind).ToString());
                s.String(p.Name);
                s.Byte((int)p.Kind);
                s.Count(p.CodeStart, what + "code start");
                s.Count(p.CodeEnd, what + "code end");
                s.Count(p.Size, what + "size");
                s.Count(p.FrameAddress, what + "frame address");
            }
        }

        static void WriteTasks(Buffer s, Image image)
        {
            TaskInfo[] tasks = image.Tasks;
            s.UInt((uint)tasks.Length);
            for (int i = 0; i < tasks.Length; i++)
            {
                TaskInfo t = tasks[i];
                if (t == null) throw Error("task #" + i.ToString() + " is null");
                s.String(t.Name);
                s.Long(t.IntervalNs);
                s.Int(t.Priority);
                s.Int(t.SingleAddress);
                s.Int(t.SingleBit);
                s.Count(t.Body, "task #" + i.ToString() + " body");
                s.Long(t.WatchdogNs);
            }
        }

        static void WriteIo(Buffer s, Image image)
        {
            Area(s, image.Inputs, "input");
            Area(s, image.Outputs, "output");
            Area(s, image.Markers, "marker");
        }

        static void Area(Buffer s, IoArea area, string what)
        {
            if (area == null) throw Error(what + " area is null");
            s.Count(area.Address, what + " area address");
            s.Count(area.Size, what + " area size");
            if (area.Spaces == null || area.Spaces.Length != Image.SpacesPerArea) throw Error(what + " area needs " + Image.SpacesPerArea.ToString() + " space offsets");
            for (int k = 0; k < Image.SpacesPerArea; k++) s.Count(area.Spaces[k], what + " area space offset");
        }

        static void WriteDebug(Buffer s, DebugInfo d)
        {
            // CheckDebug has made sure that nothing is null, negative or dangling.
            s.UInt((uint)d.Files.Length);
            for (int i = 0; i < d.Files.Length; i++) s.String(d.Files[i]);

            s.UInt((uint)d.Lines.Length);
            int previous = 0;
            for (int i = 0; i < d.Lines.Length; i++)
            {
                LineEntry e = d.Lines[i];
                s.UInt((uint)(e.Position - previous));
                previous = e.Position;
                s.UInt((uint)e.File);
                s.UInt((uint)e.Line);
                s.UInt((uint)e.Column);
            }

            s.UInt((uint)d.Types.Length);
            for (int i = 0; i < d.Types.Length; i++) WriteType(s, d.Types[i]);

            s.UInt((uint)d.Symbols.Length);
            for (int i = 0; i < d.Symbols.Length; i++)
            {
                SymbolDesc y = d.Symbols[i];
                s.String(y.Name);
                s.UInt((uint)y.Address);
                s.UInt((uint)y.Type);
                s.UInt((uint)y.Flags);
                s.UInt((uint)y.Bit);
                s.String(y.Location);
            }
        }

        static void WriteType(Buffer s, TypeDesc t)
        {
            s.Byte((int)t.Kind);
            s.String(t.Name);
            s.UInt((uint)t.Size);
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    s.Byte((int)t.Elementary);
                    break;
                case TypeKind.String:
                case TypeKind.WString:
                    s.UInt((uint)t.Length);
                    break;
                case TypeKind.Array:
                    s.Int(t.Element);
                    s.UInt((uint)t.Lower.Length);
                    for (int k = 0; k < t.Lower.Length; k++) { s.Int(t.Lower[k]); s.Int(t.Upper[k]); }
                    break;
                case TypeKind.Struct:
                case TypeKind.FunctionBlock:
                case TypeKind.Program:
                    s.UInt((uint)t.Members.Length);
                    for (int k = 0; k < t.Members.Length; k++)
                    {
                        MemberDesc m = t.Members[k];
                        s.String(m.Name);
                        s.UInt((uint)m.Offset);
                        s.UInt((uint)m.Type);
                        s.UInt((uint)m.Flags);
                        s.UInt((uint)m.Bit);
                        s.String(m.Location);
                    }
                    break;
                case TypeKind.Enum:
                    s.Byte((int)t.Elementary);
                    s.UInt((uint)t.EnumNames.Length);
                    for (int k = 0; k < t.EnumNames.Length; k++) { s.String(t.EnumNames[k]); s.Long(t.EnumValues[k]); }
                    break;
                case TypeKind.Ref:
                    s.Int(t.Element);
                    break;
                case TypeKind.Subrange:
                    s.Byte((int)t.Elementary);
                    s.Long(t.Low);
                    s.Long(t.High);
                    break;
            }
        }

        /// <summary>A growable byte array with the format's primitive encodings.</summary>
        sealed class Buffer
        {
            public byte[] Data;
            public int Length;

            public Buffer(int capacity) { Data = new byte[capacity < 16 ? 16 : capacity]; }

            void Room(int n)
            {
                if (Length + n <= Data.Length) return;
                long want = (long)Data.Length * 2;
                if (want < Length + n) want = Length + n;
                if (want > int.MaxValue) want = int.MaxValue;
                var d = new byte[(int)want];
                System.Array.Copy(Data, d, Length);
                Data = d;
            }

            public void Byte(int b) { Room(1); Data[Length++] = (byte)b; }

            public void Bytes(byte[] b, int offset, int count)
            {
                Room(count);
                System.Array.Copy(b, offset, Data, Length, count);
                Length += count;
            }

            /// <summary>Unsigned LEB128.</summary>
            public void UInt(uint v)
            {
                Room(5);
                while (v >= 0x80) { Data[Length++] = (byte)(v | 0x80); v >>= 7; }
                Data[Length++] = (byte)v;
            }

            public void ULong(ulong v)
            {
                Room(10);
                while (v >= 0x80) { Data[Length++] = (byte)(v | 0x80); v >>= 7; }
                Data[Length++] = (byte)v;
            }

            /// <summary>A count, size, address or position: unsigned; a negative value cannot be written.</summary>
            public void Count(int v, string what)
            {
                if (v < 0) throw Error(what + " is negative (" + v.ToString() + ")");
                UInt((uint)v);
            }

            /// <summary>Zigzag: 0, -1, 1, -2 ... are written as 0, 1, 2, 3 ...</summary>
            public void Int(int v) => UInt((uint)((v << 1) ^ (v >> 31)));

            public void Long(long v) => ULong((ulong)((v << 1) ^ (v >> 63)));

            public void String(string? s)
            {
                byte[] b = Utf8.Encode(s == null ? "" : s);
                UInt((uint)b.Length);
                Bytes(b, 0, b.Length);
            }

            /// <summary>Appends section id, length and the bytes of body, and empties body.</summary>
            public void Section(int id, Buffer body)
            {
                Byte(id);
                UInt((uint)body.Length);
                Bytes(body.Data, 0, body.Length);
                body.Length = 0;
            }
        }
    }
}

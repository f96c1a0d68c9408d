namespace Plc.Runtime.Core
{
    /// <summary>
    /// Reads the file format of docs/bytecode.md back into an <see cref="Image"/>. Every malformed input, whatever
    /// its bytes, ends in an <see cref="ImageFormatException"/> (never another exception): each read is checked
    /// against the end of its section, every count against the bytes left (so a lying count cannot make it
    /// allocate more than a small multiple of the input), and the memory size is capped at 64 MiB. The reader
    /// checks the format, not the code: a well-formed image must still pass <see cref="Verifier.Verify"/>.
    /// It does check the debug section's references (files, types), which the verifier does not look at.
    /// </summary>
    public static class ImageReader
    {
        public static Image Read(byte[] bytes)
        {
            if (bytes == null) throw new ImageFormatException("no image (null)");
            try
            {
                return ReadImage(bytes);
            }
            catch (ImageFormatException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                // A safety net: the reader is written so that nothing else can be thrown.
                throw new ImageFormatException("malformed image (" + e.Message + ")", e);
            }
        }

        static uint U32(byte[] b, int at) => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

        static int U16(byte[] b, int at) => b[at] | (b[at + 1] << 8);

        static Image ReadImage(byte[] bytes)
        {
            int total = bytes.Length;
            if (total < 4) throw new ImageFormatException("not a Plc image (" + total.ToString() + " bytes, too short)");
            if (U32(bytes, 0) != Image.Magic) throw new ImageFormatException("not a Plc image (bad magic)");
            if (total < ImageFormat.HeaderSize)
                throw new ImageFormatException("image is truncated (" + total.ToString() + " bytes, the header alone has " +
                                               ImageFormat.HeaderSize.ToString() + ")");
            int version = U16(bytes, 4);
            if (version != Image.FormatVersion)
                throw new ImageFormatException("image format version " + version.ToString() + "; this runtime reads version " +
                                               Image.FormatVersion.ToString());
            int flags = U16(bytes, 6);
            if (flags != 0) throw new ImageFormatException("image has unknown flags " + flags.ToString() + " (version 1 images have none)");
            uint length = U32(bytes, 8);
            long present = total - ImageFormat.HeaderSize;
            if (length > present)
                throw new ImageFormatException("image is truncated (payload of " + length.ToString() + " bytes announced, " +
                                               present.ToString() + " present)");
            if (length < present)
                throw new ImageFormatException("image has " + (present - length).ToString() + " bytes of unexpected data after its payload");
            if (Crc32.Compute(bytes, ImageFormat.HeaderSize, (int)length) != U32(bytes, 12))
                throw new ImageFormatException("image is corrupt (checksum mismatch)");

            var image = new Image();
            var payload = new Cursor(bytes, ImageFormat.HeaderSize, total, "payload");
            int expect = ImageFormat.SectionMemory;
            while (payload.Remaining > 0)
            {
                int id = payload.Byte();
                int len = payload.UInt("section length");
                string name = ImageFormat.SectionName(id);
                if (id < ImageFormat.SectionMemory || id > ImageFormat.SectionDebug)
                    throw Malformed("unknown section id " + id.ToString());
                if (id < expect)
                    throw Malformed("section " + name + " appears twice or out of order");
                if (id > expect && expect != ImageFormat.SectionDebug)
                    throw Malformed("section " + ImageFormat.SectionName(expect) + " is missing (found " + name + ")");
                if (len > payload.Remaining)
                    throw Malformed("section " + name + " is truncated (" + len.ToString() + " bytes announced, " +
                                    payload.Remaining.ToString() + " left)");
                var s = new Cursor(bytes, payload.Position, payload.Position + len, name);
                switch (id)
                {
                    case ImageFormat.SectionMemory: ReadMemory(s, image); break;
                    case ImageFormat.SectionConst: ReadConstants(s, image); break;
                    case ImageFormat.SectionCode: ReadCode(s, image); break;
                    case ImageFormat.SectionPous: ReadPous(s, image); break;
                    case ImageFormat.SectionTasks: ReadTasks(s, image); break;
                    case ImageFormat.SectionIo: ReadIo(s, image); break;
                    default: ReadDebug(s, image); break;
                }
                if (s.Remaining != 0)
                    throw Malformed("section " + name + " has " + s.Remaining.ToString() + " bytes of unexpected data at its end");
                payload.Skip(len);
                expect = id + 1;
            }
            if (expect <= ImageFormat.SectionIo)
                throw Malformed("section " + ImageFormat.SectionName(expect) + " is missing");
            return image;
        }

        static ImageFormatException Malformed(string message) => new ImageFormatException("malformed image: " + message);

        static void ReadMemory(Cursor s, Image image)
        {
            int size = s.UInt("memory size");
            if (size > ImageFormat.MaxMemorySize)
                throw s.Error("memory size " + size.ToString() + " exceeds the limit of " + ImageFormat.MaxMemorySize.ToString() + " bytes");
            int runs = s.Count(3, "run");   // a run takes at least an offset, a length and one byte
            var mem = new byte[size];
            int end = 0;
            for (int r = 0; r < runs; r++)
            {
                int at = s.UInt("run offset");
                int len = s.UInt("run length");
                if (len == 0) throw s.Error("run #" + r.ToString() + " is empty");
                if (at < end) throw s.Error("run #" + r.ToString() + " at " + at.ToString() + " overlaps or precedes the previous run");
                if ((long)at + len > size)
                    throw s.Error("run #" + r.ToString() + " at " + at.ToString() + "+" + len.ToString() + " lies outside memory (" + size.ToString() + " bytes)");
                s.Bytes(mem, at, len);
                end = at + len;
            }
            image.MemorySize = size;
            image.InitialMemory = mem;
        }

        static void ReadConstants(Cursor s, Image image)
        {
            int n = s.Count(8, "constant");
            var k = new long[n];
            for (int i = 0; i < n; i++) k[i] = s.Int64();
            image.Constants = k;
        }

        static void ReadCode(Cursor s, Image image)
        {
            int n = s.Count(1, "code");
            var code = new int[n];
            for (int i = 0; i < n; i++) code[i] = s.Int();
            image.Code = code;
        }

        static void ReadPous(Cursor s, Image image)
        {
            int n = s.Count(6, "POU");
            var pous = new PouInfo[n];
            for (int i = 0; i < n; i++)
            {
                var p = new PouInfo();
                p.Name = s.String("POU name");
                int kind = s.Byte();
                if (kind < (int)PouKind.Program || kind > (int)PouKind.TaskBody)
                    throw s.Error("POU #" + i.ToString() + " has an unknown kind " + kind.ToString());
                p.Kind = (PouKind)kind;
                p.CodeStart = s.UInt("code start");
                p.CodeEnd = s.UInt("code end");
                p.Size = s.UInt("POU size");
                p.FrameAddress = s.UInt("frame address");
                pous[i] = p;
            }
            image.Pous = pous;
        }

        static void ReadTasks(Cursor s, Image image)
        {
            int n = s.Count(7, "task");
            var tasks = new TaskInfo[n];
            for (int i = 0; i < n; i++)
            {
                var t = new TaskInfo();
                t.Name = s.String("task name");
                t.IntervalNs = s.Long();
                t.Priority = s.Int();
                t.SingleAddress = s.Int();
                t.SingleBit = s.Int();
                t.Body = s.UInt("task body");
                t.WatchdogNs = s.Long();
                tasks[i] = t;
            }
            image.Tasks = tasks;
        }

        static void ReadIo(Cursor s, Image image)
        {
            image.Inputs = Area(s);
            image.Outputs = Area(s);
            image.Markers = Area(s);
        }

        static IoArea Area(Cursor s)
        {
            var a = new IoArea();
            a.Address = s.UInt("area address");
            a.Size = s.UInt("area size");
            for (int k = 0; k < Image.SpacesPerArea; k++) a.Spaces[k] = s.UInt("area space offset");
            return a;
        }

        static void ReadDebug(Cursor s, Image image)
        {
            var d = new DebugInfo();
            int n = s.Count(1, "file");
            d.Files = new string[n];
            for (int i = 0; i < n; i++) d.Files[i] = s.String("file name");

            n = s.Count(4, "line");
            d.Lines = new LineEntry[n];
            int position = 0;
            for (int i = 0; i < n; i++)
            {
                int delta = s.UInt("line position");
                if ((long)position + delta > int.MaxValue) throw s.Error("line entry #" + i.ToString() + " has a position beyond 2^31");
                position += delta;
                int file = s.UInt("file index");
                int line = s.UInt("line");
                int column = s.UInt("column");
                d.Lines[i] = new LineEntry(position, file, line, column);
            }

            n = s.Count(3, "type");
            d.Types = new TypeDesc[n];
            for (int i = 0; i < n; i++) d.Types[i] = ReadType(s, i);

            n = s.Count(6, "symbol");
            d.Symbols = new SymbolDesc[n];
            for (int i = 0; i < n; i++)
            {
                var y = new SymbolDesc();
                y.Name = s.String("symbol name");
                y.Address = s.UInt("symbol address");
                y.Type = s.UInt("symbol type");
                y.Flags = s.UInt("symbol flags");
                y.Bit = s.UInt("symbol bit");
                y.Location = s.String("symbol location");
                d.Symbols[i] = y;
            }

            string? e = CheckDebug(d);
            if (e != null) throw s.Error(e);
            image.Debug = d;
        }

        static ElementaryKind Elementary(Cursor s, int type)
        {
            int k = s.Byte();
            if (k > ImageFormat.MaxElementaryKind)
                throw s.Error("type #" + type.ToString() + " has an unknown elementary kind " + k.ToString());
            return (ElementaryKind)k;
        }

        static TypeDesc ReadType(Cursor s, int index)
        {
            var t = new TypeDesc();
            int kind = s.Byte();
            if (kind < (int)TypeKind.Elementary || kind > (int)TypeKind.Subrange)
                throw s.Error("type #" + index.ToString() + " has an unknown kind " + kind.ToString());
            t.Kind = (TypeKind)kind;
            t.Name = s.String("type name");
            t.Size = s.UInt("type size");
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    t.Elementary = Elementary(s, index);
                    break;
                case TypeKind.String:
                case TypeKind.WString:
                    t.Length = s.UInt("string length");
                    break;
                case TypeKind.Array:
                {
                    t.Element = s.Int();
                    int dims = s.Count(2, "array dimension");
                    t.Lower = new int[dims];
                    t.Upper = new int[dims];
                    for (int k = 0; k < dims; k++) { t.Lower[k] = s.Int(); t.Upper[k] = s.Int(); }
                    break;
                }
                case TypeKind.Struct:
                case TypeKind.FunctionBlock:
                case TypeKind.Program:
                {
                    int n = s.Count(6, "member");
                    t.Members = new MemberDesc[n];
                    for (int k = 0; k < n; k++)
                    {
                        var m = new MemberDesc();
                        m.Name = s.String("member name");
                        m.Offset = s.UInt("member offset");
                        m.Type = s.UInt("member type");
                        m.Flags = s.UInt("member flags");
                        m.Bit = s.UInt("member bit");
                        m.Location = s.String("member location");
                        t.Members[k] = m;
                    }
                    break;
                }
                case TypeKind.Enum:
                {
                    t.Elementary = Elementary(s, index);
                    int n = s.Count(2, "enumeration value");
                    t.EnumNames = new string[n];
                    t.EnumValues = new long[n];
                    for (int k = 0; k < n; k++) { t.EnumNames[k] = s.String("enumeration value name"); t.EnumValues[k] = s.Long(); }
                    break;
                }
                case TypeKind.Ref:
                    t.Element = s.Int();
                    break;
                default:   // Subrange
                    t.Elementary = Elementary(s, index);
                    t.Low = s.Long();
                    t.High = s.Long();
                    break;
            }
            return t;
        }

        /// <summary>
        /// Why a debug section cannot be written or read, or null when it is sound: no null entries, no negative
        /// numbers where the format has unsigned ones, line entries sorted by position and naming existing files,
        /// defined type kinds, array bounds and enumeration values paired, type references that exist (-1, untyped,
        /// only for REF_TO and arrays), and no type that contains itself other than through a REF_TO. Consumers
        /// (disassembler, variable printer) can therefore follow type references without checks or endless recursion.
        /// </summary>
        internal static string? CheckDebug(DebugInfo d)
        {
            if (d.Files == null || d.Lines == null || d.Types == null || d.Symbols == null) return "a debug table is null";
            for (int i = 0; i < d.Files.Length; i++)
                if (d.Files[i] == null) return "file #" + i.ToString() + " is null";
            int previous = 0;
            for (int i = 0; i < d.Lines.Length; i++)
            {
                LineEntry e = d.Lines[i];
                string what = "line entry #" + i.ToString();
                if (e.Position < previous) return what + " at position " + e.Position.ToString() + " is out of order (the entries must be sorted)";
                previous = e.Position;
                if (e.File < 0 || e.File >= d.Files.Length)
                    return what + " refers to file " + e.File.ToString() + ", there are " + d.Files.Length.ToString();
                if (e.Line < 0 || e.Column < 0) return what + " has a negative line or column";
            }
            int nt = d.Types.Length;
            for (int i = 0; i < nt; i++)
            {
                TypeDesc t = d.Types[i];
                string what = "type #" + i.ToString();
                if (t == null) return what + " is null";
                if (t.Kind < TypeKind.Elementary || t.Kind > TypeKind.Subrange) return what + " has an unknown kind " + ((int)t.Kind).ToString();
                if ((int)t.Elementary > ImageFormat.MaxElementaryKind) return what + " has an unknown elementary kind " + ((int)t.Elementary).ToString();
                if (t.Size < 0 || t.Length < 0) return what + " has a negative size or length";
                switch (t.Kind)
                {
                    case TypeKind.Array:
                    case TypeKind.Ref:
                        if (t.Element < -1 || t.Element >= nt)
                            return what + " refers to type " + t.Element.ToString() + ", there are " + nt.ToString();
                        if (t.Kind == TypeKind.Array && (t.Lower == null || t.Upper == null || t.Lower.Length != t.Upper.Length))
                            return what + ": the array bounds are missing or not paired";
                        break;
                    case TypeKind.Struct:
                    case TypeKind.FunctionBlock:
                    case TypeKind.Program:
                        if (t.Members == null) return what + ": the members are null";
                        for (int k = 0; k < t.Members.Length; k++)
                        {
                            MemberDesc m = t.Members[k];
                            if (m == null) return what + ", member #" + k.ToString() + " is null";
                            if (m.Type < 0 || m.Type >= nt)
                                return what + ", member '" + m.Name + "' refers to type " + m.Type.ToString() + ", there are " + nt.ToString();
                            if (m.Offset < 0 || m.Flags < 0 || m.Bit < 0) return what + ", member '" + m.Name + "' has a negative offset, flags or bit";
                        }
                        break;
                    case TypeKind.Enum:
                        if (t.EnumNames == null || t.EnumValues == null || t.EnumNames.Length != t.EnumValues.Length)
                            return what + ": the enumeration names and values are missing or not paired";
                        break;
                }
            }
            for (int i = 0; i < d.Symbols.Length; i++)
            {
                SymbolDesc y = d.Symbols[i];
                if (y == null) return "symbol #" + i.ToString() + " is null";
                if (y.Type < 0 || y.Type >= nt)
                    return "symbol '" + y.Name + "' refers to type " + y.Type.ToString() + ", there are " + nt.ToString();
                if (y.Address < 0 || y.Flags < 0 || y.Bit < 0) return "symbol '" + y.Name + "' has a negative address, flags or bit";
            }
            return FindContainmentCycle(d.Types);
        }

        static int EdgeCount(TypeDesc t)
        {
            if (t.Kind == TypeKind.Array) return t.Element >= 0 ? 1 : 0;
            if (t.Kind == TypeKind.Struct || t.Kind == TypeKind.FunctionBlock || t.Kind == TypeKind.Program) return t.Members.Length;
            return 0;
        }

        static int Edge(TypeDesc t, int k) => t.Kind == TypeKind.Array ? t.Element : t.Members[k].Type;

        /// <summary>A type that contains itself (through array elements and members, not REF_TO), or null.</summary>
        static string? FindContainmentCycle(TypeDesc[] types)
        {
            int n = types.Length;
            int[] color = new int[n];      // 0 new, 1 on the path, 2 done
            int[] node = new int[n];
            int[] edge = new int[n];
            for (int root = 0; root < n; root++)
            {
                if (color[root] != 0) continue;
                int sp = 0;
                node[sp] = root; edge[sp] = 0; sp++;
                color[root] = 1;
                while (sp > 0)
                {
                    int v = node[sp - 1];
                    TypeDesc t = types[v];
                    if (edge[sp - 1] < EdgeCount(t))
                    {
                        int c = Edge(t, edge[sp - 1]++);
                        if (color[c] == 1) return "type #" + c.ToString() + " contains itself";
                        if (color[c] == 0)
                        {
                            color[c] = 1;
                            node[sp] = c; edge[sp] = 0; sp++;
                        }
                        continue;
                    }
                    color[v] = 2;
                    sp--;
                }
            }
            return null;
        }

        /// <summary>Reads one section (or the payload), never past its end.</summary>
        sealed class Cursor
        {
            readonly byte[] bytes;
            readonly int end;
            readonly string section;
            int pos;

            public Cursor(byte[] bytes, int start, int end, string section)
            {
                this.bytes = bytes; pos = start; this.end = end; this.section = section;
            }

            public int Position => pos;
            public int Remaining => end - pos;

            public ImageFormatException Error(string message) =>
                new ImageFormatException("malformed image: " + section + " section: " + message);

            ImageFormatException Truncated() =>
                new ImageFormatException("malformed image: " + section + (section == "payload" ? "" : " section") + " ends in the middle of a value");

            public void Skip(int n)
            {
                if (n < 0 || n > end - pos) throw Truncated();
                pos += n;
            }

            public int Byte()
            {
                if (pos >= end) throw Truncated();
                return bytes[pos++];
            }

            /// <summary>Copies n bytes into dst[at..].</summary>
            public void Bytes(byte[] dst, int at, int n)
            {
                if (n < 0 || n > end - pos) throw Truncated();
                System.Array.Copy(bytes, pos, dst, at, n);
                pos += n;
            }

            public long Int64()
            {
                if (end - pos < 8) throw Truncated();
                long v = 0;
                for (int b = 7; b >= 0; b--) v = (v << 8) | bytes[pos + b];
                pos += 8;
                return v;
            }

            /// <summary>An unsigned LEB128 of at most 32 bits (five bytes).</summary>
            uint VarUInt32()
            {
                uint v = 0;
                for (int shift = 0; shift < 35; shift += 7)
                {
                    int b = Byte();
                    if (shift == 28 && b > 0x0F) throw Error("a number does not fit in 32 bits");
                    v |= (uint)(b & 0x7F) << shift;
                    if ((b & 0x80) == 0) return v;
                }
                throw Error("a number does not fit in 32 bits");
            }

            /// <summary>An unsigned LEB128 of at most 64 bits (ten bytes).</summary>
            ulong VarUInt64()
            {
                ulong v = 0;
                for (int shift = 0; shift < 70; shift += 7)
                {
                    int b = Byte();
                    if (shift == 63 && b > 0x01) throw Error("a number does not fit in 64 bits");
                    v |= (ulong)(b & 0x7F) << shift;
                    if ((b & 0x80) == 0) return v;
                }
                throw Error("a number does not fit in 64 bits");
            }

            /// <summary>A count, size, address or position: 0..2^31-1.</summary>
            public int UInt(string what)
            {
                uint v = VarUInt32();
                if (v > int.MaxValue) throw Error(what + " " + v.ToString() + " is too large");
                return (int)v;
            }

            /// <summary>A zigzag-encoded signed 32-bit value.</summary>
            public int Int()
            {
                uint v = VarUInt32();
                return (int)(v >> 1) ^ -(int)(v & 1);
            }

            /// <summary>A zigzag-encoded signed 64-bit value.</summary>
            public long Long()
            {
                ulong v = VarUInt64();
                return (long)(v >> 1) ^ -(long)(v & 1);
            }

            /// <summary>A count of entries that take at least minBytes each: no more than the section can hold.</summary>
            public int Count(int minBytes, string what)
            {
                int n = UInt(what + " count");
                if ((long)n * minBytes > end - pos)
                    throw Error(n.ToString() + " " + what + " entries announced, but only " + (end - pos).ToString() + " bytes are left");
                return n;
            }

            public string String(string what)
            {
                int n = UInt(what + " length");
                if (n > end - pos)
                    throw Error(what + " of " + n.ToString() + " bytes announced, but only " + (end - pos).ToString() + " bytes are left");
                string s = Utf8.Decode(bytes, pos, n);
                pos += n;
                return s;
            }
        }
    }
}

namespace Plc.Runtime.Core
{
    /// <summary>
    /// Reads the binary image format written by <see cref="ImageWriter"/> (docs/bytecode.md). Anything malformed
    /// raises <see cref="ImageFormatException"/> and nothing else; every count is checked against the bytes that
    /// remain before anything is allocated, and memory is capped at <see cref="MaxMemorySize"/>.
    /// The reader checks the format only; whether the code is safe to run is the verifier's business.
    /// </summary>
    public static class ImageReader
    {
        /// <summary>Largest memory an image may ask for: 64 MiB.</summary>
        public const int MaxMemorySize = 64 * 1024 * 1024;

        public static Image Read(byte[] bytes)
        {
            if (bytes == null) throw new ImageFormatException("no image (null)");
            try
            {
                return ReadChecked(bytes);
            }
            catch (ImageFormatException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                // Not expected: every access is bounds-checked first. Kept so that a reader bug can never surface
                // as another exception type to the loader.
                throw new ImageFormatException("malformed image (" + e.Message + ")");
            }
        }

        static Image ReadChecked(byte[] bytes)
        {
            if (bytes.Length < 4 || GetU32(bytes, 0) != Image.Magic)
                throw new ImageFormatException("not a Plc image (wrong magic number)");
            if (bytes.Length < ImageWriter.HeaderSize)
                throw new ImageFormatException("image is truncated (incomplete header)");
            int version = bytes[4] | (bytes[5] << 8);
            if (version != Image.FormatVersion)
                throw new ImageFormatException("image format version " + version + ", this runtime reads " + Image.FormatVersion);
            int flags = bytes[6] | (bytes[7] << 8);
            if (flags != 0)
                throw new ImageFormatException("image has unknown flags 0x" + Hex(flags));
            uint length = GetU32(bytes, 8);
            long actual = bytes.Length - ImageWriter.HeaderSize;
            if (length != actual)
                throw new ImageFormatException(length > actual
                    ? "image is truncated (header announces " + length + " payload bytes, " + actual + " present)"
                    : "image has " + (actual - length) + " unexpected bytes after the payload");
            uint crc = GetU32(bytes, 12);
            if (Crc32.Compute(bytes, ImageWriter.HeaderSize, (int)length) != crc)
                throw new ImageFormatException("image is corrupt (checksum mismatch)");

            var image = new Image();
            var r = new ByteReader(bytes, ImageWriter.HeaderSize, bytes.Length);
            int expected = ImageWriter.SectionMemory;
            while (r.Remaining > 0)
            {
                int id = r.Byte("section id");
                if (id < ImageWriter.SectionMemory || id > ImageWriter.SectionDebug)
                    throw new ImageFormatException("unknown section id " + id);
                if (id != expected)
                    throw new ImageFormatException(id < expected
                        ? "section " + SectionName(id) + " is out of order or repeated"
                        : "section " + SectionName(expected) + " is missing");
                int size = r.Count(1, "length of section " + SectionName(id));
                var s = r.Sub(size);
                switch (id)
                {
                    case ImageWriter.SectionMemory: ReadMemory(s, image); break;
                    case ImageWriter.SectionConst: ReadConstants(s, image); break;
                    case ImageWriter.SectionCode: ReadCode(s, image); break;
                    case ImageWriter.SectionPous: ReadPous(s, image); break;
                    case ImageWriter.SectionTasks: ReadTasks(s, image); break;
                    case ImageWriter.SectionIo: ReadIo(s, image); break;
                    default: ReadDebug(s, image.Debug); break;
                }
                if (s.Remaining != 0)
                    throw new ImageFormatException("section " + SectionName(id) + " has " + s.Remaining + " unread bytes at its end");
                expected = id + 1;
            }
            if (expected <= ImageWriter.SectionIo)
                throw new ImageFormatException("section " + SectionName(expected) + " is missing");
            return image;
        }

        static string SectionName(int id)
        {
            switch (id)
            {
                case ImageWriter.SectionMemory: return "MEMORY";
                case ImageWriter.SectionConst: return "CONST";
                case ImageWriter.SectionCode: return "CODE";
                case ImageWriter.SectionPous: return "POUS";
                case ImageWriter.SectionTasks: return "TASKS";
                case ImageWriter.SectionIo: return "IO";
                case ImageWriter.SectionDebug: return "DEBUG";
                default: return id.ToString();
            }
        }

        static string Hex(int v)
        {
            var buf = new FormatBuffer(8);
            buf.AppendHex((ulong)v, 4);
            return buf.ToString();
        }

        static uint GetU32(byte[] b, int at)
            => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

        static void ReadMemory(ByteReader r, Image image)
        {
            int size = r.Int("memory size");
            if (size > MaxMemorySize)
                throw new ImageFormatException("memory size " + size + " exceeds the limit of " + MaxMemorySize + " bytes");
            int runs = r.Count(2, "number of memory runs");
            var memory = new byte[size];
            int previousEnd = 0;
            for (int i = 0; i < runs; i++)
            {
                int offset = r.Int("memory run offset");
                int length = r.Count(1, "memory run length");
                if (offset < previousEnd || offset > size - length)
                    throw new ImageFormatException("memory run at " + offset + " of " + length + " bytes overlaps another run or lies outside memory of " + size + " bytes");
                r.CopyTo(memory, offset, length);
                previousEnd = offset + length;
            }
            image.MemorySize = size;
            image.InitialMemory = memory;
        }

        static void ReadConstants(ByteReader r, Image image)
        {
            int n = r.Count(8, "number of constants");
            var k = new long[n];
            for (int i = 0; i < n; i++) k[i] = r.Fixed64();
            image.Constants = k;
        }

        static void ReadCode(ByteReader r, Image image)
        {
            int n = r.Count(1, "code length");
            var code = new int[n];
            for (int i = 0; i < n; i++) code[i] = r.SInt("code");
            image.Code = code;
        }

        static void ReadPous(ByteReader r, Image image)
        {
            int n = r.Count(6, "number of POUs");
            var pous = new PouInfo[n];
            for (int i = 0; i < n; i++)
            {
                var p = new PouInfo();
                p.Name = r.String("POU name");
                int kind = r.Byte("POU kind");
                if (kind < (int)PouKind.Program || kind > (int)PouKind.TaskBody)
                    throw new ImageFormatException("POU '" + p.Name + "' has unknown kind " + kind);
                p.Kind = (PouKind)kind;
                p.CodeStart = r.Int("POU code start");
                p.CodeEnd = r.Int("POU code end");
                p.Size = r.Int("POU size");
                p.FrameAddress = r.Int("POU frame address");
                pous[i] = p;
            }
            image.Pous = pous;
        }

        static void ReadTasks(ByteReader r, Image image)
        {
            int n = r.Count(7, "number of tasks");
            var tasks = new TaskInfo[n];
            for (int i = 0; i < n; i++)
            {
                var t = new TaskInfo();
                t.Name = r.String("task name");
                t.IntervalNs = r.SLong("task interval");
                t.Priority = r.SInt("task priority");
                t.SingleAddress = r.SInt("task SINGLE address");
                t.SingleBit = r.SInt("task SINGLE bit");
                t.Body = r.Int("task body");
                t.WatchdogNs = r.SLong("task watchdog");
                tasks[i] = t;
            }
            image.Tasks = tasks;
        }

        static void ReadIo(ByteReader r, Image image)
        {
            image.Inputs = Area(r, "input");
            image.Outputs = Area(r, "output");
            image.Markers = Area(r, "marker");
        }

        static IoArea Area(ByteReader r, string what)
        {
            var a = new IoArea();
            a.Address = r.Int(what + " area address");
            a.Size = r.Int(what + " area size");
            return a;
        }

        static void ReadDebug(ByteReader r, DebugInfo d)
        {
            int nFiles = r.Count(1, "number of source files");
            var files = new string[nFiles];
            for (int i = 0; i < nFiles; i++) files[i] = r.String("source file name");
            d.Files = files;

            int nLines = r.Count(4, "number of line entries");
            var lines = new LineEntry[nLines];
            for (int i = 0; i < nLines; i++)
            {
                int position = r.Int("line entry position");
                int file = r.Int("line entry file");
                int line = r.Int("line entry line");
                int column = r.Int("line entry column");
                if (file >= nFiles)
                    throw new ImageFormatException("line entry " + i + " names file " + file + " of " + nFiles);
                if (i > 0 && position < lines[i - 1].Position)
                    throw new ImageFormatException("line entries are not sorted by position (entry " + i + ")");
                lines[i] = new LineEntry(position, file, line, column);
            }
            d.Lines = lines;

            int nTypes = r.Count(3, "number of types");
            var types = new TypeDesc[nTypes];
            for (int i = 0; i < nTypes; i++) types[i] = ReadType(r, i, nTypes);
            d.Types = types;

            int nSymbols = r.Count(6, "number of symbols");
            var symbols = new SymbolDesc[nSymbols];
            for (int i = 0; i < nSymbols; i++)
            {
                var s = new SymbolDesc();
                s.Name = r.String("symbol name");
                s.Address = r.Int("symbol address");
                s.Type = r.Int("symbol type");
                s.Flags = r.Int("symbol flags");
                s.Bit = r.SInt("symbol bit");
                s.Location = r.String("symbol location");
                if (s.Type >= nTypes)
                    throw new ImageFormatException("symbol '" + s.Name + "' has type " + s.Type + " of " + nTypes);
                symbols[i] = s;
            }
            d.Symbols = symbols;
        }

        static TypeDesc ReadType(ByteReader r, int index, int nTypes)
        {
            var t = new TypeDesc();
            int kind = r.Byte("type kind");
            if (kind < (int)TypeKind.Elementary || kind > (int)TypeKind.Subrange)
                throw new ImageFormatException("type " + index + " has unknown kind " + kind);
            t.Kind = (TypeKind)kind;
            t.Name = r.String("type name");
            t.Size = r.Int("type size");
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    t.Elementary = Elementary(r, index, false);
                    break;
                case TypeKind.String:
                case TypeKind.WString:
                    t.Length = r.Int("string length");
                    break;
                case TypeKind.Array:
                {
                    t.Element = TypeIndex(r.Int("array element type"), index, nTypes);
                    int dims = r.Count(2, "number of array dimensions");
                    t.Lower = new int[dims];
                    t.Upper = new int[dims];
                    for (int k = 0; k < dims; k++)
                    {
                        t.Lower[k] = r.SInt("array lower bound");
                        t.Upper[k] = r.SInt("array upper bound");
                    }
                    break;
                }
                case TypeKind.Struct:
                case TypeKind.FunctionBlock:
                case TypeKind.Program:
                {
                    int n = r.Count(6, "number of members");
                    t.Members = new MemberDesc[n];
                    for (int k = 0; k < n; k++)
                    {
                        var m = new MemberDesc();
                        m.Name = r.String("member name");
                        m.Offset = r.Int("member offset");
                        m.Type = TypeIndex(r.Int("member type"), index, nTypes);
                        m.Flags = r.Int("member flags");
                        m.Bit = r.SInt("member bit");
                        m.Location = r.String("member location");
                        t.Members[k] = m;
                    }
                    break;
                }
                case TypeKind.Enum:
                {
                    t.Elementary = Elementary(r, index, true);
                    int n = r.Count(2, "number of enumeration values");
                    t.EnumNames = new string[n];
                    t.EnumValues = new long[n];
                    for (int k = 0; k < n; k++)
                    {
                        t.EnumNames[k] = r.String("enumeration value name");
                        t.EnumValues[k] = r.SLong("enumeration value");
                    }
                    break;
                }
                case TypeKind.Ref:
                {
                    int target = r.SInt("reference target type");
                    if (target != -1) TypeIndex(target, index, nTypes);
                    t.Element = target;
                    break;
                }
                default:   // Subrange
                    t.Elementary = Elementary(r, index, true);
                    t.Low = r.SLong("subrange low bound");
                    t.High = r.SLong("subrange high bound");
                    break;
            }
            return t;
        }

        static ElementaryKind Elementary(ByteReader r, int index, bool allowNone)
        {
            int e = r.Byte("elementary type");
            if (e > (int)ElementaryKind.WChar || (e == 0 && !allowNone))
                throw new ImageFormatException("type " + index + " has unknown elementary type " + e);
            return (ElementaryKind)e;
        }

        static int TypeIndex(int type, int index, int nTypes)
        {
            if (type < 0 || type >= nTypes)
                throw new ImageFormatException("type " + index + " refers to type " + type + " of " + nTypes);
            return type;
        }
    }

    /// <summary>Bounds-checked reader over a byte range (used by <see cref="ImageReader"/>).</summary>
    internal sealed class ByteReader
    {
        readonly byte[] data;
        int pos;
        readonly int end;

        public ByteReader(byte[] data, int start, int end)
        {
            this.data = data; pos = start; this.end = end;
        }

        public int Remaining => end - pos;

        static ImageFormatException Truncated(string what)
            => new ImageFormatException("image is truncated or malformed (reading " + what + ")");

        public int Byte(string what)
        {
            if (pos >= end) throw Truncated(what);
            return data[pos++];
        }

        public ulong ULong(string what)
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (pos >= end) throw Truncated(what);
                int b = data[pos++];
                if (shift == 63 && b > 1)
                    throw new ImageFormatException("varint too large (reading " + what + ")");
                v |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    if (b == 0 && shift > 0)
                        throw new ImageFormatException("overlong varint (reading " + what + ")");
                    return v;
                }
            }
        }

        /// <summary>A non-negative int (unsigned varint up to int.MaxValue).</summary>
        public int Int(string what)
        {
            ulong v = ULong(what);
            if (v > int.MaxValue) throw new ImageFormatException("value " + v + " too large (reading " + what + ")");
            return (int)v;
        }

        /// <summary>
        /// A count of items that each take at least <paramref name="minBytes"/> bytes: rejected when the rest of
        /// the section cannot hold that many, so a lying count never causes a large allocation.
        /// </summary>
        public int Count(int minBytes, string what)
        {
            int n = Int(what);
            if (n > Remaining / minBytes)
                throw new ImageFormatException(what + " (" + n + ") exceeds the bytes that remain (" + Remaining + ")");
            return n;
        }

        public int SInt(string what)
        {
            ulong u = ULong(what);
            if (u > 0xFFFFFFFFUL) throw new ImageFormatException("value too large (reading " + what + ")");
            uint z = (uint)u;
            return (int)(z >> 1) ^ -(int)(z & 1);
        }

        public long SLong(string what)
        {
            ulong z = ULong(what);
            return (long)(z >> 1) ^ -(long)(z & 1);
        }

        public long Fixed64()
        {
            if (end - pos < 8) throw Truncated("constant");
            long v = 0;
            for (int b = 7; b >= 0; b--) v = (v << 8) | data[pos + b];
            pos += 8;
            return v;
        }

        public void CopyTo(byte[] dest, int at, int count)
        {
            if (count > end - pos) throw Truncated("memory run");
            System.Array.Copy(data, pos, dest, at, count);
            pos += count;
        }

        public string String(string what)
        {
            int n = Count(1, "length of " + what);
            string? s = Utf8.TryDecode(data, pos, n);
            if (s == null) throw new ImageFormatException("invalid UTF-8 in " + what);
            pos += n;
            return s;
        }

        public ByteReader Sub(int length)
        {
            var s = new ByteReader(data, pos, pos + length);
            pos += length;
            return s;
        }
    }
}

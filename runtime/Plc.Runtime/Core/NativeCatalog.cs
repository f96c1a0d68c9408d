namespace Plc.Runtime.Core
{
    /// <summary>One native function: its id (the operand of CallNative), name and stack effect.</summary>
    public sealed class NativeInfo
    {
        public readonly int Id;
        /// <summary>Name used by the compiler and the disassembler, e.g. "str.from_int".</summary>
        public readonly string Name;
        /// <summary>Stack types popped, bottom to top, in <see cref="OpcodeInfo"/> notation (I, L, F, D).</summary>
        public readonly string Pops;
        /// <summary>Stack types pushed.</summary>
        public readonly string Pushes;

        public NativeInfo(int id, string name, string pops, string pushes)
        {
            Id = id; Name = name; Pops = pops; Pushes = pushes;
        }
    }

    /// <summary>
    /// The native functions reachable through <see cref="Opcode.CallNative"/>. Ids are part of the image format and
    /// never change. To add a native: one entry here (next id) and one case in <see cref="NativeFunctions.Invoke"/>.
    /// </summary>
    public static class NativeCatalog
    {
        /// <summary>[dst:I, maxlen:I, value:L] -> : decimal text of the signed value into the STRING at dst.</summary>
        public const int StrFromInt = 0;
        /// <summary>[dst:I, maxlen:I, value:L] -> : decimal text of the unsigned 64-bit value into the STRING at dst.</summary>
        public const int StrFromUInt = 1;
        /// <summary>[src:I] -> L : the STRING at src parsed as an IEC integer literal; 0 when it is not one.</summary>
        public const int StrToInt = 2;
        /// <summary>[dst:I, maxlen:I, kind:I, value:L] -> : the text of an elementary value (kind: ElementaryKind;
        /// REAL/LREAL as double bits) into the STRING at dst, as X_TO_STRING produces it: IEC literal syntax
        /// (LiteralFormatter), except CHAR and WCHAR, which give the character itself.</summary>
        public const int StrFormat = 3;
        /// <summary>As StrFormat, into a WSTRING.</summary>
        public const int WStrFormat = 4;
        /// <summary>[src:I, kind:I] -> L : the STRING at src read as a value of an elementary kind (LiteralParser);
        /// integers and times as 64-bit values, REAL/LREAL as double bits; 0 when the text is not one.</summary>
        public const int StrParse = 5;
        /// <summary>As StrParse, from a WSTRING.</summary>
        public const int WStrParse = 6;
        /// <summary>[dst:I, maxlen:I, src:I] -> : STRING to WSTRING (Latin-1 to UTF-16).</summary>
        public const int StrToWStr = 7;
        /// <summary>[dst:I, maxlen:I, src:I] -> : WSTRING to STRING (characters above 255 become '?').</summary>
        public const int WStrToStr = 8;

        // String functions (IEC Table 29). The last argument says STRING (0) or WSTRING (1); positions are 1-based;
        // results are written to dst, at most maxlen characters, NUL-terminated.
        /// <summary>[src:I, wide:I] -> I : LEN.</summary>
        public const int StrLen = 9;
        /// <summary>[dst, maxlen, src, L, wide] -> : LEFT (L clamped to 0..LEN).</summary>
        public const int StrLeft = 10;
        /// <summary>[dst, maxlen, src, L, wide] -> : RIGHT.</summary>
        public const int StrRight = 11;
        /// <summary>[dst, maxlen, src, L, P, wide] -> : MID ('' when P is outside 1..LEN or L ≤ 0).</summary>
        public const int StrMid = 12;
        /// <summary>[dst, maxlen, src, wide] -> : appends src to the string at dst (CONCAT).</summary>
        public const int StrAppend = 13;
        /// <summary>[dst, maxlen, in1, in2, P, wide] -> : INSERT in2 after the P-th character of in1 (P clamped).</summary>
        public const int StrInsert = 14;
        /// <summary>[dst, maxlen, in, L, P, wide] -> : DELETE L characters from position P.</summary>
        public const int StrDelete = 15;
        /// <summary>[dst, maxlen, in1, in2, L, P, wide] -> : REPLACE = INSERT(DELETE(in1, L, P), in2, P - 1).</summary>
        public const int StrReplace = 16;
        /// <summary>[in1, in2, wide] -> I : FIND (1-based position of in2 in in1; 0 when absent or in2 is empty).</summary>
        public const int StrFind = 17;

        static readonly NativeInfo[] table =
        {
            new NativeInfo(StrFromInt, "str.from_int", "IIL", ""),
            new NativeInfo(StrFromUInt, "str.from_uint", "IIL", ""),
            new NativeInfo(StrToInt, "str.to_int", "I", "L"),
            new NativeInfo(StrFormat, "str.format", "IIIL", ""),
            new NativeInfo(WStrFormat, "wstr.format", "IIIL", ""),
            new NativeInfo(StrParse, "str.parse", "II", "L"),
            new NativeInfo(WStrParse, "wstr.parse", "II", "L"),
            new NativeInfo(StrToWStr, "str.to_wstr", "III", ""),
            new NativeInfo(WStrToStr, "wstr.to_str", "III", ""),
            new NativeInfo(StrLen, "str.len", "II", "I"),
            new NativeInfo(StrLeft, "str.left", "IIIII", ""),
            new NativeInfo(StrRight, "str.right", "IIIII", ""),
            new NativeInfo(StrMid, "str.mid", "IIIIII", ""),
            new NativeInfo(StrAppend, "str.append", "IIII", ""),
            new NativeInfo(StrInsert, "str.insert", "IIIIII", ""),
            new NativeInfo(StrDelete, "str.delete", "IIIIII", ""),
            new NativeInfo(StrReplace, "str.replace", "IIIIIII", ""),
            new NativeInfo(StrFind, "str.find", "III", "I"),
        };

        public static int Count => table.Length;

        public static bool IsDefined(int id) => id >= 0 && id < table.Length;

        public static NativeInfo Get(int id) => table[id];

        /// <summary>Id of the native with this name (case-insensitive), or -1.</summary>
        public static int FindByName(string name)
        {
            for (int i = 0; i < table.Length; i++)
                if (Text.EqualsIgnoreCase(table[i].Name, name)) return i;
            return -1;
        }
    }
}

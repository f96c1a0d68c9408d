namespace Plc.Runtime.Core
{
    /// <summary>
    /// The implementations of the natives of <see cref="NativeCatalog"/>. They run inside a scan: they must not
    /// allocate, must finish in bounded time, and must check every memory access (addresses on the stack are
    /// untrusted). A fault is reported through the fault argument (the interpreter fills in the position).
    /// </summary>
    public static class NativeFunctions
    {
        /// <summary>
        /// Runs native <paramref name="id"/> on the value stack (top at <paramref name="sp"/>) and returns the new
        /// stack top. On a fault sets fault.Code (and details); the stack is then irrelevant.
        /// </summary>
        public static int Invoke(int id, long[] stack, int sp, byte[] memory, ref Fault fault, NativeScratch scratch)
        {
            char[] text = scratch.Text;
            MemoryChars chars = scratch.Chars, other = scratch.Other;
            switch (id)
            {
                case NativeCatalog.StrFromInt:
                case NativeCatalog.StrFromUInt:
                {
                    long value = stack[sp], maxlen = stack[sp - 1], dst = stack[sp - 2];
                    sp -= 3;
                    if (!CheckRange(memory, dst, maxlen < 0 ? -1 : maxlen + 1, ref fault)) return sp;
                    bool neg = id == NativeCatalog.StrFromInt && value < 0;
                    ulong mag = neg ? (ulong)(-(value + 1)) + 1UL : (ulong)value;
                    WriteDecimal(memory, (int)dst, (int)maxlen, neg, mag);
                    return sp;
                }
                case NativeCatalog.StrToInt:
                {
                    long src = stack[sp];
                    if (!CheckRange(memory, src, 1, ref fault)) return sp;
                    stack[sp] = ParseInteger(memory, (int)src);
                    return sp;
                }
                case NativeCatalog.StrFormat:
                case NativeCatalog.WStrFormat:
                {
                    long value = stack[sp], kind = stack[sp - 1], maxlen = stack[sp - 2], dst = stack[sp - 3];
                    sp -= 4;
                    bool wide = id == NativeCatalog.WStrFormat;
                    int unit = wide ? 2 : 1;
                    if (!CheckRange(memory, dst, maxlen < 0 ? -1 : (maxlen + 1) * unit, ref fault)) return sp;
                    int n;
                    if (kind == (int)ElementaryKind.Char || kind == (int)ElementaryKind.WChar)
                        n = LiteralFormatter.FormatCharRaw(kind == (int)ElementaryKind.Char ? value & 0xFF : value & 0xFFFF, text);
                    else if (kind < 1 || kind > (int)ElementaryKind.WChar) n = 0;
                    else n = LiteralFormatter.Format((ElementaryKind)kind, value, text);
                    if (n > maxlen) n = (int)maxlen;
                    WriteChars(memory, (int)dst, text, n, wide);
                    return sp;
                }
                case NativeCatalog.StrParse:
                case NativeCatalog.WStrParse:
                {
                    long kind = stack[sp], src = stack[sp - 1];
                    sp -= 1;
                    if (!CheckRange(memory, src, 1, ref fault)) return sp;
                    chars.Set(memory, (int)src, id == NativeCatalog.WStrParse);
                    long slot;
                    if (kind < 1 || kind > (int)ElementaryKind.WChar || !LiteralParser.TryParse(chars, (ElementaryKind)kind, out slot)) slot = 0;
                    stack[sp] = slot;
                    return sp;
                }
                case NativeCatalog.StrToWStr:
                case NativeCatalog.WStrToStr:
                {
                    long src = stack[sp], maxlen = stack[sp - 1], dst = stack[sp - 2];
                    sp -= 3;
                    bool toWide = id == NativeCatalog.StrToWStr;
                    if (!CheckRange(memory, dst, maxlen < 0 ? -1 : (maxlen + 1) * (toWide ? 2 : 1), ref fault)) return sp;
                    if (!CheckRange(memory, src, 1, ref fault)) return sp;
                    chars.Set(memory, (int)src, !toWide);
                    int n = chars.Length < maxlen ? chars.Length : (int)maxlen;
                    // Read everything first: source and destination may overlap.
                    if (n > text.Length) n = text.Length;
                    for (int k = 0; k < n; k++)
                    {
                        int c = chars.At(k);
                        text[k] = (char)(toWide ? c : (c > 255 ? '?' : c));
                    }
                    WriteChars(memory, (int)dst, text, n, toWide);
                    return sp;
                }
                case NativeCatalog.StrLen:
                {
                    bool wide = stack[sp] != 0;
                    sp--;
                    if (!CheckRange(memory, stack[sp], 1, ref fault)) return sp;
                    chars.Set(memory, (int)stack[sp], wide);
                    stack[sp] = chars.Length;
                    return sp;
                }
                case NativeCatalog.StrFind:
                {
                    bool wide = stack[sp] != 0;
                    long in2 = stack[sp - 1], in1 = stack[sp - 2];
                    sp -= 2;
                    if (!CheckRange(memory, in1, 1, ref fault) || !CheckRange(memory, in2, 1, ref fault)) return sp;
                    chars.Set(memory, (int)in1, wide);
                    other.Set(memory, (int)in2, wide);
                    stack[sp] = Find(chars, other);
                    return sp;
                }
                case NativeCatalog.StrLeft:
                case NativeCatalog.StrRight:
                case NativeCatalog.StrMid:
                case NativeCatalog.StrAppend:
                case NativeCatalog.StrInsert:
                case NativeCatalog.StrDelete:
                case NativeCatalog.StrReplace:
                    return StringFunction(id, stack, sp, memory, ref fault, scratch);
                default:
                    // Unreachable for verified code (the verifier rejects unknown ids).
                    fault.Code = FaultCode.InvalidAddress;
                    return sp;
            }
        }

        /// <summary>Characters the scratch text holds.</summary>
        public const int StringTextCapacity = 65536 + LiteralFormatter.MaxLength;

        /// <summary>Writes n characters and a terminator as STRING (one byte each) or WSTRING (two bytes each).</summary>
        static void WriteChars(byte[] m, int dst, char[] source, int n, bool wide)
        {
            if (wide)
            {
                for (int k = 0; k < n; k++) { m[dst + 2 * k] = (byte)source[k]; m[dst + 2 * k + 1] = (byte)(source[k] >> 8); }
                m[dst + 2 * n] = 0; m[dst + 2 * n + 1] = 0;
            }
            else
            {
                for (int k = 0; k < n; k++) m[dst + k] = (byte)source[k];
                m[dst + n] = 0;
            }
        }

        /// <summary>1-based position of the first occurrence of b in a; 0 when absent or b is empty.</summary>
        static int Find(MemoryChars a, MemoryChars b)
        {
            int n = a.Length, m = b.Length;
            if (m == 0 || m > n) return 0;
            for (int i = 0; i + m <= n; i++)
            {
                int k = 0;
                while (k < m && a.At(i + k) == b.At(k)) k++;
                if (k == m) return i + 1;
            }
            return 0;
        }

        static int Clamp(long v, int lo, int hi) => v < lo ? lo : v > hi ? hi : (int)v;

        /// <summary>
        /// LEFT, RIGHT, MID, CONCAT's append, INSERT, DELETE and REPLACE: the result is assembled from at most three
        /// pieces — a range of in1, all of in2, a range of in1 — written to dst in that order, truncated to maxlen.
        /// </summary>
        static int StringFunction(int id, long[] stack, int sp, byte[] memory, ref Fault fault, NativeScratch scratch)
        {
            MemoryChars chars = scratch.Chars, other = scratch.Other;
            int args = id == NativeCatalog.StrAppend ? 4 : id == NativeCatalog.StrReplace ? 7
                : id == NativeCatalog.StrLeft || id == NativeCatalog.StrRight ? 5 : 6;
            int b = sp - args + 1;                       // index of the first argument
            bool wide = stack[sp] != 0;
            long dst = stack[b], maxlen = stack[b + 1];
            int unit = wide ? 2 : 1;
            sp = b - 1;
            if (!CheckRange(memory, dst, maxlen < 0 ? -1 : (maxlen + 1) * unit, ref fault)) return sp;
            long in1 = stack[b + 2];
            if (!CheckRange(memory, in1, 1, ref fault)) return sp;
            chars.Set(memory, (int)in1, wide);
            int len = chars.Length;
            bool hasSecond = id == NativeCatalog.StrInsert || id == NativeCatalog.StrReplace;
            if (hasSecond)
            {
                if (!CheckRange(memory, stack[b + 3], 1, ref fault)) return sp;
                other.Set(memory, (int)stack[b + 3], wide);
            }
            // piece 1: in1[from1, to1), piece 2: all of in2 (when hasSecond), piece 3: in1[from3, to3)
            int from1 = 0, to1 = 0, from3 = 0, to3 = 0;
            switch (id)
            {
                case NativeCatalog.StrLeft:
                    to1 = Clamp(stack[b + 3], 0, len);
                    break;
                case NativeCatalog.StrRight:
                    from1 = len - Clamp(stack[b + 3], 0, len); to1 = len;
                    break;
                case NativeCatalog.StrMid:
                {
                    long l = stack[b + 3], p = stack[b + 4];
                    if (p >= 1 && p <= len && l > 0) { from1 = (int)p - 1; to1 = from1 + Clamp(l, 0, len - from1); }
                    break;
                }
                case NativeCatalog.StrAppend:
                {
                    // dst already holds the first part: keep it, then append in1 (the source).
                    other.Set(memory, (int)dst, wide);
                    int have = other.Length < maxlen ? other.Length : (int)maxlen;
                    int room = (int)maxlen - have;
                    int n = len < room ? len : room;
                    for (int k = 0; k < n; k++) Put(memory, (int)dst, have + k, chars.At(k), wide);
                    Put(memory, (int)dst, have + n, 0, wide);
                    return sp;
                }
                case NativeCatalog.StrInsert:
                {
                    int p = Clamp(stack[b + 4], 0, len);
                    to1 = p; from3 = p; to3 = len;
                    break;
                }
                case NativeCatalog.StrDelete:
                {
                    long l = stack[b + 3], p = stack[b + 4];
                    to1 = len;
                    if (p >= 1 && p <= len && l > 0)
                    {
                        to1 = (int)p - 1;
                        from3 = to1 + Clamp(l, 0, len - to1);
                        to3 = len;
                    }
                    break;
                }
                case NativeCatalog.StrReplace:
                {
                    // in1[0, at) + in2 + in1[resume, len): L characters from position P replaced; a P outside
                    // 1..LEN removes nothing and puts in2 at the start (P < 1) or the end (P > LEN).
                    long l = stack[b + 4], p = stack[b + 5];
                    int at = Clamp(p - 1, 0, len);
                    int resume = p >= 1 && p <= len && l > 0 ? at + Clamp(l, 0, len - at) : at;
                    to1 = at; from3 = resume; to3 = len;
                    break;
                }
            }
            int w = 0;
            for (int k = from1; k < to1 && w < maxlen; k++) Put(memory, (int)dst, w++, chars.At(k), wide);
            if (hasSecond)
                for (int k = 0; k < other.Length && w < maxlen; k++) Put(memory, (int)dst, w++, other.At(k), wide);
            for (int k = from3; k < to3 && w < maxlen; k++) Put(memory, (int)dst, w++, chars.At(k), wide);
            Put(memory, (int)dst, w, 0, wide);
            return sp;
        }

        static void Put(byte[] m, int dst, int index, int c, bool wide)
        {
            if (wide) { m[dst + 2 * index] = (byte)c; m[dst + 2 * index + 1] = (byte)(c >> 8); }
            else m[dst + index] = (byte)c;
        }

        /// <summary>Checks that [address, address + size) lies in memory above the NULL guard.</summary>
        static bool CheckRange(byte[] memory, long address, long size, ref Fault fault)
        {
            if (address == 0) { fault.Code = FaultCode.NullReference; return false; }
            if (size < 0 || address < Image.NullGuard || address > memory.Length - size)
            {
                fault.Code = FaultCode.InvalidAddress;
                fault.Value = address;
                return false;
            }
            return true;
        }

        /// <summary>Writes the decimal text of (neg ? -mag : mag), truncated to maxlen characters, and a NUL.</summary>
        static void WriteDecimal(byte[] m, int dst, int maxlen, bool neg, ulong mag)
        {
            int pos = 0;
            if (neg)
            {
                if (pos < maxlen) m[dst + pos] = (byte)'-';
                pos++;
            }
            ulong p = 1;
            while (mag / p >= 10) p *= 10;
            while (true)
            {
                ulong digit = mag / p;
                mag -= digit * p;
                if (pos < maxlen) m[dst + pos] = (byte)('0' + (int)digit);
                pos++;
                if (p == 1) break;
                p /= 10;
            }
            m[dst + (pos < maxlen ? pos : maxlen)] = 0;
        }

        static int CharAt(byte[] m, int src, int i)
        {
            long a = (long)src + i;
            return a < m.Length ? m[a] : 0;
        }

        /// <summary>
        /// Parses an IEC integer literal: optional spaces, an optional sign, then decimal digits or 2#, 8#, 16#
        /// followed by digits of that base, single underscores allowed between digits, optional trailing spaces.
        /// The result is the value modulo 2^64 (so ULINT text up to 2^64-1 round-trips); anything else, including
        /// a magnitude of 2^64 or more, gives 0. Reading stops at NUL or at the end of memory.
        /// </summary>
        public static long ParseInteger(byte[] m, int src)
        {
            int i = 0;
            while (IsSpace(CharAt(m, src, i))) i++;
            bool neg = false;
            int c = CharAt(m, src, i);
            if (c == '+' || c == '-') { neg = c == '-'; i++; }
            ulong v;
            if (!ParseDigits(m, src, ref i, 10, out v)) return 0;
            if (CharAt(m, src, i) == '#')
            {
                if (v != 2 && v != 8 && v != 16) return 0;
                i++;
                if (!ParseDigits(m, src, ref i, (int)v, out v)) return 0;
            }
            while (IsSpace(CharAt(m, src, i))) i++;
            if (CharAt(m, src, i) != 0) return 0;
            return neg ? -(long)v : (long)v;
        }

        static bool IsSpace(int c) => c == ' ' || c == '\t';

        static int DigitValue(int c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return 99;
        }

        static bool ParseDigits(byte[] m, int src, ref int i, int radix, out ulong value)
        {
            value = 0;
            int count = 0;
            ulong limit = ulong.MaxValue / (ulong)radix;
            while (true)
            {
                int c = CharAt(m, src, i);
                if (c == '_')
                {
                    // Only between two digits.
                    if (count == 0 || DigitValue(CharAt(m, src, i + 1)) >= radix) return false;
                    i++;
                    continue;
                }
                int d = DigitValue(c);
                if (d >= radix) break;
                if (value > limit) return false;
                ulong next = value * (ulong)radix + (ulong)d;
                if (next < value * (ulong)radix) return false;   // overflow past 2^64 - 1
                value = next;
                count++;
                i++;
            }
            return count > 0;
        }
    }

    /// <summary>
    /// Scratch space of the string natives, one per interpreter (allocated once, never per scan): two programs running
    /// on two threads of one process must not share it.
    /// </summary>
    public sealed class NativeScratch
    {
        public readonly char[] Text = new char[NativeFunctions.StringTextCapacity];
        public readonly MemoryChars Chars = new MemoryChars();
        public readonly MemoryChars Other = new MemoryChars();
    }
}

namespace Plc.Runtime.Core
{
    /// <summary>
    /// Reads the text of an elementary value, as <c>STRING_TO_*</c> conversions need it (portable, allocation-free):
    /// the IEC literal forms (<c>TRUE</c>, <c>-42</c>, <c>16#FF</c>, <c>INT#5</c>, <c>2.5</c>, <c>1.5E3</c>, <c>T#1s500ms</c>,
    /// <c>D#2024-01-15</c>, <c>TOD#12:30:00</c>, <c>DT#2024-01-15-12:30:00</c>) and, for times and dates, the same
    /// without their prefix. Leading and trailing blanks are allowed. Text that is not a literal of the kind gives
    /// false (the conversion then yields 0).
    /// Reads characters through <see cref="ICharSource"/> so that STRING (bytes) and WSTRING (16-bit) share it.
    /// </summary>
    public static class LiteralParser
    {
        const long NsPerDay = 86400L * 1000000000L;

        /// <summary>Parses text for an elementary kind into a value stack slot (integers and times as 64-bit values,
        /// REAL/LREAL as double bits, BOOL 0/1).</summary>
        public static bool TryParse(ICharSource s, ElementaryKind kind, out long slot)
        {
            slot = 0;
            int i = 0, end = s.Length;
            while (i < end && IsBlank(s.At(i))) i++;
            while (end > i && IsBlank(s.At(end - 1))) end--;
            if (i >= end) return false;
            // A typed prefix such as INT# or T# (for reals also REAL#): skip it when the part before # is a name.
            int hash = -1;
            for (int k = i; k < end; k++) if (s.At(k) == '#') { hash = k; break; }
            if (hash > i && IsLetter(s.At(i)))
            {
                i = hash + 1;
                if (kind == ElementaryKind.Bool || IsIntegral(kind) || kind == ElementaryKind.Real || kind == ElementaryKind.LReal)
                {
                    // INT#16#FF: a second # belongs to a based number; fine.
                }
            }
            switch (kind)
            {
                case ElementaryKind.Bool:
                    if (Matches(s, i, end, "TRUE") || Matches(s, i, end, "1")) { slot = 1; return true; }
                    if (Matches(s, i, end, "FALSE") || Matches(s, i, end, "0")) { slot = 0; return true; }
                    return false;
                case ElementaryKind.Real:
                case ElementaryKind.LReal:
                {
                    double d;
                    if (!ParseReal(s, i, end, out d)) return false;
                    if (kind == ElementaryKind.Real) d = (float)d;
                    slot = System.BitConverter.DoubleToInt64Bits(d);
                    return true;
                }
                case ElementaryKind.Time:
                case ElementaryKind.LTime:
                    return ParseDuration(s, i, end, out slot);
                case ElementaryKind.Date:
                case ElementaryKind.LDate:
                    return ParseDate(s, ref i, end, out slot) && i == end;
                case ElementaryKind.TimeOfDay:
                case ElementaryKind.LTimeOfDay:
                    return ParseTimeOfDay(s, ref i, end, out slot) && i == end;
                case ElementaryKind.DateAndTime:
                case ElementaryKind.LDateAndTime:
                {
                    long date, tod;
                    if (!ParseDate(s, ref i, end, out date)) return false;
                    if (i >= end || s.At(i) != '-') return false;
                    i++;
                    if (!ParseTimeOfDay(s, ref i, end, out tod) || i != end) return false;
                    slot = date + tod;
                    return true;
                }
                default:
                    return ParseInteger(s, i, end, out slot);
            }
        }

        static bool IsIntegral(ElementaryKind k) => k != ElementaryKind.Bool && k != ElementaryKind.Real && k != ElementaryKind.LReal
            && k != ElementaryKind.Time && k != ElementaryKind.LTime && k != ElementaryKind.Date && k != ElementaryKind.LDate
            && k != ElementaryKind.TimeOfDay && k != ElementaryKind.LTimeOfDay && k != ElementaryKind.DateAndTime
            && k != ElementaryKind.LDateAndTime;

        static bool IsBlank(int c) => c == ' ' || c == '\t';
        static bool IsLetter(int c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        static bool IsDigit(int c) => c >= '0' && c <= '9';

        static int Upper(int c) => c >= 'a' && c <= 'z' ? c - 32 : c;

        static bool Matches(ICharSource s, int i, int end, string word)
        {
            if (end - i != word.Length) return false;
            for (int k = 0; k < word.Length; k++)
                if (Upper(s.At(i + k)) != word[k]) return false;
            return true;
        }

        static int DigitValue(int c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return 99;
        }

        /// <summary>Optional sign, decimal digits or 2#/8#/16# based digits, single underscores between digits.
        /// The value is taken modulo 2^64.</summary>
        static bool ParseInteger(ICharSource s, int i, int end, out long value)
        {
            value = 0;
            bool negative = false;
            if (i < end && (s.At(i) == '+' || s.At(i) == '-')) { negative = s.At(i) == '-'; i++; }
            ulong v;
            if (!Digits(s, ref i, end, 10, out v)) return false;
            if (i < end && s.At(i) == '#')
            {
                if (v != 2 && v != 8 && v != 16) return false;
                i++;
                if (!Digits(s, ref i, end, (int)v, out v)) return false;
            }
            if (i != end) return false;
            value = negative ? -(long)v : (long)v;
            return true;
        }

        static bool Digits(ICharSource s, ref int i, int end, int radix, out ulong value)
        {
            value = 0;
            int count = 0;
            while (i < end)
            {
                int c = s.At(i);
                if (c == '_' && count > 0 && i + 1 < end && DigitValue(s.At(i + 1)) < radix) { i++; continue; }
                int d = DigitValue(c);
                if (d >= radix) break;
                ulong next = value * (ulong)radix + (ulong)d;
                if (value > ulong.MaxValue / (ulong)radix || next < value * (ulong)radix) return false;
                value = next;
                count++;
                i++;
            }
            return count > 0;
        }

        /// <summary>[sign] digits [. digits] [E [sign] digits], underscores between digits. Exact to the nearest
        /// double for up to 19 significant digits (more are ignored).</summary>
        static bool ParseReal(ICharSource s, int i, int end, out double result)
        {
            result = 0;
            bool negative = false;
            if (i < end && (s.At(i) == '+' || s.At(i) == '-')) { negative = s.At(i) == '-'; i++; }
            ulong mantissa = 0;
            int digits = 0, exponent = 0;
            bool any = false;
            while (i < end && (IsDigit(s.At(i)) || s.At(i) == '_'))
            {
                int c = s.At(i++);
                if (c == '_') continue;
                any = true;
                if (digits < 19) { mantissa = mantissa * 10 + (ulong)(c - '0'); if (mantissa != 0) digits++; }
                else exponent++;
            }
            if (i < end && s.At(i) == '.')
            {
                i++;
                while (i < end && (IsDigit(s.At(i)) || s.At(i) == '_'))
                {
                    int c = s.At(i++);
                    if (c == '_') continue;
                    any = true;
                    if (digits < 19) { mantissa = mantissa * 10 + (ulong)(c - '0'); if (mantissa != 0) digits++; exponent--; }
                }
            }
            if (!any) return false;
            if (i < end && (s.At(i) == 'e' || s.At(i) == 'E'))
            {
                i++;
                bool eneg = false;
                if (i < end && (s.At(i) == '+' || s.At(i) == '-')) { eneg = s.At(i) == '-'; i++; }
                int e = 0, count = 0;
                while (i < end && IsDigit(s.At(i))) { if (e < 100000) e = e * 10 + (s.At(i) - '0'); i++; count++; }
                if (count == 0) return false;
                exponent += eneg ? -e : e;
            }
            if (i != end) return false;
            result = Scale(mantissa, exponent);
            if (negative) result = -result;
            return true;
        }

        /// <summary>mantissa · 10^exponent, rounding once where the powers of ten are exact.</summary>
        static double Scale(ulong mantissa, int exponent)
        {
            if (mantissa == 0) return 0.0;
            double m = mantissa;
            if (exponent == 0) return m;
            if (exponent > 0 && exponent <= 22 && mantissa < (1UL << 53)) return m * Pow10(exponent);
            if (exponent < 0 && exponent >= -22 && mantissa < (1UL << 53)) return m / Pow10(-exponent);
            // Far exponents: scale in steps (may differ from the correctly rounded value in the last bit).
            double r = m;
            while (exponent > 0) { int step = exponent > 22 ? 22 : exponent; r *= Pow10(step); exponent -= step; }
            while (exponent < 0) { int step = -exponent > 22 ? 22 : -exponent; r /= Pow10(step); exponent += step; }
            return r;
        }

        static double Pow10(int n)
        {
            double r = 1.0;
            for (int k = 0; k < n; k++) r *= 10.0;
            return r;
        }

        /// <summary>[-] parts with units d h m s ms us ns, '_' allowed; the last part may have a fraction.</summary>
        static bool ParseDuration(ICharSource s, int i, int end, out long ns)
        {
            ns = 0;
            bool negative = false;
            if (i < end && (s.At(i) == '+' || s.At(i) == '-')) { negative = s.At(i) == '-'; i++; }
            if (i >= end) return false;
            long total = 0;
            while (i < end)
            {
                if (s.At(i) == '_') { i++; continue; }
                ulong whole;
                if (!Digits(s, ref i, end, 10, out whole)) return false;
                long fracNum = 0, fracDen = 1;
                if (i < end && s.At(i) == '.')
                {
                    i++;
                    while (i < end && IsDigit(s.At(i)))
                    {
                        if (fracDen < 1000000000000000000L / 10) { fracNum = fracNum * 10 + (s.At(i) - '0'); fracDen *= 10; }
                        i++;
                    }
                }
                int u = i;
                while (i < end && IsLetter(s.At(i)) && s.At(i) != '_') i++;
                long unit = UnitNs(s, u, i);
                if (unit == 0) return false;
                if (whole > (ulong)(long.MaxValue / unit)) return false;
                long part = (long)whole * unit + fracNum * (unit / fracDen) + (unit % fracDen == 0 ? 0 : fracNum * (unit % fracDen) / fracDen);
                if (total > long.MaxValue - part) return false;
                total += part;
            }
            ns = negative ? -total : total;
            return true;
        }

        static long UnitNs(ICharSource s, int from, int to)
        {
            int n = to - from;
            int a = n > 0 ? Upper(s.At(from)) : 0, b = n > 1 ? Upper(s.At(from + 1)) : 0;
            if (n == 1 && a == 'D') return NsPerDay;
            if (n == 1 && a == 'H') return 3600L * 1000000000L;
            if (n == 1 && a == 'M') return 60L * 1000000000L;
            if (n == 1 && a == 'S') return 1000000000L;
            if (n == 2 && a == 'M' && b == 'S') return 1000000L;
            if (n == 2 && a == 'U' && b == 'S') return 1000L;
            if (n == 2 && a == 'N' && b == 'S') return 1L;
            return 0;
        }

        static bool Number(ICharSource s, ref int i, int end, int minDigits, int maxDigits, out int value)
        {
            value = 0;
            int count = 0;
            while (i < end && IsDigit(s.At(i)) && count < maxDigits) { value = value * 10 + (s.At(i) - '0'); i++; count++; }
            return count >= minDigits;
        }

        /// <summary>YYYY-MM-DD as ns since 1970-01-01 (proleptic Gregorian).</summary>
        static bool ParseDate(ICharSource s, ref int i, int end, out long ns)
        {
            ns = 0;
            int y, m, d;
            if (!Number(s, ref i, end, 1, 4, out y) || i >= end || s.At(i) != '-') return false;
            i++;
            if (!Number(s, ref i, end, 1, 2, out m) || i >= end || s.At(i) != '-') return false;
            i++;
            if (!Number(s, ref i, end, 1, 2, out d)) return false;
            if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
            ns = DaysFromCivil(y, m, d) * NsPerDay;
            return true;
        }

        /// <summary>hh:mm[:ss[.fraction]] as ns since midnight.</summary>
        static bool ParseTimeOfDay(ICharSource s, ref int i, int end, out long ns)
        {
            ns = 0;
            int h, mi, sec = 0;
            if (!Number(s, ref i, end, 1, 2, out h) || i >= end || s.At(i) != ':') return false;
            i++;
            if (!Number(s, ref i, end, 1, 2, out mi)) return false;
            long frac = 0;
            if (i < end && s.At(i) == ':')
            {
                i++;
                if (!Number(s, ref i, end, 1, 2, out sec)) return false;
                if (i < end && s.At(i) == '.')
                {
                    i++;
                    long scale = 100000000;
                    int count = 0;
                    while (i < end && IsDigit(s.At(i)))
                    {
                        if (count < 9) { frac += (s.At(i) - '0') * scale; scale /= 10; }
                        count++;
                        i++;
                    }
                    if (count == 0) return false;
                }
            }
            if (h > 23 || mi > 59 || sec > 59) return false;
            ns = ((h * 60L + mi) * 60L + sec) * 1000000000L + frac;
            return true;
        }

        public static int DaysInMonth(int y, int m)
        {
            if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
        }

        /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).</summary>
        public static long DaysFromCivil(long y, int m, int d)
        {
            y -= m <= 2 ? 1 : 0;
            long era = (y >= 0 ? y : y - 399) / 400;
            long yoe = y - era * 400;
            long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468;
        }
    }

    /// <summary>Characters of a STRING or WSTRING in memory (up to the terminator), for parsing.</summary>
    public interface ICharSource
    {
        int Length { get; }
        int At(int index);
    }

    /// <summary>A NUL-terminated STRING (one byte per character) or WSTRING (two bytes) in program memory.</summary>
    public sealed class MemoryChars : ICharSource
    {
        byte[] memory = new byte[0];
        int address;
        int length;
        bool wide;

        /// <summary>Points at a string in memory; reading stops at the terminator or at the end of memory.</summary>
        public void Set(byte[] mem, int addr, bool isWide)
        {
            memory = mem; address = addr; wide = isWide;
            int n = 0;
            if (wide) { while (address + 2 * n + 1 < mem.Length && (mem[address + 2 * n] | mem[address + 2 * n + 1]) != 0) n++; }
            else { while (address + n < mem.Length && mem[address + n] != 0) n++; }
            length = n;
        }

        public int Length => length;

        public int At(int index) => wide
            ? memory[address + 2 * index] | (memory[address + 2 * index + 1] << 8)
            : memory[address + index];
    }
}

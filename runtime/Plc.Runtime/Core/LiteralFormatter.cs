namespace Plc.Runtime.Core
{
    /// <summary>
    /// Writes elementary values in IEC 61131-3 literal syntax into a caller's char buffer — the text that
    /// <c>plc sim --print</c> shows and that the <c>*_TO_STRING</c> conversions produce: <c>TRUE</c>, <c>-42</c>,
    /// <c>2.5</c>, <c>1.0E20</c>, <c>T#1s500ms</c>, <c>D#2024-01-15</c>, <c>TOD#12:30:05.25</c>,
    /// <c>DT#2024-01-15-12:30:05</c>. Portable; allocates nothing on .NET (reals use TryFormat), nanoFramework
    /// formats reals with ToString.
    /// </summary>
    public static class LiteralFormatter
    {
        /// <summary>Buffers passed in must have at least this many characters after the start position (reals use
        /// the upper part as scratch space). Any elementary literal is shorter than 48 characters.</summary>
        public const int MaxLength = 96;
        const int ScratchOffset = 48;

        const long NsPerSecond = 1000000000L;
        const long NsPerDay = 86400L * NsPerSecond;

        /// <summary>
        /// Formats a value given as its value-stack slot (integers sign- or zero-extended to 64 bits, REAL/LREAL as
        /// double bits, times and dates in nanoseconds) into buf starting at 0; returns the length. CHAR and WCHAR
        /// are written as <c>CHAR#'A'</c> / <c>WCHAR#"A"</c> (use <see cref="FormatCharRaw"/> for the bare character).
        /// </summary>
        public static int Format(ElementaryKind kind, long slot, char[] buf)
        {
            int n = 0;
            switch (kind)
            {
                case ElementaryKind.Bool:
                    return Put(buf, 0, slot != 0 ? "TRUE" : "FALSE");
                case ElementaryKind.USInt: case ElementaryKind.Byte:
                    return Unsigned(buf, 0, (ulong)(slot & 0xFF));
                case ElementaryKind.UInt: case ElementaryKind.Word:
                    return Unsigned(buf, 0, (ulong)(slot & 0xFFFF));
                case ElementaryKind.UDInt: case ElementaryKind.DWord:
                    return Unsigned(buf, 0, (ulong)(slot & 0xFFFFFFFFL));
                case ElementaryKind.ULInt: case ElementaryKind.LWord:
                    return Unsigned(buf, 0, (ulong)slot);
                case ElementaryKind.SInt: return Signed(buf, 0, (sbyte)slot);
                case ElementaryKind.Int: return Signed(buf, 0, (short)slot);
                case ElementaryKind.DInt: return Signed(buf, 0, (int)slot);
                case ElementaryKind.LInt: return Signed(buf, 0, slot);
                case ElementaryKind.Real:
                    return Real(buf, 0, System.BitConverter.Int64BitsToDouble(slot), true);
                case ElementaryKind.LReal:
                    return Real(buf, 0, System.BitConverter.Int64BitsToDouble(slot), false);
                case ElementaryKind.Time:
                    n = Put(buf, 0, "T#");
                    return Duration(buf, n, slot);
                case ElementaryKind.LTime:
                    n = Put(buf, 0, "LT#");
                    return Duration(buf, n, slot);
                case ElementaryKind.Date:
                    n = Put(buf, 0, "D#");
                    return Date(buf, n, FloorDiv(slot, NsPerDay));
                case ElementaryKind.LDate:
                    n = Put(buf, 0, "LD#");
                    return Date(buf, n, FloorDiv(slot, NsPerDay));
                case ElementaryKind.TimeOfDay:
                    n = Put(buf, 0, "TOD#");
                    return TimeOfDay(buf, n, slot);
                case ElementaryKind.LTimeOfDay:
                    n = Put(buf, 0, "LTOD#");
                    return TimeOfDay(buf, n, slot);
                case ElementaryKind.DateAndTime:
                case ElementaryKind.LDateAndTime:
                {
                    n = Put(buf, 0, kind == ElementaryKind.DateAndTime ? "DT#" : "LDT#");
                    long day = FloorDiv(slot, NsPerDay);
                    n = Date(buf, n, day);
                    buf[n++] = '-';
                    return TimeOfDay(buf, n, slot - day * NsPerDay);
                }
                case ElementaryKind.Char:
                    n = Put(buf, 0, "CHAR#'");
                    n = EscapedChar(buf, n, (int)(slot & 0xFF), false);
                    buf[n++] = '\'';
                    return n;
                case ElementaryKind.WChar:
                    n = Put(buf, 0, "WCHAR#\"");
                    n = EscapedChar(buf, n, (int)(slot & 0xFFFF), true);
                    buf[n++] = '"';
                    return n;
                default:
                    return Signed(buf, 0, slot);
            }
        }

        /// <summary>The character itself (CHAR_TO_STRING).</summary>
        public static int FormatCharRaw(long slot, char[] buf)
        {
            buf[0] = (char)(slot & 0xFFFF);
            return 1;
        }

        static int Put(char[] buf, int at, string s)
        {
            for (int i = 0; i < s.Length; i++) buf[at + i] = s[i];
            return at + s.Length;
        }

        public static int Signed(char[] buf, int at, long v)
        {
            if (v < 0)
            {
                buf[at++] = '-';
                return Unsigned(buf, at, (ulong)(-(v + 1)) + 1UL);
            }
            return Unsigned(buf, at, (ulong)v);
        }

        public static int Unsigned(char[] buf, int at, ulong v)
        {
            int start = at;
            do { buf[at++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v != 0);
            for (int i = start, j = at - 1; i < j; i++, j--) { char t = buf[i]; buf[i] = buf[j]; buf[j] = t; }
            return at;
        }

        static int Padded(char[] buf, int at, long v, int width)
        {
            int start = at;
            at = Unsigned(buf, at, (ulong)v);
            int len = at - start;
            if (len >= width) return at;
            int shift = width - len;
            for (int i = at - 1; i >= start; i--) buf[i + shift] = buf[i];
            for (int i = 0; i < shift; i++) buf[start + i] = '0';
            return at + shift;
        }

        static long FloorDiv(long a, long b)
        {
            long q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
            return q;
        }

        /// <summary>Non-zero parts among d h m s ms us ns; zero is "0ms".</summary>
        static int Duration(char[] buf, int at, long ns)
        {
            if (ns == 0) return Put(buf, at, "0ms");
            ulong v;
            if (ns < 0) { buf[at++] = '-'; v = (ulong)(-(ns + 1)) + 1UL; }
            else v = (ulong)ns;
            ulong d = v / (ulong)NsPerDay; v %= (ulong)NsPerDay;
            ulong h = v / 3600000000000UL; v %= 3600000000000UL;
            ulong m = v / 60000000000UL; v %= 60000000000UL;
            ulong s = v / 1000000000UL; v %= 1000000000UL;
            ulong ms = v / 1000000UL; v %= 1000000UL;
            ulong us = v / 1000UL; ulong rest = v % 1000UL;
            if (d != 0) { at = Unsigned(buf, at, d); buf[at++] = 'd'; }
            if (h != 0) { at = Unsigned(buf, at, h); buf[at++] = 'h'; }
            if (m != 0) { at = Unsigned(buf, at, m); buf[at++] = 'm'; }
            if (s != 0) { at = Unsigned(buf, at, s); buf[at++] = 's'; }
            if (ms != 0) { at = Unsigned(buf, at, ms); buf[at++] = 'm'; buf[at++] = 's'; }
            if (us != 0) { at = Unsigned(buf, at, us); buf[at++] = 'u'; buf[at++] = 's'; }
            if (rest != 0) { at = Unsigned(buf, at, rest); buf[at++] = 'n'; buf[at++] = 's'; }
            return at;
        }

        /// <summary>yyyy-mm-dd of a day count since 1970-01-01 (proleptic Gregorian; Hinnant's civil_from_days).</summary>
        static int Date(char[] buf, int at, long days)
        {
            long z = days + 719468;
            long era = (z >= 0 ? z : z - 146096) / 146097;
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long y = yoe + era * 400;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            long d = doy - (153 * mp + 2) / 5 + 1;
            long m = mp < 10 ? mp + 3 : mp - 9;
            if (m <= 2) y++;
            if (y < 0) { buf[at++] = '-'; y = -y; }
            at = Padded(buf, at, y, 4);
            buf[at++] = '-';
            at = Padded(buf, at, m, 2);
            buf[at++] = '-';
            return Padded(buf, at, d, 2);
        }

        /// <summary>hh:mm:ss and a fraction of the second when it is not zero (trailing zeros trimmed).</summary>
        static int TimeOfDay(char[] buf, int at, long ns)
        {
            if (ns < 0) { buf[at++] = '-'; ns = -ns; }
            long seconds = ns / NsPerSecond, frac = ns % NsPerSecond;
            at = Padded(buf, at, seconds / 3600, 2);
            buf[at++] = ':';
            at = Padded(buf, at, seconds / 60 % 60, 2);
            buf[at++] = ':';
            at = Padded(buf, at, seconds % 60, 2);
            if (frac != 0)
            {
                buf[at++] = '.';
                int start = at;
                at = Padded(buf, at, frac, 9);
                while (at > start + 1 && buf[at - 1] == '0') at--;
            }
            return at;
        }

        /// <summary>One character of a STRING ('...') or WSTRING ("...") literal with $ escapes.</summary>
        public static int EscapedChar(char[] buf, int at, int c, bool wide)
        {
            switch (c)
            {
                case '$': buf[at++] = '$'; buf[at++] = '$'; return at;
                case '\n': buf[at++] = '$'; buf[at++] = 'N'; return at;
                case '\r': buf[at++] = '$'; buf[at++] = 'R'; return at;
                case '\t': buf[at++] = '$'; buf[at++] = 'T'; return at;
                case '\f': buf[at++] = '$'; buf[at++] = 'P'; return at;
            }
            if (!wide && c == '\'') { buf[at++] = '$'; buf[at++] = '\''; return at; }
            if (wide && c == '"') { buf[at++] = '$'; buf[at++] = '"'; return at; }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                buf[at++] = '$';
                int digits = wide ? 4 : 2;
                for (int k = digits - 1; k >= 0; k--)
                {
                    int h = (c >> (4 * k)) & 0xF;
                    buf[at++] = (char)(h < 10 ? '0' + h : 'A' + h - 10);
                }
                return at;
            }
            buf[at++] = (char)c;
            return at;
        }

        /// <summary>
        /// Shortest text that reads back as the same REAL (float) or LREAL value, in IEC syntax: always with a
        /// decimal point (<c>3.0</c>), exponent without '+' or leading zeros (<c>1.0E20</c>, <c>1.5E-7</c>);
        /// <c>INF</c>, <c>-INF</c>, <c>NAN</c> for the values that have no literal.
        /// </summary>
        public static int Real(char[] buf, int at, double value, bool single)
        {
            if (double.IsNaN(value)) return Put(buf, at, "NAN");
            if (value == double.PositiveInfinity || (single && value > 3.4028234663852886E+38)) return Put(buf, at, "INF");
            if (value == double.NegativeInfinity || (single && value < -3.4028234663852886E+38)) return Put(buf, at, "-INF");
            if (value == 0) return Put(buf, at, "0.0");
            int raw = at + ScratchOffset;
            int len = RawShortest(buf, raw, value, single);
            // Normalise into place: mantissa gets a '.', exponent loses '+' and leading zeros.
            int e = -1;
            for (int i = raw; i < raw + len; i++) if (buf[i] == 'E' || buf[i] == 'e') { e = i; break; }
            int mantissaEnd = e < 0 ? raw + len : e;
            bool hasDot = false;
            for (int i = raw; i < mantissaEnd; i++) if (buf[i] == '.') hasDot = true;
            int t = at;
            for (int i = raw; i < mantissaEnd; i++) buf[t++] = buf[i];
            if (!hasDot) { buf[t++] = '.'; buf[t++] = '0'; }
            if (e >= 0)
            {
                buf[t++] = 'E';
                int i = e + 1;
                if (buf[i] == '+') i++;
                else if (buf[i] == '-') { buf[t++] = '-'; i++; }
                while (i < raw + len - 1 && buf[i] == '0') i++;
                for (; i < raw + len; i++) buf[t++] = buf[i];
            }
            return t;
        }

        static int RawShortest(char[] buf, int at, double value, bool single)
        {
#if NANOFRAMEWORK
            string s = single ? ((float)value).ToString("R") : value.ToString("R");
            for (int i = 0; i < s.Length; i++) buf[at + i] = s[i];
            return s.Length;
#else
            var span = new System.Span<char>(buf, at, buf.Length - at);
            int written;
            bool ok = single
                ? ((float)value).TryFormat(span, out written, "R", System.Globalization.CultureInfo.InvariantCulture)
                : value.TryFormat(span, out written, "R", System.Globalization.CultureInfo.InvariantCulture);
            return ok ? written : 0;
#endif
        }
    }
}

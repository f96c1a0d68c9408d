namespace Plc.Runtime.Core
{
    /// <summary>
    /// UTF-8 encoding and decoding without System.Text.Encoding (missing on nanoFramework).
    /// Encoding turns an unpaired surrogate into U+FFFD; decoding is strict (rejects overlong forms, surrogate
    /// code points, values above U+10FFFF and truncated sequences).
    /// </summary>
    public static class Utf8
    {
        /// <summary>Number of bytes <see cref="Encode"/> produces for a string.</summary>
        public static int GetByteCount(string s)
        {
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < 0x80) n += 1;
                else if (c < 0x800) n += 2;
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    n += 4;
                    i++;
                }
                else n += 3;   // BMP character, or an unpaired surrogate written as U+FFFD
            }
            return n;
        }

        public static byte[] Encode(string s)
        {
            var bytes = new byte[GetByteCount(s)];
            Encode(s, bytes, 0);
            return bytes;
        }

        /// <summary>Writes the UTF-8 form of a string at <paramref name="offset"/>; returns the number of bytes.</summary>
        public static int Encode(string s, byte[] dest, int offset)
        {
            int p = offset;
            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    if (c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                    {
                        c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                        i++;
                    }
                    else c = 0xFFFD;
                }
                if (c < 0x80) dest[p++] = (byte)c;
                else if (c < 0x800)
                {
                    dest[p++] = (byte)(0xC0 | (c >> 6));
                    dest[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c < 0x10000)
                {
                    dest[p++] = (byte)(0xE0 | (c >> 12));
                    dest[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    dest[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    dest[p++] = (byte)(0xF0 | (c >> 18));
                    dest[p++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    dest[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    dest[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }
            return p - offset;
        }

        /// <summary>Decodes <paramref name="count"/> bytes; null when they are not well-formed UTF-8.</summary>
        public static string? TryDecode(byte[] bytes, int offset, int count)
        {
            if (offset < 0 || count < 0 || offset > bytes.Length - count) return null;
            var chars = new char[count];   // never more UTF-16 units than bytes
            int n = 0, i = offset, end = offset + count;
            while (i < end)
            {
                int b = bytes[i++];
                if (b < 0x80) { chars[n++] = (char)b; continue; }
                int extra, cp, min;
                if (b >= 0xC2 && b <= 0xDF) { extra = 1; cp = b & 0x1F; min = 0x80; }
                else if (b >= 0xE0 && b <= 0xEF) { extra = 2; cp = b & 0x0F; min = 0x800; }
                else if (b >= 0xF0 && b <= 0xF4) { extra = 3; cp = b & 0x07; min = 0x10000; }
                else return null;
                if (end - i < extra) return null;
                for (int k = 0; k < extra; k++)
                {
                    int cb = bytes[i++];
                    if ((cb & 0xC0) != 0x80) return null;
                    cp = (cp << 6) | (cb & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return null;
                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else chars[n++] = (char)cp;
            }
            return new string(chars, 0, n);
        }
    }
}

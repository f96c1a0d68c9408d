namespace Plc.Runtime.Core
{
    /// <summary>
    /// UTF-8 encoding and decoding of strings without System.Text.Encoding (which nanoFramework lacks in the
    /// form needed). Encoding turns an unpaired surrogate into U+FFFD. Decoding replaces every ill-formed
    /// sequence by U+FFFD, one per maximal subpart as the Unicode standard recommends (the same output as
    /// .NET's Encoding.UTF8): overlong forms, encoded surrogates, values above U+10FFFF, stray continuation
    /// bytes and sequences cut off by the end.
    /// </summary>
    public static class Utf8
    {
        const char Replacement = '\uFFFD';

        static bool IsHigh(char c) => c >= '\uD800' && c <= '\uDBFF';
        static bool IsLow(char c) => c >= '\uDC00' && c <= '\uDFFF';

        /// <summary>Bytes needed to encode s (0 for null).</summary>
        public static int GetByteCount(string s)
        {
            if (s == null) return 0;
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < 0x80) n += 1;
                else if (c < 0x800) n += 2;
                else if (IsHigh(c) && i + 1 < s.Length && IsLow(s[i + 1])) { n += 4; i++; }
                else n += 3;   // BMP character, or an unpaired surrogate written as U+FFFD
            }
            return n;
        }

        /// <summary>The UTF-8 bytes of s (an empty array for null).</summary>
        public static byte[] Encode(string s)
        {
            var bytes = new byte[GetByteCount(s)];
            if (s == null) return bytes;
            int k = 0;
            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (c < 0x80) { bytes[k++] = (byte)c; continue; }
                if (c < 0x800)
                {
                    bytes[k++] = (byte)(0xC0 | (c >> 6));
                    bytes[k++] = (byte)(0x80 | (c & 0x3F));
                    continue;
                }
                if (IsHigh((char)c) && i + 1 < s.Length && IsLow(s[i + 1]))
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                    i++;
                    bytes[k++] = (byte)(0xF0 | (cp >> 18));
                    bytes[k++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    bytes[k++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    bytes[k++] = (byte)(0x80 | (cp & 0x3F));
                    continue;
                }
                if (IsHigh((char)c) || IsLow((char)c)) c = Replacement;
                bytes[k++] = (byte)(0xE0 | (c >> 12));
                bytes[k++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[k++] = (byte)(0x80 | (c & 0x3F));
            }
            return bytes;
        }

        /// <summary>The string encoded by all of bytes.</summary>
        public static string Decode(byte[] bytes) => Decode(bytes, 0, bytes == null ? 0 : bytes.Length);

        /// <summary>The string encoded by bytes[offset, offset + count).</summary>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            if (bytes == null) throw new System.ArgumentNullException("bytes");
            if (offset < 0 || count < 0 || offset > bytes.Length - count) throw new System.ArgumentOutOfRangeException("count");
            if (count == 0) return "";
            // Every byte yields at most one char, except a four-byte sequence, which yields two.
            var chars = new char[count];
            int n = 0, i = offset, end = offset + count;
            while (i < end)
            {
                int b0 = bytes[i];
                if (b0 < 0x80) { chars[n++] = (char)b0; i++; continue; }
                int need, cp, lo = 0x80, hi = 0xBF;
                if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; }
                else if (b0 >= 0xE0 && b0 <= 0xEF)
                {
                    need = 2; cp = b0 & 0x0F;
                    if (b0 == 0xE0) lo = 0xA0;          // no overlong forms
                    else if (b0 == 0xED) hi = 0x9F;     // no surrogates
                }
                else if (b0 >= 0xF0 && b0 <= 0xF4)
                {
                    need = 3; cp = b0 & 0x07;
                    if (b0 == 0xF0) lo = 0x90;          // no overlong forms
                    else if (b0 == 0xF4) hi = 0x8F;     // nothing above U+10FFFF
                }
                else { chars[n++] = Replacement; i++; continue; }

                int j = i + 1;
                bool ok = true;
                for (int k = 0; k < need; k++)
                {
                    if (j >= end) { ok = false; break; }
                    int b = bytes[j];
                    if (b < lo || b > hi) { ok = false; break; }
                    cp = (cp << 6) | (b & 0x3F);
                    j++;
                    lo = 0x80; hi = 0xBF;
                }
                i = j;   // on failure the offending byte is looked at again as the start of a sequence
                if (!ok) { chars[n++] = Replacement; continue; }
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

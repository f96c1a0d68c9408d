namespace Plc.Runtime.Core
{
    /// <summary>
    /// A growable character buffer (nanoFramework has no StringBuilder). Used to build listings and messages.
    /// </summary>
    public sealed class FormatBuffer
    {
        char[] chars;
        int length;

        public FormatBuffer() : this(256) { }

        public FormatBuffer(int capacity)
        {
            chars = new char[capacity < 16 ? 16 : capacity];
        }

        public int Length => length;

        public void Clear() => length = 0;

        void Reserve(int extra)
        {
            int need = length + extra;
            if (need <= chars.Length) return;
            int size = chars.Length * 2;
            if (size < need) size = need;
            var grown = new char[size];
            System.Array.Copy(chars, grown, length);
            chars = grown;
        }

        public FormatBuffer Append(char c)
        {
            Reserve(1);
            chars[length++] = c;
            return this;
        }

        public FormatBuffer Append(string s)
        {
            Reserve(s.Length);
            for (int i = 0; i < s.Length; i++) chars[length++] = s[i];
            return this;
        }

        public FormatBuffer Append(char[] source, int start, int count)
        {
            Reserve(count);
            System.Array.Copy(source, start, chars, length, count);
            length += count;
            return this;
        }

        public FormatBuffer Append(long value)
        {
            Reserve(20);
            length = LiteralFormatter.Signed(chars, length, value);
            return this;
        }

        /// <summary>Appends a non-negative number in upper-case hexadecimal with at least <paramref name="digits"/> digits.</summary>
        public FormatBuffer AppendHex(ulong value, int digits)
        {
            int n = 1;
            for (ulong v = value >> 4; v != 0; v >>= 4) n++;
            if (n < digits) n = digits;
            Reserve(n);
            for (int i = n - 1; i >= 0; i--)
            {
                int d = (int)(value & 0xF);
                chars[length + i] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
                value >>= 4;
            }
            length += n;
            return this;
        }

        /// <summary>Pads with spaces up to <paramref name="column"/> characters since the last line break (at least one space).</summary>
        public FormatBuffer PadTo(int column)
        {
            int lineStart = length;
            while (lineStart > 0 && chars[lineStart - 1] != '\n') lineStart--;
            int col = length - lineStart;
            if (col >= column) return Append(' ');
            while (col++ < column) Append(' ');
            return this;
        }

        public FormatBuffer AppendLine() => Append('\n');

        public FormatBuffer AppendLine(string s) => Append(s).Append('\n');

        public override string ToString() => new string(chars, 0, length);
    }
}

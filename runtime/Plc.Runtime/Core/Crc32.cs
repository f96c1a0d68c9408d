namespace Plc.Runtime.Core
{
    /// <summary>
    /// CRC-32 as zlib, PNG and Ethernet compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial value
    /// and final xor 0xFFFFFFFF): Compute of the ASCII bytes "123456789" is 0xCBF43926.
    /// </summary>
    public static class Crc32
    {
        static readonly uint[] table = BuildTable();

        static uint[] BuildTable()
        {
            var t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }

        /// <summary>The CRC-32 of all of data.</summary>
        public static uint Compute(byte[] data) => Compute(data, 0, data.Length);

        /// <summary>The CRC-32 of data[offset, offset + count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Update(0, data, offset, count);
        }

        /// <summary>
        /// Continues a CRC: Update(Compute(a), b, 0, b.Length) equals the CRC of a followed by b
        /// (Update(0, ...) starts a new one).
        /// </summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            if (data == null) throw new System.ArgumentNullException("data");
            if (offset < 0 || count < 0 || offset > data.Length - count) throw new System.ArgumentOutOfRangeException("count");
            uint[] t = table;
            uint c = ~crc;
            int end = offset + count;
            for (int i = offset; i < end; i++) c = t[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            return ~c;
        }
    }
}

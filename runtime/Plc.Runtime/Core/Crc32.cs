namespace Plc.Runtime.Core
{
    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zlib, PNG and ZIP.</summary>
    public static class Crc32
    {
        static uint[]? table;

        static uint[] Table()
        {
            uint[]? t = table;
            if (t != null) return t;
            t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            table = t;
            return t;
        }

        /// <summary>CRC-32 of a whole array.</summary>
        public static uint Compute(byte[] data) => Compute(data, 0, data.Length);

        /// <summary>CRC-32 of <paramref name="count"/> bytes starting at <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count) => Update(0, data, offset, count);

        /// <summary>Continues a CRC: <c>Update(Compute(a), b)</c> is the CRC of a followed by b.</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint[] t = Table();
            uint c = ~crc;
            int end = offset + count;
            for (int i = offset; i < end; i++)
                c = t[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            return ~c;
        }
    }
}

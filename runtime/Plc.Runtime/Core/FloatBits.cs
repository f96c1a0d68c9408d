namespace Plc.Runtime.Core
{
    /// <summary>
    /// IEEE 754 single-precision bit patterns computed from the double bit pattern with integer arithmetic only,
    /// for nanoFramework (whose BitConverter has no SingleToInt32Bits/Int32BitsToSingle) and without allocation.
    /// The results equal the hardware conversions of x64 and ARM64: doubles round to nearest, ties to even
    /// (overflow to infinity, gradual underflow to subnormals and zero); a NaN keeps its sign and the top 22 bits
    /// of its payload and becomes quiet (float to double shifts the payload up and sets the quiet bit).
    /// </summary>
    public static class FloatBits
    {
        /// <summary>The bit pattern of (float)d.</summary>
        public static int DoubleToFloatBits(double d) => DoubleBitsToFloatBits(System.BitConverter.DoubleToInt64Bits(d));

        /// <summary>The float bit pattern of the double whose bit pattern is db, rounded to nearest even.</summary>
        public static int DoubleBitsToFloatBits(long db)
        {
            int sign = (int)((db >> 32) & unchecked((int)0x80000000));
            int exp = (int)((db >> 52) & 0x7FF);
            long mant = db & 0xFFFFFFFFFFFFFL;
            if (exp == 0x7FF)
            {
                if (mant == 0) return sign | 0x7F800000;                       // infinity
                return sign | 0x7FC00000 | (int)(mant >> 29);                   // quiet NaN, top payload bits kept
            }
            if (exp == 0) return sign;   // zero or a double subnormal (< 2^-1022): far below half the least float
            int e = exp - 1023 + 127;    // biased float exponent
            if (e >= 0xFF) return sign | 0x7F800000;
            long m = mant | (1L << 52);  // 53-bit significand
            int shift = 29;
            if (e <= 0)
            {
                shift = 29 + 1 - e;      // subnormal result: fewer significand bits remain
                if (shift > 62) return sign;
                e = 1;                   // so that (e - 1) << 23 below adds nothing
            }
            long q = m >> shift;
            long rem = m & ((1L << shift) - 1);
            long half = 1L << (shift - 1);
            if (rem > half || (rem == half && (q & 1) != 0)) q++;
            // Normal: q holds the implicit bit (1 << 23); a carry out of the significand moves into the exponent
            // (up to infinity). Subnormal: q < 1 << 23, or rounds up to exactly the smallest normal.
            return sign | (int)(((long)(e - 1) << 23) + q);
        }

        /// <summary>The double value of the float whose bit pattern is bits (exact; NaNs become quiet).</summary>
        public static double FloatBitsToDouble(int bits) => System.BitConverter.Int64BitsToDouble(FloatBitsToDoubleBits(bits));

        /// <summary>The double bit pattern of the float whose bit pattern is bits.</summary>
        public static long FloatBitsToDoubleBits(int bits)
        {
            long sign = ((long)bits & 0x80000000L) << 32;
            int exp = (bits >> 23) & 0xFF;
            long mant = bits & 0x7FFFFF;
            if (exp == 0xFF)
            {
                if (mant == 0) return sign | 0x7FF0000000000000L;
                return sign | 0x7FF8000000000000L | (mant << 29);
            }
            if (exp == 0)
            {
                if (mant == 0) return sign;
                // Subnormal: value = mant * 2^-149. Normalise around its highest set bit p.
                int p = 22;
                while ((mant & (1L << p)) == 0) p--;
                long dexp = p - 149 + 1023;
                return sign | (dexp << 52) | ((mant << (52 - p)) & 0xFFFFFFFFFFFFFL);
            }
            return sign | ((long)(exp - 127 + 1023) << 52) | (mant << 29);
        }

        /// <summary>The bit pattern of a float (BitConverter.SingleToInt32Bits, which nanoFramework lacks).</summary>
        public static int SingleToInt32Bits(float f)
        {
#if NANOFRAMEWORK
            return DoubleToFloatBits((double)f);
#else
            return System.BitConverter.SingleToInt32Bits(f);
#endif
        }

        /// <summary>The float with the given bit pattern (BitConverter.Int32BitsToSingle, which nanoFramework lacks).</summary>
        public static float Int32BitsToSingle(int bits)
        {
#if NANOFRAMEWORK
            return (float)FloatBitsToDouble(bits);
#else
            return System.BitConverter.Int32BitsToSingle(bits);
#endif
        }
    }
}

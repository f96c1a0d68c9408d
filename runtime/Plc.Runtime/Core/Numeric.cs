namespace Plc.Runtime.Core
{
    /// <summary>
    /// Conversions of LREAL to integers and of ULINT to LREAL, written with integer and double arithmetic only
    /// (nanoFramework has no System.Math). Rounding is to nearest, halfway cases to even (IEC 60559; D5); results
    /// saturate to the target's range; NaN gives 0.
    /// </summary>
    public static class Numeric
    {
        const double Two63 = 9223372036854775808.0;
        const double Two64 = 18446744073709551616.0;

        /// <summary>Round half to even for a non-NaN d with -2^63 &lt; d &lt; 2^63.</summary>
        static long RoundInRange(double d)
        {
            long t = (long)d;               // toward zero
            double frac = d - (double)t;    // exact: t is d's integral part
            if (frac > 0.5 || (frac == 0.5 && (t & 1) != 0)) t++;
            else if (frac < -0.5 || (frac == -0.5 && (t & 1) != 0)) t--;
            return t;
        }

        public static int RoundToInt32(double d)
        {
            if (double.IsNaN(d)) return 0;
            if (d >= 2147483647.0) return int.MaxValue;
            if (d <= -2147483648.0) return int.MinValue;
            return (int)RoundInRange(d);
        }

        public static uint RoundToUInt32(double d)
        {
            if (double.IsNaN(d) || d <= 0.0) return 0;
            if (d >= 4294967295.0) return uint.MaxValue;
            return (uint)RoundInRange(d);
        }

        public static long RoundToInt64(double d)
        {
            if (double.IsNaN(d)) return 0;
            if (d >= Two63) return long.MaxValue;
            if (d <= -Two63) return long.MinValue;
            return RoundInRange(d);
        }

        public static ulong RoundToUInt64(double d)
        {
            if (double.IsNaN(d) || d <= 0.0) return 0;
            if (d >= Two64) return ulong.MaxValue;
            if (d < Two63) return (ulong)RoundInRange(d);
            return (ulong)(long)(d - Two63) + 9223372036854775808UL;   // d is an integer here
        }

        public static int TruncToInt32(double d)
        {
            if (double.IsNaN(d)) return 0;
            if (d >= 2147483647.0) return int.MaxValue;
            if (d <= -2147483648.0) return int.MinValue;
            return (int)(long)d;
        }

        public static uint TruncToUInt32(double d)
        {
            if (double.IsNaN(d) || d <= 0.0) return 0;
            if (d >= 4294967295.0) return uint.MaxValue;
            return (uint)(long)d;
        }

        public static long TruncToInt64(double d)
        {
            if (double.IsNaN(d)) return 0;
            if (d >= Two63) return long.MaxValue;
            if (d <= -Two63) return long.MinValue;
            return (long)d;
        }

        public static ulong TruncToUInt64(double d)
        {
            if (double.IsNaN(d) || d <= 0.0) return 0;
            if (d >= Two64) return ulong.MaxValue;
            if (d < Two63) return (ulong)(long)d;
            return (ulong)(long)(d - Two63) + 9223372036854775808UL;
        }

        /// <summary>The unsigned 64-bit value of v's bit pattern as a double, rounded to nearest even.</summary>
        public static double UInt64ToDouble(long v)
        {
            if (v >= 0) return (double)v;
            // Halve with a sticky low bit so the one rounding happens in the conversion, then double (exact).
            long h = (long)((ulong)v >> 1) | (v & 1);
            return (double)h * 2.0;
        }
    }
}

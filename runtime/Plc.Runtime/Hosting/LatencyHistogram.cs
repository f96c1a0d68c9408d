using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// Durations in nanoseconds with min, mean, max and percentiles, in fixed memory: a log-linear histogram (64
/// buckets per power of two, so a percentile is exact to within 1/64 ≈ 1.6 %). Record allocates nothing and takes no
/// lock; one thread records.
/// </summary>
public sealed class LatencyHistogram
{
    const int SubBits = 6;
    const int Sub = 1 << SubBits;            // 64 buckets per power of two
    const int Powers = 64 - SubBits;         // covers every non-negative long
    readonly long[] counts = new long[(Powers + 1) * Sub];

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; } = long.MinValue;
    long sum;       // wraps only after 2^63 ns of recorded time in total: ~292 years

    public double Mean => Count == 0 ? 0 : (double)sum / Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long ns)
    {
        if (ns < 0) ns = 0;
        counts[Bucket(ns)]++;
        Count++;
        sum += ns;
        if (ns < Min) Min = ns;
        if (ns > Max) Max = ns;
    }

    public void Clear()
    {
        System.Array.Clear(counts);
        Count = 0; sum = 0; Min = long.MaxValue; Max = long.MinValue;
    }

    /// <summary>The smallest recorded-value bound v such that at least <paramref name="fraction"/> of the values are
    /// ≤ v (the upper edge of the bucket, clamped to Max); 0 when nothing was recorded.</summary>
    public long Percentile(double fraction)
    {
        if (Count == 0) return 0;
        long rank = (long)System.Math.Ceiling(fraction * Count);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (int b = 0; b < counts.Length; b++)
        {
            seen += counts[b];
            if (seen >= rank) return System.Math.Min(System.Math.Max(UpperEdge(b), Min), Max);
        }
        return Max;
    }

    /// <summary>Values below 64 get a bucket each; above, bucket = (power, top 6 bits after the leading one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Bucket(long v)
    {
        if (v < Sub) return (int)v;
        int log = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)v);   // ≥ SubBits
        int shift = log - SubBits;
        int mantissa = (int)(v >> shift) - Sub;                                     // 0..63
        return (shift + 1) * Sub + mantissa;
    }

    static long UpperEdge(int bucket)
    {
        if (bucket < Sub) return bucket;
        int shift = bucket / Sub - 1;
        long mantissa = bucket % Sub + Sub;
        return ((mantissa + 1) << shift) - 1;
    }
}

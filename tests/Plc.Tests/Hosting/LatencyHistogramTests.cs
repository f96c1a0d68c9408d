using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hosting;

public class LatencyHistogramTests
{
    [Fact]
    public void Min_mean_max_are_exact_and_percentiles_within_one_bucket()
    {
        var h = new LatencyHistogram();
        for (long us = 1; us <= 1000; us++) h.Record(us * 1000);
        Assert.Equal(1000, h.Count);
        Assert.Equal(1000, h.Min);
        Assert.Equal(1_000_000, h.Max);
        Assert.Equal(500_500.0, h.Mean);
        // The 99th percentile of 1..1000 us is 990 us; buckets are 1/64 of a power of two wide (< 1.6 %).
        long p99 = h.Percentile(0.99);
        Assert.InRange(p99, 990_000, 990_000 * 1.016);
        Assert.InRange(h.Percentile(0.5), 500_000, 500_000 * 1.016);
        Assert.Equal(1_000_000, h.Percentile(1.0));
        Assert.InRange(h.Percentile(0.0001), 1000, 1016);   // the first bucket's upper edge
    }

    [Fact]
    public void Small_values_are_exact_and_extremes_do_not_overflow()
    {
        var h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) h.Record(i % 10);
        Assert.Equal(9, h.Percentile(0.99));
        Assert.Equal(4, h.Percentile(0.5));
        h.Record(long.MaxValue);
        h.Record(-5);                            // clock went backwards: counts as 0
        Assert.Equal(long.MaxValue, h.Max);
        Assert.Equal(0, h.Min);
        Assert.Equal(long.MaxValue, h.Percentile(1.0));
        h.Clear();
        Assert.Equal(0, h.Count);
        Assert.Equal(0, h.Percentile(0.99));
    }
}

using System;
using Plc.Runtime.Hosting;

namespace Plc.Tests.Hosting;

/// <summary>What the scan thread allocates: the one way every "nothing per scan" test measures it.</summary>
public static class ScanAllocation
{
    /// <summary>
    /// Bytes the calling thread allocates while <paramref name="loop"/> runs for <paramref name="durationNs"/> (null:
    /// until stopped). Counted from an empty allocation context: a GC that another thread causes during the run hands
    /// the unused rest of this thread's context back, and the thread's counter then jumps by it (up to 8 KB) without any
    /// allocation; after a collection here the context is empty, and stays so unless the scans allocate.
    /// </summary>
    public static long During(ScanLoop loop, long? durationNs)
    {
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Run(durationNs);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

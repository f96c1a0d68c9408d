using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// What one task's scans took, recorded by the scan loop without allocating (docs/performance.md): the cycle time is
/// how long a scan of the task ran (start to end), the jitter how late it started after its release time; overruns are
/// releases the task missed because the scans before them were still running.
/// </summary>
public sealed class TaskStatistics
{
    public TaskStatistics(string name, long intervalNs) { Name = name; IntervalNs = intervalNs; }

    public string Name { get; }
    /// <summary>Cyclic interval (0 for an event task).</summary>
    public long IntervalNs { get; }
    public long Scans => CycleTime.Count;
    public LatencyHistogram CycleTime { get; } = new();
    public LatencyHistogram Jitter { get; } = new();
    public long Overruns { get; internal set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long releaseNs, long startNs, long endNs)
    {
        CycleTime.Record(endNs - startNs);
        Jitter.Record(startNs - releaseNs);
    }

    public void Clear()
    {
        CycleTime.Clear();
        Jitter.Clear();
        Overruns = 0;
    }
}

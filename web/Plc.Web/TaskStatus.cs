using System.Collections.Generic;
using Plc.Runtime.Hosting;

namespace Plc.Web;

/// <summary>One task's statistics for <c>/api/status</c>, read from the scan loop's counters while it runs (plain
/// reads of numbers the scan thread updates: a figure may be one scan old, nothing is locked).</summary>
public sealed record TaskStatus(string Name, long IntervalNs, long Scans, double CycleMeanNs, long CycleMaxNs, long JitterMaxNs, long Overruns)
{
    public static List<TaskStatus> Of(ScanLoop loop)
    {
        var list = new List<TaskStatus>();
        var stats = loop.Statistics;
        var overruns = loop.Planner.Overruns;
        for (int i = 0; i < stats.Length; i++)
        {
            var s = stats[i];
            long count = s.CycleTime.Count;
            list.Add(new TaskStatus(
                s.Name == Simulator.DefaultTaskName ? "(default)" : s.Name, s.IntervalNs, count, s.CycleTime.Mean,
                count == 0 ? 0 : s.CycleTime.Max, count == 0 ? 0 : s.Jitter.Max, i < overruns.Length ? overruns[i] : 0));
        }
        return list;
    }
}

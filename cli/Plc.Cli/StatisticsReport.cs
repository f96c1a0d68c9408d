using System.Globalization;
using System.IO;
using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary>
/// The table of <c>plc run --stats</c>: per task, scans, cycle time (how long a scan ran) and jitter (how late it
/// started after its release), each min/mean/max/p99 in microseconds, and overruns (releases missed).
/// </summary>
public static class StatisticsReport
{
    public static void Write(TextWriter w, ScanLoop loop, ScanLoopResult? result)
    {
        w.WriteLine("task             interval      scans   cycle us min/mean/max/p99          jitter us min/mean/max/p99         overruns");
        foreach (var s in loop.Statistics)
        {
            string name = s.Name == Simulator.DefaultTaskName ? "(default)" : s.Name;
            string interval = s.IntervalNs > 0 ? VariablePrinter.FormatTime(s.IntervalNs) : "event";
            w.WriteLine($"{name,-16} {interval,-12} {s.Scans,7}   {Quad(s.CycleTime),-34} {Quad(s.Jitter),-34} {s.Overruns,8}");
        }
        if (result is { Restarts: > 0 }) w.WriteLine($"restarts after faults: {result.Restarts}");
    }

    static string Quad(LatencyHistogram h)
    {
        if (h.Count == 0) return "-";
        return $"{Us(h.Min)}/{Us(h.Mean)}/{Us(h.Max)}/{Us(h.Percentile(0.99))}";
    }

    static string Us(double ns) => (ns / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
}

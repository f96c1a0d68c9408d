using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary>
/// <c>plc bench FILE.st...|IMAGE [--cycles N] [--print NAME,...] [--repeat R] [--cycle-time TIME]</c>: the scan time of a
/// program on the virtual clock (docs/performance.md). Compiles, warms up, then runs N scans R times, each time from a
/// fresh start, and prints <c>ns_per_scan=</c> (the median of the R runs), <c>alloc_bytes_per_scan=</c> (measured with the
/// thread's allocation counter, the fixed cost of starting a run subtracted) and the <c>NAME = VALUE</c> lines after
/// exactly N scans. Without --cycles, N is chosen so that one run takes about a second.
/// </summary>
public static class BenchCommand
{
    static readonly string[] options = { "--cycles", "--print", "--repeat", "--cycle-time", "--tier" };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, options);
        if (a.Positional.Count == 0) throw new UsageException("bench: no source files or image");
        long? cycles = null;
        if (a.Get("--cycles") is { } c)
        {
            if (!long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count < 1 || count > 1_000_000_000)
                throw new UsageException($"--cycles: '{c}' is not a number of scans from 1 to 1000000000");
            cycles = count;
        }
        int repeat = 5;
        if (a.Get("--repeat") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) || repeat < 1 || repeat > 100))
            throw new UsageException($"--repeat: '{r}' is not a number from 1 to 100");
        long? cycleTime = a.Get("--cycle-time") is { } ct ? TimeArgument.Parse("--cycle-time", ct) : null;
        if (cycleTime is <= 0) throw new UsageException("--cycle-time must be positive");
        var names = a.Get("--print") is { } p ? SimCommand.SplitNames(p) : new List<string>();
        var tier = TierArgument.Parse(a.Get("--tier"));

        if (ProgramLoader.LoadForRun(a.Positional, names, stderr, out int exit) is not var (image, verified)) return exit;

        ScanLoop Fresh() => new(image, verified, new VirtualClock(), new ScanLoopOptions { DefaultTaskIntervalNs = cycleTime, UseTaskWatchdogs = false, Tier = tier });
        var first = Fresh();
        if (first.TierNote != null) stderr.WriteLine("plc: note: " + first.TierNote);
        int reference = first.Planner.FastestCyclic();
        if (reference < 0) throw new UsageException("bench: the program has no cyclic task");
        long interval = first.Planner.Interval(reference);
        // A scan is a release of the fastest task: N scans are the releases before N intervals (D17).
        long Duration(long scans) => (long)Math.Min((decimal)long.MaxValue, (decimal)scans * interval);

        // Warm-up: JIT and caches, and the scan count for about a second when --cycles is not given.
        var sw = Stopwatch.StartNew();
        long warm = 0;
        var warmLoop = Fresh();
        while (sw.ElapsedMilliseconds < 300 && warm < 1_000_000)
        {
            long batch = Math.Max(1, warm);
            var res = warmLoop.Run(Duration(batch));
            if (res.Reason == ScanStop.Fault) return Fault(image, res.Fault!, stderr);
            warm += batch;
        }
        double warmNs = sw.Elapsed.TotalNanoseconds / Math.Max(1, warm);
        long n = cycles ?? Math.Clamp((long)(1e9 / Math.Max(1, warmNs)), 10, 100_000_000);

        var times = new List<double>();
        long allocated = 0;
        ScanLoop? last = null;
        for (int i = 0; i < repeat; i++)
        {
            var loop = Fresh();
            var empty = Fresh();
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            empty.Run(0);                                   // what starting a run costs, without scans
            long a1 = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();
            var result = loop.Run(Duration(n));
            long t1 = Stopwatch.GetTimestamp();
            long a2 = GC.GetAllocatedBytesForCurrentThread();
            if (result.Reason == ScanStop.Fault) return Fault(image, result.Fault!, stderr);
            times.Add((t1 - t0) * (1e9 / Stopwatch.Frequency) / n);
            allocated = Math.Max(allocated, (a2 - a1) - (a1 - a0));
            last = loop;
        }
        times.Sort();
        double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        stdout.WriteLine("ns_per_scan=" + median.ToString("0.0", CultureInfo.InvariantCulture));
        double perScan = Math.Max(0, allocated) / (double)n;
        stdout.WriteLine("alloc_bytes_per_scan=" + (perScan == 0 ? "0" : perScan.ToString("0.###", CultureInfo.InvariantCulture)));
        // stdout is exactly the contract (ns_per_scan, alloc_bytes_per_scan, NAME = VALUE); the run's size goes to stderr.
        stderr.WriteLine($"plc: bench: {n} scans, {repeat} runs, {(last!.Tier == ExecutionTier.Compiled ? "compiled" : "interpreted")}");
        var printer = new VariablePrinter(image, last!.Memory);
        foreach (var name in names) stdout.WriteLine($"{name} = {printer.Format(name)}");
        return CommandLine.Ok;
    }

    static int Fault(Image image, ScanFault f, TextWriter stderr)
    {
        stderr.WriteLine(RunCommand.FormatFault(image, f, f.TimeNs));
        return CommandLine.RuntimeFault;
    }
}

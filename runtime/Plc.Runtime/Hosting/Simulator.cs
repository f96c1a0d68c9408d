using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

public sealed class SimulationOptions
{
    /// <summary>Run this many scans of the fastest cyclic task (with the other tasks released in between).</summary>
    public int? Cycles { get; init; }
    /// <summary>Run every task release at simulated times 0 ≤ t &lt; Duration.</summary>
    public long? DurationNs { get; init; }
    /// <summary>Interval of the implicit default task (programs without a CONFIGURATION).</summary>
    public long? CycleTimeNs { get; init; }
    /// <summary>Wall-clock watchdog of every scan (the tasks' own WATCHDOG settings are for the target: D27).</summary>
    public long WatchdogNs { get; init; } = DesktopHost.DefaultWatchdogNs;
}

public sealed class SimulationResult
{
    public bool Faulted => Fault.IsFault;
    public Fault Fault { get; init; }
    /// <summary>Task that faulted, and the simulated time of its scan.</summary>
    public string TaskName { get; init; } = "";
    public long TimeNs { get; init; }
    /// <summary>Scans run, all tasks together.</summary>
    public long Scans { get; init; }
}

/// <summary>
/// Runs an image on a virtual clock (docs/semantics.md D17): the <see cref="ScanLoop"/> of <c>plc run</c>, with a
/// clock that jumps to each release, so scans take no simulated time and scan k of a task with interval T starts at
/// (k−1)·T. A fault stops the run and puts the outputs (%Q) into their safe state (0).
/// </summary>
public sealed class Simulator
{
    public const string DefaultTaskName = "__default";

    readonly SimulationOptions options;
    readonly ScanLoop loop;

    public Simulator(Image image, VerificationResult verified, SimulationOptions options)
    {
        this.options = options;
        loop = new ScanLoop(image, verified, new VirtualClock(), new ScanLoopOptions
        {
            DefaultTaskIntervalNs = options.CycleTimeNs,
            WatchdogNs = options.WatchdogNs,
            UseTaskWatchdogs = false,
        });
    }

    public Interpreter Interpreter => loop.Interpreter;
    public ScanLoop Loop => loop;

    /// <summary>Runs from simulated time 0 (call once).</summary>
    public SimulationResult Run()
    {
        int reference = loop.Planner.FastestCyclic();
        if (reference < 0) return new SimulationResult();
        long duration = options.DurationNs
            ?? (long)Math.Min((decimal)long.MaxValue, (decimal)(options.Cycles ?? 1) * loop.Planner.Interval(reference));
        var result = loop.Run(duration);
        if (result.Fault is not { } f) return new SimulationResult { Scans = result.Scans };
        return new SimulationResult { Fault = f.Fault, TaskName = f.TaskName, TimeNs = f.TimeNs, Scans = result.Scans };
    }

    /// <summary>"path(line,col)" of a code position, from the debug section (or "?" without one).</summary>
    public static string SourceLocation(Image image, int position)
    {
        int i = image.Debug.FindLine(position);
        if (i < 0) return "?";
        var line = image.Debug.Lines[i];
        string file = line.File >= 0 && line.File < image.Debug.Files.Length ? image.Debug.Files[line.File] : "?";
        return $"{file}({line.Line},{line.Column})";
    }
}

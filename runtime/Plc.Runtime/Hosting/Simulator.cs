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
    /// <summary>The virtual clock to run on (share it with I/O drivers that need the time); null: a new one.</summary>
    public VirtualClock? Clock { get; init; }
    /// <summary>The physical side of the process image (e.g. simulated hardware); null: none.</summary>
    public IProcessIO? Io { get; init; }
    /// <summary>Safe output values (from an I/O configuration); null: FALSE/0 for every output.</summary>
    public SafeOutputs? SafeOutputs { get; init; }
    /// <summary>Called between scans (writes before a scan, checks after it): monitoring or a scenario.</summary>
    public IScanMonitor? Monitor { get; init; }
    /// <summary>Interpreted or compiled (docs/performance.md).</summary>
    public ExecutionTier Tier { get; init; } = ExecutionTier.Interpreted;
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
        loop = new ScanLoop(image, verified, options.Clock ?? new VirtualClock(), new ScanLoopOptions
        {
            DefaultTaskIntervalNs = options.CycleTimeNs,
            WatchdogNs = options.WatchdogNs,
            UseTaskWatchdogs = false,
            Io = options.Io ?? NoProcessIO.Instance,
            SafeOutputs = options.SafeOutputs,
            Monitor = options.Monitor,
            Tier = options.Tier,
        });
    }

    public Interpreter Interpreter => loop.Interpreter;
    public ScanLoop Loop => loop;

    /// <summary>The interval of the fastest cyclic task (0 when there is none): scans happen at its multiples.</summary>
    public long FastestIntervalNs => loop.Planner.FastestCyclic() is int r and >= 0 ? loop.Planner.Interval(r) : 0;

    /// <summary>Runs from simulated time 0 (call once); <paramref name="durationNs"/> replaces the options' length.</summary>
    public SimulationResult Run(long? durationNs = null)
    {
        int reference = loop.Planner.FastestCyclic();
        if (reference < 0) return new SimulationResult();
        long duration = durationNs ?? options.DurationNs
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

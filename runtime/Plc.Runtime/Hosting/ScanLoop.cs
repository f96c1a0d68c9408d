using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Retain;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

public sealed class ScanLoopOptions
{
    /// <summary>Replaces the interval of the implicit default task (programs without a CONFIGURATION).</summary>
    public long? DefaultTaskIntervalNs { get; init; }
    /// <summary>Watchdog of every task that does not set WATCHDOG itself; null: <see cref="ScanLoop.DefaultWatchdog"/>.</summary>
    public long? WatchdogNs { get; init; }
    /// <summary>False: every task uses <see cref="WatchdogNs"/>, whatever its WATCHDOG says (the simulator, D27).</summary>
    public bool UseTaskWatchdogs { get; init; } = true;
    public IProcessIO Io { get; init; } = NoProcessIO.Instance;
    /// <summary>Safe output values; null: FALSE/0 for every output.</summary>
    public SafeOutputs? SafeOutputs { get; init; }
    /// <summary>Captures the retained variables after every completed release (the writer thread commits them).</summary>
    public RetainStore? Retain { get; init; }
    /// <summary>Live monitoring: writes and forces applied between scans, values published after each.</summary>
    public IScanMonitor? Monitor { get; init; }
    /// <summary>What happens after a fault: stop (plc run exits with code 3), or restart and go on.</summary>
    public RestartMode Restart { get; init; } = RestartMode.None;
    /// <summary>How long the outputs stay in their safe state before a restart.</summary>
    public long RestartDelayNs { get; init; } = 1_000_000_000;
    /// <summary>Interpreted (the portable reference), or compiled to .NET code where the image allows (docs/performance.md).</summary>
    public ExecutionTier Tier { get; init; } = ExecutionTier.Interpreted;
}

/// <summary>How the program's code runs: the portable interpreter, or the compiled tier (full .NET) with the same results.</summary>
public enum ExecutionTier { Interpreted, Compiled }

/// <summary>After a fault: None stops; Warm re-initialises memory and restores the retained values of the last
/// completed scan; Cold re-initialises every variable.</summary>
public enum RestartMode { None, Warm, Cold }

/// <summary>Why <see cref="ScanLoop.Run"/> returned.</summary>
public enum ScanStop { EndReached, StopRequested, Fault }

public sealed class ScanLoopResult
{
    public ScanStop Reason { get; init; }
    /// <summary>The fault that stopped the run (Reason = Fault).</summary>
    public ScanFault? Fault { get; init; }
    /// <summary>Task scans run, all tasks together.</summary>
    public long Scans { get; init; }
    /// <summary>Warm restarts after faults.</summary>
    public int Restarts { get; init; }
}

/// <summary>A runtime fault: what, in which task, and at what time (clock time of the scan's start).</summary>
public sealed class ScanFault
{
    public ScanFault(Fault fault, string taskName, long timeNs) { Fault = fault; TaskName = taskName; TimeNs = timeNs; }
    public Fault Fault { get; }
    public string TaskName { get; }
    public long TimeNs { get; }
}

/// <summary>
/// The scan cycle (docs/semantics.md D17, D27): at each release time, read the inputs into %I, apply the monitor's
/// writes and forces, run the due tasks in priority order (each under its watchdog), apply the forces again, write %Q
/// to the outputs (all together, once), capture the retained values, publish the image to the monitor, then wait for
/// the next release on the clock. Scheduling is non-preemptive: a task that becomes due while another runs waits
/// for it to end, then runs before lower priorities. After construction, a scan allocates nothing and takes no lock.
/// A fault drives the outputs to their safe state and stops the loop (or restarts it warm).
/// </summary>
public sealed class ScanLoop
{
    /// <summary>Default watchdog of a task without WATCHDOG: ten intervals, at least 100 ms (an event task: 100 ms).</summary>
    public static long DefaultWatchdog(long intervalNs) =>
        intervalNs > 0 && intervalNs <= long.MaxValue / 10 ? Math.Max(10 * intervalNs, 100_000_000) : intervalNs > 0 ? intervalNs : 100_000_000;

    readonly Image image;
    readonly IClock clock;
    readonly DesktopHost host;
    readonly ScanLoopOptions options;
    readonly SafeOutputs safe;
    readonly long[] watchdogNs;
    volatile bool stopRequested;
    bool started;

    public ScanLoop(Image image, VerificationResult verified, IClock clock, ScanLoopOptions? options = null)
    {
        this.image = image;
        this.clock = clock;
        this.options = options ?? new ScanLoopOptions();
        host = new DesktopHost();
        Interpreter = new Interpreter(image, host, verified);
        if (this.options.Tier == ExecutionTier.Compiled)
        {
            var compiled = Plc.Runtime.Compiled.CompiledTier.TryCreate(Interpreter, host, out string? why);
            Interpreter.Compiled = compiled;
            TierNote = compiled == null ? "interpreted: " + why : null;
        }
        Planner = new TaskPlanner(image, this.options.DefaultTaskIntervalNs);
        safe = this.options.SafeOutputs ?? new SafeOutputs(image);
        int n = image.Tasks.Length;
        watchdogNs = new long[n];
        Statistics = new TaskStatistics[n];
        for (int i = 0; i < n; i++)
        {
            long own = this.options.UseTaskWatchdogs ? image.Tasks[i].WatchdogNs : 0;
            watchdogNs[i] = own > 0 ? own : this.options.WatchdogNs ?? DefaultWatchdog(Planner.Interval(i));
            Statistics[i] = new TaskStatistics(image.Tasks[i].Name, Planner.Interval(i));
        }
    }

    public Interpreter Interpreter { get; }
    /// <summary>Why the compiled tier was asked for but the program runs interpreted (null otherwise).</summary>
    public string? TierNote { get; }
    /// <summary>The tier the code runs on.</summary>
    public ExecutionTier Tier => Interpreter.Compiled != null ? ExecutionTier.Compiled : ExecutionTier.Interpreted;
    public byte[] Memory => Interpreter.Memory;
    public TaskPlanner Planner { get; }
    public IClock Clock => clock;
    /// <summary>Per task, in the image's task order.</summary>
    public TaskStatistics[] Statistics { get; }
    public long WatchdogOf(int task) => watchdogNs[task];

    /// <summary>Called on the scan thread when a fault stops a scan (before a warm restart, too).</summary>
    public Action<ScanFault>? FaultOccurred { get; set; }

    /// <summary>Asks the loop to stop after the scan in progress (from any thread, e.g. a signal handler).</summary>
    public void RequestStop()
    {
        stopRequested = true;
        clock.Wake();
    }

    public bool StopRequested => stopRequested;

    /// <summary>Clock time at which the last <see cref="Run"/> started.</summary>
    public long StartedAtNs { get; private set; }

    /// <summary>
    /// Runs every release at clock times start ≤ t &lt; start + <paramref name="durationNs"/> (start = the clock's time
    /// now; null: until stopped), or until a fault when there is no warm restart. With
    /// <paramref name="continueSchedule"/> after an earlier run, the releases go on where that run's schedule stopped
    /// (the grid of the first start) instead of starting a new schedule now.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScanLoopResult Run(long? durationNs = null, bool continueSchedule = false)
    {
        long origin = clock.NowNs;
        long end = durationNs is { } d && d < long.MaxValue - origin ? origin + d : long.MaxValue;
        byte[] memory = Interpreter.Memory;
        var io = options.Io;
        var monitor = options.Monitor;
        var retain = options.Retain;
        if (!continueSchedule || !started)
        {
            StartedAtNs = origin;
            Planner.Start(memory, origin);
            started = true;
        }
        // The starting values (those a warm start loaded, too) are the first snapshot: a warm restart after a fault
        // in the very first scan goes back to them.
        retain?.Capture(memory);
        long scans = 0, cycles = 0;
        int restarts = 0;

        while (!stopRequested)
        {
            long t = Planner.NextRelease();
            if (t >= end) break;
            clock.WaitUntil(t);
            if (stopRequested) break;

            io.ReadInputs(memory);
            if (monitor != null) monitor.BeforeScan(memory);
            int count = Planner.Due(t, memory, out int[] due);
            ScanFault? fault = null;
            for (int k = 0; k < count; k++)
            {
                int task = due[k];
                if (monitor != null && k > 0) monitor.ApplyForces(memory);
                host.StartScan(watchdogNs[task]);
                long start = clock.NowNs;
                bool ok = Interpreter.Run(image.Tasks[task].Body, 0, start);
                Statistics[task].Record(t, start, clock.NowNs);
                scans++;
                if (!ok) { fault = new ScanFault(Interpreter.Fault, image.Tasks[task].Name, start); break; }
            }
            if (fault != null)
            {
                safe.Apply(memory, io);
                monitor?.Publish(memory, cycles, clock.NowNs);
                FaultOccurred?.Invoke(fault);
                if (options.Restart == RestartMode.None) return Result(ScanStop.Fault, fault, scans, restarts);
                restarts++;
                Interpreter.ResetMemory();
                if (retain != null && options.Restart == RestartMode.Warm) retain.RestoreLatest(memory);
                // The outputs stay in their safe state until the first scan of the new start writes them.
                Planner.Start(memory, clock.NowNs + options.RestartDelayNs);
                continue;
            }
            if (monitor != null) monitor.ApplyForces(memory);
            io.WriteOutputs(memory);
            retain?.Capture(memory);
            if (monitor != null) monitor.Publish(memory, ++cycles, clock.NowNs);
            Planner.Advance(t, clock.NowNs);
        }
        return Result(stopRequested ? ScanStop.StopRequested : ScanStop.EndReached, null, scans, restarts);
    }

    ScanLoopResult Result(ScanStop reason, ScanFault? fault, long scans, int restarts)
    {
        for (int i = 0; i < Statistics.Length; i++) Statistics[i].Overruns = Planner.Overruns[i];
        return new ScanLoopResult { Reason = reason, Fault = fault, Scans = scans, Restarts = restarts };
    }

    /// <summary>
    /// Runs one POU outside the schedule, at the clock's time and under <paramref name="watchdogNs"/>: a function
    /// block's body on its instance at <paramref name="thisAddress"/> (plc test calls its tests so, between scans).
    /// False when a fault stopped it (<see cref="Interpreter"/>.Fault); the outputs are left as they are.
    /// </summary>
    public bool Call(int pou, int thisAddress, long watchdogNs)
    {
        host.StartScan(watchdogNs);
        return Interpreter.Run(pou, thisAddress, clock.NowNs);
    }

    /// <summary>
    /// When the application ends cleanly (a stop, the end of a simulation; not after a fault): runs the image's exit
    /// POU, which calls FB_exit of every instance (D39), once, under the default task's watchdog. Null when it ran
    /// (or there is none), else the fault that stopped it.
    /// </summary>
    public ScanFault? RunExit()
    {
        int pou = -1;
        for (int i = 0; i < image.Pous.Length; i++)
            if (image.Pous[i].Kind == PouKind.TaskBody && image.Pous[i].Name == Image.ExitPouName) pou = i;
        if (pou < 0) return null;
        host.StartScan(watchdogNs.Length > 0 ? watchdogNs[0] : DefaultWatchdog(0));
        long now = clock.NowNs;
        return Interpreter.Run(pou, 0, now) ? null : new ScanFault(Interpreter.Fault, Image.ExitPouName, now);
    }

    /// <summary>Drives the outputs to their safe state (a stop, or a fault the caller handles).</summary>
    public void EnterSafeState() => safe.Apply(Interpreter.Memory, options.Io);
}

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
/// Runs an image on a virtual clock (docs/semantics.md D17): scan k of a task with interval T starts at (k−1)·T;
/// scans take no simulated time; tasks due at the same time run in priority order (0 first), then in declaration
/// order; an event task (SINGLE) runs at the first release of any cyclic task after its BOOL rose. A fault stops
/// the run and puts the outputs (%Q) into their safe state (0).
/// </summary>
public sealed class Simulator
{
    readonly Image image;
    readonly DesktopHost host;

    public Interpreter Interpreter { get; }

    public Simulator(Image image, VerificationResult verified, long watchdogNs = DesktopHost.DefaultWatchdogNs)
    {
        this.image = image;
        host = new DesktopHost(watchdogNs);
        Interpreter = new Interpreter(image, host, verified);
    }

    public const string DefaultTaskName = "__default";

    public SimulationResult Run(SimulationOptions options)
    {
        host.Watchdog = options.WatchdogNs;
        int n = image.Tasks.Length;
        var interval = new long[n];
        for (int i = 0; i < n; i++)
        {
            interval[i] = image.Tasks[i].IntervalNs;
            if (options.CycleTimeNs is { } ct && image.Tasks[i].Name == DefaultTaskName) interval[i] = ct;
        }
        int reference = -1;
        for (int i = 0; i < n; i++)
            if (interval[i] > 0 && (reference < 0 || interval[i] < interval[reference])) reference = i;
        if (reference < 0) return new SimulationResult();

        long end = options.DurationNs ?? (long)Math.Min((decimal)long.MaxValue, (decimal)(options.Cycles ?? 1) * interval[reference]);
        var next = new long[n];
        var pendingEvent = new bool[n];
        var lastSingle = new bool[n];
        for (int i = 0; i < n; i++) lastSingle[i] = ReadSingle(i);
        var due = new List<int>();
        long scans = 0;

        while (true)
        {
            long t = long.MaxValue;
            for (int i = 0; i < n; i++)
                if (interval[i] > 0 && next[i] < t) t = next[i];
            if (t >= end) break;

            for (int i = 0; i < n; i++)
            {
                if (image.Tasks[i].SingleAddress < 0) continue;
                bool now = ReadSingle(i);
                if (now && !lastSingle[i]) pendingEvent[i] = true;
                lastSingle[i] = now;
            }
            due.Clear();
            for (int i = 0; i < n; i++)
                if ((interval[i] > 0 && next[i] == t) || pendingEvent[i]) due.Add(i);
            due.Sort((a, b) => image.Tasks[a].Priority != image.Tasks[b].Priority
                ? image.Tasks[a].Priority.CompareTo(image.Tasks[b].Priority) : a.CompareTo(b));

            foreach (int i in due)
            {
                pendingEvent[i] = false;
                host.StartScan();
                scans++;
                if (!Interpreter.Run(image.Tasks[i].Body, 0, t))
                {
                    EnterSafeState();
                    return new SimulationResult { Fault = Interpreter.Fault, TaskName = image.Tasks[i].Name, TimeNs = t, Scans = scans };
                }
            }
            for (int i = 0; i < n; i++)
                if (interval[i] > 0 && next[i] == t) next[i] = t + interval[i];
        }
        return new SimulationResult { Scans = scans };
    }

    bool ReadSingle(int task)
    {
        var info = image.Tasks[task];
        if (info.SingleAddress < 0 || info.SingleAddress >= Interpreter.Memory.Length) return false;
        byte b = Interpreter.Memory[info.SingleAddress];
        return info.SingleBit >= 0 ? ((b >> info.SingleBit) & 1) != 0 : b != 0;
    }

    /// <summary>Outputs to their safe state: every %Q byte to 0.</summary>
    public void EnterSafeState()
    {
        var q = image.Outputs;
        if (q.Size > 0) Array.Clear(Interpreter.Memory, q.Address, q.Size);
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

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// The runtime host on a desktop or a Raspberry Pi: math from System.Math and a wall-clock watchdog per scan.
/// The watchdog is the only thing that reads the wall clock; the program's own time comes from the scheduler.
/// </summary>
public sealed class DesktopHost : Core.IRuntimeHost
{
    /// <summary>Default watchdog: a scan that runs longer than this is stopped (fault PLCF005).</summary>
    public const long DefaultWatchdogNs = 1_000_000_000;

    long limitTicks;
    long scanStart;

    public DesktopHost(long watchdogNs = DefaultWatchdogNs) { Watchdog = watchdogNs; }

    /// <summary>Watchdog time in nanoseconds.</summary>
    public long Watchdog
    {
        get => limitTicks * 1_000_000_000 / Stopwatch.Frequency;
        set => limitTicks = (long)((double)value * Stopwatch.Frequency / 1e9);
    }

    /// <summary>Starts the watchdog for a scan.</summary>
    public void StartScan() => scanStart = Stopwatch.GetTimestamp();

    /// <summary>Starts the watchdog for a scan with its own watchdog time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StartScan(long watchdogNs)
    {
        Watchdog = watchdogNs;
        scanStart = Stopwatch.GetTimestamp();
    }

    public double Pow(double x, double y) => System.Math.Pow(x, y);

    public double Math(Core.MathFunction function, double x, double y) => HostMath.Evaluate(function, x, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool WatchdogExpired() => Stopwatch.GetTimestamp() - scanStart > limitTicks;
}

using System.Threading;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Plc.Runtime.Hosting;

/// <summary>What <c>plc run</c> does to keep scan jitter low (docs/performance.md, where each setting's effect is measured).</summary>
public sealed class RealTimeOptions
{
    /// <summary>GCSettings.LatencyMode = SustainedLowLatency (no blocking gen2 collections while running).</summary>
    public bool LowLatencyGc { get; init; } = true;
    /// <summary>
    /// The scan thread runs at a high priority: ThreadPriority.Highest, and on Linux (where .NET ignores thread
    /// priorities, dotnet/runtime#91165) nice <see cref="NiceValue"/> for the scan thread, when the process may
    /// raise it (root or CAP_SYS_NICE; otherwise it stays at its nice value without a warning).
    /// </summary>
    public bool HighPriority { get; init; } = true;
    /// <summary>The scan thread's nice value on Linux with <see cref="HighPriority"/> (-20..19; lower is favoured).</summary>
    public int NiceValue { get; init; } = -10;
    /// <summary>Pin the scan thread to this CPU (Linux: sched_setaffinity); null: any CPU.</summary>
    public int? Cpu { get; init; }
    /// <summary>Run the scan thread under SCHED_FIFO with this priority, 1..99 (Linux; needs CAP_SYS_NICE or root).</summary>
    public int? FifoPriority { get; init; }
    /// <summary>Lock the process's memory (mlockall), so no page fault stalls a scan (Linux; needs CAP_IPC_LOCK).</summary>
    public bool LockMemory { get; init; }
}

/// <summary>Applies <see cref="RealTimeOptions"/>; each step that the OS refuses becomes a warning, never a failure.</summary>
public static class RealTimeTuning
{
    /// <summary>Process-wide settings, before the scan thread starts.</summary>
    public static void ApplyToProcess(RealTimeOptions options, ICollection<string> warnings)
    {
        if (options.LowLatencyGc) GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        if (options.LockMemory)
        {
            if (!OperatingSystem.IsLinux()) warnings.Add("memory locking is only available on Linux; ignored");
            else if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
                warnings.Add($"cannot lock memory (mlockall: errno {Marshal.GetLastPInvokeError()}); running without it");
        }
    }

    /// <summary>Settings of the calling thread (the scan thread), at its start.</summary>
    public static void ApplyToScanThread(RealTimeOptions options, ICollection<string> warnings)
    {
        if (options.HighPriority)
        {
            try { Thread.CurrentThread.Priority = ThreadPriority.Highest; }
            catch (Exception e) when (e is ThreadStateException or PlatformNotSupportedException) { warnings.Add("cannot raise the scan thread's priority"); }
            // On Linux the nice value is per thread, and who = 0 names the calling thread.
            if (OperatingSystem.IsLinux()) setpriority(PRIO_PROCESS, 0, options.NiceValue);
        }
        if (options.Cpu is { } cpu)
        {
            if (!OperatingSystem.IsLinux()) warnings.Add("--cpu is only available on Linux; ignored");
            else if (cpu < 0 || cpu >= 64 || cpu >= Environment.ProcessorCount)
                warnings.Add($"there is no CPU {cpu} (this machine has {Environment.ProcessorCount}); running on any CPU");
            else
            {
                ulong mask = 1UL << cpu;
                if (sched_setaffinity(0, (nint)sizeof(ulong), ref mask) != 0)
                    warnings.Add($"cannot pin the scan thread to CPU {cpu} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        if (options.FifoPriority is { } prio)
        {
            if (!OperatingSystem.IsLinux()) warnings.Add("SCHED_FIFO is only available on Linux; ignored");
            else
            {
                var param = new SchedParam { Priority = prio };
                if (sched_setscheduler(0, SCHED_FIFO, ref param) != 0)
                    warnings.Add($"cannot run the scan thread under SCHED_FIFO {prio} (errno {Marshal.GetLastPInvokeError()}: needs root or CAP_SYS_NICE)");
            }
        }
    }

    /// <summary>The scan thread's nice value (Linux), or null elsewhere or when it cannot be read.</summary>
    public static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux()) return null;
        Marshal.SetLastPInvokeError(0);
        int nice = getpriority(PRIO_PROCESS, 0);
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    const int PRIO_PROCESS = 0;
    const int SCHED_FIFO = 1;
    const int MCL_CURRENT = 1, MCL_FUTURE = 2;

    [StructLayout(LayoutKind.Sequential)]
    struct SchedParam { public int Priority; }

    [DllImport("libc", SetLastError = true)]
    static extern int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);

    [DllImport("libc", SetLastError = true)]
    static extern int sched_setscheduler(int pid, int policy, ref SchedParam param);

    [DllImport("libc", SetLastError = true)]
    static extern int mlockall(int flags);

    [DllImport("libc", SetLastError = true)]
    static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    static extern int getpriority(int which, int who);
}

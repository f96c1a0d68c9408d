using Plc.Runtime.Core;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// When each task runs (docs/semantics.md D17): cyclic task k releases at start + k·interval (no drift); tasks due
/// together run in priority order (0 first), then declaration order; an event task (SINGLE) runs at the first release
/// of any cyclic task after its BOOL rose. A release that has already passed when the previous scans end is an
/// overrun: the latest such release runs at once (late), the ones before it are skipped, and each counts as an
/// overrun; releases never pile up and never leave the grid.
/// Allocates only in its constructor.
/// </summary>
public sealed class TaskPlanner
{
    readonly Image image;
    readonly long[] interval;
    readonly long[] next;
    readonly bool[] pendingEvent;
    readonly bool[] lastSingle;
    readonly int[] due;
    readonly int[] order;
    public long[] Overruns { get; }

    public int TaskCount => interval.Length;
    public long Interval(int task) => interval[task];

    /// <param name="defaultIntervalNs">Replaces the interval of the implicit default task (plc sim --cycle-time).</param>
    public TaskPlanner(Image image, long? defaultIntervalNs = null)
    {
        this.image = image;
        int n = image.Tasks.Length;
        interval = new long[n];
        next = new long[n];
        pendingEvent = new bool[n];
        lastSingle = new bool[n];
        due = new int[n];
        Overruns = new long[n];
        for (int i = 0; i < n; i++)
        {
            interval[i] = image.Tasks[i].IntervalNs;
            if (defaultIntervalNs is { } d && image.Tasks[i].Name == Simulator.DefaultTaskName) interval[i] = d;
        }
        // Priority order once, declaration order among equals.
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) => image.Tasks[a].Priority != image.Tasks[b].Priority
            ? image.Tasks[a].Priority.CompareTo(image.Tasks[b].Priority) : a.CompareTo(b));
    }

    /// <summary>The fastest cyclic task (the reference of plc sim --cycles), or -1 when there is none.</summary>
    public int FastestCyclic()
    {
        int best = -1;
        for (int i = 0; i < interval.Length; i++)
            if (interval[i] > 0 && (best < 0 || interval[i] < interval[best])) best = i;
        return best;
    }

    /// <summary>
    /// (Re)starts the schedule: every cyclic task's first release is at <paramref name="originNs"/>; reads the event
    /// tasks' BOOLs now, so that a BOOL TRUE from the start is not a rising edge. Overrun counts carry on.
    /// </summary>
    public void Start(byte[] memory, long originNs = 0)
    {
        for (int i = 0; i < interval.Length; i++)
        {
            next[i] = originNs;
            pendingEvent[i] = false;
            lastSingle[i] = ReadSingle(i, memory);
        }
    }

    /// <summary>The earliest next release of a cyclic task (long.MaxValue when there is none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long NextRelease()
    {
        long t = long.MaxValue;
        for (int i = 0; i < interval.Length; i++)
            if (interval[i] > 0 && next[i] < t) t = next[i];
        return t;
    }

    /// <summary>The tasks due at release time t, in the order they run; fills an internal array (no allocation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Due(long t, byte[] memory, out int[] tasks)
    {
        for (int i = 0; i < interval.Length; i++)
        {
            if (image.Tasks[i].SingleAddress < 0) continue;
            bool now = ReadSingle(i, memory);
            if (now && !lastSingle[i]) pendingEvent[i] = true;
            lastSingle[i] = now;
        }
        int count = 0;
        foreach (int i in order)
            if ((interval[i] > 0 && next[i] <= t) || pendingEvent[i]) due[count++] = i;
        tasks = due;
        return count;
    }

    /// <summary>After the tasks due at t ran: the next releases; releases already past at <paramref name="now"/>
    /// are skipped and counted as overruns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(long t, long now)
    {
        for (int i = 0; i < interval.Length; i++)
        {
            pendingEvent[i] = false;
            if (interval[i] <= 0 || next[i] > t) continue;
            long following = next[i] + interval[i];
            if (following < now)
            {
                // The scans ran past the next release: it runs late, at once; releases before it that passed
                // entirely are skipped. Each counts as an overrun. The grid k·interval is kept.
                long skipped = (now - following) / interval[i];
                Overruns[i] += skipped + 1;
                following += skipped * interval[i];
            }
            next[i] = following;
        }
    }

    bool ReadSingle(int task, byte[] memory)
    {
        var info = image.Tasks[task];
        if (info.SingleAddress < 0 || info.SingleAddress >= memory.Length) return false;
        byte b = memory[info.SingleAddress];
        return info.SingleBit >= 0 ? ((b >> info.SingleBit) & 1) != 0 : b != 0;
    }
}

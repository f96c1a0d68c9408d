using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hosting;

/// <summary>What plc run does to the scan thread: each setting takes effect, or becomes a warning (never a failure).</summary>
public class RealTimeTuningTests
{
    [DllImport("libc")] static extern uint geteuid();
    [DllImport("libc")] static extern int sched_getscheduler(int pid);

    static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Runs <paramref name="body"/> on a fresh thread (the settings are per thread and must not leak).</summary>
    static T OnNewThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? error = null;
        var t = new Thread(() => { try { result = body(); } catch (Exception e) { error = e; } });
        t.Start();
        t.Join();
        if (error != null) throw new Xunit.Sdk.XunitException("thread failed: " + error);
        return result;
    }

    [Fact]
    public void High_priority_lowers_the_scan_threads_nice_value_on_linux_when_permitted()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (before, after, warnings) = OnNewThread(() =>
        {
            var w = new List<string>();
            int? b = RealTimeTuning.CurrentThreadNice();
            RealTimeTuning.ApplyToScanThread(new RealTimeOptions { HighPriority = true, NiceValue = -7 }, w);
            return (b, RealTimeTuning.CurrentThreadNice(), w);
        });
        Assert.Empty(warnings);
        // Root may lower the nice value; anyone else keeps the one the thread had (and no warning for it).
        Assert.Equal(IsRoot ? -7 : before, after);
        // Only that thread: this one keeps its own value.
        Assert.Equal(before, RealTimeTuning.CurrentThreadNice());
    }

    [Fact]
    public void Without_high_priority_the_nice_value_is_left_alone()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (before, after) = OnNewThread(() =>
        {
            int? b = RealTimeTuning.CurrentThreadNice();
            RealTimeTuning.ApplyToScanThread(new RealTimeOptions { HighPriority = false }, new List<string>());
            return (b, RealTimeTuning.CurrentThreadNice());
        });
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_cpu_the_machine_does_not_have_is_a_warning()
    {
        var warnings = OnNewThread(() =>
        {
            var w = new List<string>();
            RealTimeTuning.ApplyToScanThread(new RealTimeOptions { HighPriority = false, Cpu = Environment.ProcessorCount }, w);
            return w;
        });
        var warning = Assert.Single(warnings);
        Assert.Contains(OperatingSystem.IsLinux() ? $"there is no CPU {Environment.ProcessorCount}" : "only available on Linux", warning);
    }

    [Fact]
    public void Sched_fifo_is_applied_when_permitted_and_a_warning_otherwise()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (policy, warnings) = OnNewThread(() =>
        {
            var w = new List<string>();
            RealTimeTuning.ApplyToScanThread(new RealTimeOptions { HighPriority = false, FifoPriority = 10 }, w);
            return (sched_getscheduler(0), w);
        });
        const int SCHED_OTHER = 0, SCHED_FIFO = 1;
        if (warnings.Count == 0)
            Assert.Equal(SCHED_FIFO, policy);
        else
        {
            Assert.Equal(SCHED_OTHER, policy);
            Assert.Contains("SCHED_FIFO 10", Assert.Single(warnings));
        }
    }
}

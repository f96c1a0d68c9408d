using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Plc.Cli;

namespace Plc.Tests.Mqtt;

/// <summary><c>plc run ...</c> in this process on a background task (RunCommand.Run with its started callback), with
/// stdout and stderr captured (thread-safe: MQTT logs from its own task).</summary>
public sealed class PlcRun : IDisposable
{
    readonly StringWriter stdout = new(), stderr = new();
    readonly TextWriter outWriter, errWriter;
    readonly TaskCompletionSource<RunningProgram> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Task<int> task;

    public PlcRun(params string[] args)
    {
        outWriter = TextWriter.Synchronized(stdout);
        errWriter = TextWriter.Synchronized(stderr);
        task = Task.Run(() =>
        {
            try { return RunCommand.Run(args[0] == "run" ? args[1..] : args, outWriter, errWriter, p => started.TrySetResult(p)); }
            catch (UsageException e) { errWriter.WriteLine("usage: " + e.Message); return CommandLine.Usage; }
            finally { started.TrySetCanceled(); }
        });
    }

    public string Out { get { lock (outWriter) return stdout.ToString(); } }
    public string Err { get { lock (errWriter) return stderr.ToString(); } }

    /// <summary>The running program, once its scan thread runs.</summary>
    public RunningProgram Program
    {
        get
        {
            try
            {
                if (started.Task.Wait(TimeSpan.FromSeconds(30))) return started.Task.Result;
            }
            catch (AggregateException) { }
            throw new Xunit.Sdk.XunitException("plc run did not start: " + Err);
        }
    }

    /// <summary>Waits until the condition holds (checked every 10 ms); fails with the message and stderr otherwise.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (task.IsCompleted) throw new Xunit.Sdk.XunitException($"plc run ended before {what}: exit {task.Result}\n{Err}");
            if (sw.Elapsed > timeout) throw new Xunit.Sdk.XunitException($"not {what} within {timeout.TotalSeconds} s\n{Err}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Stops the program (as SIGTERM does) and returns the exit code.</summary>
    public int Stop()
    {
        if (!task.IsCompleted) Program.Stop();
        return Wait();
    }

    /// <summary>Waits for the end (after --duration) and returns the exit code.</summary>
    public int Wait()
    {
        if (!task.Wait(TimeSpan.FromSeconds(60))) throw new Xunit.Sdk.XunitException("plc run did not stop\n" + Err);
        return task.Result;
    }

    public void Dispose()
    {
        if (!task.IsCompleted && started.Task.IsCompletedSuccessfully) started.Task.Result.Stop();
        task.Wait(TimeSpan.FromSeconds(30));
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary>
/// <c>plc sim FILE.st...|IMAGE [--cycles N] [--duration TIME] [--cycle-time TIME] [--print NAME,...] [--watchdog TIME]</c>
/// </summary>
public static class SimCommand
{
    static readonly string[] options = { "--cycles", "--duration", "--cycle-time", "--print", "--watchdog" };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, options);
        if (a.Positional.Count == 0) throw new UsageException("sim: no source files or image");
        int? cycles = null;
        if (a.Get("--cycles") is { } c)
        {
            if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                throw new UsageException($"--cycles: '{c}' is not a number of scans");
            cycles = n;
        }
        long? duration = a.Get("--duration") is { } d ? TimeArgument.Parse("--duration", d) : null;
        if (cycles != null && duration != null) throw new UsageException("give either --cycles or --duration, not both");
        if (duration is < 0) throw new UsageException("--duration must not be negative");
        long? cycleTime = a.Get("--cycle-time") is { } ct ? TimeArgument.Parse("--cycle-time", ct) : null;
        if (cycleTime is <= 0) throw new UsageException("--cycle-time must be positive");
        long watchdog = a.Get("--watchdog") is { } w ? TimeArgument.Parse("--watchdog", w) : DesktopHost.DefaultWatchdogNs;
        if (watchdog <= 0) throw new UsageException("--watchdog must be positive");
        var names = a.Get("--print") is { } p ? SplitNames(p) : new List<string>();

        var image = ProgramLoader.Load(a.Positional, stderr, out int exit);
        if (image == null) return exit;
        var verified = ProgramLoader.Verify(image, a.Positional[0], stderr);
        if (verified == null) return CommandLine.CompileError;

        var sim = new Simulator(image, verified, new SimulationOptions { Cycles = cycles ?? (duration == null ? 1 : null), DurationNs = duration, CycleTimeNs = cycleTime, WatchdogNs = watchdog });
        var printer = new VariablePrinter(image, sim.Interpreter.Memory);
        foreach (var name in names)
            if (printer.Check(name) is { } error) throw new UsageException(error);

        var result = sim.Run();
        foreach (var name in names) stdout.WriteLine($"{name} = {printer.Format(name)}");
        if (!result.Faulted) return CommandLine.Ok;
        var f = result.Fault;
        string where = Simulator.SourceLocation(image, f.Position);
        string task = result.TaskName == Simulator.DefaultTaskName ? "" : $"task {result.TaskName}, ";
        stderr.WriteLine($"{where}: fault {f.CodeText}: {f.Message()} ({task}scan at {VariablePrinter.FormatTime(result.TimeNs)})");
        return CommandLine.RuntimeFault;
    }

    /// <summary>Splits "a,b[1,2],c" at the commas outside brackets.</summary>
    public static List<string> SplitNames(string text)
    {
        var names = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                string n = text[start..i].Trim();
                if (n.Length > 0) names.Add(n);
                start = i + 1;
            }
            else if (text[i] == '[') depth++;
            else if (text[i] == ']') depth--;
        }
        return names;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Plc.Hardware;
using Plc.Hardware.Scenarios;
using Plc.Hardware.Simulation;
using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary>
/// <c>plc sim FILE.st...|IMAGE [--cycles N] [--duration TIME] [--cycle-time TIME] [--print NAME,...] [--watchdog TIME]
/// [--io FILE] [--scenario FILE]</c>: the program on a virtual clock, with its I/O configuration against simulated
/// hardware, and a scenario timeline (exit 4 when an expectation fails; docs/io.md).
/// </summary>
public static class SimCommand
{
    static readonly string[] options = { "--cycles", "--duration", "--cycle-time", "--print", "--watchdog", "--io", "--scenario", "--tier", "--trace", "--watch", WebSetup.TokenOption };
    static readonly string[] optionalValues = { WebSetup.WebOption };

    /// <summary>Exit code when a scenario expectation did not hold.</summary>
    public const int ScenarioFailed = 4;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <param name="started">Called just before the first scan (tests use it to reach the web view or to stop the run).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Action<RunningProgram>? started)
    {
        var a = new Arguments(args, options, null, null, optionalValues);
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
        var tier = TierArgument.Parse(a.Get("--tier"));
        // With --web the run is watched: the virtual clock keeps pace with real time, and it runs until stopped when
        // neither --cycles nor --duration (nor a scenario) ends it.
        var web = WebSetup.Parse(a);

        if (ProgramLoader.LoadForRun(a.Positional, names, stderr, out int exit) is not var (image, verified)) return exit;

        // Simulated hardware for the I/O configuration, and the scenario, both on the simulator's virtual clock.
        var clock = new VirtualClock { PacedToWallClock = web != null };
        var safe = new SafeOutputs(image);
        Plc.Hardware.Configuration.IoConfiguration? config = null;
        SimulatedHardware? board = null;
        HardwareIO? hardware = null;
        ScenarioRunner? scenario = null;
        string? scenarioPath = a.Get("--scenario");
        long? scenarioEnd = null;
        Plc.Web.WebViewServer? webView = null;
        var signals = new List<System.Runtime.InteropServices.PosixSignalRegistration>();
        try
        {
            if (a.Get("--io") is { } ioPath)
            {
                config = IoSetup.Load(ioPath, image, stderr);
                if (config == null) return CommandLine.CompileError;
                board = new SimulatedHardware();
                try { hardware = HardwareIO.Create(config, image, board, clock, safe, background: false); }
                catch (HardwareException e) { stderr.WriteLine($"plc: error: {e.Message}"); return CommandLine.CompileError; }
            }
            if (scenarioPath != null)
            {
                if (!File.Exists(scenarioPath)) throw new UsageException($"--scenario {scenarioPath}: no such file");
                var errors = new List<string>();
                var parsed = Scenario.Parse(scenarioPath, File.ReadAllText(scenarioPath), errors);
                scenario = ScenarioRunner.Create(parsed, image, image.InitialMemory, (IProcessIO?)hardware ?? NoProcessIO.Instance, clock, board, config, errors);
                if (errors.Count > 0)
                {
                    foreach (var e in errors) stderr.WriteLine(e);
                    return CommandLine.Usage;
                }
                // Without --cycles or --duration: run just past the last step, i.e. up to the first scan at or after it.
                if (cycles == null && duration == null) scenarioEnd = parsed.LastTimeNs;
            }

            // A trace (--trace FILE.vcd|FILE.csv, --watch NAME,...) records the chosen variables after every scan.
            Plc.Runtime.Hosting.Tracing.TraceRecorder? trace = null;
            List<Plc.Runtime.Hosting.Tracing.TracedVariable>? traced = null;
            string? tracePath = a.Get("--trace");
            if (tracePath == null && a.Get("--watch") != null) throw new UsageException("--watch needs --trace FILE.vcd or FILE.csv");
            if (tracePath != null)
            {
                string ext = Path.GetExtension(tracePath).ToLowerInvariant();
                if (ext is not (".vcd" or ".csv")) throw new UsageException($"--trace {tracePath}: the file must end in .vcd (GTKWave) or .csv");
                traced = Plc.Runtime.Hosting.Tracing.TraceRecorder.Resolve(image, a.Get("--watch") is { } watchList ? SplitNames(watchList) : new List<string>(), out string? traceError);
                if (traced == null) throw new UsageException("--watch: " + traceError);
            }
            var traceHook = tracePath == null ? null : new DeferredMonitor();
            // The scenario's writes first, then the web view's writes and forces (so a force wins), then the trace.
            var bridge = web == null ? null : new Plc.Runtime.Hosting.Monitoring.MonitorBridge(image);
            var monitors = new List<IScanMonitor>();
            if (scenario != null) monitors.Add(scenario);
            if (bridge != null) monitors.Add(bridge);
            if (traceHook != null) monitors.Add(traceHook);
            IScanMonitor? monitor = monitors.Count switch
            {
                0 => null,
                1 => monitors[0],
                _ => new Plc.Runtime.Hosting.Tracing.MonitorChain(monitors.ToArray()),
            };
            var sim = new Simulator(image, verified, new SimulationOptions
            {
                Cycles = cycles ?? (duration == null ? 1 : null), DurationNs = duration, CycleTimeNs = cycleTime, WatchdogNs = watchdog,
                Clock = clock, Io = (IProcessIO?)scenario ?? (IProcessIO?)hardware, SafeOutputs = safe, Monitor = monitor, Tier = tier,
            });
            StreamWriter? traceFile = null;
            if (tracePath != null)
            {
                try { traceFile = new StreamWriter(tracePath, false, new System.Text.UTF8Encoding(false)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"--trace {tracePath}: {e.Message}"); }
                trace = Path.GetExtension(tracePath).ToLowerInvariant() == ".vcd"
                    ? new Plc.Runtime.Hosting.Tracing.VcdTraceWriter(image, sim.Interpreter.Memory, traced!, traceFile, Path.GetFileNameWithoutExtension(a.Positional[0]))
                    : new Plc.Runtime.Hosting.Tracing.CsvTraceWriter(image, sim.Interpreter.Memory, traced!, traceFile);
                traceHook!.Target = trace;
            }
            if (sim.Loop.TierNote != null) stderr.WriteLine("plc: note: " + sim.Loop.TierNote);
            long? runFor = null;
            if (scenarioEnd is { } last && sim.FastestIntervalNs > 0)
            {
                long t = sim.FastestIntervalNs;
                runFor = (last + t - 1) / t * t + 1;
            }
            else if (web != null && cycles == null && duration == null) runFor = long.MaxValue;
            string? stoppedBy = null;
            if (web != null)
            {
                webView = WebSetup.Start(web, bridge!, a, "simulated", stderr);
                webView.Loop = sim.Loop;
                stderr.WriteLine("plc: the simulation runs at real-time pace while the web view is on (Ctrl+C stops it)");
                void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
                {
                    context.Cancel = true;
                    stoppedBy = context.Signal.ToString();
                    sim.Loop.RequestStop();
                }
                try
                {
                    signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal));
                    signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal));
                }
                catch (PlatformNotSupportedException) { }
            }
            started?.Invoke(new RunningProgram(sim.Loop, null, null, webView));
            var result = sim.Run(runFor);
            if (stoppedBy != null) stderr.WriteLine($"plc: stopped by {stoppedBy}");
            // The simulated application ends: FB_exit of every instance (D39), then what --print shows.
            var exitFault = result.Faulted ? null : sim.Loop.RunExit();
            var printer = new VariablePrinter(image, sim.Interpreter.Memory);
            foreach (var name in names) stdout.WriteLine($"{name} = {printer.Format(name)}");
            int code = CommandLine.Ok;
            if (result.Faulted)
            {
                var f = result.Fault;
                string where = Simulator.SourceLocation(image, f.Position);
                string task = result.TaskName == Simulator.DefaultTaskName ? "" : $"task {result.TaskName}, ";
                stderr.WriteLine($"{where}: fault {f.CodeText}: {f.Message()} ({task}scan at {VariablePrinter.FormatTime(result.TimeNs)})");
                code = CommandLine.RuntimeFault;
            }
            if (exitFault != null)
            {
                var f = exitFault.Fault;
                stderr.WriteLine($"{Simulator.SourceLocation(image, f.Position)}: fault {f.CodeText}: {f.Message()} (FB_exit at {VariablePrinter.FormatTime(exitFault.TimeNs)})");
                code = CommandLine.RuntimeFault;
            }
            if (scenario != null)
            {
                foreach (var failure in scenario.Failures) stdout.WriteLine(failure.Format(scenarioPath!));
                int unchecked_ = 0;
                foreach (var step in scenario.Unchecked)
                {
                    unchecked_++;
                    stdout.WriteLine($"{scenarioPath}({step.Line}): at {VariablePrinter.FormatTime(step.TimeNs)} expect {step.Target}: never checked (no scan at or after that time)");
                }
                int failed = scenario.Failures.Count + unchecked_;
                stdout.WriteLine($"scenario: {scenario.ExpectationCount - failed} of {scenario.ExpectationCount} expectations held");
                if (failed > 0 && code == CommandLine.Ok) code = ScenarioFailed;
            }
            trace?.Dispose();
            traceFile?.Dispose();
            return code;
        }
        finally
        {
            foreach (var s in signals) s.Dispose();
            webView?.Dispose();
            hardware?.Dispose();
            board?.Dispose();
        }
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

    /// <summary>A monitor whose target is set after the simulator (and so its memory) exists.</summary>
    sealed class DeferredMonitor : IScanMonitor
    {
        public IScanMonitor? Target;
        public void BeforeScan(byte[] memory) => Target?.BeforeScan(memory);
        public void ApplyForces(byte[] memory) => Target?.ApplyForces(memory);
        public void Publish(byte[] memory, long scans, long nowNs) => Target?.Publish(memory, scans, nowNs);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;
using Plc.Runtime.Hosting.Retain;

namespace Plc.Cli;

/// <summary>
/// <c>plc run FILE.st...|IMAGE [--duration TIME] [--retain PATH] [--cold] [--stats] [--print NAME,...] [--io CONFIG]
/// [--modbus [ADDRESS]]</c>
/// and the runtime options: runs the program on the wall clock (docs/runtime.md).
/// </summary>
public static class RunCommand
{
    static readonly string[] valueOptions = new[]
    {
        "--duration", "--retain", "--print", "--io", "--watchdog", "--cycle-time", "--restart", "--restart-delay",
        "--retain-interval", "--cpu", "--rt-priority", "--monitor", "--spin", "--tier", "--modbus-max-connections",
        WebSetup.TokenOption,
    }.Concat(MqttSetup.ValueOptions).ToArray();
    static readonly string[] optionalValues = { "--modbus", WebSetup.WebOption };
    static readonly string[] flags =
        new[] { "--cold", "--stats", "--no-tuning", "--no-warmup", "--lock-memory", "--simulated-io", "--modbus-read-only" }
            .Concat(MqttSetup.Flags).ToArray();

    /// <summary>Default interval of the background retain writer.</summary>
    public const long DefaultRetainIntervalNs = 1_000_000_000;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <param name="started">Called once the scan thread runs (tests use it to stop the loop or to connect).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Action<RunningProgram>? started)
    {
        var a = new Arguments(args, valueOptions, null, flags, optionalValues);
        if (a.Positional.Count == 0) throw new UsageException("run: no source files or image");
        long? duration = a.Get("--duration") is { } d ? TimeArgument.Parse("--duration", d) : null;
        if (duration is < 0) throw new UsageException("--duration must not be negative");
        long? cycleTime = a.Get("--cycle-time") is { } ct ? TimeArgument.Parse("--cycle-time", ct) : null;
        if (cycleTime is <= 0) throw new UsageException("--cycle-time must be positive");
        long? watchdog = a.Get("--watchdog") is { } w ? TimeArgument.Parse("--watchdog", w) : null;
        if (watchdog is <= 0) throw new UsageException("--watchdog must be positive");
        var restart = a.Get("--restart") switch
        {
            null or "none" => RestartMode.None,
            "warm" => RestartMode.Warm,
            "cold" => RestartMode.Cold,
            var r => throw new UsageException($"--restart: '{r}' is not warm, cold or none"),
        };
        long restartDelay = a.Get("--restart-delay") is { } rd ? TimeArgument.Parse("--restart-delay", rd) : 1_000_000_000;
        if (restartDelay < 0) throw new UsageException("--restart-delay must not be negative");
        long retainInterval = a.Get("--retain-interval") is { } ri ? TimeArgument.Parse("--retain-interval", ri) : DefaultRetainIntervalNs;
        if (retainInterval <= 0) throw new UsageException("--retain-interval must be positive");
        long spin = a.Get("--spin") is { } sp ? TimeArgument.Parse("--spin", sp) : WallClock.DefaultSpinNs;
        if (spin < 0) throw new UsageException("--spin must not be negative");
        int? cpu = a.Get("--cpu") is { } c ? ParseInt("--cpu", c, 0, 63) : null;
        int? rtPriority = a.Get("--rt-priority") is { } rp ? ParseInt("--rt-priority", rp, 1, 99) : null;
        var names = a.Get("--print") is { } p ? SimCommand.SplitNames(p) : new List<string>();
        bool tuning = !a.Has("--no-tuning");
        var tier = TierArgument.Parse(a.Get("--tier"));
        var modbusOptions = ModbusOptions(a);
        var web = WebSetup.Parse(a);
        var mqtt = MqttSetup.Parse(a, a.Positional[0]);

        if (ProgramLoader.LoadForRun(a.Positional, names, stderr, out int exit, out var attributes) is not var (image, verified)) return exit;

        // Retained data: loaded before the first scan (unless --cold), captured every scan, written in the background.
        RetainStore? retain = null;
        var layout = RetainLayout.FromImage(image);
        string retainPath = a.Get("--retain") ?? DefaultRetainPath(a.Positional[0]);
        if (layout.Variables.Count > 0)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(retainPath));
            if (dir != null && !Directory.Exists(dir)) throw new UsageException($"--retain {retainPath}: the directory does not exist");
            retain = new RetainStore(retainPath, layout, RetainStore.ImageIdOf(image));
        }
        else if (a.Get("--retain") != null)
            stderr.WriteLine($"plc: note: the program has no RETAIN or PERSISTENT variables; '{retainPath}' is not used");

        Plc.Hardware.Configuration.IoConfiguration? ioConfig = null;
        if (a.Get("--io") is { } ioPath)
        {
            ioConfig = IoSetup.Load(ioPath, image, stderr);
            if (ioConfig == null) return CommandLine.CompileError;
        }
        else if (a.Has("--simulated-io")) throw new UsageException("--simulated-io needs --io FILE");

        MonitorServer? server = null;
        MonitorBridge? bridge = null;
        Plc.Web.WebViewServer? webView = null;
        Plc.Connectivity.Modbus.ModbusServer? modbus = null;
        Plc.Connectivity.Modbus.ModbusBridge? modbusBridge = null;
        Plc.Hardware.IHardwareProvider? board = null;
        Plc.Hardware.HardwareIO? hardware = null;
        Plc.Mqtt.MqttService? mqttService = null;
        try
        {
            if (a.Get("--monitor") is { } monitorAt)
            {
                bridge = new MonitorBridge(image);
                server = StartMonitor(bridge, monitorAt, stderr);
            }
            if (web != null)
            {
                bridge ??= new MonitorBridge(image);
                webView = WebSetup.Start(web, bridge, a, "wall", stderr);
            }
            // MQTT talks to the program only through the monitoring bridge (docs/mqtt.md).
            if (mqtt != null) mqttService = MqttSetup.Start(mqtt, bridge ??= new MonitorBridge(image), attributes, stderr);
            if (modbusOptions != null)
            {
                modbusBridge = new Plc.Connectivity.Modbus.ModbusBridge(image);
                modbus = StartModbus(modbusBridge, modbusOptions, a.Get("--modbus")!, stderr);
            }
            // Modbus writes first, then the monitor's writes and forces (--monitor and --web share one bridge): a forced
            // value wins over a Modbus write.
            IScanMonitor? monitor = modbusBridge != null && bridge != null
                ? new Plc.Runtime.Hosting.Tracing.MonitorChain(modbusBridge, bridge)
                : (IScanMonitor?)modbusBridge ?? bridge;
            // Compile the runtime now (about 70 ms), not during the first scans (docs/performance.md).
            if (!a.Has("--no-warmup")) JitWarmup.PrepareRuntime();
            var clock = new WallClock { SpinNs = spin };
            var safe = new SafeOutputs(image);
            if (ioConfig != null)
            {
                // Real buses on a Raspberry Pi; with --simulated-io the simulated chips of plc sim, on the wall clock.
                board = a.Has("--simulated-io") ? new Plc.Hardware.Simulation.SimulatedHardware() : new Plc.Hardware.RaspberryPiHardware();
                try { hardware = Plc.Hardware.HardwareIO.Create(ioConfig, image, board, clock, safe, background: true); }
                catch (Exception e) when (e is Plc.Hardware.HardwareException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    stderr.WriteLine($"plc: error: cannot open the I/O: {e.Message}" +
                        (e.InnerException is { } inner && inner.Message != e.Message && !e.Message.EndsWith(inner.Message, StringComparison.Ordinal) ? $" ({inner.Message})" : ""));
                    if (!a.Has("--simulated-io"))
                        stderr.WriteLine("plc: note: a machine without these buses can run the program against simulated chips with --simulated-io");
                    return CommandLine.RuntimeFault;
                }
            }
            var loop = new ScanLoop(image, verified, clock, new ScanLoopOptions
            {
                Io = (IProcessIO?)hardware ?? NoProcessIO.Instance,
                SafeOutputs = safe,
                DefaultTaskIntervalNs = cycleTime,
                WatchdogNs = watchdog,
                Retain = retain,
                Restart = restart,
                RestartDelayNs = restartDelay,
                Monitor = monitor,
                Tier = tier,
            });
            if (loop.TierNote != null) stderr.WriteLine("plc: note: " + loop.TierNote);
            if (webView != null) webView.Loop = loop;
            if (retain != null && !a.Has("--cold"))
            {
                var loaded = retain.Load(loop.Memory);
                foreach (var m in loaded.Messages) stderr.WriteLine($"plc: {(loaded.Rejected ? "error" : "warning")}: {m}");
            }
            retain?.StartWriter(TimeSpan.FromTicks(Math.Max(1, retainInterval / 100)));
            return RunLoop(image, loop, server, modbus, webView, mqttService, a, names, duration, tuning, cpu, rtPriority, restart, stdout, stderr, started);
        }
        finally
        {
            mqttService?.Dispose();   // publishes "offline" after the scans have stopped
            webView?.Dispose();
            server?.Dispose();
            modbus?.Dispose();
            hardware?.Dispose();
            board?.Dispose();
            retain?.Dispose();
            if (retain?.LastError is { } e) stderr.WriteLine($"plc: error: {e}");
        }
    }

    /// <summary>
    /// Starts the monitoring server (docs/monitoring.md) on <c>PORT</c> (127.0.0.1) or <c>HOST:PORT</c>; port 0 takes
    /// any free port. The address it listens on goes to stderr, so a tool that started plc can connect.
    /// </summary>
    static MonitorServer StartMonitor(MonitorBridge bridge, string text, TextWriter stderr)
    {
        var endpoint = ParseEndpoint("--monitor", text);
        var server = new MonitorServer(bridge, endpoint);
        try { server.Start(); }
        catch (System.Net.Sockets.SocketException e)
        {
            server.Dispose();
            throw new UsageException($"--monitor {text}: cannot listen there: {e.Message}");
        }
        var at = server.LocalEndpoint;
        stderr.WriteLine($"plc: monitoring on {at}");
        if (!System.Net.IPAddress.IsLoopback(at.Address))
            stderr.WriteLine("plc: warning: the monitoring port is reachable from the network and anyone who reaches it " +
                "can write and force variables; bind it to 127.0.0.1 unless the network is trusted");
        stderr.Flush();
        return server;
    }

    /// <summary>The Modbus server's settings from --modbus [ADDRESS], --modbus-read-only and --modbus-max-connections
    /// (null without --modbus; the other two need it).</summary>
    static Plc.Connectivity.Modbus.ModbusServerOptions? ModbusOptions(Arguments a)
    {
        string? at = a.Get("--modbus");
        if (at == null)
        {
            if (a.Has("--modbus-read-only")) throw new UsageException("--modbus-read-only needs --modbus");
            if (a.Get("--modbus-max-connections") != null) throw new UsageException("--modbus-max-connections needs --modbus");
            return null;
        }
        var endpoint = at.Length == 0
            ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Plc.Connectivity.Modbus.ModbusServerOptions.DefaultPort)
            : ParseEndpoint("--modbus", at);
        int max = a.Get("--modbus-max-connections") is { } m ? ParseInt("--modbus-max-connections", m, 1, 10000)
            : Plc.Connectivity.Modbus.ModbusServerOptions.DefaultMaxConnections;
        return new Plc.Connectivity.Modbus.ModbusServerOptions { Endpoint = endpoint, ReadOnly = a.Has("--modbus-read-only"), MaxConnections = max };
    }

    /// <summary>Starts the Modbus TCP server (docs/modbus.md); its address goes to stderr.</summary>
    static Plc.Connectivity.Modbus.ModbusServer StartModbus(Plc.Connectivity.Modbus.ModbusBridge bridge,
        Plc.Connectivity.Modbus.ModbusServerOptions options, string text, TextWriter stderr)
    {
        var server = new Plc.Connectivity.Modbus.ModbusServer(bridge, options);
        try { server.Start(); }
        catch (System.Net.Sockets.SocketException e)
        {
            server.Dispose();
            string shown = text.Length == 0 ? options.Endpoint.ToString() : text;
            string hint = options.Endpoint.Port is > 0 and < 1024
                ? $" (ports below 1024 need root or CAP_NET_BIND_SERVICE; try --modbus {options.Endpoint.Address}:5020)" : "";
            throw new UsageException($"--modbus {shown}: cannot listen there: {e.Message}{hint}");
        }
        var at = server.LocalEndpoint;
        stderr.WriteLine($"plc: modbus on {at}" + (options.ReadOnly ? " (read-only)" : ""));
        if (!System.Net.IPAddress.IsLoopback(at.Address))
            stderr.WriteLine("plc: warning: the Modbus port is reachable from the network and Modbus has no authentication: " +
                (options.ReadOnly ? "anyone who reaches it can read the process image" : "anyone who reaches it can write outputs and memory words") +
                "; bind it to 127.0.0.1 unless the network is trusted");
        stderr.Flush();
        return server;
    }

    /// <summary><c>PORT</c> (on 127.0.0.1) or <c>HOST:PORT</c> with a numeric IPv4 or [IPv6] address.</summary>
    public static System.Net.IPEndPoint ParseEndpoint(string option, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            if (port > 65535) throw new UsageException($"{option}: port {port} is not from 0 to 65535");
            return MonitorServer.LoopbackEndpoint(port);
        }
        if (text.Contains(':') && System.Net.IPEndPoint.TryParse(text, out var ep) && text.LastIndexOf(':') > text.LastIndexOf(']')
            && ep.Port <= 65535)
            return ep;
        throw new UsageException($"{option}: '{text}' is not PORT or HOST:PORT with a numeric address (e.g. 127.0.0.1:5020)");
    }

    static int RunLoop(Image image, ScanLoop loop, MonitorServer? server, Plc.Connectivity.Modbus.ModbusServer? modbus,
        Plc.Web.WebViewServer? webView, Plc.Mqtt.MqttService? mqtt, Arguments a, List<string> names, long? duration, bool tuning, int? cpu,
        int? rtPriority, RestartMode restart, TextWriter stdout, TextWriter stderr, Action<RunningProgram>? started)
    {
        var warnings = new List<string>();
        var rt = new RealTimeOptions
        {
            LowLatencyGc = tuning, HighPriority = tuning, Cpu = cpu, FifoPriority = rtPriority, LockMemory = a.Has("--lock-memory"),
        };
        var previousLatency = System.Runtime.GCSettings.LatencyMode;
        RealTimeTuning.ApplyToProcess(rt, warnings);

        loop.FaultOccurred = f =>
        {
            stderr.WriteLine(FormatFault(image, f, f.TimeNs - loop.StartedAtNs));
            if (restart != RestartMode.None)
                stderr.WriteLine($"plc: outputs in safe state; {(restart == RestartMode.Warm ? "warm" : "cold")} restart");
        };

        ScanLoopResult? result = null;
        Exception? crash = null;
        var threadWarnings = new List<string>();
        var scan = new Thread(() =>
        {
            try
            {
                RealTimeTuning.ApplyToScanThread(rt, threadWarnings);
                result = loop.Run(duration);
            }
            catch (Exception e)
            {
                // A bug in the runtime: never leave the outputs as they were.
                crash = e;
                try { loop.EnterSafeState(); } catch (Exception) { }
            }
        })
        { Name = "plc scan", IsBackground = true };

        var signals = new List<PosixSignalRegistration>();
        string? stoppedBy = null;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stoppedBy = context.Signal.ToString();
            loop.RequestStop();
        }
        try
        {
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        }
        catch (PlatformNotSupportedException) { }

        try
        {
            scan.Start();
            started?.Invoke(new RunningProgram(loop, server, modbus, webView, mqtt));
            scan.Join();
        }
        finally
        {
            foreach (var s in signals) s.Dispose();
            System.Runtime.GCSettings.LatencyMode = previousLatency;
        }
        foreach (var w in warnings) stderr.WriteLine($"plc: warning: {w}");
        foreach (var w in threadWarnings) stderr.WriteLine($"plc: warning: {w}");

        // After a clean stop FB_exit runs (D39), --print shows what the last scan and FB_exit left, then the outputs go
        // to their safe state. After a fault the outputs are in their safe state already, and printed so.
        var exitFault = crash == null && result!.Reason != ScanStop.Fault ? loop.RunExit() : null;
        if (exitFault != null)
            stderr.WriteLine(FormatFault(image, exitFault, exitFault.TimeNs - loop.StartedAtNs).Replace("(scan at", "(FB_exit at"));
        var printer = new VariablePrinter(image, loop.Memory);
        var lines = new List<string>();
        foreach (var name in names) lines.Add($"{name} = {printer.Format(name)}");
        if (crash == null && result!.Reason != ScanStop.Fault) loop.EnterSafeState();
        if (stoppedBy != null) stderr.WriteLine($"plc: stopped by {stoppedBy}");

        foreach (var line in lines) stdout.WriteLine(line);
        if (a.Has("--stats")) StatisticsReport.Write(stdout, loop, result);
        if (crash != null)
        {
            stderr.WriteLine($"plc: internal error in the scan loop: {crash.GetType().Name}: {crash.Message}");
            stderr.WriteLine("plc: the outputs were put into their safe state. This is a bug in plc; please report it.");
            return CommandLine.RuntimeFault;
        }
        return result!.Reason == ScanStop.Fault || exitFault != null ? CommandLine.RuntimeFault : CommandLine.Ok;
    }

    /// <summary>"path(line,col): fault PLCF001: division by zero (task Fast, scan at T#1s20ms)".</summary>
    public static string FormatFault(Image image, ScanFault f, long sinceStartNs)
    {
        string where = Simulator.SourceLocation(image, f.Fault.Position);
        string task = f.TaskName == Simulator.DefaultTaskName ? "" : $"task {f.TaskName}, ";
        return $"{where}: fault {f.Fault.CodeText}: {f.Fault.Message()} ({task}scan at {VariablePrinter.FormatTime(Math.Max(0, sinceStartNs))})";
    }

    /// <summary>The retain file beside the image or the first source file: <c>dir/name.retain</c>.</summary>
    public static string DefaultRetainPath(string input) => Path.ChangeExtension(input, ".retain");

    static int ParseInt(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"{option}: '{text}' is not a number from {min} to {max}");
        return v;
    }
}

/// <summary>A program that <c>plc run</c> or <c>plc sim</c> is running: lets tests and tools stop it.</summary>
public sealed class RunningProgram
{
    internal RunningProgram(ScanLoop loop, MonitorServer? monitor, Plc.Connectivity.Modbus.ModbusServer? modbus,
        Plc.Web.WebViewServer? web, Plc.Mqtt.MqttService? mqtt = null)
    {
        Loop = loop; Monitor = monitor; Modbus = modbus; Web = web; Mqtt = mqtt;
    }
    public ScanLoop Loop { get; }
    /// <summary>The monitoring server, when --monitor was given.</summary>
    public MonitorServer? Monitor { get; }
    /// <summary>The Modbus TCP server, when --modbus was given.</summary>
    public Plc.Connectivity.Modbus.ModbusServer? Modbus { get; }
    /// <summary>The web view, when --web was given.</summary>
    public Plc.Web.WebViewServer? Web { get; }
    /// <summary>The MQTT connection, when plc run was given --mqtt.</summary>
    public Plc.Mqtt.MqttService? Mqtt { get; }
    public void Stop() => Loop.RequestStop();
}

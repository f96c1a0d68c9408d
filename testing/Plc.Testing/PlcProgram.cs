using System.Globalization;
using Plc.Compiler;
using Plc.Hardware;
using Plc.Hardware.Configuration;
using Plc.Hardware.Simulation;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Testing;

/// <summary>The program did not compile (or its I/O configuration is wrong): all diagnostics, one a line.</summary>
public sealed class PlcCompileException : Exception
{
    public PlcCompileException(string diagnostics) : base(diagnostics) { }
}

/// <summary>A runtime fault stopped a scan: <c>file(line,col): fault PLCFnnn: message (...)</c>.</summary>
public sealed class PlcFaultException : Exception
{
    public PlcFaultException(string message, ScanFault fault) : base(message) { Fault = fault; }
    public ScanFault Fault { get; }
}

/// <summary>
/// An ST program under test, on a virtual clock (docs/testing.md). Inputs set with <see cref="Set"/> are written like
/// a scenario's <c>set</c>: after the inputs are read and before the tasks run, at the next scan. <see cref="Advance"/>
/// runs every scan in a span of simulated time (the first at the current time); <see cref="Scan"/> runs whole cycles
/// of the fastest task. Values are read and written with the names and IEC literals of <c>plc sim --print</c>.
/// </summary>
public sealed class PlcProgram : IDisposable
{
    readonly Image image;
    readonly VirtualClock clock = new();
    readonly ScanLoop loop;
    readonly PendingWrites writes;
    readonly ValueFormatter formatter;
    readonly HardwareIO? hardware;
    readonly long interval;

    PlcProgram(Image image, VerificationResult verified, PlcOptions options)
    {
        this.image = image;
        var safe = new SafeOutputs(image);
        if (options.IoConfiguration is { } ioText)
        {
            var diagnostics = new List<IoDiagnostic>();
            var config = IoConfigurationReader.Read("io.yaml", ioText, diagnostics);
            if (config != null) IoConfigurationValidator.Validate(config, image, diagnostics);
            if (config == null || diagnostics.Any(d => d.Severity == IoSeverity.Error))
                throw new PlcCompileException(string.Join(Environment.NewLine, diagnostics));
            Board = new SimulatedHardware();
            hardware = HardwareIO.Create(config, image, Board, clock, safe, background: false);
        }
        writes = new PendingWrites(image);
        loop = new ScanLoop(image, verified, clock, new ScanLoopOptions
        {
            DefaultTaskIntervalNs = options.CycleTime is { } ct ? (long)(ct.Ticks * 100) : null,
            UseTaskWatchdogs = false,
            Io = (IProcessIO?)hardware ?? NoProcessIO.Instance,
            SafeOutputs = safe,
            Monitor = writes,
            Tier = options.Tier,
        });
        formatter = new ValueFormatter(image, loop.Memory);
        int fastest = loop.Planner.FastestCyclic();
        interval = fastest >= 0 ? loop.Planner.Interval(fastest) : 0;
    }

    /// <summary>Compiles ST source texts (name, text) and loads the program.</summary>
    public static PlcProgram FromSource(string source, PlcOptions? options = null) => FromSources(new[] { ("main.st", source) }, options);

    public static PlcProgram FromSources(IEnumerable<(string Name, string Text)> sources, PlcOptions? options = null)
    {
        var result = Compilation.Compile(sources.Select(s => new SourceText(s.Name, s.Text)).ToArray());
        return Load(result, options);
    }

    /// <summary>Compiles ST files and loads the program.</summary>
    public static PlcProgram FromFiles(params string[] paths) => FromFiles(paths, null);

    public static PlcProgram FromFiles(IReadOnlyList<string> paths, PlcOptions? options)
    {
        var result = Compilation.CompileFiles(paths.ToList());
        return Load(result, options);
    }

    static PlcProgram Load(CompilationResult result, PlcOptions? options)
    {
        if (!result.Success) throw new PlcCompileException(string.Join(Environment.NewLine, result.Diagnostics));
        var verified = Verifier.Verify(result.Image!);
        if (!verified.Ok) throw new PlcCompileException("the image was rejected by the verifier: " + verified.Error);
        return new PlcProgram(result.Image!, verified, options ?? new PlcOptions());
    }

    /// <summary>The simulated chips and pins, when the options named an I/O configuration.</summary>
    public SimulatedHardware? Board { get; }

    /// <summary>Simulated time now (the time the next scan would start at, after an <see cref="Advance"/>).</summary>
    public TimeSpan Now => TimeSpan.FromTicks(clock.NowNs / 100);

    /// <summary>The interval of the fastest cyclic task.</summary>
    public TimeSpan CycleTime => TimeSpan.FromTicks(interval / 100);

    /// <summary>Writes a value at the next scan (after the inputs are read, before the tasks): an IEC literal
    /// (<c>"TRUE"</c>, <c>"-5"</c>, <c>"T#1s"</c>, <c>"'text'"</c>) or a .NET bool, integer, double, TimeSpan or string.</summary>
    public PlcProgram Set(string name, object value)
    {
        string literal = value switch
        {
            bool b => b ? "TRUE" : "FALSE",
            string s when s.Length > 0 && (s[0] is '\'' or '"' || char.IsDigit(s[0]) || s[0] == '-' || s.Contains('#') || s is "TRUE" or "FALSE") => s,
            string s => "'" + s.Replace("$", "$$").Replace("'", "$'") + "'",
            TimeSpan t => "T#" + ((long)(t.Ticks * 100)).ToString(CultureInfo.InvariantCulture) + "ns",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
            IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"cannot write a {value.GetType().Name} to '{name}'", nameof(value)),
        };
        string? error = writes.Queue(loop.Memory, name, literal);
        if (error != null) throw new ArgumentException(error, nameof(name));
        return this;
    }

    /// <summary>The value as <c>plc sim --print</c> shows it (an IEC literal).</summary>
    public string Get(string name)
    {
        var loc = VariablePath.Resolve(image, loop.Memory, name, out string? error) ?? throw new ArgumentException(error, nameof(name));
        return formatter.Format(loc);
    }

    public bool GetBool(string name) => Get(name) switch { "TRUE" => true, "FALSE" => false, var v => throw new InvalidOperationException($"{name} = {v} is not a BOOL") };

    public long GetInt(string name) => long.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
        ? v : throw new InvalidOperationException($"{name} = {Get(name)} is not an integer");

    public double GetReal(string name) => double.TryParse(Get(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
        ? v : throw new InvalidOperationException($"{name} = {Get(name)} is not a number");

    /// <summary>Runs <paramref name="cycles"/> cycles of the fastest task (and whatever else is released in between).</summary>
    public PlcProgram Scan(int cycles = 1) => Advance(TimeSpan.FromTicks(interval * cycles / 100));

    /// <summary>Runs every release in [now, now + span) and moves the clock to now + span; the schedule keeps its grid.
    /// Throws <see cref="PlcFaultException"/> when a fault stops a scan (the outputs are in their safe state then).</summary>
    public PlcProgram Advance(TimeSpan span)
    {
        long ns = span.Ticks * 100;
        if (ns < 0) throw new ArgumentOutOfRangeException(nameof(span), "time does not run backwards");
        long start = clock.NowNs;
        var result = loop.Run(ns, continueSchedule: true);
        if (result.Fault is { } f)
        {
            string where = Simulator.SourceLocation(image, f.Fault.Position);
            throw new PlcFaultException($"{where}: fault {f.Fault.CodeText}: {f.Fault.Message()} (scan at {Disassembler.FormatTime(f.TimeNs)})", f);
        }
        clock.WaitUntil(start + ns);
        return this;
    }

    public void Dispose() => hardware?.Dispose();

    /// <summary>Writes queued by <see cref="Set"/>, applied at the next scan like a scenario's or a monitor's write.</summary>
    sealed class PendingWrites : IScanMonitor
    {
        readonly Image image;
        readonly List<(int Address, int Bit, byte[] Bytes)> pending = new();
        public PendingWrites(Image image) { this.image = image; }

        public string? Queue(byte[] memory, string name, string literal)
        {
            var loc = Plc.Hardware.Scenarios.DirectVariables.Resolve(image, memory, name, out string? error);
            if (loc == null) return error;
            string? encodeError = ValueWriter.Encode(image, loc.Value.Type, loc.Value.Bit >= 0, literal, out byte[] bytes);
            if (encodeError != null) return $"'{name}': {encodeError}";
            pending.Add((loc.Value.Address, loc.Value.Bit, bytes));
            return null;
        }

        public void BeforeScan(byte[] memory)
        {
            foreach (var (address, bit, bytes) in pending) ValueWriter.Store(memory, address, bit, bytes);
            pending.Clear();
        }

        public void ApplyForces(byte[] memory) { }
        public void Publish(byte[] memory, long scans, long nowNs) { }
    }
}

/// <summary>How <see cref="PlcProgram"/> runs the program.</summary>
public sealed class PlcOptions
{
    /// <summary>The default task's interval for a program without a CONFIGURATION (default 10 ms).</summary>
    public TimeSpan? CycleTime { get; init; }
    /// <summary>An I/O configuration (YAML text, docs/io.md): the program then runs against simulated chips (<see cref="PlcProgram.Board"/>).</summary>
    public string? IoConfiguration { get; init; }
    /// <summary>Compiled (default) or interpreted.</summary>
    public ExecutionTier Tier { get; init; } = ExecutionTier.Compiled;
}

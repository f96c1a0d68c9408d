using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Plc.Cli;

/// <summary>
/// The <c>plc</c> command. Exit codes: 0 success, 1 compile errors (or an unusable image), 2 bad usage,
/// 3 a runtime fault. Diagnostics and faults go to stderr, results to stdout.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int CompileError = 1;
    public const int Usage = 2;
    public const int RuntimeFault = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).Write(HelpText);
            return args.Length == 0 ? Usage : Ok;
        }
        if (args[0] is "--version" or "version")
        {
            stdout.WriteLine("plc " + typeof(CommandLine).Assembly.GetName().Version?.ToString(3));
            return Ok;
        }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "build" => BuildCommand.Run(rest, stdout, stderr),
                "check" => CheckCommand.Run(rest, stdout, stderr),
                "sim" => SimCommand.Run(rest, stdout, stderr),
                "run" => RunCommand.Run(rest, stdout, stderr),
                "test" => TestCommand.Run(rest, stdout, stderr),
                "bench" => BenchCommand.Run(rest, stdout, stderr),
                "disasm" => DisasmCommand.Run(rest, stdout, stderr),
                _ => UsageError(stderr, $"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            return UsageError(stderr, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in plc itself: say so plainly instead of a stack trace (tests call the compiler directly and
            // still see the exception).
            stderr.WriteLine($"plc: internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine("This is a bug in plc; please report it with the input that caused it.");
            return CompileError;
        }
    }

    public static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"plc: {message}");
        stderr.WriteLine("Run 'plc --help' for usage.");
        return Usage;
    }

    public const string HelpText =
@"plc - IEC 61131-3 Structured Text compiler and runtime

Usage:
  plc build FILE.st... [-o OUT.plcx]
      Compile to a bytecode image (default: the first file's name with .plcx).
  plc check FOLDER|FILE... [--verbose]
      Compile a project as exported (.st, CODESYS .EXP, TwinCAT .TcPOU/.TcGVL/
      .TcDUT; a folder is searched recursively) with all its files together;
      print OK or FAIL with the first errors per file, then 'N of M files
      compile'; exit 1 when a file does not compile (docs/compatibility.md).
      --verbose  every diagnostic, also warnings and notes
  plc sim FILE.st...|IMAGE [--cycles N] [--duration TIME] [--cycle-time TIME]
                           [--print NAME[,NAME...]] [--watchdog TIME]
                           [--io FILE] [--scenario FILE] [--trace FILE.vcd|.csv]
      Run on a virtual clock: --cycles N scans of the fastest task (default 1),
      or every task release before --duration. --cycle-time sets the default
      task's interval (T#10ms). Then print NAME = VALUE for each --print name
      (Instance.var, Instance.arr[3].member, or a global's name).
      --tier T         compiled (default: .NET code generated from the verified
                       bytecode) or interpreted (the portable reference); same results
      --io FILE        the I/O configuration (docs/io.md), against simulated
                       GPIO, PWM and I2C chips
      --scenario FILE  a timeline of inputs to set and outputs to expect;
                       exit 4 when an expectation fails (docs/io.md)
      --trace FILE     record variables every scan: .vcd (GTKWave) or .csv
      --watch NAMES    the variables to trace (default: all of the programs)
      --web [ADDRESS]  the live web view (docs/web.md) on 127.0.0.1:8061, PORT,
                       HOST or HOST:PORT; the simulation then keeps pace with
                       real time and runs until --cycles/--duration or Ctrl+C
      --web-token T    the token writing and forcing need (default: random)
  plc run FILE.st...|IMAGE [--duration TIME] [--retain PATH] [--cold] [--stats]
                           [--print NAME[,NAME...]] [--io CONFIG]
      Run on the wall clock until SIGINT/SIGTERM or --duration, then print
      NAME = VALUE as plc sim does; the outputs go to their safe state.
      --stats             per task: scans, cycle time, jitter, overruns
      --retain PATH       retain file (default: beside the input, .retain)
      --io FILE           bind %I/%Q to GPIO, PWM and I2C chips (docs/io.md)
      --simulated-io      with --io: simulated chips instead of the real buses
      --cold              ignore retained values
      --cycle-time TIME   interval of the default task (T#10ms)
      --watchdog TIME     watchdog of tasks without WATCHDOG (10 intervals, >= 100ms)
      --restart MODE      after a fault: none (exit 3), warm or cold
      --restart-delay T   outputs stay safe this long before a restart (T#1s)
      --retain-interval T how often changed retained values are written (T#1s)
      --monitor PORT      monitoring protocol on 127.0.0.1:PORT (or HOST:PORT)
      --modbus [ADDR]     Modbus TCP server on the process image (docs/modbus.md):
                          PORT (on 127.0.0.1) or HOST:PORT, default 127.0.0.1:502
      --modbus-read-only  answer writes with illegal function
      --modbus-max-connections N  clients served at once (16)
      --mqtt URL          MQTT broker, mqtt://[user[:password]@]host[:port] or
                          mqtts://... (TLS): publishes the variables named by
                          --mqtt-publish NAME,... or {attribute 'mqtt'} as JSON
                          on change, accepts writes on PREFIX/NAME/set for
                          --mqtt-write NAME,... or {attribute 'mqtt_write'}
      --mqtt-topic P, --mqtt-qos N, --mqtt-interval T, --mqtt-period T,
      --mqtt-user U, --mqtt-password-file F, --mqtt-ca F, --mqtt-config F ...
                          (docs/mqtt.md)
      --web [ADDRESS]     live web view: variables, write/force, trends
                          (docs/web.md; default 127.0.0.1:8061)
      --web-token T       the token writing and forcing need (default: random)
      --tier T            compiled (default) or interpreted (same results)
      --spin TIME, --cpu N, --rt-priority N, --lock-memory, --no-tuning,
      --no-warmup         real-time settings (docs/runtime.md)
  plc test FILE.st... [--junit FILE] [--filter TEXT] [--cycle-time TIME] [--tier T]
      Run the ST tests: every FUNCTION_BLOCK named TEST_... or marked
      {attribute 'test'}, each in a fresh instance on the virtual clock, with
      ASSERT_EQUAL/ASSERT_NEAR/ASSERT_TRUE/ASSERT_FALSE and ADVANCE(T#..) (the
      program's scans run in between). One line per test, then 'N passed, N
      failed'; exit 1 when a test failed. --junit writes JUnit XML.
  plc bench FILE.st...|IMAGE [--cycles N] [--print NAME[,NAME...]] [--repeat R] [--tier T]
      Time N scans on the virtual clock (default: about a second's worth), R
      times (default 5) from a fresh start; print ns_per_scan=<median>,
      alloc_bytes_per_scan=, then NAME = VALUE after exactly N scans.
  plc disasm FILE.st...|IMAGE
      Print the bytecode, constants, tasks and symbols readably.

TIME values: T#10ms, 1s500ms, 250us ...
Exit codes: 0 ok, 1 compile errors (or I/O configuration errors), 2 bad usage,
3 runtime fault (or I/O that cannot be opened), 4 a scenario expectation failed;
plc test: 1 when a test failed.
";
}

/// <summary>Bad command-line usage: reported with exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}

/// <summary>A tiny option parser: positional arguments and --name value options.</summary>
public sealed class Arguments
{
    public List<string> Positional { get; } = new();
    readonly Dictionary<string, string> options = new();

    readonly HashSet<string> flagsSet = new(StringComparer.Ordinal);

    /// <param name="flags">Options without a value (--cold).</param>
    /// <param name="optionalValues">Options whose value may be left out (<c>--modbus</c>, <c>--web 127.0.0.1:5020</c>):
    /// the next argument is their value only when it looks like an address (starts with a digit or '[', holds a ':',
    /// or is <c>localhost</c>, and is not a .st or .plcx file); without one, <see cref="Get"/> returns "".</param>
    public Arguments(string[] args, ICollection<string> valueOptions, IReadOnlyDictionary<string, string>? aliases = null,
        ICollection<string>? flags = null, ICollection<string>? optionalValues = null)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a.StartsWith('-') && a.Length > 1)
            {
                string name = a;
                string? value = null;
                int eq = a.IndexOf('=');
                if (a.StartsWith("--") && eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
                if (aliases != null && aliases.TryGetValue(name, out var canonical)) name = canonical;
                if (flags != null && flags.Contains(name, StringComparer.Ordinal))
                {
                    if (value != null) throw new UsageException($"option '{name}' takes no value");
                    if (!flagsSet.Add(name)) throw new UsageException($"option '{name}' is given twice");
                    continue;
                }
                if (value == null && optionalValues != null && optionalValues.Contains(name, StringComparer.Ordinal))
                {
                    value = i + 1 < args.Length && LooksLikeAddress(args[i + 1]) ? args[++i] : "";
                    if (options.ContainsKey(name)) throw new UsageException($"option '{name}' is given twice");
                    options[name] = value;
                    continue;
                }
                if (!valueOptions.Contains(name, StringComparer.Ordinal)
                    && (optionalValues == null || !optionalValues.Contains(name, StringComparer.Ordinal)))
                    throw new UsageException($"unknown option '{a}'");
                if (value == null)
                {
                    if (i + 1 >= args.Length) throw new UsageException($"option '{name}' needs a value");
                    value = args[++i];
                }
                if (options.ContainsKey(name)) throw new UsageException($"option '{name}' is given twice");
                options[name] = value;
            }
            else Positional.Add(a);
        }
    }

    public string? Get(string name) => options.TryGetValue(name, out var v) ? v : null;

    static bool LooksLikeAddress(string text) =>
        text.Length > 0
        && (char.IsAsciiDigit(text[0]) || text[0] == '[' || text.Contains(':') || text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        && !text.EndsWith(".st", StringComparison.OrdinalIgnoreCase) && !text.EndsWith(".plcx", StringComparison.OrdinalIgnoreCase);

    public bool Has(string flag) => flagsSet.Contains(flag);
}

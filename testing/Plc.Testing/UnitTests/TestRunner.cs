using System.Diagnostics;
using System.Text;
using Plc.Compiler;
using Plc.Compiler.Testing;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Testing.UnitTests;

/// <summary>How <see cref="TestRunner"/> runs tests.</summary>
public sealed class TestRunOptions
{
    /// <summary>The default task's interval for programs without a CONFIGURATION (default 10 ms).</summary>
    public long? CycleTimeNs { get; init; }
    /// <summary>Watchdog of every call of a test step and of every scan (default 1 s).</summary>
    public long WatchdogNs { get; init; } = 1_000_000_000;
    public ExecutionTier Tier { get; init; } = ExecutionTier.Compiled;
}

/// <summary>
/// Runs the ST tests of a test build (<see cref="Compilation.CompileTests"/>; docs/testing.md, D31). Every test
/// starts from a fresh memory image at simulated time 0. The host calls the test's instance: one call runs the test
/// up to its next ADVANCE(d) (or to its end); the program's tasks then run every release in [t, t + d) on the
/// virtual clock, the clock moves to t + d, and the test is called again. Assertions count and log themselves in
/// hidden globals (Testing/TestSupport.st) that the host reads after every call.
/// </summary>
public sealed class TestRunner
{
    /// <summary>Failures a test records in detail (more are counted).</summary>
    public const int RecordedFailures = 16;

    /// <summary>A test that has not ended after this many ADVANCEs fails (a wait in a loop for what never comes).</summary>
    public const int MaxSteps = 1_000_000;

    readonly Image image;
    readonly VerificationResult verified;
    readonly IReadOnlyList<string> files;

    TestRunner(Image image, VerificationResult verified, IReadOnlyList<UnitTest> tests, IReadOnlyList<string> files)
    {
        this.image = image;
        this.verified = verified;
        this.files = files;
        Tests = tests;
    }

    /// <summary>The tests found, in source order.</summary>
    public IReadOnlyList<UnitTest> Tests { get; }

    /// <summary>A runner for a successful test build; throws <see cref="PlcCompileException"/> otherwise.</summary>
    public static TestRunner Load(CompilationResult build)
    {
        if (!build.Success) throw new PlcCompileException(string.Join(Environment.NewLine, build.Diagnostics));
        var verified = Verifier.Verify(build.Image!);
        if (!verified.Ok) throw new PlcCompileException("the image was rejected by the verifier: " + verified.Error);
        return new TestRunner(build.Image!, verified, build.Tests, build.Files);
    }

    /// <summary>Compiles ST files as a test build and loads it.</summary>
    public static TestRunner FromFiles(params string[] paths) => Load(Compilation.CompileTestFiles(paths));

    /// <summary>Compiles ST sources (name, text) as a test build and loads it.</summary>
    public static TestRunner FromSources(params (string Name, string Text)[] sources) =>
        Load(Compilation.CompileTests(sources.Select(s => new SourceText(s.Name, s.Text)).ToArray()));

    /// <summary>Runs every test.</summary>
    public List<TestResult> RunAll(TestRunOptions? options = null) => Tests.Select(t => Run(t, options)).ToList();

    /// <summary>Runs one test in a fresh instance of the whole program.</summary>
    public TestResult Run(UnitTest test, TestRunOptions? options = null)
    {
        options ??= new TestRunOptions();
        var started = Stopwatch.GetTimestamp();
        var clock = new VirtualClock();
        var loop = new ScanLoop(image, verified, clock, new ScanLoopOptions
        {
            DefaultTaskIntervalNs = options.CycleTimeNs,
            WatchdogNs = options.WatchdogNs,
            UseTaskWatchdogs = false,
            Tier = options.Tier,
        });
        byte[] memory = loop.Memory;
        int pou = Array.FindIndex(image.Pous, p => p.Kind == PouKind.FunctionBlock && Text.EqualsIgnoreCase(p.Name, test.Name));
        if (pou < 0) throw new InvalidOperationException($"test {test.Name} is not in the image");
        int instance = Locate(memory, test.InstanceName).Address;
        var advancing = Locate(memory, TestRewriter.AdvancingVariable);
        var advance = Locate(memory, TestRewriter.AdvanceVariable);

        string? fault = null;
        long scans = 0;
        for (int steps = 0; ; steps++)
        {
            if (steps == MaxSteps)
            {
                fault = $"{AdvanceAt(test, memory)}: {test.Name} did not end after {MaxSteps} ADVANCE steps (at {Disassembler.FormatTime(clock.NowNs)})";
                break;
            }
            Store(memory, advancing, false);
            if (!loop.Call(pou, instance, options.WatchdogNs))
            {
                fault = Describe(loop.Interpreter.Fault, clock.NowNs);
                break;
            }
            if (!ReadBool(memory, advancing)) break;
            long span = BitConverter.ToInt64(memory, advance.Address);
            if (span < 0)
            {
                var at = AdvanceAt(test, memory);
                fault = $"{at}: ADVANCE({Disassembler.FormatTime(span)}): simulated time does not run backwards (at {Disassembler.FormatTime(clock.NowNs)})";
                break;
            }
            long start = clock.NowNs;
            var result = loop.Run(span, continueSchedule: true);
            scans += result.Scans;
            if (result.Fault is { } f)
            {
                string task = f.TaskName == Simulator.DefaultTaskName ? "" : $"task {f.TaskName}, ";
                fault = $"{Simulator.SourceLocation(image, f.Fault.Position)}: fault {f.Fault.CodeText}: {f.Fault.Message()} ({task}scan at {Disassembler.FormatTime(f.TimeNs)})";
                break;
            }
            clock.WaitUntil(start + span);
        }

        long asserts = ReadInt(memory, Locate(memory, "__TEST_ASSERTS"));
        long failed = ReadInt(memory, Locate(memory, "__TEST_FAILURES"));
        var failures = new List<AssertionFailure>();
        for (int k = 0; k < Math.Min(failed, RecordedFailures); k++)
        {
            string field = $"__TEST_LOG[{k}].";
            int file = (int)ReadInt(memory, Locate(memory, field + "File"));
            failures.Add(new AssertionFailure(
                ReadString(memory, Locate(memory, field + "Assertion")),
                file >= 0 && file < files.Count ? files[file] : "?",
                (int)ReadInt(memory, Locate(memory, field + "Line")),
                (int)ReadInt(memory, Locate(memory, field + "Column")),
                ReadString(memory, Locate(memory, field + "Message")),
                Show(ReadString(memory, Locate(memory, field + "Expected")), ReadBool(memory, Locate(memory, field + "Quoted"))),
                Show(ReadString(memory, Locate(memory, field + "Actual")), ReadBool(memory, Locate(memory, field + "Quoted")))));
        }
        return new TestResult
        {
            Name = test.Name,
            Path = test.Span.Path,
            Line = test.Span.Line,
            Outcome = fault != null ? TestOutcome.Faulted : failed > 0 ? TestOutcome.Failed : TestOutcome.Passed,
            Assertions = asserts,
            FailureCount = failed,
            Failures = failures,
            Fault = fault,
            SimulatedNs = clock.NowNs,
            Scans = scans,
            Duration = Stopwatch.GetElapsedTime(started),
        };
    }

    /// <summary>The ADVANCE a test stopped at: the one that leads to the step it will resume at.</summary>
    Plc.Compiler.Diagnostics.SourceSpan AdvanceAt(UnitTest test, byte[] memory)
    {
        int step = (int)ReadInt(memory, Locate(memory, test.InstanceName + "." + TestRewriter.StepVariable));
        return step >= 0 && step < test.Advances.Length && test.Advances[step].Line > 0 ? test.Advances[step] : test.Span;
    }

    /// <summary>A string value as an IEC literal ('it$'s'), other values as they are.</summary>
    static string Show(string text, bool quoted) => quoted ? "'" + text.Replace("$", "$$").Replace("'", "$'") + "'" : text;

    string Describe(Fault f, long nowNs) =>
        $"{Simulator.SourceLocation(image, f.Position)}: fault {f.CodeText}: {f.Message()} (at {Disassembler.FormatTime(nowNs)})";

    VariableLocation Locate(byte[] memory, string name) =>
        VariablePath.Resolve(image, memory, name, out string? error) ?? throw new InvalidOperationException($"test build without {name}: {error}");

    static void Store(byte[] memory, VariableLocation v, bool value)
    {
        if (v.Bit >= 0) memory[v.Address] = (byte)(value ? memory[v.Address] | (1 << v.Bit) : memory[v.Address] & ~(1 << v.Bit));
        else memory[v.Address] = (byte)(value ? 1 : 0);
    }

    static bool ReadBool(byte[] memory, VariableLocation v) => v.Bit >= 0 ? (memory[v.Address] >> v.Bit & 1) != 0 : memory[v.Address] != 0;

    static long ReadInt(byte[] memory, VariableLocation v) => BitConverter.ToInt32(memory, v.Address);

    string ReadString(byte[] memory, VariableLocation v)
    {
        int length = image.Debug.Types[v.Type].Length;
        var sb = new StringBuilder();
        for (int k = 0; k < length && memory[v.Address + k] != 0; k++) sb.Append((char)memory[v.Address + k]);
        return sb.ToString();
    }
}

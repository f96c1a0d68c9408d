using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Testing;
using Plc.Testing.UnitTests;

namespace Plc.Cli;

/// <summary>
/// <c>plc test FILE.st... [--junit FILE] [--filter TEXT] [--cycle-time TIME] [--watchdog TIME] [--tier T]</c>: compiles
/// the files as a test build, runs every test function block (a FUNCTION_BLOCK named TEST_... or marked
/// <c>{attribute 'test'}</c>) in a fresh instance on the virtual clock, prints one line per test and the summary
/// <c>N passed, N failed</c>; exit 1 when a test failed (docs/testing.md).
/// </summary>
public static class TestCommand
{
    static readonly string[] options = { "--junit", "--filter", "--cycle-time", "--watchdog", "--tier" };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, options);
        if (a.Positional.Count == 0) throw new UsageException("test: no source files");
        foreach (var path in a.Positional)
            if (!File.Exists(path)) throw new UsageException($"file not found: {path}");
        long? cycleTime = a.Get("--cycle-time") is { } ct ? TimeArgument.Parse("--cycle-time", ct) : null;
        if (cycleTime is <= 0) throw new UsageException("--cycle-time must be positive");
        long watchdog = a.Get("--watchdog") is { } w ? TimeArgument.Parse("--watchdog", w) : 1_000_000_000;
        if (watchdog <= 0) throw new UsageException("--watchdog must be positive");
        var tier = TierArgument.Parse(a.Get("--tier"));
        string? filter = a.Get("--filter");
        string? junit = a.Get("--junit");

        var build = Compilation.CompileTestFiles(a.Positional);
        foreach (var d in build.Diagnostics) stderr.WriteLine(d.ToString());
        if (!build.Success)
        {
            int errors = build.ErrorCount;
            stderr.WriteLine($"{errors} error{(errors == 1 ? "" : "s")}");
            return CommandLine.CompileError;
        }
        TestRunner runner;
        try { runner = TestRunner.Load(build); }
        catch (PlcCompileException e)
        {
            stderr.WriteLine($"{a.Positional[0]}: error: {e.Message}");
            return CommandLine.CompileError;
        }

        var tests = runner.Tests.Where(t => filter == null || t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (tests.Count == 0)
        {
            stderr.WriteLine(runner.Tests.Count == 0
                ? "plc: error: no tests found: a test is a FUNCTION_BLOCK whose name starts with TEST_ or that is marked {attribute 'test'}"
                : $"plc: error: no test matches --filter {filter}");
            stdout.WriteLine("0 passed, 0 failed");
            return CommandLine.CompileError;
        }

        var options_ = new TestRunOptions { CycleTimeNs = cycleTime, WatchdogNs = watchdog, Tier = tier };
        var results = new List<TestResult>();
        foreach (var test in tests)
        {
            var r = runner.Run(test, options_);
            results.Add(r);
            stdout.WriteLine(Line(r));
            foreach (var more in r.Failures.Skip(r.Outcome == TestOutcome.Failed ? 1 : 0)) stdout.WriteLine("     " + more);
            if (r.FailureCount > r.Failures.Count) stdout.WriteLine($"     ... and {r.FailureCount - r.Failures.Count} more failed assertions");
        }
        if (junit != null)
        {
            try
            {
                using var file = new StreamWriter(junit, false, new System.Text.UTF8Encoding(false));
                JUnitReport.Write(file, results);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--junit {junit}: {e.Message}");
            }
        }
        int passed = results.Count(r => r.Passed);
        stdout.WriteLine($"{passed} passed, {results.Count - passed} failed");
        return passed == results.Count ? CommandLine.Ok : TestsFailed;
    }

    /// <summary>Exit code when a test failed.</summary>
    public const int TestsFailed = 1;

    /// <summary><c>PASS NAME (3 assertions, T#1s simulated)</c>, or <c>FAIL NAME: the first failure or the fault</c>.</summary>
    static string Line(TestResult r) => r.Outcome switch
    {
        TestOutcome.Passed => $"PASS {r.Name} ({Count(r.Assertions, "assertion")}, {JUnitReport.SimulatedTime(r.SimulatedNs)} simulated)",
        TestOutcome.Failed => $"FAIL {r.Name}: " + (r.Failures.Count > 0 ? r.Failures[0].ToString() : $"{r.FailureCount} assertions failed"),
        _ => $"FAIL {r.Name}: {r.Fault}",
    };

    static string Count(long n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
}

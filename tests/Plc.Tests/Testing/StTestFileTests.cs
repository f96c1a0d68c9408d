using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Runtime.Hosting;
using Plc.Testing.UnitTests;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Testing;

/// <summary>
/// Runs tests/st-tests/*_test.st with plc test's runner on both tiers and checks every result against the
/// expectations written in the files (tests/st-tests/README.md).
/// </summary>
public class StTestFileTests
{
    static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "st-tests");

    public static IEnumerable<object[]> Files() =>
        from f in Directory.GetFiles(Folder, "*_test.st").OrderBy(f => f, StringComparer.Ordinal)
        from tier in new[] { ExecutionTier.Compiled, ExecutionTier.Interpreted }
        select new object[] { Path.GetFileName(f), tier };

    static readonly Regex Expect = new(@"\(\* expect (\w+): (pass|fail|fault)(?:, (\d+) assertions?)?(?:, (\d+) failures)?(?:, (T#\S+))? \*\)");
    static readonly Regex Fails = new(@"\(\* <- fails(?: (\d+) times)?(?: in (\w+))?(?:: expected (.+?), actual (.+?)(?: \([^)]*\))?)? \*\)");
    static readonly Regex Fault = new(@"\(\* <- fault (\S+)(?: \([^)]*\))?(?: in (\w+))? \*\)");
    static readonly Regex With = new(@"\(\* with: ([^*]+) \*\)");
    static readonly Regex TestStart = new(@"^FUNCTION_BLOCK (\w+)", RegexOptions.IgnoreCase);

    sealed record Expectation(string Name, TestOutcome Outcome, long? Assertions, long? Failures, string? Time)
    {
        public List<(int Line, int Column, string? Expected, string? Actual)> Failed { get; } = new();
        public (int Line, string Code)? FaultAt { get; set; }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Results_match_the_expectations_in_the_file(string name, ExecutionTier tier)
    {
        string path = Path.Combine(Folder, name);
        string[] lines = File.ReadAllLines(path);
        var inputs = new List<string>();
        foreach (var line in lines)
            if (With.Match(line) is { Success: true } w)
                inputs.AddRange(w.Groups[1].Value.Split(',').Select(s => Path.Combine(Folder, s.Trim())));
        inputs.Add(path);

        var expected = ReadExpectations(lines);
        var runner = TestRunner.FromFiles(inputs.ToArray());
        Assert.Equal(expected.Keys.ToList(), runner.Tests.Select(t => t.Name).ToList());
        Assert.NotEmpty(expected);

        var options = new TestRunOptions { Tier = tier, WatchdogNs = 200_000_000 };
        foreach (var test in runner.Tests)
        {
            var e = expected[test.Name];
            var r = runner.Run(test, options);
            string context = $"{test.Name}: {r.Outcome}, {r.Assertions} assertions, {r.FailureCount} failures, fault {r.Fault}, "
                + string.Join(" | ", r.Failures);
            Assert.True(e.Outcome == r.Outcome, context);
            if (e.Assertions is { } a) Assert.True(a == r.Assertions, context);
            Assert.True((e.Failures ?? e.Failed.Count) == r.FailureCount, context);
            if (e.Time is { } t) Assert.True(t == JUnitReport.SimulatedTime(r.SimulatedNs), context);
            Assert.True(e.Failed.Count == r.Failures.Count, context);
            for (int k = 0; k < e.Failed.Count; k++)
            {
                var (line, column, exp, act) = e.Failed[k];
                var f = r.Failures[k];
                Assert.True(path == f.Path && line == f.Line && column == f.Column, $"failure {k}: {f} (expected at {line},{column}); {context}");
                if (exp != null) Assert.True(exp == f.Expected && act == f.Actual, $"failure {k}: {f} (expected {exp}, actual {act}); {context}");
            }
            if (e.FaultAt is { } at)
            {
                Assert.Contains($"{path}({at.Line},", r.Fault);
                Assert.Contains(at.Code, r.Fault);
            }
        }
    }

    static Dictionary<string, Expectation> ReadExpectations(string[] lines)
    {
        var result = new Dictionary<string, Expectation>();
        var order = new List<string>();
        // First the expectations, then the markers (a marker may name a test declared further down).
        for (int i = 0; i < lines.Length; i++)
        {
            if (Expect.Match(lines[i]) is { Success: true } m)
            {
                var outcome = m.Groups[2].Value switch { "pass" => TestOutcome.Passed, "fail" => TestOutcome.Failed, _ => TestOutcome.Faulted };
                result[m.Groups[1].Value] = new Expectation(m.Groups[1].Value, outcome,
                    m.Groups[3].Success ? long.Parse(m.Groups[3].Value) : null,
                    m.Groups[4].Success ? long.Parse(m.Groups[4].Value) : null,
                    m.Groups[5].Success ? m.Groups[5].Value : null);
                order.Add(m.Groups[1].Value);
            }
        }
        string? current = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (TestStart.Match(line) is { Success: true } s) current = result.ContainsKey(s.Groups[1].Value) ? s.Groups[1].Value : null;
            if (line.TrimStart().StartsWith("END_FUNCTION_BLOCK", StringComparison.OrdinalIgnoreCase)) current = null;
            int column = line.Length - line.TrimStart().Length + 1;
            if ((line.Contains("(* <- fails") && !Fails.IsMatch(line)) || (line.Contains("(* <- fault") && !Fault.IsMatch(line)))
                throw new InvalidOperationException($"line {i + 1}: a marker that does not parse: {line.Trim()}");
            if (Fails.Match(line) is { Success: true } f)
            {
                string owner = f.Groups[2].Success ? f.Groups[2].Value : current ?? throw new InvalidOperationException($"line {i + 1}: a failure outside a test names no test");
                int times = f.Groups[1].Success ? int.Parse(f.Groups[1].Value) : 1;
                for (int k = 0; k < times; k++)
                    result[owner].Failed.Add((i + 1, column, f.Groups[3].Success ? f.Groups[3].Value : null, f.Groups[4].Success ? f.Groups[4].Value : null));
            }
            if (Fault.Match(line) is { Success: true } x)
            {
                string owner = x.Groups[2].Success ? x.Groups[2].Value : current ?? throw new InvalidOperationException($"line {i + 1}: a fault outside a test names no test");
                result[owner].FaultAt = (i + 1, x.Groups[1].Value);
            }
        }
        // Keep the file's order (the order the tests are found in).
        return order.ToDictionary(n => n, n => result[n]);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Conformance;

/// <summary>
/// Runs ST files exactly as <c>plc sim</c> does (the same CommandLine entry point, in process) and checks the
/// expectations written in them.
/// </summary>
public static class ProgramRun
{
    static readonly Regex DiagnosticLine = new(@"^(?<file>.+)\((?<line>\d+),(?<col>\d+)\): (?<sev>error|warning|note|fault) (?<code>PLC\w+): ");

    public static (int Exit, string Stdout, string Stderr) Sim(IReadOnlyList<string> files, TestSpec spec, string tier = "interpreted")
    {
        var args = new List<string> { "sim", "--tier", tier };
        args.AddRange(files);
        if (spec.Duration != null) { args.Add("--duration"); args.Add(spec.Duration); }
        else { args.Add("--cycles"); args.Add((spec.Cycles ?? 1).ToString(CultureInfo.InvariantCulture)); }
        if (spec.CycleTime != null) { args.Add("--cycle-time"); args.Add(spec.CycleTime); }
        var names = spec.Expects.Select(e => e.Name).Distinct().ToList();
        if (names.Count > 0) { args.Add("--print"); args.Add(string.Join(",", names)); }
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CommandLine.Run(args.ToArray(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static void Check(IReadOnlyList<string> files, TestSpec spec, string tier = "interpreted")
    {
        var (exit, stdout, stderr) = Sim(files, spec, tier);
        string context = $"\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}";
        var diagnostics = stderr.Split('\n').Select(l => DiagnosticLine.Match(l.TrimEnd('\r'))).Where(m => m.Success).ToList();

        if (spec.Errors.Count > 0)
        {
            Assert.True(exit == CommandLine.CompileError, $"expected compile errors (exit 1), got exit {exit}{context}");
            var actualLines = diagnostics.Where(m => m.Groups["sev"].Value == "error").Select(m => int.Parse(m.Groups["line"].Value)).Distinct().OrderBy(x => x).ToList();
            var expectedLines = spec.Errors.Select(e => e.Line).Distinct().OrderBy(x => x).ToList();
            Assert.True(expectedLines.SequenceEqual(actualLines),
                $"error lines: expected [{string.Join(", ", expectedLines)}], got [{string.Join(", ", actualLines)}]{context}");
            foreach (var (line, code) in spec.Errors.Where(e => e.Code != null))
                Assert.True(diagnostics.Any(m => m.Groups["sev"].Value == "error" && int.Parse(m.Groups["line"].Value) == line && m.Groups["code"].Value == code),
                    $"expected error {code} on line {line}{context}");
            return;
        }
        foreach (var (line, code) in spec.Warnings)
            Assert.True(diagnostics.Any(m => m.Groups["sev"].Value == "warning" && int.Parse(m.Groups["line"].Value) == line && (code == "" || m.Groups["code"].Value == code)),
                $"expected warning {code} on line {line}{context}");
        if (spec.Fault is { } fault)
        {
            Assert.True(exit == CommandLine.RuntimeFault, $"expected a runtime fault (exit 3), got exit {exit}{context}");
            var f = diagnostics.FirstOrDefault(m => m.Groups["sev"].Value == "fault");
            Assert.True(f != null, $"no fault line on stderr{context}");
            Assert.True(int.Parse(f!.Groups["line"].Value) == fault.Line, $"fault on line {f.Groups["line"].Value}, expected {fault.Line}{context}");
            if (fault.Code != null) Assert.True(f.Groups["code"].Value == fault.Code, $"fault {f.Groups["code"].Value}, expected {fault.Code}{context}");
        }
        else Assert.True(exit == CommandLine.Ok, $"expected success (exit 0), got exit {exit}{context}");

        var printed = new Dictionary<string, string>();
        foreach (var line in stdout.Split('\n'))
        {
            int eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq > 0) printed[line[..eq]] = line[(eq + 3)..].TrimEnd('\r');
        }
        foreach (var (name, approximate, expected) in spec.Expects)
        {
            Assert.True(printed.TryGetValue(name, out var actual), $"{name} was not printed{context}");
            if (approximate)
            {
                double e = ParseReal(expected), a = ParseReal(actual!);
                double tolerance = Math.Max(Math.Abs(e) * 1e-6, 1e-12);
                Assert.True(Math.Abs(a - e) <= tolerance, $"{name}: expected ~ {expected}, got {actual}{context}");
            }
            else Assert.True(expected == actual, $"{name}: expected {expected}, got {actual}{context}");
        }
    }

    static double ParseReal(string text)
    {
        string t = text.Trim();
        int hash = t.IndexOf('#');
        if (hash >= 0) t = t[(hash + 1)..];
        return double.Parse(t.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

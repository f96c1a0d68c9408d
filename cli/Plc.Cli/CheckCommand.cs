using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Import;

namespace Plc.Cli;

/// <summary>
/// <c>plc check FOLDER|FILE... [--verbose]</c> (docs/compatibility.md): compiles a project's files together as they
/// are (.st, .EXP, .TcPOU, .TcGVL, .TcDUT) and prints per file <c>OK path</c> or <c>FAIL path</c> with its first
/// errors, then <c>N of M files compile</c>. Exit 0 when every file compiles, 1 otherwise, 2 without files.
/// </summary>
public static class CheckCommand
{
    /// <summary>Errors printed under a FAIL line (all of them with --verbose).</summary>
    public const int ShownErrors = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, Array.Empty<string>(), new Dictionary<string, string> { ["-v"] = "--verbose" }, flags: new[] { "--verbose" });
        if (a.Positional.Count == 0) throw new UsageException("check: no folder or files");
        bool verbose = a.Has("--verbose");
        var paths = new List<string>();
        foreach (var input in a.Positional)
        {
            if (Directory.Exists(input))
            {
                IReadOnlyList<string> found;
                try { found = ProjectCheck.FindFiles(input); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"check: cannot list {input}: {e.Message}");
                }
                if (found.Count == 0) throw new UsageException($"check: no .st, .EXP, .TcPOU, .TcGVL or .TcDUT files in {input}");
                paths.AddRange(found);
            }
            else if (File.Exists(input)) paths.Add(input);
            else throw new UsageException($"check: no such folder or file: {input}");
        }
        paths = paths.Distinct(StringComparer.Ordinal).ToList();

        var result = ProjectCheck.Check(paths);
        foreach (var file in result.Files)
        {
            stdout.WriteLine((file.Compiles ? "OK " : "FAIL ") + file.Path);
            var shown = verbose ? file.Diagnostics : file.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
            int count = verbose ? shown.Count : Math.Min(ShownErrors, shown.Count);
            foreach (var d in shown.Take(count)) stdout.WriteLine("    " + d);
            if (shown.Count > count) stdout.WriteLine($"    ... {shown.Count - count} more error{(shown.Count - count == 1 ? "" : "s")}");
        }
        foreach (var d in result.Other.Where(d => verbose || d.Severity == Severity.Error)) stdout.WriteLine(d.ToString());
        stdout.WriteLine($"{result.CompilingCount} of {result.Files.Count} files compile");
        return result.CompilingCount == result.Files.Count ? CommandLine.Ok : CommandLine.CompileError;
    }
}

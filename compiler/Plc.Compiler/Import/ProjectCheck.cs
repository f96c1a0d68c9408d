using System.Text.RegularExpressions;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>One file of a checked project: its diagnostics (the importer's and the compiler's located in it, at
/// the file's own lines), sorted by position.</summary>
public sealed record FileCheck(string Path, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>No error is located in this file (errors of other files do not count against it).</summary>
    public bool Compiles => !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>The result of <see cref="ProjectCheck.Check"/>: per file in the order given, and the diagnostics located
/// in no file of the project.</summary>
public sealed record ProjectCheckResult(IReadOnlyList<FileCheck> Files, IReadOnlyList<Diagnostic> Other)
{
    public int CompilingCount => Files.Count(f => f.Compiles);
}

/// <summary>
/// <c>plc check</c> (docs/compatibility.md): imports every file of a project, compiles them together (POUs refer to
/// each other, GVLs and DUTs are needed by the POUs), and sorts the diagnostics back to their files and lines.
/// A project without a PROGRAM is not a compatibility problem: PLC4012 is left out.
/// </summary>
public static class ProjectCheck
{
    /// <summary>Every source file (<see cref="SourceImporter.Extensions"/>) under the folder, recursively, sorted
    /// ordinally by path.</summary>
    public static IReadOnlyList<string> FindFiles(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint,
            MatchCasing = MatchCasing.CaseInsensitive,
        };
        return Directory.EnumerateFiles(folder, "*", options).Where(SourceImporter.IsSourceFile)
            .OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    public static ProjectCheckResult Check(IReadOnlyList<string> paths) => Check(paths.Select(SourceImporter.Read).ToList());

    public static ProjectCheckResult Check(IReadOnlyList<ImportedSource> imported)
    {
        var byPath = new Dictionary<string, ImportedSource>(StringComparer.Ordinal);
        foreach (var source in imported) byPath.TryAdd(source.Path, source);
        var found = new Dictionary<string, List<Diagnostic>>(StringComparer.Ordinal);
        foreach (var source in byPath.Values) found[source.Path] = new List<Diagnostic>(source.Diagnostics);
        var other = new List<Diagnostic>();

        var sources = byPath.Values.Where(s => s.Text != null).Select(s => new SourceText(s.Path, s.Text!, s.GlobalListName)).ToList();
        IReadOnlyList<Diagnostic> compiled;
        try
        {
            compiled = sources.Count == 0 ? Array.Empty<Diagnostic>() : Compilation.Compile(sources).Diagnostics;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in the compiler must not end the check: every file compiled is reported.
            var d = DiagnosticCodes.InvalidProjectFile;
            compiled = sources.Select(s => new Diagnostic(d.Severity, d.Code, new SourceSpan(s.Path, 1, 1),
                d.Format(new object[] { $"internal compiler error ({e.GetType().Name}: {e.Message}); please report it" }))).ToList();
        }
        var mapped = byPath.Values.Where(s => s.Map != null).ToList();
        foreach (var compiledDiagnostic in compiled)
        {
            if (compiledDiagnostic.Code == DiagnosticCodes.NoProgram.Code) continue;
            var diagnostic = compiledDiagnostic with { Message = MapPositions(compiledDiagnostic.Message, mapped) };
            if (byPath.TryGetValue(diagnostic.Span.Path, out var source) && found.TryGetValue(source.Path, out var list))
                list.Add(diagnostic with { Span = source.MapSpan(diagnostic.Span) });
            else other.Add(diagnostic);
        }
        var files = imported.Select(s => s.Path).Distinct(StringComparer.Ordinal)
            .Select(p => new FileCheck(p, found[p].Select((d, i) => (d, i)).OrderBy(x => x.d.Span.Line).ThenBy(x => x.d.Span.Column)
                .ThenBy(x => x.i).Select(x => x.d).ToList()))
            .ToList();
        return new ProjectCheckResult(files, other);
    }

    /// <summary>A message may name another position (<c>'x' is already declared as a type at FILE(2,1)</c>): one in an
    /// imported file is taken to the file's own line and column too.</summary>
    static string MapPositions(string message, IReadOnlyList<ImportedSource> mapped)
    {
        foreach (var source in mapped)
        {
            if (!message.Contains(source.Path, StringComparison.Ordinal)) continue;
            // The path must start the position (after a space, a quote or '('), not end a longer path.
            message = Regex.Replace(message, @"(?<=^|[\s'""(])" + Regex.Escape(source.Path) + @"\((\d+),(\d+)\)", m =>
            {
                if (!int.TryParse(m.Groups[1].Value, out int line) || !int.TryParse(m.Groups[2].Value, out int column)) return m.Value;
                var at = source.MapSpan(new SourceSpan(source.Path, line, column));
                return $"{at.Path}({at.Line},{at.Column})";
            });
        }
        return message;
    }
}

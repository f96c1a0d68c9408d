using System;
using System.Collections.Generic;
using System.Linq;

namespace Plc.Compiler.Diagnostics;

/// <summary>A position in a source file: 1-based line and column.</summary>
public readonly record struct SourceSpan(string Path, int Line, int Column)
{
    public static readonly SourceSpan None = new("", 0, 0);
    public override string ToString() => $"{Path}({Line},{Column})";
}

public enum Severity { Note, Warning, Error }

/// <summary>One message of the compiler, printed as <c>path(line,col): error PLCnnnn: message</c>.</summary>
public sealed record Diagnostic(Severity Severity, string Code, SourceSpan Span, string Message)
{
    public override string ToString()
    {
        string severity = Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };
        return $"{Span.Path}({Span.Line},{Span.Column}): {severity} {Code}: {Message}";
    }
}

/// <summary>Collects diagnostics of a compilation, in the order they were reported.</summary>
public sealed class DiagnosticBag
{
    readonly List<Diagnostic> items = new();

    public IReadOnlyList<Diagnostic> Items => items;
    public bool HasErrors => items.Any(d => d.Severity == Severity.Error);
    public int ErrorCount => items.Count(d => d.Severity == Severity.Error);

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
        => items.Add(new Diagnostic(descriptor.Severity, descriptor.Code, span, descriptor.Format(args)));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => items.AddRange(diagnostics);

    /// <summary>Drops the diagnostics that match (e.g. the notes on pragmas a test build acts on).</summary>
    public void RemoveAll(Predicate<Diagnostic> match) => items.RemoveAll(match);

    /// <summary>
    /// Drops the semantic diagnostics on lines that already have a syntax error: what the parser could not read
    /// would otherwise be reported again as undeclared names or stray expressions.
    /// </summary>
    public void SuppressCascades()
    {
        var broken = items.Where(d => d.Severity == Severity.Error && d.Code.StartsWith("PLC0", StringComparison.Ordinal))
            .Select(d => (d.Span.Path, d.Span.Line)).ToHashSet();
        if (broken.Count == 0) return;
        items.RemoveAll(d => !d.Code.StartsWith("PLC0", StringComparison.Ordinal) && broken.Contains((d.Span.Path, d.Span.Line)));
    }

    /// <summary>Diagnostics sorted by file (in the given order), line and column; stable for equal positions.</summary>
    public IReadOnlyList<Diagnostic> Sorted(IReadOnlyList<string> fileOrder)
    {
        int FileRank(string path)
        {
            for (int i = 0; i < fileOrder.Count; i++)
                if (fileOrder[i] == path) return i;
            return int.MaxValue;
        }
        return items.Select((d, i) => (d, i))
            .OrderBy(x => FileRank(x.d.Span.Path)).ThenBy(x => x.d.Span.Line).ThenBy(x => x.d.Span.Column)
            .ThenBy(x => x.i).Select(x => x.d).ToList();
    }
}

/// <summary>A diagnostic code with its severity and message template (string.Format style).</summary>
public sealed record DiagnosticDescriptor(string Code, Severity Severity, string Title, string MessageFormat)
{
    public string Format(object[] args) => args.Length == 0 ? MessageFormat : string.Format(MessageFormat, args);
}

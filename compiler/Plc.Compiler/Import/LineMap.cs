using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>
/// Where each line of generated ST text came from: for generated line <c>n</c> (1-based), the line of the original
/// file and the columns to add (a CDATA section's first line starts after <c>&lt;![CDATA[</c>). Lines after the last
/// mapped one (a diagnostic at the end of the text) go to the last original line.
/// </summary>
public sealed class LineMap
{
    readonly List<(int Line, int ColumnOffset)> lines = new();

    public int Count => lines.Count;

    /// <summary>Maps the next generated line to <paramref name="originalLine"/>.</summary>
    public void Add(int originalLine, int columnOffset = 0) => lines.Add((originalLine, columnOffset));

    public SourceSpan Map(SourceSpan span)
    {
        if (lines.Count == 0 || span.Line < 1) return span;
        if (span.Line > lines.Count) return span with { Line = lines[^1].Line, Column = 1 };
        var (line, offset) = lines[span.Line - 1];
        return span with { Line = line, Column = Math.Max(1, span.Column + offset) };
    }
}

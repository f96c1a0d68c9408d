using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>
/// One project file read into ST text the compiler takes. <see cref="Map"/> (null: the text is the file's own)
/// takes the compiler's positions back to the file's lines; <see cref="Diagnostics"/> are the importer's own, already
/// at the file's positions (unreadable file, malformed XML, a method the compiler does not take yet).
/// <see cref="Text"/> is null when nothing could be read. <see cref="GlobalListName"/> is the name of the global
/// variable list the file declares (a TwinCAT <c>&lt;GVL Name="..."&gt;</c>), null for other files.
/// </summary>
public sealed record ImportedSource(string Path, string? Text, LineMap? Map, IReadOnlyList<Diagnostic> Diagnostics,
    string? GlobalListName = null)
{
    public SourceSpan MapSpan(SourceSpan span) => Map == null || span.Path != Path ? span : Map.Map(span);

    public static ImportedSource Failed(string path, DiagnosticDescriptor descriptor, params object[] args)
        => new(path, null, null, new[] { new Diagnostic(descriptor.Severity, descriptor.Code, new SourceSpan(path, 1, 1), descriptor.Format(args)) });
}

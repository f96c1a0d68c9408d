using System.Reflection;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler;

/// <summary>
/// The standard library (stdlib/*.st, embedded in the compiler): function blocks and functions written in ST.
/// Parsed once per process and compiled with every program; POUs a program does not use are not put in its image,
/// and a program's own POU of the same name replaces the library's.
/// </summary>
public static class StandardLibrary
{
    static readonly Lazy<(IReadOnlyList<SourceFile> Files, IReadOnlyList<Diagnostic> Diagnostics)> parsed = new(Parse);

    /// <summary>The library's source files, as (resource path, text), in name order.</summary>
    public static IReadOnlyList<SourceText> Sources { get; } = Load();

    /// <summary>The parsed library (cached).</summary>
    public static IReadOnlyList<SourceFile> Files => parsed.Value.Files;

    /// <summary>Diagnostics from parsing the library: none in a correct build (a test checks it).</summary>
    public static IReadOnlyList<Diagnostic> ParseDiagnostics => parsed.Value.Diagnostics;

    static IReadOnlyList<SourceText> Load()
    {
        var assembly = typeof(StandardLibrary).Assembly;
        var list = new List<SourceText>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("stdlib/", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add(new SourceText(name, reader.ReadToEnd()));
        }
        return list;
    }

    static (IReadOnlyList<SourceFile>, IReadOnlyList<Diagnostic>) Parse()
    {
        var diagnostics = new DiagnosticBag();
        var files = Sources.Select(s => Syntax.Parser.Parse(s.Path, s.Text, diagnostics)).ToList();
        // Pragmas in the library are documentation; their notes would only be noise in every build.
        return (files, diagnostics.Items.Where(d => d.Severity != Severity.Note).ToList());
    }
}

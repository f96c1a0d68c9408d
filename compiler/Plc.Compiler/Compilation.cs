using Plc.Compiler.Ast;
using Plc.Compiler.Binding;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Emit;
using Plc.Runtime.Core;

namespace Plc.Compiler;

/// <summary>One source file to compile.</summary>
public sealed record SourceText(string Path, string Text);

public sealed class CompilationResult
{
    public Image? Image { get; init; }
    /// <summary>All diagnostics, sorted by file (in the order given), line and column.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = Array.Empty<Diagnostic>();
    public bool Success => Image != null;
    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);
}

/// <summary>
/// The compiler's entry point: parses every file (all syntax errors of all files are reported), binds and checks
/// them together (all semantic errors reported), and generates the image only when there is no error.
/// </summary>
public static class Compilation
{
    public static CompilationResult Compile(IReadOnlyList<SourceText> sources)
    {
        var diagnostics = new DiagnosticBag();
        var files = new List<SourceFile>();
        foreach (var source in sources)
            files.Add(Syntax.Parser.Parse(source.Path, source.Text, diagnostics));
        diagnostics.AddRange(StandardLibrary.ParseDiagnostics);
        var order = sources.Select(s => s.Path).Concat(StandardLibrary.Sources.Select(s => s.Path)).ToList();

        var bound = Binder.Bind(files, StandardLibrary.Files, diagnostics);
        diagnostics.SuppressCascades();
        if (diagnostics.HasErrors)
            return new CompilationResult { Diagnostics = diagnostics.Sorted(order) };

        Image image;
        try
        {
            image = CodeGenerator.Generate(bound);
        }
        catch (OverflowException e)
        {
            diagnostics.Report(DiagnosticCodes.TypeTooLarge, new SourceSpan(order.FirstOrDefault() ?? "", 1, 1), e.Message);
            return new CompilationResult { Diagnostics = diagnostics.Sorted(order) };
        }
        return new CompilationResult { Image = image, Diagnostics = diagnostics.Sorted(order) };
    }

    /// <summary>Reads and compiles files from disk; unreadable files are reported as PLC0007.</summary>
    public static CompilationResult CompileFiles(IReadOnlyList<string> paths)
    {
        var sources = new List<SourceText>();
        var diagnostics = new DiagnosticBag();
        foreach (var path in paths)
        {
            try { sources.Add(new SourceText(path, File.ReadAllText(path))); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                diagnostics.Report(DiagnosticCodes.FileNotFound, new SourceSpan(path, 1, 1), e.Message);
            }
        }
        if (diagnostics.HasErrors) return new CompilationResult { Diagnostics = diagnostics.Items };
        return Compile(sources);
    }
}

using Plc.Compiler.Ast;
using Plc.Compiler.Binding;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Emit;
using Plc.Runtime.Core;

namespace Plc.Compiler;

/// <summary>One source file to compile. <paramref name="GlobalListName"/>: the name of the global variable list the
/// file is (a TwinCAT .TcGVL's Name, docs/compatibility.md); null for every other file.</summary>
public sealed record SourceText(string Path, string Text, string? GlobalListName = null);

public sealed class CompilationResult
{
    public Image? Image { get; init; }
    /// <summary>All diagnostics, sorted by file (in the order given), line and column.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = Array.Empty<Diagnostic>();
    public bool Success => Image != null;
    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);
    /// <summary>A test build (<see cref="Compilation.CompileTests"/>): the tests found, in source order.</summary>
    public IReadOnlyList<Testing.UnitTest> Tests { get; init; } = Array.Empty<Testing.UnitTest>();
    /// <summary>The files of the compilation in the order the image's file indices count them (the given files, then
    /// the support code of a test build).</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();
    /// <summary>Variables marked with a recognised <c>{attribute '...'}</c> pragma (<c>mqtt</c>, <c>mqtt_write</c>),
    /// by the names plc run knows them by; not part of the image (an image read from a file has none).</summary>
    public IReadOnlyList<Attributes.VariableAttribute> VariableAttributes { get; init; } = Array.Empty<Attributes.VariableAttribute>();
}

/// <summary>
/// The compiler's entry point: parses every file (all syntax errors of all files are reported), binds and checks
/// them together (all semantic errors reported), and generates the image only when there is no error.
/// </summary>
public static class Compilation
{
    public static CompilationResult Compile(IReadOnlyList<SourceText> sources) => Compile(sources, tests: false);

    /// <summary>
    /// A test build for <c>plc test</c> (docs/testing.md, D31): the tests (function blocks named TEST_... or marked
    /// <c>{attribute 'test'}</c>) are found and prepared, the assertions and ADVANCE exist, and no PROGRAM is needed.
    /// </summary>
    public static CompilationResult CompileTests(IReadOnlyList<SourceText> sources) => Compile(sources, tests: true);

    static CompilationResult Compile(IReadOnlyList<SourceText> sources, bool tests)
    {
        var diagnostics = new DiagnosticBag();
        var files = new List<SourceFile>();
        foreach (var source in sources)
            files.Add(Attributes.GlobalVariableLists.Name(Syntax.Parser.Parse(source.Path, source.Text, diagnostics), source.GlobalListName, diagnostics));
        diagnostics.AddRange(StandardLibrary.ParseDiagnostics);
        // Attribute pragmas on variables (mqtt, mqtt_write) are acted on by plc run: no "pragma ignored" note for them.
        var marks = Attributes.VariableAttributes.Find(files);
        var marked = marks.Select(m => m.Span).ToHashSet();
        diagnostics.RemoveAll(d => d.Code == DiagnosticCodes.PragmaIgnored.Code && marked.Contains(d.Span));
        var order = sources.Select(s => s.Path).Concat(StandardLibrary.Sources.Select(s => s.Path)).ToList();
        IReadOnlyList<Testing.UnitTest> found = Array.Empty<Testing.UnitTest>();
        if (tests)
        {
            (files, var list) = Testing.TestRewriter.Rewrite(files, diagnostics);
            found = list;
            // The test pragmas are acted on here: no "pragma ignored" note for them.
            var testMarks = files.SelectMany(f => f.Pragmas).Where(Testing.TestRewriter.IsTestPragma).Select(p => p.Span).ToHashSet();
            diagnostics.RemoveAll(d => d.Code == DiagnosticCodes.PragmaIgnored.Code && testMarks.Contains(d.Span));
            order.Add(Testing.TestRewriter.SupportPath);
            order.Add(Testing.TestRewriter.InstancesPath);
        }
        var fileList = files.Select(f => f.Path).ToList();

        var bound = Binder.Bind(files, StandardLibrary.Files, diagnostics, tests ? found.Select(t => t.Name) : null);
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
        return new CompilationResult
        {
            Image = image, Diagnostics = diagnostics.Sorted(order), Tests = found, Files = fileList,
            VariableAttributes = Attributes.VariableAttributes.Resolve(marks, bound),
        };
    }

    /// <summary>Reads and compiles files from disk; unreadable files are reported as PLC0007.</summary>
    public static CompilationResult CompileFiles(IReadOnlyList<string> paths) => CompileFiles(paths, tests: false);

    /// <summary>Reads files from disk for a test build (<see cref="CompileTests"/>).</summary>
    public static CompilationResult CompileTestFiles(IReadOnlyList<string> paths) => CompileFiles(paths, tests: true);

    static CompilationResult CompileFiles(IReadOnlyList<string> paths, bool tests)
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
        return Compile(sources, tests);
    }
}

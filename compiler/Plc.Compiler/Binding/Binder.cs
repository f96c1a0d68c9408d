using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

/// <summary>
/// Binds parsed source files into a <see cref="BoundProgram"/>: declares every name, resolves types, checks and
/// types every expression and statement, and lays out memory. Split over several files by concern
/// (Binder.Declarations, Binder.Types, Binder.Initializers, Binder.Expressions, Binder.Calls, Binder.Statements,
/// Binder.Configuration).
/// </summary>
public sealed partial class Binder
{
    readonly DiagnosticBag diagnostics;
    readonly GlobalScope global = new();
    readonly BoundProgram program = new();
    readonly Dictionary<PouSymbol, PouScope> pouScopes = new();
    readonly List<ConfigurationDeclaration> configurations = new();

    Binder(DiagnosticBag diagnostics) { this.diagnostics = diagnostics; }

    /// <summary>Binds the program's files together with the library's (whose names the program may reuse).</summary>
    public static BoundProgram Bind(IReadOnlyList<SourceFile> files, IReadOnlyList<SourceFile> library, DiagnosticBag diagnostics)
    {
        var binder = new Binder(diagnostics);
        return binder.Run(files, library);
    }

    public static BoundProgram Bind(IReadOnlyList<SourceFile> files, DiagnosticBag diagnostics) =>
        Bind(files, Array.Empty<SourceFile>(), diagnostics);

    /// <summary>True while library declarations are being declared: they give way to the program's own names.</summary>
    bool declaringLibrary;

    BoundProgram Run(IReadOnlyList<SourceFile> files, IReadOnlyList<SourceFile> library)
    {
        foreach (var f in files) program.Files.Add(f.Path);
        foreach (var f in files) DeclareTopLevel(f);
        declaringLibrary = true;
        foreach (var f in library) DeclareTopLevel(f);
        declaringLibrary = false;
        foreach (var pou in program.Pous) DeclarePouVariables(pou);
        ResolveAllTypes();
        BindAllInitializers();
        foreach (var pou in program.Pous) BindBody(pou);
        BindConfiguration();
        CheckRecursion();
        Layout.Run(program, diagnostics);
        return program;
    }

    void Report(DiagnosticDescriptor d, SourceSpan span, params object[] args) => diagnostics.Report(d, span, args);

    static bool IsMissing(Identifier id) => id.Name.Length == 0 || id.Name.StartsWith('<');
}

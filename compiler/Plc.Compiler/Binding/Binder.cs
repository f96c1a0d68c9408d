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

    /// <summary>Compiling for <c>plc test</c>: the assertions exist and a program is not required (D31).</summary>
    readonly bool testing;
    /// <summary>In a test build: the names of the test function blocks, which may read and write the programs' variables.</summary>
    readonly HashSet<string> tests;

    Binder(DiagnosticBag diagnostics, IEnumerable<string>? tests)
    {
        this.diagnostics = diagnostics;
        testing = tests != null;
        this.tests = new HashSet<string>(tests ?? Enumerable.Empty<string>(), Names.Comparer);
    }

    /// <summary>Binds the program's files together with the library's (whose names the program may reuse).
    /// With <paramref name="tests"/> (the test function blocks' names) the files are a test build that
    /// Testing/TestRewriter has prepared.</summary>
    public static BoundProgram Bind(IReadOnlyList<SourceFile> files, IReadOnlyList<SourceFile> library, DiagnosticBag diagnostics,
        IEnumerable<string>? tests = null)
    {
        var binder = new Binder(diagnostics, tests);
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
        ResolveHierarchy();
        foreach (var pou in program.Pous.ToList()) DeclarePouVariablesOnce(pou);
        foreach (var itf in global.Interfaces.Values)
            foreach (var proto in InterfacePrototypes(itf)) DeclarePouVariablesOnce(proto);
        ResolveAllTypes();
        // Interface prototypes are no POUs of the program: their parameter and result types are checked here.
        foreach (var itf in global.Interfaces.Values)
            foreach (var proto in InterfacePrototypes(itf))
            {
                foreach (var v in proto.Variables.ToList()) EnsureVariableType(v);
                if (proto.Result != null) proto.ReturnType = proto.Result.Type;
            }
        CheckHierarchy();
        BindAllInitializers();
        foreach (var pou in program.Pous) BindBody(pou);
        BindConfiguration();
        BindInstanceInitialization();
        CheckRecursion();
        Layout.Run(program, diagnostics);
        return program;
    }

    void Report(DiagnosticDescriptor d, SourceSpan span, params object[] args) => diagnostics.Report(d, span, args);

    static bool IsMissing(Identifier id) => id.Name.Length == 0 || id.Name.StartsWith('<');
}

using System.Linq;
using Plc.Compiler;
using Plc.Compiler.Ast;
using Plc.Compiler.Binding;
using Plc.Compiler.Diagnostics;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>TwinCAT's library-qualified names (<c>Tc2_System.T_MaxString</c>; docs/compatibility.md): resolved to
/// the name when this compiler provides it from that library, PLC1019 at the prefix otherwise.</summary>
public class LibraryQualifiedNameTests
{
    static CompilationResult Compile(string source) => Compilation.Compile(new[] { new SourceText("p.st", source) });

    static string Errors(CompilationResult r) => string.Join("\n", r.Diagnostics.Where(d => d.Severity == Severity.Error));

    [Fact]
    public void EveryListedNameExistsHere()
    {
        // The table may only list what this compiler has: a library POU, interface, type or enumeration value, or a built-in function.
        var library = StandardLibrary.Files.SelectMany(f => f.Declarations).SelectMany(d => d switch
        {
            PouDeclaration p => new[] { p.Name.Name },
            InterfaceDeclaration i => new[] { i.Name.Name },
            TypeDeclaration t => t.Types.Select(x => x.Name.Name)
                .Concat(t.Types.Select(x => x.Type).OfType<EnumTypeReference>().SelectMany(e => e.Values.Select(v => v.Name.Name))).ToArray(),
            _ => System.Array.Empty<string>(),
        }).ToHashSet(Names.Comparer);
        foreach (var lib in LibraryNamespaces.Libraries)
            foreach (var name in LibraryNamespaces.NamesOf(lib))
                Assert.True(library.Contains(name) || Intrinsics.Find(name) != null, $"{lib}.{name} is listed but not declared");
        Assert.Equal(new[] { "IBaseLibrary", "Tc2_Standard", "Tc2_System", "Tc2_Utilities", "__SYSTEM" }, LibraryNamespaces.Libraries);
    }

    [Fact]
    public void QualifiedTypeFunctionAndBlockResolve()
    {
        var r = Compile("PROGRAM Main\nVAR\n  s : Tc2_System.T_MaxString;\n  t : Tc2_Standard.TON;\n  n : INT;\nEND_VAR\n" +
            "s := Tc2_Utilities.F_LTrim(' a');\nn := Tc2_Standard.LEN(STR := s);\nt(IN := TRUE, PT := T#1s);\nEND_PROGRAM\n");
        Assert.True(r.Success, Errors(r));
    }

    [Fact]
    public void UnknownLibraryIsOneErrorAtThePrefix()
    {
        var r = Compile("PROGRAM Main\nVAR\n  x : Tc3_EventLogger.FB_TcMessage;\nEND_VAR\nEND_PROGRAM\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal("PLC1019", d.Code);
        Assert.Equal((3, 7), (d.Span.Line, d.Span.Column));
        Assert.Equal("library 'Tc3_EventLogger' is not available here ('Tc3_EventLogger.FB_TcMessage'); the libraries whose " +
            "names can be qualified are IBaseLibrary, Tc2_Standard, Tc2_System, Tc2_Utilities, __SYSTEM (docs/compatibility.md)", d.Message);
    }

    [Fact]
    public void NameTheLibraryHasButThisCompilerDoesNotIsOneError()
    {
        var r = Compile("PROGRAM Main\nVAR n : UDINT; END_VAR\nTc2_System.GETCPUCOUNTER(cpuCntLoDW => n);\nEND_PROGRAM\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal("PLC1019", d.Code);
        Assert.Equal((3, 1), (d.Span.Line, d.Span.Column));
        Assert.Contains("'GETCPUCOUNTER' of library 'Tc2_System' is not available here", d.Message);
    }

    [Fact]
    public void NameFromTheWrongLibraryIsAnError()
    {
        // T_MaxString is Tc2_System's; Tc2_Standard references no library. Tc2_System reaches Tc2_Standard's TON.
        var r = Compile("PROGRAM Main\nVAR t : Tc2_Standard.T_MaxString; u : Tc2_System.TON; v : Tc2_Utilities.TON; END_VAR\nEND_PROGRAM\n");
        var e = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(("PLC1019", 2, 9), (e.Code, e.Span.Line, e.Span.Column));
    }

    [Fact]
    public void AMemberNamedLikeALibraryIsAMember()
    {
        // Only a name that starts an access is a library prefix: s.Tc2_Inner.v is member access.
        var r = Compile("TYPE Inner : STRUCT v : INT; END_STRUCT; END_TYPE\n" +
            "TYPE Outer : STRUCT Tc2_Inner : Inner; END_STRUCT; END_TYPE\n" +
            "PROGRAM Main\nVAR s : Outer; n : INT; END_VAR\ns.Tc2_Inner.v := 5;\nn := s.Tc2_Inner.v;\nEND_PROGRAM\n");
        Assert.True(r.Success, Errors(r));
    }

    [Fact]
    public void ANameLikeALibraryWithoutADotIsAName()
    {
        var r = Compile("PROGRAM Main\nVAR Tc2_Count : INT; END_VAR\nTc2_Count := Tc2_Count + 1;\nEND_PROGRAM\n");
        Assert.True(r.Success, Errors(r));
    }
}

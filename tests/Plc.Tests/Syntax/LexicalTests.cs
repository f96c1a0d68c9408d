using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class LexicalTests
{
    [Fact]
    public void CommentsOfEveryKindAreIgnored()
    {
        PouDeclaration program = ParseProgram(string.Join("\n",
            "(* block *) x := 1; // to the end of the line x := 2;",
            "(* outer (* nested *) still a comment x := 3; *)",
            "/* C style x := 4; */ y := 5;",
            "(*multi",
            "line*) z := 6;",
            "a := b /* inline */ + c;"));
        Assert.Equal("[x := 1; y := 5; z := 6; a := (b + c);]", AstPrinter.Print(program.Body));
    }

    [Fact]
    public void UnterminatedCommentIsReportedAtItsStart()
    {
        Parse("PROGRAM p\nx := 1;\n  (* open (* nested *) still open\nEND_PROGRAM\n", out DiagnosticBag diagnostics);
        Diagnostic comment = Assert.Single(diagnostics.Items, d => d.Code == "PLC0006");
        Assert.Equal((3, 3), (comment.Span.Line, comment.Span.Column));
        Assert.Equal(Severity.Error, comment.Severity);
    }

    [Fact]
    public void UnterminatedCStyleCommentIsReported()
    {
        Parse("PROGRAM p\n/* open\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Diagnostic comment = Assert.Single(diagnostics.Items, d => d.Code == "PLC0006");
        Assert.Equal((2, 1), (comment.Span.Line, comment.Span.Column));
    }

    [Fact]
    public void PragmasAreKeptAndReportedAsNotes()
    {
        SourceFile file = Parse(string.Join("\n",
            "{attribute 'qualified_only'}",
            "PROGRAM p",
            "VAR {warning 'x'} a : INT; END_VAR",
            "a := {info 'mid'} 1 + 2;",
            "END_PROGRAM"), out DiagnosticBag diagnostics);
        Assert.False(diagnostics.HasErrors, Messages(diagnostics));
        Assert.Equal(new[] { "attribute 'qualified_only'", "warning 'x'", "info 'mid'" }, file.Pragmas.Select(p => p.Text).ToArray());
        Assert.Equal((3, 5), (file.Pragmas[1].Span.Line, file.Pragmas[1].Span.Column));
        Assert.Equal(3, diagnostics.Items.Count);
        Assert.All(diagnostics.Items, d => Assert.Equal(("PLC0004", Severity.Note), (d.Code, d.Severity)));
        Assert.Contains("attribute 'qualified_only'", diagnostics.Items[0].Message);
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("[a := (1 + 2);]", AstPrinter.Print(program.Body));
    }

    [Fact]
    public void InvalidCharacterIsReportedOnceAndSkipped()
    {
        SourceFile file = Parse("PROGRAM p\nx := 1 ?;\ny := \u00a7\u00a7\u00a72;\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal(new[] { "PLC0002", "PLC0002" }, Codes(diagnostics));
        Assert.Equal((2, 8), (diagnostics.Items[0].Span.Line, diagnostics.Items[0].Span.Column));
        Assert.Contains("'?'", diagnostics.Items[0].Message);
        Assert.Equal((3, 6), (diagnostics.Items[1].Span.Line, diagnostics.Items[1].Span.Column));
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("[x := 1; y := 2;]", AstPrinter.Print(program.Body));
    }

    [Fact]
    public void InvisibleInvalidCharacterIsShownAsCodePoint()
    {
        Parse("PROGRAM p\u0001 END_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Contains("U+0001", Assert.Single(diagnostics.Items).Message);
    }

    [Fact]
    public void UnterminatedStringEndsAtTheEndOfTheLine()
    {
        Parse("PROGRAM p\nx := 'no end;\ny := 2;\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Diagnostic literal = Assert.Single(diagnostics.Items, d => d.Code == "PLC0003");
        Assert.Equal((2, 6), (literal.Span.Line, literal.Span.Column));
        Assert.Contains("not closed", literal.Message);
        // The ';' was swallowed by the string: that is a syntax error before y, on the next line.
        Diagnostic syntax = Assert.Single(diagnostics.Items, d => d.Code == "PLC0001");
        Assert.Equal(3, syntax.Span.Line);
    }

    [Fact]
    public void IncompleteAddressesAreUnsupported()
    {
        SourceFile file = Parse("PROGRAM p\nVAR x AT %I* : BOOL; y AT %q* : BOOL; END_VAR\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal(new[] { "PLC0005", "PLC0005" }, Codes(diagnostics));
        Assert.Contains("%I*", diagnostics.Items[0].Message);
        Assert.Equal((2, 10), (diagnostics.Items[0].Span.Line, diagnostics.Items[0].Span.Column));
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("%Q*", program.VarBlocks[0].Variables[1].Location!.Text);
    }

    [Fact]
    public void KeywordsInAnyCase()
    {
        SourceFile file = ParseClean("program P var X : int; end_var if x then x := 1; end_if end_program");
        Assert.Equal("P", Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations)).Name.Name);
    }

    [Fact]
    public void IdentifiersKeepTheirSpelling()
    {
        PouDeclaration program = ParseProgram("MyVar := myVAR;", "VAR MyVar : INT; END_VAR");
        Assert.Equal("MyVar", program.VarBlocks[0].Variables[0].Names[0].Name);
        Assert.Equal("[MyVar := myVAR;]", AstPrinter.Print(program.Body));
    }

    [Fact]
    public void EmptySourceGivesEmptyFile()
    {
        SourceFile file = Parse("", out DiagnosticBag diagnostics);
        Assert.Empty(diagnostics.Items);
        Assert.Empty(file.Declarations);
        Assert.Empty(file.Pragmas);
        Assert.Equal(FileName, file.Path);
    }
}

using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class ErrorRecoveryTests
{
    [Fact]
    public void EveryErrorInAFileIsReportedWithItsPosition()
    {
        string source = string.Join("\n",
            "PROGRAM Main",                     // 1
            "VAR",                              // 2
            "    x : INT;",                     // 3
            "END_VAR",                          // 4
            "x := ;",                           // 5
            "IF x THEN y := 1 END_IF",          // 6
            "x := 3 + ;",                       // 7
            "WHILE x DO x := 1; END_WHILE",     // 8
            "IF x y := 2; END_IF",              // 9
            "FOR i := 1 10 DO END_FOR",         // 10
            "x := (1 + 2;",                     // 11
            "x := 1 THEN;",                     // 12
            "END_PROGRAM");                     // 13
        SourceFile file = Parse(source, out DiagnosticBag diagnostics);

        Assert.Equal(new[]
        {
            "test.st(5,6): error PLC0001: expected an expression but found ';'",
            "test.st(6,18): error PLC0001: missing ';' before 'END_IF'",
            "test.st(7,10): error PLC0001: expected an expression but found ';'",
            "test.st(9,6): error PLC0001: missing 'THEN' before 'y'",
            "test.st(10,12): error PLC0001: missing 'TO' before '10'",
            "test.st(11,12): error PLC0001: missing ')' before ';'",
            "test.st(12,8): error PLC0001: unexpected 'THEN'",
        }, diagnostics.Items.Select(d => d.ToString()).ToArray());

        // The tree is still complete: the unreadable parts are error expressions.
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal((13, 1), (program.EndSpan.Line, program.EndSpan.Column));
        Assert.Equal(new[]
        {
            "x := <error>;",
            "IF x THEN [y := 1;] END_IF",
            "x := (3 + <error>);",
            "WHILE x DO [x := 1;] END_WHILE",
            "IF x THEN [y := 2;] END_IF",
            "FOR i := 1 TO 10 DO [] END_FOR",
            "x := (1 + 2);",
            "x := 1;",
        }, program.Body.Select(AstPrinter.Print).ToArray());
    }

    [Fact]
    public void AnUnexpectedTokenBeforeTheFirstStatementDoesNotLoseTheBody()
    {
        SourceFile file = Parse("PROGRAM p\n) x := 1;\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Diagnostic error = Assert.Single(diagnostics.Items);
        Assert.Equal("test.st(2,1): error PLC0001: unexpected ')'", error.ToString());
        Assert.Equal("[x := 1;]", AstPrinter.Print(Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations)).Body));
    }

    [Fact]
    public void ABrokenStatementDoesNotEndTheStatementList()
    {
        SourceFile file = Parse("PROGRAM p\nf(a := 1 b := 2);\nx := 1;\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal((2, 10), (diagnostics.Items[0].Span.Line, diagnostics.Items[0].Span.Column));
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("x := 1;", AstPrinter.Print(program.Body[^1]));
    }

    [Fact]
    public void GarbageBetweenDeclarationsIsSkipped()
    {
        SourceFile file = Parse("x := 1;\nPROGRAM a\nEND_PROGRAM\n) ]\nPROGRAM b\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal(new[] { "test.st(1,1): error PLC0001: unexpected 'x'", "test.st(4,1): error PLC0001: unexpected ')'" },
            diagnostics.Items.Select(d => d.ToString()).ToArray());
        Assert.Equal(new[] { "a", "b" }, file.Declarations.Cast<PouDeclaration>().Select(p => p.Name.Name).ToArray());
    }

    [Fact]
    public void MissingEndKeywords()
    {
        SourceFile file = Parse("PROGRAM a\nx := 1;\nPROGRAM b\ny := 2;\n", out DiagnosticBag diagnostics);
        Assert.Equal(new[]
        {
            "test.st(3,1): error PLC0001: missing 'END_PROGRAM' before 'PROGRAM'",
            "test.st(5,1): error PLC0001: missing 'END_PROGRAM' at the end of the file",
        }, diagnostics.Items.Select(d => d.ToString()).ToArray());
        PouDeclaration[] programs = file.Declarations.Cast<PouDeclaration>().ToArray();
        Assert.Equal(new[] { "[x := 1;]", "[y := 2;]" }, programs.Select(p => AstPrinter.Print(p.Body)).ToArray());
    }

    [Fact]
    public void MissingColonInDeclarationIsInserted()
    {
        SourceFile file = Parse("PROGRAM p\nVAR x INT; END_VAR\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal("test.st(2,7): error PLC0001: missing ':' before 'INT'", Assert.Single(diagnostics.Items).ToString());
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("x : INT;", AstPrinter.Print(Assert.Single(program.VarBlocks[0].Variables)));
    }

    [Fact]
    public void MissingNamesBecomePlaceholders()
    {
        SourceFile file = Parse("PROGRAM\nEND_PROGRAM\nTYPE A : ; END_TYPE", out DiagnosticBag diagnostics);
        Assert.Equal(2, diagnostics.ErrorCount);
        var program = Assert.IsType<PouDeclaration>(file.Declarations[0]);
        Assert.Equal(Plc.Compiler.Syntax.Parser.MissingName, program.Name.Name);
        Assert.Equal((2, 1), (program.Name.Span.Line, program.Name.Span.Column));
        TypeDefinition definition = Assert.IsType<TypeDeclaration>(file.Declarations[1]).Types[0];
        Assert.Equal("<missing>", Assert.IsType<NamedTypeReference>(definition.Type).Name.Name);
    }

    [Theory]
    [InlineData("x := ;", "expected an expression but found ';'")]
    [InlineData("x := f(a := );", "expected an expression but found ')'")]
    [InlineData("x := a[;", "expected an expression but found ';'")]
    [InlineData("IF THEN x := 1; END_IF", "expected an expression but found 'THEN'")]
    [InlineData("x := 1 + 2", "missing ';' before 'END_PROGRAM'")]
    [InlineData("CASE x OF 1 y := 1; END_CASE", "missing ':' before 'y'")]
    [InlineData("FOR i := 1 TO 2 x := 1; END_FOR", "missing 'DO' before 'x'")]
    [InlineData("REPEAT x := 1; END_REPEAT", "unexpected 'END_REPEAT'")]
    [InlineData("WHILE a x := 1; END_WHILE", "missing 'DO' before 'x'")]
    public void MessagesNameTokensAsWritten(string statement, string message)
    {
        Parse("PROGRAM p\n" + statement + "\nEND_PROGRAM", out DiagnosticBag diagnostics);
        Assert.Equal(message, diagnostics.Items[0].Message);
    }

    [Fact]
    public void MessagesAtTheEndOfTheFile()
    {
        Parse("PROGRAM p\nx := ", out DiagnosticBag diagnostics);
        Assert.Equal("test.st(2,6): error PLC0001: expected an expression but found end of file", Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void VarBlocksOtherThanGlobalOutsideAPouAreReported()
    {
        SourceFile file = Parse("VAR x : INT; END_VAR\nCONFIGURATION c\nVAR_INPUT y : INT; END_VAR\nEND_CONFIGURATION", out DiagnosticBag diagnostics);
        Assert.Equal(new[] { (1, 1), (3, 1) }, diagnostics.Items.Select(d => (d.Span.Line, d.Span.Column)).ToArray());
        Assert.All(diagnostics.Items, d => Assert.Contains("only VAR_GLOBAL is allowed here", d.Message));
        Assert.Empty(Assert.IsType<ConfigurationDeclaration>(Assert.Single(file.Declarations)).Globals);
    }

    [Fact]
    public void ConflictingRetainQualifiersAreReported()
    {
        Parse("VAR_GLOBAL RETAIN NON_RETAIN x : INT; END_VAR", out DiagnosticBag diagnostics);
        Assert.Contains("NON_RETAIN cannot be combined with RETAIN", Assert.Single(diagnostics.Items).Message);
    }

    [Fact]
    public void DeeplyNestedParenthesesStopWithAnErrorInsteadOfOverflowingTheStack()
    {
        string source = "PROGRAM p\nx := " + new string('(', 20_000) + "1" + new string(')', 20_000) + ";\nEND_PROGRAM";
        SourceFile file = Parse(source, out DiagnosticBag diagnostics);
        Assert.Contains("nested too deeply", Assert.Single(diagnostics.Items).Message);
        Assert.Equal("p", Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations)).Name.Name);
    }

    [Fact]
    public void DeeplyNestedStatementsStopWithAnError()
    {
        string source = "PROGRAM p\n" + string.Concat(Enumerable.Repeat("IF a THEN ", 5_000)) + "x := 1;"
            + string.Concat(Enumerable.Repeat(" END_IF", 5_000)) + "\nEND_PROGRAM";
        Parse(source, out DiagnosticBag diagnostics);
        Assert.Contains("nested too deeply", Assert.Single(diagnostics.Items).Message);
    }

    [Fact]
    public void DeeplyNestedUnaryOperatorsStopWithAnError()
    {
        string source = "PROGRAM p\nx := " + string.Concat(Enumerable.Repeat("NOT -", 5_000)) + "1;\nEND_PROGRAM";
        Parse(source, out DiagnosticBag diagnostics);
        Assert.Contains("nested too deeply", Assert.Single(diagnostics.Items).Message);
    }

    [Fact]
    public void ModeratelyNestedCodeIsFine()
    {
        Expression value = ParseExpression(new string('(', 100) + "1" + new string(')', 100));
        Assert.Equal(1UL, Assert.IsType<IntegerLiteral>(value).Value);
        PouDeclaration program = ParseProgram(string.Concat(Enumerable.Repeat("IF a THEN ", 60)) + "x := 1;"
            + string.Concat(Enumerable.Repeat(" END_IF", 60)));
        Assert.Single(program.Body);
    }

    [Fact]
    public void LongOperatorChainsAreBuiltWithoutRecursionUpToALimit()
    {
        string ok = "1" + string.Concat(Enumerable.Repeat(" + 1", 1_000));
        var sum = Assert.IsType<BinaryExpression>(ParseExpression(ok));
        Assert.Equal(BinaryOperator.Add, sum.Operator);

        string tooLong = "PROGRAM p\nx := 1" + string.Concat(Enumerable.Repeat(" + 1", 50_000)) + ";\nEND_PROGRAM";
        SourceFile file = Parse(tooLong, out DiagnosticBag diagnostics);
        Assert.Contains("more than 1000 operators", Assert.Single(diagnostics.Items).Message);
        var program = Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
        Assert.IsType<ErrorExpression>(Assert.IsType<AssignmentStatement>(Assert.Single(program.Body)).Value);
    }
}

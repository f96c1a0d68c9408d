using System.Linq;
using Plc.Compiler.Ast;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class StatementParsingTests
{
    static string Print(string statements) => AstPrinter.Print(ParseProgram(statements).Body);

    [Theory]
    [InlineData("x := 1;", "[x := 1;]")]
    [InlineData("a.b := 1;", "[a.b := 1;]")]
    [InlineData("arr[i] := 2;", "[arr[i] := 2;]")]
    [InlineData("r^ := 3;", "[r^ := 3;]")]
    [InlineData("%QX0.0 := %IX0.1;", "[%QX0.0 := %IX0.1;]")]
    [InlineData("f(x);", "[call f(x);]")]
    [InlineData("inst();", "[call inst();]")]
    [InlineData("inst(IN := a, PT := T#5s, Q => q, ET => );", "[call inst(IN := a, PT := time(5000000000), Q => q, ET =>);]")]
    [InlineData("x = 1;", "[expr (x = 1);]")]
    [InlineData("x;", "[expr x;]")]
    [InlineData("EXIT; CONTINUE; RETURN; ;", "[EXIT; CONTINUE; RETURN; ;]")]
    public void SimpleStatements(string source, string expected) => Assert.Equal(expected, Print(source));

    [Fact]
    public void JumpLabelsStandBeforeStatementsAndAtTheEndOfAList()
        => Assert.Equal("[top: x := 1; JMP top; IF a THEN [inner: JMP inner; last:] END_IF end: done:]",
            Print("top: x := 1; JMP top; IF a THEN inner: JMP inner; last: END_IF end: done:"));

    [Fact]
    public void InACaseBranchANameWithAColonIsTheNextCaseLabel()
    {
        var statement = Assert.IsType<CaseStatement>(ParseStatement("CASE x OF 1: y := 1; Red: y := 2; END_CASE"));
        Assert.Equal(2, statement.Clauses.Length);
    }

    [Fact]
    public void AJumpWithoutALabelIsOneError()
    {
        Parse("PROGRAM p\nJMP;\nx := 1;\nEND_PROGRAM\n", out var diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("test.st(2,1): error PLC0001: JMP needs the name of a label: JMP name;", error.ToString());
    }

    [Fact]
    public void IfWithElsifAndElse()
        => Assert.Equal("[IF a THEN [x := 1;] ELSIF b THEN [x := 2;] ELSIF c THEN [;] ELSE [x := 3;] END_IF]",
            Print("IF a THEN x := 1; ELSIF b THEN x := 2; ELSIF c THEN ; ELSE x := 3; END_IF;"));

    [Fact]
    public void IfWithoutElseHasNullElse()
    {
        var statement = Assert.IsType<IfStatement>(ParseStatement("IF a THEN END_IF"));
        Assert.Null(statement.Else);
        Assert.Empty(statement.Then);
    }

    [Fact]
    public void IfWithEmptyElseHasEmptyElse()
    {
        var statement = Assert.IsType<IfStatement>(ParseStatement("IF a THEN ELSE END_IF;"));
        Assert.NotNull(statement.Else);
        Assert.Empty(statement.Else!.Value);
    }

    [Fact]
    public void CaseWithSingleListRangeEnumAndElse()
        => Assert.Equal("[CASE state OF 1: [x := 1;] 2, 3: [x := 2;] 5..9: [x := 3; y := 1;] Red: [x := 4;] Color#Green, (-1): [;] "
                + "ELSE [x := 0;] END_CASE]",
            Print("CASE state OF 1: x := 1; 2, 3: x := 2; 5..9: x := 3; y := 1; Red: x := 4; Color#Green, -1: ; ELSE x := 0; END_CASE"));

    [Fact]
    public void CaseWithoutElse()
    {
        var statement = Assert.IsType<CaseStatement>(ParseStatement("CASE x OF 1: y := 1; END_CASE"));
        Assert.Null(statement.Else);
        CaseLabel label = Assert.Single(Assert.Single(statement.Clauses).Labels);
        Assert.Null(label.Upper);
    }

    [Fact]
    public void CaseClauseBodyCanHoldNestedStatements()
        => Assert.Equal("[CASE x OF 1: [IF a THEN [y := 1;] ELSE [y := 2;] END_IF z := 3;] 2: [] END_CASE]",
            Print("CASE x OF 1: IF a THEN y := 1; ELSE y := 2; END_IF z := 3; 2: END_CASE"));

    [Theory]
    [InlineData("FOR i := 1 TO 10 BY 2 DO x := x + i; END_FOR", "[FOR i := 1 TO 10 BY 2 DO [x := (x + i);] END_FOR]")]
    [InlineData("FOR i := n - 1 TO 0 BY -1 DO END_FOR;", "[FOR i := (n - 1) TO 0 BY (-1) DO [] END_FOR]")]
    [InlineData("FOR i := 0 TO 9 DO EXIT; END_FOR", "[FOR i := 0 TO 9 DO [EXIT;] END_FOR]")]
    [InlineData("WHILE x < 10 DO x := x + 1; END_WHILE", "[WHILE (x < 10) DO [x := (x + 1);] END_WHILE]")]
    [InlineData("REPEAT x := x + 1; UNTIL x > 10 END_REPEAT", "[REPEAT [x := (x + 1);] UNTIL (x > 10) END_REPEAT]")]
    public void Loops(string source, string expected) => Assert.Equal(expected, Print(source));

    [Fact]
    public void ForWithoutByHasNullStep()
        => Assert.Null(Assert.IsType<ForStatement>(ParseStatement("FOR i := 1 TO 2 DO END_FOR")).Step);

    [Fact]
    public void SemicolonAfterEndOfCompoundStatementIsOptional()
        => Assert.Equal("[IF a THEN [x := 1;] END_IF x := 2; WHILE b DO [] END_WHILE CASE c OF 1: [] END_CASE ;]",
            Print("IF a THEN x := 1; END_IF x := 2; WHILE b DO END_WHILE CASE c OF 1: END_CASE ;;"));

    [Fact]
    public void KeywordsAreCaseInsensitive()
        => Assert.Equal("[IF (a AND b) THEN [x := 1;] ELSE [] END_IF]", Print("if a AnD b then x := 1; Else End_If"));

    [Fact]
    public void StatementSpansArePositionsOfTheirFirstToken()
    {
        // Line 1 PROGRAM p, line 2 declarations (none), line 3 the statements.
        Statement[] body = ParseProgram("x := 1;\n\tIF a THEN\n  y := 2; END_IF").Body.ToArray();
        Assert.Equal((3, 1), (body[0].Span.Line, body[0].Span.Column));
        Assert.Equal((4, 2), (body[1].Span.Line, body[1].Span.Column));
        Statement inner = Assert.Single(Assert.IsType<IfStatement>(body[1]).Then);
        Assert.Equal((5, 3), (inner.Span.Line, inner.Span.Column));
        Assert.Equal(FileName, inner.Span.Path);
    }
}

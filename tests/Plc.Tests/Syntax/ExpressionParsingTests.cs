using Plc.Compiler.Ast;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class ExpressionParsingTests
{
    [Theory]
    // ** is left-associative like every binary operator, and binds less tightly than unary minus.
    [InlineData("2 ** 3 ** 2", "((2 ** 3) ** 2)")]
    [InlineData("-2 ** 2", "((-2) ** 2)")]
    [InlineData("a * -b ** 2", "(a * ((-b) ** 2))")]
    [InlineData("a ** -b", "(a ** (-b))")]
    // NOT is a unary operator: it binds tighter than comparisons.
    [InlineData("NOT a = b", "((NOT a) = b)")]
    [InlineData("NOT a AND b", "((NOT a) AND b)")]
    [InlineData("a OR b XOR c AND d", "(a OR (b XOR (c AND d)))")]
    [InlineData("a AND b OR c", "((a AND b) OR c)")]
    [InlineData("a & b", "(a AND b)")]
    [InlineData("a = b AND c <> d", "((a = b) AND (c <> d))")]
    [InlineData("a < b = c > d", "((a < b) = (c > d))")]
    [InlineData("a <= b", "(a <= b)")]
    [InlineData("a >= b", "(a >= b)")]
    [InlineData("a + b * c - d / e MOD f", "((a + (b * c)) - ((d / e) MOD f))")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("a / b / c", "((a / b) / c)")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("a - -b", "(a - (-b))")]
    [InlineData("+a", "(+a)")]
    [InlineData("- - a", "(-(-a))")]
    [InlineData("a + b = c", "((a + b) = c)")]
    // Postfix operators bind tightest.
    [InlineData("-a.b^", "(-a.b^)")]
    [InlineData("NOT flags.3", "(NOT bit(flags, 3))")]
    public void OperatorsFollowIecPrecedenceAndAssociativity(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Theory]
    [InlineData("x.3", "bit(x, 3)")]
    [InlineData("arr[2].15", "bit(arr[2], 15)")]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a[i, j][k]", "a[i, j][k]")]
    [InlineData("a[i + 1]", "a[(i + 1)]")]
    [InlineData("r^", "r^")]
    [InlineData("r^.x", "r^.x")]
    [InlineData("a.b.c[1, 2].3", "bit(a.b.c[1, 2], 3)")]
    [InlineData("pp^^", "pp^^")]
    [InlineData("s.on", "s.on")]
    public void PostfixOperatorsChainLeftToRight(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Fact]
    public void BitAccessKeepsTheBitNumber()
    {
        var bit = Assert.IsType<BitAccessExpression>(ParseExpression("status.12"));
        Assert.Equal(12, bit.Bit);
        Assert.Equal("status", Assert.IsType<NameExpression>(bit.Target).Name.Name);
    }

    [Theory]
    [InlineData("f(1, 2)", "f(1, 2)")]
    [InlineData("f()", "f()")]
    [InlineData("INT_TO_REAL(i)", "INT_TO_REAL(i)")]
    [InlineData("REF(x)", "REF(x)")]
    [InlineData("arr[i](IN := x)", "arr[i](IN := x)")]
    [InlineData("r^(1)", "r^(1)")]
    [InlineData("f(g(1), a + b)", "f(g(1), (a + b))")]
    [InlineData("TIME()", "TIME()")]
    public void CallsTakeAnyExpressionAsCallee(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Fact]
    public void CallArgumentsKeepTheirKind()
    {
        var call = Assert.IsType<CallExpression>(ParseExpression("inst(IN := a, PT := T#5s, Q => q, ET => , NOT done => nd, 7)"));
        Assert.Equal("inst", AstPrinter.Print(call.Callee));
        Assert.Collection(call.Arguments,
            a => { Assert.Equal(ArgumentKind.Input, a.Kind); Assert.Equal("IN", a.Name!.Name); Assert.Equal("a", AstPrinter.Print(a.Value)); Assert.False(a.Negated); },
            a => { Assert.Equal(ArgumentKind.Input, a.Kind); Assert.Equal("PT", a.Name!.Name); Assert.Equal("time(5000000000)", AstPrinter.Print(a.Value)); },
            a => { Assert.Equal(ArgumentKind.Output, a.Kind); Assert.Equal("Q", a.Name!.Name); Assert.Equal("q", AstPrinter.Print(a.Value)); Assert.False(a.Negated); },
            a => { Assert.Equal(ArgumentKind.Output, a.Kind); Assert.Equal("ET", a.Name!.Name); Assert.Null(a.Value); },
            a => { Assert.Equal(ArgumentKind.Output, a.Kind); Assert.Equal("done", a.Name!.Name); Assert.Equal("nd", AstPrinter.Print(a.Value)); Assert.True(a.Negated); },
            a => { Assert.Equal(ArgumentKind.Positional, a.Kind); Assert.Null(a.Name); Assert.Equal("7", AstPrinter.Print(a.Value)); });
    }

    [Fact]
    public void NotBeforeAPositionalArgumentIsAnOperator()
        => Assert.Equal("f((NOT a), b)", PrintExpression("f(NOT a, b)"));

    [Theory]
    [InlineData("INT#-5", "INT#(-5)")]
    [InlineData("INT#+5", "INT#5")]
    [InlineData("DINT#16#FF", "DINT#255")]
    [InlineData("BOOL#1", "BOOL#1")]
    [InlineData("BOOL#TRUE", "BOOL#TRUE")]
    [InlineData("REAL#2", "REAL#2")]
    [InlineData("LREAL#1.5E3", "LREAL#real(1500)")]
    [InlineData("STRING#'x'", "STRING#str(x)")]
    [InlineData("CHAR#'A'", "CHAR#str(A)")]
    [InlineData("WCHAR#\"A\"", "WCHAR#wstr(A)")]
    [InlineData("word#2#1010", "word#10")]
    public void TypedLiteralsKeepTheTypeNameAndTheValue(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Fact]
    public void NegativeTypedLiteralIsANegatedLiteral()
    {
        var typed = Assert.IsType<TypedLiteral>(ParseExpression("INT#-5"));
        Assert.Equal("INT", typed.TypeName.Name);
        var negation = Assert.IsType<UnaryExpression>(typed.Value);
        Assert.Equal(UnaryOperator.Negate, negation.Operator);
        Assert.Equal(5UL, Assert.IsType<IntegerLiteral>(negation.Operand).Value);
    }

    [Theory]
    [InlineData("Color#Red", "Color", "Red")]
    [InlineData("T#Idle", "T", "Idle")]
    [InlineData("d#Up", "d", "Up")]
    public void QualifiedEnumerationValues(string source, string type, string value)
    {
        var qualified = Assert.IsType<QualifiedEnumValue>(ParseExpression(source));
        Assert.Equal(type, qualified.TypeName.Name);
        Assert.Equal(value, qualified.ValueName.Name);
    }

    [Theory]
    [InlineData("%IX0.0", "%IX0.0")]
    [InlineData("%qx1.7", "%QX1.7")]
    [InlineData("%IB2", "%IB2")]
    [InlineData("%IW3", "%IW3")]
    [InlineData("%QD4", "%QD4")]
    [InlineData("%ML1", "%ML1")]
    [InlineData("%MW10", "%MW10")]
    [InlineData("%I0.0", "%I0.0")]
    [InlineData("%MW0.3", "bit(%MW0, 3)")]
    [InlineData("%IX0.1 AND %IX0.2", "(%IX0.1 AND %IX0.2)")]
    public void DirectAddressesInExpressions(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Theory]
    [InlineData("TRUE", "TRUE")]
    [InlineData("false", "FALSE")]
    [InlineData("NULL", "NULL")]
    [InlineData("1_000", "1000")]
    [InlineData("16#FF", "255")]
    [InlineData("1.5", "real(1.5)")]
    [InlineData("'it$'s'", "str(it's)")]
    [InlineData("\"wide\"", "wstr(wide)")]
    [InlineData("T#1s", "time(1000000000)")]
    [InlineData("LTIME#5ns", "ltime(5)")]
    [InlineData("D#1970-01-02", "date(86400000000000)")]
    [InlineData("TOD#00:00:01", "tod(1000000000)")]
    [InlineData("DT#1970-01-01-00:01:00", "dt(60000000000)")]
    public void LiteralsInExpressions(string source, string expected)
        => Assert.Equal(expected, PrintExpression(source));

    [Fact]
    public void IntegerLiteralKeepsItsText()
    {
        var literal = Assert.IsType<IntegerLiteral>(ParseExpression("16#ff_ff"));
        Assert.Equal(65535UL, literal.Value);
        Assert.Equal("16#ff_ff", literal.Text);
    }

    [Fact]
    public void ANameTUsedNormallyIsNotADuration()
    {
        Statement statement = ParseStatement("T := T + T#1s;");
        Assert.Equal("T := (T + time(1000000000));", AstPrinter.Print(statement));
    }

    [Fact]
    public void RangesLexAsIntegers()
    {
        PouDeclaration program = ParseProgram("", "VAR a : ARRAY[1..10] OF INT; END_VAR");
        var array = Assert.IsType<ArrayTypeReference>(program.VarBlocks[0].Variables[0].Type);
        ArrayRange range = Assert.Single(array.Ranges);
        Assert.Equal(1UL, Assert.IsType<IntegerLiteral>(range.Lower).Value);
        Assert.Equal(10UL, Assert.IsType<IntegerLiteral>(range.Upper).Value);
    }

    [Fact]
    public void ExpressionSpansStartAtTheFirstToken()
    {
        // x := a + b * c;   the statement is on line 3 (PROGRAM p, empty declarations line, statement).
        var sum = Assert.IsType<BinaryExpression>(ParseExpression("a + b * c"));
        Assert.Equal(3, sum.Span.Line);
        Assert.Equal(6, sum.Span.Column);
        var product = Assert.IsType<BinaryExpression>(sum.Right);
        Assert.Equal(10, product.Span.Column);
        Assert.Equal(14, Assert.IsType<NameExpression>(product.Right).Span.Column);
    }
}

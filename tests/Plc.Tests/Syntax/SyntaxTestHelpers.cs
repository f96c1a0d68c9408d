using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Syntax;
using Xunit;

namespace Plc.Tests.Syntax;

/// <summary>Parsing shortcuts for the syntax tests.</summary>
static class SyntaxTestHelpers
{
    public const string FileName = "test.st";

    public static SourceFile Parse(string text, out DiagnosticBag diagnostics)
    {
        diagnostics = new DiagnosticBag();
        return Parser.Parse(FileName, text, diagnostics);
    }

    /// <summary>Parses source that must have no errors (notes are allowed).</summary>
    public static SourceFile ParseClean(string text)
    {
        SourceFile file = Parse(text, out DiagnosticBag diagnostics);
        Assert.True(!diagnostics.HasErrors, "unexpected errors:\n" + string.Join("\n", diagnostics.Items));
        return file;
    }

    /// <summary>The body of <c>PROGRAM p</c> with the given statements.</summary>
    public static PouDeclaration ParseProgram(string statements, string declarations = "")
    {
        SourceFile file = ParseClean("PROGRAM p\n" + declarations + "\n" + statements + "\nEND_PROGRAM\n");
        return Assert.IsType<PouDeclaration>(Assert.Single(file.Declarations));
    }

    public static Statement ParseStatement(string statement) => Assert.Single(ParseProgram(statement).Body);

    /// <summary>The expression on the right of <c>x := ...;</c>.</summary>
    public static Expression ParseExpression(string expression)
        => Assert.IsType<AssignmentStatement>(ParseStatement("x := " + expression + ";")).Value;

    public static string PrintExpression(string expression) => AstPrinter.Print(ParseExpression(expression));

    public static string[] Codes(DiagnosticBag diagnostics) => diagnostics.Items.Select(d => d.Code).ToArray();

    public static string Messages(DiagnosticBag diagnostics) => string.Join("\n", diagnostics.Items);
}

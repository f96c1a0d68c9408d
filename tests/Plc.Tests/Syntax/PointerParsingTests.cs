using Plc.Compiler.Ast;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

/// <summary>POINTER TO, REFERENCE TO and REF= (D32); POINTER and REFERENCE stay usable as names elsewhere.</summary>
public class PointerParsingTests
{
    [Fact]
    public void Pointer_and_reference_types_parse_with_their_targets()
    {
        var pou = ParseProgram("", "VAR p : POINTER TO ARRAY[1..3] OF INT; r : REFERENCE TO Point; q : POINTER TO POINTER TO BYTE; END_VAR");
        Assert.Equal("Var { p : POINTER TO ARRAY[1..3] OF INT; r : REFERENCE TO Point; q : POINTER TO POINTER TO BYTE; }",
            AstPrinter.Print(Assert.Single(pou.VarBlocks)));
    }

    [Fact]
    public void Ref_assign_is_its_own_statement_and_caret_index_and_member_chain()
    {
        Assert.Equal("r REF= a[2];", AstPrinter.Print(ParseStatement("r REF= a[2];")));
        Assert.IsType<ReferenceAssignmentStatement>(ParseStatement("r ref= x;"));
        Assert.IsType<AssignmentStatement>(ParseStatement("x := y;"));
        Assert.Equal("p^[1].y := 1;", AstPrinter.Print(ParseStatement("p^[1].y := 1;")));
    }

    [Fact]
    public void Pointer_and_reference_are_still_names_outside_a_type()
    {
        var pou = ParseProgram("Reference := Pointer + 1.0;", "VAR Reference, Pointer : REAL; END_VAR");
        Assert.Equal("[Reference := (Pointer + real(1));]", AstPrinter.Print(pou.Body));
    }
}

using System.Linq;
using Plc.Compiler.Ast;
using Xunit;
using static Plc.Tests.Syntax.SyntaxTestHelpers;

namespace Plc.Tests.Syntax;

public class DeclarationParsingTests
{
    [Fact]
    public void AUnionIsATypeDefinitionLikeAStructWithOptionalSemicolonAndInitialValue()
    {
        SourceFile file = ParseClean("TYPE\n  Raw : UNION dw : DWORD; r : REAL := 1.0; END_UNION\n"
            + "  Two : UNION a : INT; END_UNION := (a := 2);\nEND_TYPE\n");
        var types = Assert.IsType<TypeDeclaration>(Assert.Single(file.Declarations)).Types;
        Assert.Equal("UNION dw : DWORD; r : REAL := real(1); END_UNION", AstPrinter.Print(types[0].Type));
        Assert.Null(types[0].Initial);
        Assert.IsType<UnionTypeReference>(types[1].Type);
        Assert.NotNull(types[1].Initial);
    }

    [Fact]
    public void ProgramFunctionBlockAndFunction()
    {
        SourceFile file = ParseClean(
            "PROGRAM Main\n" +                      // 1
            "VAR x : INT; END_VAR\n" +              // 2
            "x := Add(1, 2);\n" +                   // 3
            "END_PROGRAM\n" +                       // 4
            "FUNCTION_BLOCK Blinker\n" +            // 5
            "  VAR_OUTPUT q : BOOL; END_VAR\n" +    // 6
            "  q := NOT q;\n" +                     // 7
            "  END_FUNCTION_BLOCK\n" +              // 8
            "FUNCTION Add : INT\n" +                // 9
            "VAR_INPUT a, b : INT; END_VAR\n" +     // 10
            "Add := a + b;\n" +                     // 11
            "END_FUNCTION\n" +                      // 12
            "function NoResult\n" +                 // 13
            "end_function\n");                      // 14
        PouDeclaration[] pous = file.Declarations.Cast<PouDeclaration>().ToArray();
        Assert.Equal(4, pous.Length);

        Assert.Equal((PouKind.Program, "Main"), (pous[0].Kind, pous[0].Name.Name));
        Assert.Null(pous[0].ReturnType);
        Assert.Equal((1, 1), (pous[0].Span.Line, pous[0].Span.Column));
        Assert.Equal((1, 9), (pous[0].Name.Span.Line, pous[0].Name.Span.Column));
        Assert.Equal((4, 1), (pous[0].EndSpan.Line, pous[0].EndSpan.Column));
        Assert.Equal("[x := Add(1, 2);]", AstPrinter.Print(pous[0].Body));

        Assert.Equal((PouKind.FunctionBlock, "Blinker"), (pous[1].Kind, pous[1].Name.Name));
        Assert.Equal((8, 3), (pous[1].EndSpan.Line, pous[1].EndSpan.Column));
        Assert.Equal("Output { q : BOOL; }", AstPrinter.Print(Assert.Single(pous[1].VarBlocks)));

        Assert.Equal((PouKind.Function, "Add"), (pous[2].Kind, pous[2].Name.Name));
        Assert.Equal("INT", AstPrinter.Print(pous[2].ReturnType));
        Assert.Equal("Input { a, b : INT; }", AstPrinter.Print(Assert.Single(pous[2].VarBlocks)));
        Assert.Equal((12, 1), (pous[2].EndSpan.Line, pous[2].EndSpan.Column));

        Assert.Equal((PouKind.Function, "NoResult"), (pous[3].Kind, pous[3].Name.Name));
        Assert.Null(pous[3].ReturnType);
        Assert.Empty(pous[3].Body);
    }

    [Fact]
    public void EveryKindOfVarBlockWithQualifiers()
    {
        PouDeclaration program = ParseProgram("", string.Join("\n",
            "VAR a : INT; END_VAR",
            "VAR_INPUT CONSTANT b : INT; END_VAR",
            "VAR_OUTPUT RETAIN c : INT; END_VAR",
            "VAR_IN_OUT d : INT; END_VAR",
            "VAR_TEMP NON_RETAIN e : INT; END_VAR",
            "VAR_GLOBAL PERSISTENT f : INT; END_VAR",
            "VAR_EXTERNAL g : INT; END_VAR;",
            "VAR PERSISTENT RETAIN h : INT; END_VAR",
            "VAR RETAIN PERSISTENT i : INT; END_VAR",
            "VAR CONSTANT RETAIN j : INT; END_VAR",
            "VAR END_VAR",
            "VAR_STAT RETAIN k : INT; END_VAR"));
        Assert.Equal(new[]
        {
            "Var { a : INT; }",
            "Input CONSTANT { b : INT; }",
            "Output Retain { c : INT; }",
            "InOut { d : INT; }",
            "Temp NonRetain { e : INT; }",
            "Global Persistent { f : INT; }",
            "External { g : INT; }",
            "Var Persistent { h : INT; }",
            "Var Persistent { i : INT; }",
            "Var CONSTANT Retain { j : INT; }",
            "Var { }",
            "Static Retain { k : INT; }",
        }, program.VarBlocks.Select(AstPrinter.Print).ToArray());
        Assert.Empty(program.Body);
    }

    [Fact]
    public void VariableDeclarationsWithLocationsAndInitialValues()
    {
        PouDeclaration program = ParseProgram("", string.Join("\n",
            "VAR",
            "  a, b : INT := 5;",
            "  x AT %IX0.0 : BOOL;",
            "  y AT %qw3 : WORD := 0;",
            "  s : STRING := 'abc';",
            "  s1 : STRING(80);",
            "  s2 : STRING[20];",
            "  w : WSTRING(10) := \"wide\";",
            "  arr : ARRAY[1..10, -2..2] OF INT := [1, 2, 3(0), 2(7), 9];",
            "  n : ARRAY[0..N-1] OF ARRAY[1..2] OF INT := [[1, 2], 2([3, 4])];",
            "  pts : ARRAY[1..3] OF Point := [(x := 1), (x := 2, y := (a := 2))];",
            "  p : Point := (x := 1, y := (a := 2, b := [1, 2]));",
            "  r : REF_TO INT := REF(a);",
            "  state : (Idle, Running := 5);",
            "  pct : INT(0..100) := 50;",
            "  t : TON;",
            "END_VAR"));
        Assert.Equal(new[]
        {
            "a, b : INT := 5;",
            "x AT %IX0.0 : BOOL;",
            "y AT %QW3 : WORD := 0;",
            "s : STRING := str(abc);",
            "s1 : STRING(80);",
            "s2 : STRING(20);",
            "w : WSTRING(10) := wstr(wide);",
            "arr : ARRAY[1..10, (-2)..2] OF INT := [1, 2, 3(0), 2(7), 9];",
            "n : ARRAY[0..(N - 1)] OF ARRAY[1..2] OF INT := [[1, 2], 2([3, 4])];",
            "pts : ARRAY[1..3] OF Point := [(x := 1), (x := 2, y := (a := 2))];",
            "p : Point := (x := 1, y := (a := 2, b := [1, 2]));",
            "r : REF_TO INT := REF(a);",
            "state : (Idle, Running := 5);",
            "pct : INT(0..100) := 50;",
            "t : TON;",
        }, Assert.Single(program.VarBlocks).Variables.Select(AstPrinter.Print).ToArray());
    }

    [Fact]
    public void ArrayInitializerRepeatCountsAndDefaults()
    {
        PouDeclaration program = ParseProgram("", "VAR a : ARRAY[1..6] OF INT := [3(0), 2(), 7]; END_VAR");
        var initializer = Assert.IsType<ArrayInitializer>(program.VarBlocks[0].Variables[0].Initial);
        Assert.Collection(initializer.Elements,
            e => { Assert.Equal(3UL, Assert.IsType<IntegerLiteral>(e.RepeatCount).Value); Assert.Equal("0", AstPrinter.Print(e.Value)); },
            e => { Assert.Equal(2UL, Assert.IsType<IntegerLiteral>(e.RepeatCount).Value); Assert.Null(e.Value); },
            e => { Assert.Null(e.RepeatCount); Assert.Equal("7", AstPrinter.Print(e.Value)); });
    }

    [Fact]
    public void StringTypes()
    {
        PouDeclaration program = ParseProgram("", "VAR a : STRING; b : WSTRING; c : STRING(80); END_VAR");
        StringTypeReference[] types = program.VarBlocks[0].Variables.Select(v => Assert.IsType<StringTypeReference>(v.Type)).ToArray();
        Assert.False(types[0].Wide);
        Assert.Null(types[0].Length);
        Assert.True(types[1].Wide);
        Assert.Null(types[1].Length);
        Assert.Equal(80UL, Assert.IsType<IntegerLiteral>(types[2].Length).Value);
    }

    [Fact]
    public void ElementaryTypeNamesAreNamedTypes()
    {
        const string types = "INT BOOL TIME TOD DT DATE_AND_TIME TIME_OF_DAY LTIME LDATE LTOD LDT LDATE_AND_TIME LTIME_OF_DAY CHAR WCHAR DATE LREAL";
        string[] names = types.Split(' ');
        string declarations = "VAR " + string.Concat(names.Select((n, i) => $"v{i} : {n}; ")) + "END_VAR";
        PouDeclaration program = ParseProgram("", declarations);
        Assert.Equal(names, program.VarBlocks[0].Variables.Select(v => Assert.IsType<NamedTypeReference>(v.Type).Name.Name).ToArray());
    }

    [Fact]
    public void TypeDeclarations()
    {
        SourceFile file = ParseClean(string.Join("\n",
            "TYPE",
            "  MyInt : INT := 5;",
            "  Point : STRUCT",
            "    x : REAL;",
            "    y, z : REAL := 1.5;",
            "  END_STRUCT",
            "  Color : (Red, Green := 5, Blue);",
            "  Flags : DWORD (A := 1, B);",
            "  Mode : (Off, Auto) DINT := Auto;",
            "  Percent : INT(0..100);",
            "  Buffer : ARRAY[0..N-1] OF Point;",
            "  Name : STRING(20);",
            "  IntRef : REF_TO INT;",
            "  Pair : STRUCT a : INT; b : INT; END_STRUCT;",
            "END_TYPE",
            "TYPE Single : LREAL; END_TYPE"));
        Assert.Equal(2, file.Declarations.Length);
        var declaration = Assert.IsType<TypeDeclaration>(file.Declarations[0]);
        Assert.Equal(new[]
        {
            "MyInt : INT := 5",
            "Point : STRUCT x : REAL; y, z : REAL := real(1.5); END_STRUCT := null",
            "Color : (Red, Green := 5, Blue) := null",
            "Flags : (A := 1, B) DWORD := null",
            "Mode : (Off, Auto) DINT := Auto",
            "Percent : INT(0..100) := null",
            "Buffer : ARRAY[0..(N - 1)] OF Point := null",
            "Name : STRING(20) := null",
            "IntRef : REF_TO INT := null",
            "Pair : STRUCT a : INT; b : INT; END_STRUCT := null",
        }, declaration.Types.Select(t => t.Name + " : " + AstPrinter.Print(t.Type) + " := " + AstPrinter.Print(t.Initial)).ToArray());
        Assert.Equal((2, 3), (declaration.Types[0].Span.Line, declaration.Types[0].Span.Column));
        Assert.Equal("Single", Assert.Single(Assert.IsType<TypeDeclaration>(file.Declarations[1]).Types).Name.Name);
    }

    [Fact]
    public void EnumerationBaseTypeBeforeOrAfterTheValues()
    {
        SourceFile file = ParseClean("TYPE A : WORD (X, Y); B : (X, Y) WORD; C : (X, Y); END_TYPE");
        EnumTypeReference[] enums = Assert.IsType<TypeDeclaration>(Assert.Single(file.Declarations)).Types
            .Select(t => Assert.IsType<EnumTypeReference>(t.Type)).ToArray();
        Assert.Equal("WORD", Assert.IsType<NamedTypeReference>(enums[0].BaseType).Name.Name);
        Assert.Equal("WORD", Assert.IsType<NamedTypeReference>(enums[1].BaseType).Name.Name);
        Assert.Null(enums[2].BaseType);
        Assert.All(enums, e => Assert.Equal(new[] { "X", "Y" }, e.Values.Select(v => v.Name.Name).ToArray()));
    }

    [Fact]
    public void TopLevelGlobalVariableList()
    {
        SourceFile file = ParseClean("VAR_GLOBAL CONSTANT\n  N : INT := 10;\nEND_VAR\nVAR_GLOBAL RETAIN g : INT; END_VAR");
        GlobalVarDeclaration[] globals = file.Declarations.Cast<GlobalVarDeclaration>().ToArray();
        Assert.Equal("Global CONSTANT { N : INT := 10; }", AstPrinter.Print(globals[0].Block));
        Assert.Equal("Global Retain { g : INT; }", AstPrinter.Print(globals[1].Block));
        Assert.Equal((4, 1), (globals[1].Span.Line, globals[1].Span.Column));
    }

    [Fact]
    public void ConfigurationWithResourcesTasksAndPrograms()
    {
        SourceFile file = ParseClean(string.Join("\n",
            "CONFIGURATION Cell",
            "  VAR_GLOBAL start : BOOL; END_VAR",
            "  RESOURCE Cpu ON PLC",
            "    VAR_GLOBAL speed : INT; END_VAR",
            "    TASK Fast (INTERVAL := T#10ms, PRIORITY := 1);",
            "    TASK OnStart (SINGLE := start, PRIORITY := 0);",
            "    PROGRAM Main WITH Fast : MainProgram;",
            "    PROGRAM RETAIN Logger WITH OnStart : LogProgram (level := speed, busy => start);",
            "  END_RESOURCE",
            "  TASK Slow (INTERVAL := T#100ms);",
            "  PROGRAM Background : IdleProgram;",
            "END_CONFIGURATION"));
        var configuration = Assert.IsType<ConfigurationDeclaration>(Assert.Single(file.Declarations));
        Assert.Equal("Cell", configuration.Name.Name);
        Assert.Equal("Global { start : BOOL; }", AstPrinter.Print(Assert.Single(configuration.Globals)));

        ResourceDeclaration resource = Assert.Single(configuration.Resources);
        Assert.Equal(("Cpu", "PLC"), (resource.Name.Name, resource.OnType!.Name));
        Assert.Equal("Global { speed : INT; }", AstPrinter.Print(Assert.Single(resource.Globals)));
        Assert.Equal(new[] { "Fast(INTERVAL := time(10000000), PRIORITY := 1)", "OnStart(SINGLE := start, PRIORITY := 0)" },
            resource.Tasks.Select(t => t.Name + "(" + string.Join(", ", t.Settings.Select(AstPrinter.Print)) + ")").ToArray());
        Assert.All(resource.Tasks.SelectMany(t => t.Settings), s => Assert.Equal(ArgumentKind.Input, s.Kind));

        ProgramInstanceDeclaration main = resource.Programs[0];
        Assert.Equal(("Main", "Fast", "MainProgram", RetainKind.None), (main.Name.Name, main.Task!.Name, main.ProgramType.Name, main.Retain));
        Assert.Empty(main.Arguments);
        ProgramInstanceDeclaration logger = resource.Programs[1];
        Assert.Equal(("Logger", "OnStart", "LogProgram", RetainKind.Retain), (logger.Name.Name, logger.Task!.Name, logger.ProgramType.Name, logger.Retain));
        Assert.Equal(new[] { "level := speed", "busy => start" }, logger.Arguments.Select(AstPrinter.Print).ToArray());

        Assert.Equal("Slow", Assert.Single(configuration.Tasks).Name.Name);
        ProgramInstanceDeclaration background = Assert.Single(configuration.Programs);
        Assert.Null(background.Task);
        Assert.Equal("IdleProgram", background.ProgramType.Name);
    }

    [Fact]
    public void SoftKeywordsCanBeNames()
    {
        PouDeclaration program = ParseProgram("on := task; with := on;", "VAR on, task, with : BOOL; END_VAR");
        Assert.Equal(new[] { "on", "task", "with" }, program.VarBlocks[0].Variables[0].Names.Select(n => n.Name).ToArray());
        Assert.Equal("[on := task; with := on;]", AstPrinter.Print(program.Body));
    }
}

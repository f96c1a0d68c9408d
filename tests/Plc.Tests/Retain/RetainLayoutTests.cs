using System;
using System.Linq;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>Which variables are retained, where they are and how their types are written.</summary>
public class RetainLayoutTests
{
    public const string Program = @"
TYPE Point : STRUCT x : INT; y : INT; END_STRUCT; END_TYPE
FUNCTION_BLOCK Counter
VAR_INPUT inc : INT; END_VAR
VAR_OUTPUT CV : DINT; END_VAR
VAR RETAIN total : DINT; END_VAR
VAR_TEMP t : INT; END_VAR
t := inc;
CV := CV + t; total := total + t;
END_FUNCTION_BLOCK
VAR_GLOBAL RETAIN
    g_total : DINT := 7;
    g_flag AT %MX0.1 : BOOL;
END_VAR
VAR_GLOBAL PERSISTENT
    g_name : STRING(10) := 'abc';
END_VAR
VAR_GLOBAL
    g_plain : INT;
    g_bit2 AT %MX0.2 : BOOL;
END_VAR
PROGRAM Main
VAR RETAIN
    counter : INT;
    pos : Point;
    table : ARRAY[1..10] OF INT;
    fb : Counter;
    ctrs : ARRAY[1..2] OF Counter;
END_VAR
VAR PERSISTENT
    shots : DINT := 1000;
END_VAR
VAR
    other : INT;
    free : Counter;
END_VAR
counter := counter + 1;
g_total := g_total + 10;
g_flag := counter MOD 2 = 1;
g_bit2 := TRUE;
g_name := 'run';
g_plain := g_plain + 1;
pos.x := counter; pos.y := -counter;
table[counter] := counter * 100;
fb(inc := 1);
ctrs[2](inc := 5);
shots := shots + 1;
other := other + 1;
free(inc := 2);
END_PROGRAM
";

    [Fact]
    public void ListsEveryRetainedLeafOrBlockByPath()
    {
        var image = RetainFixture.Compile(Program);
        var layout = RetainLayout.FromImage(image);
        Assert.Equal(string.Join("\n",
            "g_total DINT 4",
            "g_flag BOOL 1 bit 1",
            "g_name STRING(10) 11 P",
            "Main.counter INT 2",
            "Main.pos STRUCT Point(x:INT@0,y:INT@2) 4",
            "Main.table ARRAY[1..10] OF INT 20",
            "Main.fb.inc INT 2",                       // a retained instance: every member but VAR_TEMP
            "Main.fb.CV DINT 4",
            "Main.fb.total DINT 4",
            "Main.ctrs[1].inc INT 2",                  // an array of instances: split into elements
            "Main.ctrs[1].CV DINT 4",
            "Main.ctrs[1].total DINT 4",
            "Main.ctrs[2].inc INT 2",
            "Main.ctrs[2].CV DINT 4",
            "Main.ctrs[2].total DINT 4",
            "Main.shots DINT 4 P",
            "Main.free.total DINT 4"),                // RETAIN inside an instance that is not retained
            RetainFixture.Describe(layout));
        // 4 + 1 + 11 + 2 + 4 + 20 + 3 * (2 + 4 + 4) + 4 + 4
        Assert.Equal(80, layout.TotalBytes);

        // Addresses are where the debug section says the variables are.
        var memory = RetainFixture.Fresh(image);
        foreach (var v in layout.Variables)
        {
            var loc = VariablePath.Resolve(image, memory, v.Path, out var error);
            Assert.True(loc != null, error);
            Assert.Equal(loc!.Value.Address, v.Address);
            Assert.Equal(loc.Value.Bit, v.Bit);
        }
        Assert.True(layout.MemoryEnd <= image.MemorySize);
    }

    [Fact]
    public void ARetainProgramInstanceRetainsItsMembersButNotReferencesTemporariesOrConstants()
    {
        var image = RetainFixture.Compile(@"
FUNCTION_BLOCK Ctu
VAR_INPUT CU : BOOL; END_VAR
VAR_OUTPUT CV : INT; END_VAR
VAR_IN_OUT io : INT; END_VAR
IF CU THEN CV := CV + 1; io := CV; END_IF;
END_FUNCTION_BLOCK
PROGRAM Line
VAR
    fb : Ctu;
    level : LREAL;
    r : REF_TO INT;
    lamp AT %QX0.3 : BOOL;
    m : ARRAY[1..2, 0..1] OF LREAL;
    w : WSTRING(4);
    x : INT;
END_VAR
VAR PERSISTENT
    hours : LINT;
END_VAR
VAR CONSTANT
    k : INT := 3;
END_VAR
VAR_TEMP
    tmp : INT;
END_VAR
fb(CU := TRUE, io := x);
r := REF(x);
END_PROGRAM
PROGRAM Other
VAR y : INT; END_VAR
y := y + 1;
END_PROGRAM
CONFIGURATION Cell
    RESOURCE Cpu ON PLC
        TASK Fast (INTERVAL := T#10ms, PRIORITY := 1);
        PROGRAM RETAIN Line1 WITH Fast : Line;
        PROGRAM Plain WITH Fast : Other;
    END_RESOURCE
END_CONFIGURATION");
        var layout = RetainLayout.FromImage(image);
        Assert.Equal(string.Join("\n",
            "Line1.fb.CU BOOL 1",
            "Line1.fb.CV INT 2",
            "Line1.level LREAL 8",
            "Line1.lamp BOOL 1 bit 3",
            "Line1.m ARRAY[1..2,0..1] OF LREAL 32",
            "Line1.w WSTRING(4) 10",
            "Line1.x INT 2",
            "Line1.hours LINT 8 P"),
            RetainFixture.Describe(layout));
        Assert.Equal(image.Outputs.Address, layout.Variables.Single(v => v.Path == "Line1.lamp").Address);
    }

    [Fact]
    public void StaticVariablesAreRetainedOnceUnderTheirPousName()
    {
        // VAR_STAT (D35): one copy for all instances, so a RETAIN static is one entry named after its POU, never
        // one per instance, whether the instance is retained or not; a static that is not RETAIN is not retained.
        var image = RetainFixture.Compile(@"
FUNCTION_BLOCK Shared
VAR_STAT RETAIN total : DINT; END_VAR
VAR_STAT PERSISTENT name : STRING(4); END_VAR
VAR_STAT scratch : INT; END_VAR
VAR own : INT; END_VAR
total := total + 1; own := own + 1; scratch := 1;
END_FUNCTION_BLOCK
FUNCTION Tally : INT
VAR_STAT RETAIN calls : UDINT; END_VAR
calls := calls + 1;
END_FUNCTION
PROGRAM Main
VAR RETAIN a : Shared; END_VAR
VAR b : Shared; n : INT; END_VAR
a(); b(); n := Tally();
END_PROGRAM");
        var layout = RetainLayout.FromImage(image);
        Assert.Equal(string.Join("\n",
            "Main.a.own INT 2",                 // the retained instance holds only its own variables
            "Shared.total DINT 4",
            "Shared.name STRING(4) 5 P",
            "Tally.calls UDINT 4"),
            RetainFixture.Describe(layout));

        // After two scans the one shared counter has been incremented by both instances.
        var memory = RetainFixture.Run(image, 2).Memory;
        var total = VariablePath.Resolve(image, memory, "Shared.total", out var error);
        Assert.True(total != null, error);
        Assert.Equal(4, BitConverter.ToInt32(memory, total!.Value.Address));
        Assert.Equal(layout.Variables.Single(v => v.Path == "Shared.total").Address, total.Value.Address);
    }

    [Fact]
    public void TypeSignaturesChangeWhenOldBytesWouldMeanSomethingElse()
    {
        static string Sig(string type, string decls = "") =>
            RetainLayout.FromImage(RetainFixture.Compile(decls + "\nPROGRAM Main\nVAR RETAIN v : " + type + "; END_VAR\nEND_PROGRAM"))
                .Variables.Single().TypeSignature;

        Assert.Equal("ARRAY[1..10] OF INT", Sig("ARRAY[1..10] OF INT"));
        Assert.Equal("ARRAY[0..9] OF INT", Sig("ARRAY[0..9] OF INT"));
        Assert.Equal("ARRAY[1..10] OF DINT", Sig("ARRAY[1..10] OF DINT"));
        Assert.Equal("STRING(20)", Sig("STRING(20)"));
        Assert.Equal("STRING(80)", Sig("STRING"));
        Assert.Equal("INT(0..100)", Sig("INT(0..100)"));
        Assert.Equal("TIME", Sig("TIME"));
        Assert.Equal("TOD", Sig("TOD"));
        Assert.Equal("ENUM Color:INT(Red=0,Green=1,Blue=2)", Sig("Color", "TYPE Color : (Red, Green, Blue); END_TYPE"));
        Assert.Equal("ENUM Color:INT(Red=0,Blue=1)", Sig("Color", "TYPE Color : (Red, Blue); END_TYPE"));
        Assert.Equal("STRUCT Point(x:INT@0,y:INT@2)", Sig("Point", "TYPE Point : STRUCT x : INT; y : INT; END_STRUCT; END_TYPE"));
        Assert.Equal("STRUCT Point(y:INT@0,x:INT@2)", Sig("Point", "TYPE Point : STRUCT y : INT; x : INT; END_STRUCT; END_TYPE"));
        Assert.Equal("STRUCT Point(x:DINT@0,y:INT@4)", Sig("Point", "TYPE Point : STRUCT x : DINT; y : INT; END_STRUCT; END_TYPE"));
        Assert.Equal("ARRAY[1..2] OF STRUCT P(a:BOOL@0,s:STRING(3)@1,t:ARRAY[0..1] OF WORD@6)",
            Sig("ARRAY[1..2] OF P", "TYPE P : STRUCT a : BOOL; s : STRING(3); t : ARRAY[0..1] OF WORD; END_STRUCT; END_TYPE"));
    }

    [Fact]
    public void AProgramWithoutRetainedVariablesHasAnEmptyLayout()
    {
        var layout = RetainLayout.FromImage(RetainFixture.Compile("PROGRAM Main\nVAR x : INT; END_VAR\nx := x + 1;\nEND_PROGRAM"));
        Assert.Empty(layout.Variables);
        Assert.Equal(0, layout.TotalBytes);
    }

    [Fact]
    public void FromVariablesRejectsDuplicatesAndBadRegions()
    {
        Assert.Throws<ArgumentException>(() => RetainLayout.FromVariables(new[]
        {
            new RetainedVariable("a", 8, 2, -1, "INT", false), new RetainedVariable("A", 10, 2, -1, "INT", false),
        }));
        Assert.Throws<ArgumentException>(() => RetainLayout.FromVariables(new[] { new RetainedVariable("a", 8, 0, -1, "INT", false) }));
        Assert.Throws<ArgumentException>(() => RetainLayout.FromVariables(new[] { new RetainedVariable("a", 8, 2, 3, "BOOL", false) }));
        Assert.Throws<ArgumentException>(() => RetainLayout.FromVariables(new[] { new RetainedVariable("a", 8, 1, 8, "BOOL", false) }));
    }
}

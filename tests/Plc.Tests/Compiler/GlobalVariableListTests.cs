using System;
using System.Linq;
using Plc.Compiler;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>Named global variable lists (a TwinCAT .TcGVL's Name; docs/compatibility.md): <c>GVL.x</c> reaches a
/// variable of the list, and only that way when the list is <c>{attribute 'qualified_only'}</c>.</summary>
public class GlobalVariableListTests
{
    static SourceText Gvl(string name, string text) => new($"{name}.TcGVL", text, name);

    static CompilationResult Compile(params SourceText[] sources) => Compilation.Compile(sources);

    static string Errors(CompilationResult r) => string.Join("\n", r.Diagnostics.Where(d => d.Severity == Severity.Error));

    /// <summary>Runs the default task's body once and reads the DINT <paramref name="path"/>.</summary>
    static int RunAndRead(CompilationResult r, params string[] paths)
    {
        Assert.True(r.Success, Errors(r));
        var image = r.Image!;
        var it = new Interpreter(image, new Plc.Runtime.Hosting.DesktopHost(), Verifier.Verify(image));
        Assert.True(it.Run(image.Tasks[0].Body, 0, 0));
        int sum = 0;
        foreach (var path in paths)
        {
            var at = Plc.Runtime.Hosting.VariablePath.Resolve(image, it.Memory, path, out _)!.Value;
            sum = sum * 1000 + BitConverter.ToInt32(it.Memory, at.Address);
        }
        return sum;
    }

    const string Settings = "VAR_GLOBAL CONSTANT\n    nMax : DINT := 7;\nEND_VAR\nVAR_GLOBAL\n    nCount : DINT := 2;\nEND_VAR\n";

    [Fact]
    public void ListVariablesAreReachedQualifiedAndUnqualified()
    {
        // Without qualified_only both spellings name the same variable.
        var r = Compile(Gvl("GVL_Settings", Settings), new SourceText("main.st",
            "PROGRAM Main\nVAR a, b : DINT; END_VAR\nGVL_Settings.nCount := GVL_Settings.nCount + 1;\nnCount := nCount + 10;\n" +
            "a := GVL_Settings.nCount;\nb := nMax;\nEND_PROGRAM\n"));
        Assert.Equal(13_007, RunAndRead(r, "Main.a", "Main.b"));   // 2 + 1 + 10 = 13; nMax = 7
    }

    [Fact]
    public void QualifiedOnlyListNeedsItsName()
    {
        var r = Compile(Gvl("GVL_Settings", "{attribute 'qualified_only'}\n" + Settings), new SourceText("main.st",
            "PROGRAM Main\nVAR a : DINT; END_VAR\na := GVL_Settings.nMax;\na := nCount;\nEND_PROGRAM\n"));
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal("main.st(4,6): error PLC1020: 'nCount' is a variable of the global variable list 'GVL_Settings', " +
            "which is qualified_only: write GVL_Settings.nCount", d.ToString());
        // The pragma is acted on: no "pragma ignored" note for it.
        Assert.DoesNotContain(r.Diagnostics, x => x.Code == DiagnosticCodes.PragmaIgnored.Code);
    }

    [Fact]
    public void QualifiedOnlyListWorksQualifiedInBoundsInitialValuesAndCalls()
    {
        var r = Compile(Gvl("GVL_Settings", "{attribute 'qualified_only'}\n" + Settings + "VAR_GLOBAL\n    fbTimer : TON;\nEND_VAR\n"),
            new SourceText("main.st",
            "PROGRAM Main\nVAR\n    aValues : ARRAY[1..GVL_Settings.nMax] OF DINT;\n    a : DINT := GVL_Settings.nMax * 2;\n    b : DINT;\nEND_VAR\n" +
            "GVL_Settings.fbTimer(IN := TRUE, PT := T#1s);\nIF NOT GVL_Settings.fbTimer.Q THEN\n    aValues[7] := GVL_Settings.nMax;\n    b := aValues[7];\nEND_IF\nEND_PROGRAM\n"));
        // aValues[7] compiles only if the upper bound is 7 (a constant index outside the bounds is PLC2008).
        Assert.Equal(14_007, RunAndRead(r, "Main.a", "Main.b"));
    }

    [Fact]
    public void AMemberTheListDoesNotHaveIsPLC1004()
    {
        var r = Compile(Gvl("GVL_Settings", Settings), new SourceText("main.st", "PROGRAM Main\nVAR a : DINT; END_VAR\na := GVL_Settings.nMin;\nEND_PROGRAM\n"));
        Assert.Equal("main.st(3,19): error PLC1004: 'GVL_Settings' has no member 'nMin'", Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error).ToString());
    }

    [Fact]
    public void ALocalVariableOfTheListsNameHidesTheList()
    {
        var r = Compile(Gvl("GVL_Settings", Settings), new SourceText("main.st",
            "TYPE ST_S : STRUCT nCount : DINT := 40; END_STRUCT; END_TYPE\n" +
            "PROGRAM Main\nVAR GVL_Settings : ST_S; a : DINT; END_VAR\na := GVL_Settings.nCount;\nEND_PROGRAM\n"));
        Assert.Equal(40, RunAndRead(r, "Main.a"));
    }

    [Fact]
    public void APouOfTheListsNameHidesTheList()
    {
        var r = Compile(Gvl("GVL_Settings", Settings), new SourceText("main.st",
            "FUNCTION GVL_Settings : DINT\nGVL_Settings := 1;\nEND_FUNCTION\n" +
            "PROGRAM Main\nVAR a : DINT; END_VAR\na := GVL_Settings.nCount;\nEND_PROGRAM\n"));
        Assert.Equal("PLC2015", Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error).Code);   // a function, not a value
    }

    [Fact]
    public void TwoFilesOfOneListNameArePLC1003()
    {
        var r = Compile(Gvl("GVL_A", "VAR_GLOBAL x : INT; END_VAR\n"), new SourceText("b/GVL_A.TcGVL", "VAR_GLOBAL y : INT; END_VAR\n", "GVL_A"),
            new SourceText("main.st", "PROGRAM Main\nEND_PROGRAM\n"));
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal("PLC1003", d.Code);
        Assert.Equal("b/GVL_A.TcGVL", d.Span.Path);
    }

    [Fact]
    public void PlainStHasNoNamedListAndIgnoresQualifiedOnly()
    {
        // A .st file names no list: the pragma keeps its "ignored" note, the variable is reached unqualified only.
        var r = Compile(new SourceText("globals.st", "{attribute 'qualified_only'}\nVAR_GLOBAL\n    nCount : DINT := 5;\nEND_VAR\n"),
            new SourceText("main.st", "PROGRAM Main\nVAR a : DINT; END_VAR\na := nCount;\nEND_PROGRAM\n"));
        Assert.Equal(5, RunAndRead(r, "Main.a"));
        Assert.Contains(r.Diagnostics, x => x.Code == DiagnosticCodes.PragmaIgnored.Code && x.Span.Path == "globals.st");
        var q = Compile(new SourceText("globals.st", "VAR_GLOBAL\n    nCount : DINT;\nEND_VAR\n"),
            new SourceText("main.st", "PROGRAM Main\nVAR a : DINT; END_VAR\na := globals.nCount;\nEND_PROGRAM\n"));
        Assert.Equal("PLC1001", Assert.Single(q.Diagnostics, x => x.Severity == Severity.Error).Code);
    }
}

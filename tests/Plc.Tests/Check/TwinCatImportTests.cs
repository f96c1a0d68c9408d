using System.IO;
using System.Linq;
using System.Text;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Import;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Check;

/// <summary>The TwinCAT XML and CODESYS .EXP importers: the ST text they produce and the way back to the file's lines.</summary>
public class TwinCatImportTests
{
    static ImportedSource Import(string path, string text) => SourceImporter.Import(path, Encoding.UTF8.GetBytes(text));

    const string Pou =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" +                              // 1
        "<TcPlcObject Version=\"1.1.0.1\" ProductVersion=\"3.1.4024.12\">\n" +         // 2
        "  <POU Name=\"FB_A\" Id=\"{0}\" SpecialFunc=\"None\">\n" +                     // 3
        "    <Declaration><![CDATA[FUNCTION_BLOCK FB_A\n" +                           // 4
        "VAR_INPUT x : INT; END_VAR\n" +                                              // 5
        "VAR_OUTPUT y : INT; END_VAR\n" +                                             // 6
        "]]></Declaration>\n" +                                                       // 7
        "    <Implementation>\n" +                                                    // 8
        "      <ST><![CDATA[y := z;\n" +                                              // 9
        "y := q;]]></ST>\n" +                                                         // 10
        "    </Implementation>\n" +                                                   // 11
        "    <Property Name=\"P\" Id=\"{1}\">\n" +                                     // 12
        "      <Declaration><![CDATA[PROPERTY P : INT]]></Declaration>\n" +           // 13
        "      <Get Name=\"Get\" Id=\"{2}\">\n" +                                     // 14
        "        <Declaration><![CDATA[VAR\n" +                                     // 15
        "END_VAR]]></Declaration>\n" +                                              // 16
        "        <Implementation><ST><![CDATA[P := w;]]></ST></Implementation>\n" +  // 17
        "      </Get>\n" +                                                           // 18
        "    </Property>\n" +                                                         // 19
        "    <Method Name=\"M\" Id=\"{3}\">\n" +                                     // 20
        "      <Declaration><![CDATA[METHOD M : INT]]></Declaration>\n" +            // 21
        "      <Implementation><ST><![CDATA[M := x;]]></ST></Implementation>\n" +    // 22
        "    </Method>\n" +                                                           // 23
        "    <Transition Name=\"T\" Id=\"{4}\" />\n" +                                // 24
        "    <LineIds Name=\"FB_A\"><LineId Id=\"2\" Count=\"0\" /></LineIds>\n" +     // 25
        "  </POU>\n" +                                                                // 26
        "</TcPlcObject>\n";

    [Fact]
    public void PouIsDeclarationImplementationMembersAndTheEndLine()
    {
        var source = Import("FB_A.TcPOU", Pou);
        // The property's GET and the method come after the body, closed by the END_ lines TwinCAT leaves out.
        Assert.Equal("FUNCTION_BLOCK FB_A\nVAR_INPUT x : INT; END_VAR\nVAR_OUTPUT y : INT; END_VAR\n\ny := z;\ny := q;\n" +
            "PROPERTY P : INT\nGET\nVAR\nEND_VAR\nP := w;\nEND_GET\nEND_PROPERTY\nMETHOD M : INT\nM := x;\nEND_METHOD\nEND_FUNCTION_BLOCK\n",
            source.Text);
        var d = Assert.Single(source.Diagnostics);
        Assert.Equal("FB_A.TcPOU(24,5): error PLC0005: TRANSITION 'T' of 'FB_A' is not supported", d.ToString());
    }

    [Fact]
    public void DiagnosticsAreReportedAtTheXmlLines()
    {
        var result = ProjectCheck.Check(new[] { Import("FB_A.TcPOU", Pou) });
        var file = Assert.Single(result.Files);
        Assert.False(file.Compiles);
        // w on line 17 after 8 spaces, <Implementation><ST><![CDATA[ (29 characters) and 'P := ': column 43.
        Assert.Equal(new[]
        {
            "FB_A.TcPOU(9,25): error PLC1001: 'z' is not declared",
            "FB_A.TcPOU(10,6): error PLC1001: 'q' is not declared",
            "FB_A.TcPOU(17,43): error PLC1001: 'w' is not declared",
            "FB_A.TcPOU(24,5): error PLC0005: TRANSITION 'T' of 'FB_A' is not supported",
        }, file.Diagnostics.Select(x => x.ToString()));
    }

    [Fact]
    public void WindowsLineEndingsMapTheSame()
    {
        // TwinCAT writes CRLF; the XML reader makes LF of them and the lines still count the same.
        var result = ProjectCheck.Check(new[] { Import("FB_A.TcPOU", Pou.Replace("\n", "\r\n")) });
        Assert.Equal(new[] { "FB_A.TcPOU(9,25)", "FB_A.TcPOU(10,6)", "FB_A.TcPOU(17,43)", "FB_A.TcPOU(24,5)" },
            result.Files[0].Diagnostics.Select(x => x.Span.ToString()));
    }

    [Fact]
    public void GvlAndDutAreTheirDeclarations()
    {
        var gvl = Import("GVL.TcGVL", "<?xml version=\"1.0\"?>\n<TcPlcObject>\n  <GVL Name=\"GVL\">\n    <Declaration><![CDATA[{attribute 'qualified_only'}\nVAR_GLOBAL\n  g : INT;\nEND_VAR]]></Declaration>\n  </GVL>\n</TcPlcObject>");
        Assert.Equal("{attribute 'qualified_only'}\nVAR_GLOBAL\n  g : INT;\nEND_VAR\n", gvl.Text);
        Assert.Empty(gvl.Diagnostics);
        var dut = Import("E.TcDUT", "<TcPlcObject><DUT Name=\"E\"><Declaration><![CDATA[TYPE E : (A, B); END_TYPE]]></Declaration></DUT></TcPlcObject>");
        Assert.Equal("TYPE E : (A, B); END_TYPE\n", dut.Text);
        var result = ProjectCheck.Check(new[] { gvl, dut });
        Assert.All(result.Files, f => Assert.True(f.Compiles, string.Join("\n", f.Diagnostics)));
    }

    [Fact]
    public void ProgramsFunctionsAndTheirEndLines()
    {
        Assert.Equal("END_PROGRAM", TwinCatReader.EndKeyword("(* c *) // x\n{attribute 'a'}\nPROGRAM MAIN", out _));
        Assert.Equal("END_FUNCTION", TwinCatReader.EndKeyword("function F : INT", out _));
        Assert.Equal("END_FUNCTION_BLOCK", TwinCatReader.EndKeyword("FUNCTION_BLOCK PUBLIC FB EXTENDS B", out _));
        Assert.Null(TwinCatReader.EndKeyword("INTERFACE I", out string first));
        Assert.Equal("INTERFACE", first);
    }

    [Fact]
    public void InterfacesAreReadAndOtherLanguagesReportedNotDropped()
    {
        var itf = Import("I.TcPOU", "<TcPlcObject>\n<POU Name=\"I\"><Declaration><![CDATA[INTERFACE I]]></Declaration></POU>\n</TcPlcObject>");
        Assert.Empty(itf.Diagnostics);
        Assert.Equal("INTERFACE I\nEND_INTERFACE\n", itf.Text);
        var sfc = Import("S.TcPOU", "<TcPlcObject>\n<POU Name=\"S\"><Declaration><![CDATA[PROGRAM S]]></Declaration>\n<Implementation>\n  <SFC>...</SFC></Implementation></POU>\n</TcPlcObject>");
        Assert.Equal("S.TcPOU(4,3): error PLC0005: an implementation in SFC (only ST is read) is not supported", Assert.Single(sfc.Diagnostics).ToString());
        Assert.Equal("PROGRAM S\nEND_PROGRAM\n", sfc.Text);
    }

    [Fact]
    public void SampleProjectReportsEachFileAtItsOwnLines()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "check", "twincat");
        var files = ProjectCheck.FindFiles(folder);
        Assert.Equal(new[]
            {
                "DUTs/ST_Point.TcDUT", "GVLs/GVL_Main.TcGVL", "GVLs/GVL_Settings.TcGVL", "POUs/FB_Counter.TcPOU",
                "POUs/F_Limit.TcPOU", "POUs/MAIN.TcPOU",
            },
            files.Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')));
        var result = ProjectCheck.Check(files);
        // F_Limit uses the qualified_only GVL_Settings, GVL_Main qualified and Tc2_ library names; FB_Counter's
        // method Reset compiles (MAIN calls it): all compile but MAIN, which has an undeclared name.
        Assert.Equal(new[] { true, true, true, true, true, false }, result.Files.Select(f => f.Compiles));
        Assert.Empty(result.Files[2].Diagnostics);   // the qualified_only pragma is acted on: no note
        Assert.Empty(result.Files[3].Diagnostics);
        Assert.Empty(result.Files[4].Diagnostics);
        Assert.Equal("(13,16): error PLC1001: 'bUnknown' is not declared", Tail(Assert.Single(result.Files[5].Diagnostics)));
        Assert.Empty(result.Other);
    }

    const string QualifiedOnlyGvl =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" +                             // 1
        "<TcPlcObject Version=\"1.1.0.1\">\n" +                                        // 2
        "  <GVL Name=\"GVL_Param\" Id=\"{0}\">\n" +                                    // 3
        "    <Declaration><![CDATA[{attribute 'qualified_only'}\n" +                    // 4
        "VAR_GLOBAL CONSTANT\n" +                                                     // 5
        "    nSize : INT := 4;\n" +                                                   // 6
        "END_VAR]]></Declaration>\n" +                                                // 7
        "  </GVL>\n" +                                                                // 8
        "</TcPlcObject>\n";

    [Fact]
    public void GvlNameIsTheNameOfItsGlobalList()
    {
        var source = Import("GVLs/GVL_Param.TcGVL", QualifiedOnlyGvl);
        Assert.Equal("GVL_Param", source.GlobalListName);
        Assert.Null(Import("FB_A.TcPOU", Pou).GlobalListName);
    }

    [Fact]
    public void UnqualifiedUseOfAQualifiedOnlyGvlIsReportedInTheXml()
    {
        var main = Import("MAIN.TcPOU",
            "<TcPlcObject>\n<POU Name=\"MAIN\"><Declaration><![CDATA[PROGRAM MAIN\nVAR a : ARRAY[1..GVL_Param.nSize] OF INT; n : INT; END_VAR]]></Declaration>\n" +
            "<Implementation><ST><![CDATA[n := GVL_Param.nSize;\nn := nSize;]]></ST></Implementation></POU>\n</TcPlcObject>\n");
        var result = ProjectCheck.Check(new[] { Import("GVL_Param.TcGVL", QualifiedOnlyGvl), main });
        Assert.True(result.Files[0].Compiles);
        Assert.Empty(result.Files[0].Diagnostics);
        Assert.Equal("MAIN.TcPOU(5,6): error PLC1020: 'nSize' is a variable of the global variable list 'GVL_Param', which is " +
            "qualified_only: write GVL_Param.nSize", Assert.Single(result.Files[1].Diagnostics).ToString());
    }

    [Fact]
    public void PositionsInMessagesAreTheFilesOwnToo()
    {
        // The second GVL_Param's PLC1003 names the first one's position: its VAR_GLOBAL is line 5 of the XML file,
        // not line 2 of the text the importer made of it. "x/GVL_Param.TcGVL" must not be mapped inside
        // "a/x/GVL_Param.TcGVL" (whose position here is its own).
        var first = Import("x/GVL_Param.TcGVL", QualifiedOnlyGvl);
        var second = Import("y/GVL_Param.TcGVL", QualifiedOnlyGvl.Replace("nSize", "nCount"));
        var result = ProjectCheck.Check(new[] { first, second });
        Assert.Equal("y/GVL_Param.TcGVL(5,1): error PLC1003: 'GVL_Param' is already declared as a global variable list at " +
            "x/GVL_Param.TcGVL(5,1)", Assert.Single(result.Files[1].Diagnostics).ToString());
        var plain = ProjectCheck.Check(new[] { first, new ImportedSource("a/x/GVL_Param.TcGVL", "TYPE T : INT; END_TYPE\nTYPE T : INT; END_TYPE\n", null, System.Array.Empty<Diagnostic>()) });
        Assert.EndsWith("at a/x/GVL_Param.TcGVL(1,6)", Assert.Single(plain.Files[1].Diagnostics).Message);
    }

    static string Tail(Diagnostic d) => d.ToString()[d.Span.Path.Length..];

    [Fact]
    public void CodesysExportCompilesAsIsAndIsReadAsLatin1WhenNotUtf8()
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "check", "codesys", "PLC_PRG.EXP");
        var source = SourceImporter.Read(path);
        Assert.Null(source.Map);
        Assert.Contains("(* Lampe f\u00fcr Anzeige *)", source.Text);
        var result = ProjectCheck.Check(new[] { source });
        Assert.True(result.Files[0].Compiles, string.Join("\n", result.Files[0].Diagnostics));
        Assert.Equal(1, result.CompilingCount);
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Plc.Cli;
using Plc.Compiler.Import;
using Xunit;

namespace Plc.Tests.Check;

/// <summary><c>plc check</c>: the output per file, the summary, the exit codes, and hostile files.</summary>
public class CheckCommandTests
{
    static (int Exit, string Out, string Err) Run(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    static string Folder()
    {
        string path = Path.Combine(Path.GetTempPath(), "plc-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    static string Write(string folder, string name, string text) => Write(folder, name, Encoding.UTF8.GetBytes(text));

    static string Write(string folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void OneGoodOneBadFile()
    {
        var folder = Folder();
        string good = Write(folder, "a/good.st", "FUNCTION_BLOCK Adder\nVAR_INPUT a : INT; END_VAR\nVAR_OUTPUT s : INT; END_VAR\ns := a + 1;\nEND_FUNCTION_BLOCK\n");
        string bad = Write(folder, "b.st", "PROGRAM Main\nVAR f : Adder; n : INT; END_VAR\nf(a := n);\nn := f.s + missing;\nn := TRUE;\nEND_PROGRAM\n");
        Write(folder, "notes.txt", "not a source file");
        var (exit, output, _) = Run("check", folder);
        Assert.Equal(1, exit);
        // Sorted by path: "a/good.st" before "b.st"; the bad file's use of Adder resolves (the files compile together).
        Assert.Equal(
            $"OK {good}\n" +
            $"FAIL {bad}\n" +
            $"    {bad}(4,12): error PLC1001: 'missing' is not declared\n" +
            $"    {bad}(5,6): error PLC2001: cannot convert BOOL to INT\n" +
            "1 of 2 files compile\n", output);
    }

    [Fact]
    public void A_TwinCAT_interface_file_is_read_and_compiled_with_its_prototypes()
    {
        var folder = Folder();
        string itf = Write(folder, "ITFs/I_Resettable.TcIO",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TcPlcObject Version=\"1.1.0.1\">\n  <Itf Name=\"I_Resettable\" Id=\"{00000000-0000-0000-0000-000000000000}\">\n" +
            "    <Declaration><![CDATA[INTERFACE I_Resettable\n]]></Declaration>\n" +
            "    <Method Name=\"Reset\" Id=\"{1}\">\n      <Declaration><![CDATA[METHOD Reset : BOOL\nVAR_INPUT bHard : BOOL; END_VAR\n]]></Declaration>\n    </Method>\n" +
            "    <Property Name=\"Count\" Id=\"{2}\">\n      <Declaration><![CDATA[PROPERTY Count : DINT]]></Declaration>\n      <Get Name=\"Get\" Id=\"{3}\" />\n    </Property>\n" +
            "  </Itf>\n</TcPlcObject>\n");
        string fb = Write(folder, "POUs/FB_C.st",
            "FUNCTION_BLOCK FB_C IMPLEMENTS I_Resettable\nVAR n : DINT; END_VAR\nMETHOD Reset : BOOL\nVAR_INPUT bHard : BOOL; END_VAR\nn := 0;\nEND_METHOD\n" +
            "PROPERTY Count : DINT\nGET Count := n; END_GET\nEND_PROPERTY\nEND_FUNCTION_BLOCK\n");
        var (exit, output, _) = Run("check", folder);
        Assert.Equal(0, exit);
        Assert.Equal($"OK {itf}\nOK {fb}\n2 of 2 files compile\n", output);
    }

    [Fact]
    public void A_syntax_error_declares_no_type_for_the_other_files()
    {
        // The recovery from 'Lib.T_Message' reads 'T_Message ;' as a type definition with a conjured ':'; that
        // phantom type must not make T_Message resolve in b.st (TcUnit's sources hit this with Tc2_System.T_MaxString,
        // which is now a library-qualified name; 'Lib.' is not a library prefix, so it is still a syntax error).
        var folder = Folder();
        Write(folder, "a.st", "TYPE ST_A :\nSTRUCT\n    M : Lib.T_Message;\n    N : Lib.T_Message;\nEND_STRUCT\nEND_TYPE\n");
        string b = Write(folder, "b.st", "FUNCTION F : T_Message\nF := '';\nEND_FUNCTION\n");
        var (exit, output, _) = Run("check", folder);
        Assert.Equal(1, exit);
        Assert.Contains($"FAIL {b}\n    {b}(1,14): error PLC1002: unknown type 'T_Message'\n", output);
        Assert.EndsWith("0 of 2 files compile\n", output);
    }

    [Fact]
    public void AllGoodExitsZeroAndFilesMayBeNamed()
    {
        var folder = Folder();
        string main = Write(folder, "main.st", "PROGRAM Main\nVAR n : INT; END_VAR\nn := n + 1;\nEND_PROGRAM\n");
        var (exit, output, _) = Run("check", main);
        Assert.Equal(0, exit);
        Assert.Equal($"OK {main}\n1 of 1 files compile\n", output);
    }

    [Fact]
    public void AtMostThreeErrorsUnlessVerbose()
    {
        var folder = Folder();
        string bad = Write(folder, "bad.st", "PROGRAM Main\nVAR n : INT; END_VAR\nn := a;\nn := b;\nn := c;\nn := d;\nEND_PROGRAM\n");
        var (_, output, _) = Run("check", folder);
        Assert.Equal(new[] { $"FAIL {bad}", $"    {bad}(3,6): error PLC1001: 'a' is not declared", $"    {bad}(4,6): error PLC1001: 'b' is not declared",
            $"    {bad}(5,6): error PLC1001: 'c' is not declared", "    ... 1 more error", "0 of 1 files compile" }, output.TrimEnd('\n').Split('\n'));
        Assert.Contains($"    {bad}(6,6): error PLC1001: 'd' is not declared\n", Run("check", folder, "--verbose").Out);
    }

    [Fact]
    public void BadUsageExitsTwo()
    {
        Assert.Equal(2, Run("check").Exit);
        Assert.Equal(2, Run("check", Path.Combine(Folder(), "nothing-here")).Exit);
        var empty = Folder();
        Write(empty, "readme.md", "# no sources");
        var (exit, _, err) = Run("check", empty);
        Assert.Equal(2, exit);
        Assert.Contains("no .st, .EXP, .TcPOU, .TcGVL or .TcDUT files", err);
    }

    [Fact]
    public void HostileFilesFailWithADiagnosticAndTheRestIsChecked()
    {
        var folder = Folder();
        var junk = new byte[4096];
        new Random(9).NextBytes(junk);
        const string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" +
            " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" +
            "]>\n<TcPlcObject><POU Name=\"X\"><Declaration>&lol4;</Declaration></POU></TcPlcObject>\n";
        const string external = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]>\n<TcPlcObject><GVL><Declaration>&e;</Declaration></GVL></TcPlcObject>\n";
        var files = new[]
        {
            Write(folder, "bomb.TcPOU", bomb),
            Write(folder, "empty.st", ""),
            Write(folder, "empty.TcGVL", Array.Empty<byte>()),
            Write(folder, "external.TcGVL", external),
            Write(folder, "junk.TcDUT", junk),
            Write(folder, "junk.st", junk),
            Write(folder, "junk.EXP", junk),
            Write(folder, "ok.st", "TYPE Colour : (Red, Green); END_TYPE\n"),
            Write(folder, "truncated.TcPOU", "<?xml version=\"1.0\"?>\n<TcPlcObject>\n  <POU Name=\"A\">\n    <Declaration><![CDATA[FUNCTION_BLOCK A"),
            Write(folder, "wrong-root.TcPOU", "<?xml version=\"1.0\"?>\n<Project/>"),
        };
        var clock = Stopwatch.StartNew();
        var (exit, output, err) = Run("check", folder);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
        Assert.Equal(1, exit);
        Assert.Equal("", err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("1 of 10 files compile", lines[^1]);
        foreach (var path in files.Where(f => !f.EndsWith("ok.st")))
        {
            int at = Array.IndexOf(lines, "FAIL " + path);
            Assert.True(at >= 0, "no FAIL line for " + path + " in\n" + output);
            Assert.StartsWith("    " + path + "(", lines[at + 1]);
            Assert.Contains(": error PLC", lines[at + 1]);
        }
        Assert.Contains("OK " + files[7], lines);
        Assert.Contains($"    {files[0]}(1,1): error PLC0008: cannot import the file: a DTD (<!DOCTYPE ...>) is not allowed in a TwinCAT file", output);
        Assert.Contains($"    {files[1]}(1,1): error PLC0008: cannot import the file: the file is empty", output);
    }

    [Fact]
    public void TooLargeFilesAreNotRead()
    {
        var source = SourceImporter.Import("big.st", new byte[SourceImporter.MaxFileBytes + 1]);
        Assert.Null(source.Text);
        Assert.Contains("more than the 10 MB limit", Assert.Single(source.Diagnostics).Message);
    }
}

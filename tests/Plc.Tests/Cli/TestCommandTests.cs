using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Plc.Cli;
using Plc.Compiler;
using Plc.Testing.UnitTests;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary>The contract of <c>plc test</c>: one line per test, the summary line, exit codes, JUnit XML, diagnostics.</summary>
public class TestCommandTests
{
    static (int Exit, string Out, string Err) Run(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    static string Source(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "plc-test-" + Guid.NewGuid().ToString("N") + ".st");
        File.WriteAllText(path, text);
        return path;
    }

    static string StTests(string name) => Path.Combine(RepositoryPaths.Root, "tests", "st-tests", name);

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void One_line_per_test_then_the_summary_and_exit_1_on_a_failure()
    {
        string test = StTests("conveyor_test.st");
        var (exit, output, error) = Run("test", StTests("conveyor.st"), test);
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        var lines = Lines(output);
        Assert.Equal(new[]
        {
            "PASS TEST_StartLatches (4 assertions, T#40ms simulated)",
            "PASS TEST_MotorRunsOnAfterStop (3 assertions, T#2s20ms simulated)",
            "PASS TEST_CountsParts (1 assertion, T#60ms simulated)",
            "PASS TEST_EveryTestStartsFresh (3 assertions, T#0ms simulated)",
            $"FAIL TEST_WrongExpectations: {test}(57,1): ASSERT_EQUAL: expected 3, actual 1: one part per scan?",
            $"     {test}(59,1): ASSERT_TRUE: expected TRUE, actual FALSE: motor without start",
            "4 passed, 1 failed",
        }, lines);
    }

    [Fact]
    public void All_passing_exits_0_on_either_tier()
    {
        foreach (var tier in new[] { "compiled", "interpreted" })
        {
            var (exit, output, _) = Run("test", StTests("timers_test.st"), "--tier", tier);
            Assert.Equal(0, exit);
            Assert.Equal("4 passed, 0 failed", Lines(output)[^1]);
            Assert.Equal(4, Lines(output).Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_fault_fails_the_test_with_its_source_line()
    {
        string test = StTests("faults_test.st");
        var (exit, output, _) = Run("test", test, "--filter", "ByZeroInTheTest");
        Assert.Equal(1, exit);
        Assert.Equal(new[]
        {
            $"FAIL TEST_DivisionByZeroInTheTest: {test}(12,1): fault PLCF001: division by zero (at T#0ms)",
            "0 passed, 1 failed",
        }, Lines(output));
    }

    [Fact]
    public void Junit_xml_lists_every_test_with_its_failures()
    {
        string xml = Path.Combine(Path.GetTempPath(), "plc-junit-" + Guid.NewGuid().ToString("N") + ".xml");
        string test = StTests("conveyor_test.st");
        var (exit, _, _) = Run("test", StTests("conveyor.st"), test, "--junit", xml);
        Assert.Equal(1, exit);
        var doc = XDocument.Load(xml);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("5", root.Attribute("tests")!.Value);
        Assert.Equal("1", root.Attribute("failures")!.Value);
        Assert.Equal("0", root.Attribute("errors")!.Value);
        var cases = root.Descendants("testcase").ToList();
        Assert.Equal(new[] { "TEST_StartLatches", "TEST_MotorRunsOnAfterStop", "TEST_CountsParts", "TEST_EveryTestStartsFresh", "TEST_WrongExpectations" },
            cases.Select(c => c.Attribute("name")!.Value));
        Assert.All(cases, c => Assert.Equal("conveyor_test", c.Attribute("classname")!.Value));
        var failed = cases.Single(c => c.Element("failure") != null);
        Assert.Equal("TEST_WrongExpectations", failed.Attribute("name")!.Value);
        var failure = failed.Element("failure")!;
        Assert.Equal($"{test}(57,1): ASSERT_EQUAL: expected 3, actual 1: one part per scan?", failure.Attribute("message")!.Value);
        Assert.Contains($"{test}(59,1): ASSERT_TRUE: expected TRUE, actual FALSE", failure.Value);
        Assert.Equal("3", failed.Attribute("assertions")!.Value);
    }

    [Fact]
    public void Junit_xml_reports_a_fault_as_an_error()
    {
        string xml = Path.Combine(Path.GetTempPath(), "plc-junit-" + Guid.NewGuid().ToString("N") + ".xml");
        var (exit, _, _) = Run("test", StTests("faults_test.st"), "--filter", "IndexOutOfBounds", "--junit", xml);
        Assert.Equal(1, exit);
        var root = XDocument.Load(xml).Root!;
        Assert.Equal("1", root.Attribute("errors")!.Value);
        Assert.Equal("0", root.Attribute("failures")!.Value);
        Assert.Contains("fault PLCF002", root.Descendants("error").Single().Attribute("message")!.Value);
    }

    [Fact]
    public void No_tests_is_an_error()
    {
        var (exit, output, error) = Run("test", StTests("conveyor.st"));
        Assert.Equal(1, exit);
        Assert.Contains("no tests found", error);
        Assert.Equal("0 passed, 0 failed", Lines(output)[^1]);
        var (exit2, _, error2) = Run("test", StTests("timers_test.st"), "--filter", "NoSuchTest");
        Assert.Equal(1, exit2);
        Assert.Contains("no test matches", error2);
    }

    [Fact]
    public void Misplaced_ADVANCE_and_test_only_names_are_diagnostics()
    {
        string bad = Source(@"FUNCTION_BLOCK TEST_Bad
VAR i : INT; END_VAR
FOR Undeclared := 1 TO 2 DO
  ADVANCE(T#1s);
END_FOR
ADVANCE(T#1s, T#2s);
ASSERT_EQUAL(1);
i := ASSERT_TRUE(TRUE);
END_FUNCTION_BLOCK
FUNCTION_BLOCK TEST_InOut
VAR_IN_OUT x : INT; END_VAR
END_FUNCTION_BLOCK
PROGRAM P
ADVANCE(T#1s);
EXIT;
END_PROGRAM
FUNCTION_BLOCK TEST_FreeExit
ADVANCE(T#1s);
IF TRUE THEN EXIT; END_IF
END_FUNCTION_BLOCK
");
        var (exit, output, error) = Run("test", bad);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"{bad}(3,1): error PLC3010:", error);     // a FOR variable the test does not declare
        Assert.Contains($"{bad}(14,1): error PLC3010:", error);    // ADVANCE in a program
        Assert.Contains($"{bad}(15,1): error PLC3001:", error);    // EXIT outside a loop, in a program
        Assert.Contains($"{bad}(19,14): error PLC3001:", error);   // and in a test that is cut into steps
        Assert.Contains($"{bad}(6,1): error PLC4002: 'ADVANCE' takes 1 argument(s) but 2 are given", error);
        Assert.Contains($"{bad}(7,1): error PLC4002: 'ASSERT_EQUAL' takes 2 argument(s) but 1 are given", error);
        Assert.Contains($"{bad}(8,6): error PLC2015: 'ASSERT_TRUE' is an assertion", error);
        Assert.Contains($"{bad}(11,1): error PLC4020: test 'TEST_InOut' cannot be run", error);
        Assert.Contains("8 errors", error);

        // Outside a test build the names do not exist.
        string program = Source("PROGRAM P\nVAR x : INT; END_VAR\nASSERT_EQUAL(1, x);\nADVANCE(T#1s);\nEND_PROGRAM\n");
        var (buildExit, _, buildError) = Run("build", program, "-o", Path.ChangeExtension(program, ".plcx"));
        Assert.Equal(1, buildExit);
        Assert.Contains($"{program}(3,1): error PLC4019: 'ASSERT_EQUAL' exists only in tests run by plc test", buildError);
        Assert.Contains($"{program}(4,1): error PLC4019: 'ADVANCE' exists only", buildError);
    }

    [Fact]
    public void Jumps_work_in_a_test_without_ADVANCE_and_are_rejected_in_one_cut_into_steps()
    {
        // D38: the cut at ADVANCE moves statements into CASE branches, where a label is out of its JMP's reach.
        string plain = Source(@"FUNCTION_BLOCK TEST_Jumps
VAR i : INT; END_VAR
again: i := i + 1;
IF i < 3 THEN JMP again; END_IF
ASSERT_EQUAL(3, i);
END_FUNCTION_BLOCK
");
        var (exit, output, error) = Run("test", plain);
        Assert.True(exit == 0, error);
        Assert.StartsWith("PASS TEST_Jumps (1 assertion,", Lines(output)[0]);

        string cut = Source(@"FUNCTION_BLOCK TEST_JumpsAndAdvance
VAR i : INT; END_VAR
again: i := i + 1;
ADVANCE(T#10ms);
IF i < 3 THEN JMP again; END_IF
END_FUNCTION_BLOCK
");
        var (cutExit, _, cutError) = Run("test", cut);
        Assert.Equal(1, cutExit);
        Assert.Contains($"{cut}(3,1): error PLC3010: JMP and jump labels cannot be used in a test that uses ADVANCE", cutError);
        Assert.Contains($"{cut}(5,15): error PLC3010:", cutError);
    }

    [Fact]
    public void The_test_attribute_is_acted_on_in_a_test_build_and_noted_as_ignored_elsewhere()
    {
        const string text = "{attribute 'test'}\nFUNCTION_BLOCK Checks\nASSERT_TRUE(TRUE);\nEND_FUNCTION_BLOCK\nPROGRAM P\nEND_PROGRAM\n";
        var tests = Compilation.CompileTests(new[] { new SourceText("a.st", text) });
        Assert.True(tests.Success);
        Assert.Equal("Checks", Assert.Single(tests.Tests).Name);
        Assert.DoesNotContain(tests.Diagnostics, d => d.Code == "PLC0004");
        var plain = Compilation.Compile(new[] { new SourceText("a.st", text.Replace("ASSERT_TRUE(TRUE);\n", "")) });
        Assert.Contains(plain.Diagnostics, d => d.Code == "PLC0004");
        // A pragma before another declaration does not make the next function block a test.
        var other = Compilation.CompileTests(new[] { new SourceText("b.st",
            "{attribute 'test'}\nTYPE E : (A, B); END_TYPE\nFUNCTION_BLOCK NotATest\nEND_FUNCTION_BLOCK\nFUNCTION_BLOCK TEST_One\nEND_FUNCTION_BLOCK\n") });
        Assert.True(other.Success);
        Assert.Equal("TEST_One", Assert.Single(other.Tests).Name);
    }

    [Fact]
    public void Named_arguments_and_a_configuration_with_instance_names()
    {
        // Two instances of one program in two tasks (20 ms and 50 ms); a test reads them by instance name.
        const string text = @"
PROGRAM Counter
VAR n : DINT; END_VAR
n := n + 1;
END_PROGRAM
CONFIGURATION Cell
  TASK Fast (INTERVAL := T#20ms, PRIORITY := 1);
  TASK Slow (INTERVAL := T#50ms, PRIORITY := 2);
  PROGRAM A WITH Fast : Counter;
  PROGRAM B WITH Slow : Counter;
END_CONFIGURATION
FUNCTION_BLOCK TEST_Instances
ADVANCE(IN := T#100ms);
ASSERT_EQUAL(EXPECTED := 5, ACTUAL := A.n, MESSAGE := 'fast: 0, 20, 40, 60, 80 ms');
ASSERT_EQUAL(ACTUAL := B.n, EXPECTED := 2, MESSAGE := 'slow: 0, 50 ms');
ASSERT_NEAR(ACTUAL := 0.5, EXPECTED := 0.4, TOLERANCE := 0.2);
END_FUNCTION_BLOCK
";
        var runner = TestRunner.FromSources(("cell.st", text));
        var result = runner.Run(runner.Tests[0]);
        Assert.True(result.Passed, string.Join("; ", result.Failures) + result.Fault);
        Assert.Equal(3, result.Assertions);
        Assert.Equal(7, result.Scans);
    }

    [Fact]
    public void Missing_files_are_usage_errors()
    {
        var (exit, _, error) = Run("test", "/no/such/file_test.st");
        Assert.Equal(2, exit);
        Assert.Contains("file not found", error);
    }
}

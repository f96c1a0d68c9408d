using System.Linq;
using Plc.Hardware.Configuration;
using Xunit;
using static Plc.Tests.Hardware.Configuration.IoTestSupport;

namespace Plc.Tests.Hardware.Configuration;

public class IoConfigurationValidatorTests
{
    /// <summary>A program that declares everything the issue's example binds, with the types docs/io.md asks for.</summary>
    const string ExampleProgram = """
        PROGRAM Main
        VAR
          button AT %IX0.0 : BOOL;
          lamp AT %QX0.0 : BOOL;
          fan AT %QW0 : UINT;
          level AT %IW0 : INT;
          pressure AT %IW1 : INT;
          temperature AT %ID0 : REAL;
          humidity AT %ID1 : REAL;
          spare AT %IX7.7 : BOOL;      (* declared, not bound: fine *)
        END_VAR
        END_PROGRAM
        """;

    [Fact]
    public void The_issue_example_fits_a_program_that_declares_its_addresses()
    {
        var (config, _) = Read(IoConfigurationReaderTests.IssueExample);
        Assert.Empty(Validate(config!, Compile(ExampleProgram)));
    }

    [Theory]
    // pwm and pca9685: any 16-bit integer the program can hold 0..10000 in.
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 50 }]", "x AT %QW0 : INT;")]
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 50 }]", "x AT %QW0 : UINT;")]
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 50 }]", "x AT %QW0 : WORD;")]
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 50 }]", "x AT %QW0 : UINT(0..10000);")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, outputs: { \"%QW3\": 7 } }]", "x AT %QW3 : INT;")]
    // ads1115: raw counts as INT, volts as REAL or LREAL.
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%IW0\": A0 } }]", "x AT %IW0 : INT;")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%ID0\": A0 } }]", "x AT %ID0 : REAL;")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%IL0\": A0-A1 } }]", "x AT %IL0 : LREAL;")]
    // bme280: REAL or LREAL.
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, inputs: { \"%ID2\": pressure } }]", "x AT %ID2 : REAL;")]
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, inputs: { \"%IL1\": humidity } }]", "x AT %IL1 : LREAL;")]
    // mcp23017 bits and quality flags: BOOL.
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, inputs: { \"%IX4.0\": A0 }, outputs: { \"%QX1.0\": B0 } }]", "i AT %IX4.0 : BOOL; o AT %QX1.0 : BOOL;")]
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, quality: \"%IX10.0\" }]", "ok AT %IX10.0 : BOOL;")]
    // The program may write the address differently: case and the short bit form do not matter.
    [InlineData("gpio: [{ address: \"%IX0.3\", pin: 4, mode: input }]", "b AT %ix0.3 : BOOL;")]
    [InlineData("gpio: [{ address: \"%ix0.3\", pin: 4, mode: input }]", "b AT %I0.3 : BOOL;")]
    public void Matching_types_are_accepted(string yaml, string declarations)
    {
        var config = ReadClean(yaml);
        var diagnostics = Validate(config, Compile($"PROGRAM Main VAR {declarations} END_VAR END_PROGRAM"));
        Assert.True(diagnostics.Count == 0, Show(diagnostics));
    }

    [Theory]
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 50 }]", "x AT %QW0 : ARRAY[0..1] OF BYTE;",
        "Main.x AT %QW0 is an ARRAY OF BYTE, but pwm chip 0 channel 0 needs INT, UINT or WORD (0..10000 = 0..100.00 % duty)")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%IW0\": A0 } }]", "x AT %IW0 : UINT;",
        "Main.x AT %IW0 is UINT, but A0 of ads1115@0x48 needs INT (raw counts; for volts bind a %ID REAL)")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%ID0\": A0 } }]", "x AT %ID0 : DINT;",
        "Main.x AT %ID0 is DINT, but A0 of ads1115@0x48 needs REAL")]
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, inputs: { \"%ID0\": temperature } }]", "x AT %ID0 : DWORD;",
        "Main.x AT %ID0 is DWORD, but temperature of bme280@0x76 needs REAL")]
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, inputs: { \"%IL0\": temperature } }]", "x AT %IL0 : LINT;",
        "Main.x AT %IL0 is LINT, but temperature of bme280@0x76 needs LREAL")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, outputs: { \"%QW4\": 0 } }]", "x AT %QW4 : Mode;",
        "Main.x AT %QW4 is Mode (an enumeration), but channel 0 of pca9685@0x40 needs INT, UINT or WORD")]
    public void A_type_that_does_not_fit_is_an_error_naming_the_declaration(string yaml, string declarations, string message)
    {
        var config = ReadClean(yaml);
        var image = Compile("TYPE Mode : (Off, On) INT; END_TYPE\n" + $"PROGRAM Main VAR {declarations} END_VAR END_PROGRAM");
        var d = Assert.Single(Validate(config, image));
        Assert.Equal((IoDiagnosticCodes.TypeMismatch, IoSeverity.Error), (d.Code, d.Severity));
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void A_missing_declaration_names_what_the_program_declares_there_instead()
    {
        var config = ReadClean("""
            gpio:
              - { address: "%IX0.3", pin: 4, mode: input }
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW3": A1 } }
            """);
        // %IX0.3 is bit 3 of %IB0 (D29); %IW0 is a word, in another space, and is not named for %IW3 either.
        var diagnostics = Validate(config, Compile("PROGRAM Main VAR lo AT %IB0 : BYTE; w AT %IW0 : INT; END_VAR END_PROGRAM"));
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(IoDiagnosticCodes.NotDeclared, d.Code));
        Assert.Equal((2, 16), (diagnostics[0].Line, diagnostics[0].Column));
        Assert.Equal("%IX0.3 is bound to gpio pin 4, but the program declares no variable AT %IX0.3; " +
                     "it declares Main.lo AT %IB0 : BYTE, which overlaps it", diagnostics[0].Message);
        Assert.Equal("%IW3 is bound to A1 of ads1115@0x48, but the program declares no variable AT %IW3", diagnostics[1].Message);
    }

    [Fact]
    public void The_wrong_area_is_not_a_declaration()
    {
        // The program has the lamp at %QX0.1; the file reads a button from %IX0.1: not the same variable.
        var config = ReadClean("gpio: [{ address: \"%IX0.1\", pin: 4, mode: input }]");
        var d = Assert.Single(Validate(config, Compile("PROGRAM Main VAR lamp AT %QX0.1 : BOOL; END_VAR END_PROGRAM")));
        Assert.Equal(IoDiagnosticCodes.NotDeclared, d.Code);
    }

    [Fact]
    public void Every_binding_is_checked_and_each_problem_reported()
    {
        var (config, read) = Read(IoConfigurationReaderTests.IssueExample);
        var diagnostics = Validate(config!, Compile("""
            PROGRAM Main
            VAR
              button AT %IX0.0 : BOOL;
              fan AT %QW0 : INT;
              level AT %IW0 : WORD;
              temperature AT %ID0 : DINT;
            END_VAR
            END_PROGRAM
            """));
        Assert.Equal(new[]
        {
            (6, 14, IoDiagnosticCodes.NotDeclared),     // %QX0.0
            (13, 57, IoDiagnosticCodes.TypeMismatch),   // %IW0 WORD
            (13, 69, IoDiagnosticCodes.NotDeclared),    // %IW1
            (14, 57, IoDiagnosticCodes.TypeMismatch),   // %ID0 DINT
            (14, 78, IoDiagnosticCodes.NotDeclared),    // %ID1
        }, diagnostics.Select(d => (d.Line, d.Column, d.Code)));
        Assert.All(diagnostics, d => Assert.Equal(IoTestSupport.File, d.Path));
    }

    [Fact]
    public void Globals_and_program_instances_are_found_by_their_names()
    {
        var config = ReadClean("""
            gpio:
              - { address: "%IX0.0", pin: 4, mode: input }
              - { address: "%QX0.0", pin: 5, mode: output }
            pwm:
              - { address: "%QW1", chip: 0, channel: 0, frequency: 100 }
            """);
        var image = Compile("""
            VAR_GLOBAL
              start AT %IX0.0 : BOOL;
            END_VAR
            PROGRAM Lamp VAR out AT %QX0.0 : BOOL; END_VAR out := start; END_PROGRAM
            PROGRAM Fan VAR duty AT %QW1 : ARRAY[0..1] OF BYTE; END_VAR END_PROGRAM
            CONFIGURATION C RESOURCE R ON PLC
              TASK T (INTERVAL := T#10ms, PRIORITY := 1);
              PROGRAM Hall WITH T : Lamp;
            END_RESOURCE END_CONFIGURATION
            """);
        // Fan is not instantiated while a CONFIGURATION exists: it does not run, its variables are not in the image.
        var d = Assert.Single(Validate(config, image));
        Assert.Equal((IoDiagnosticCodes.NotDeclared, 5, 16), (d.Code, d.Line, d.Column));
        Assert.Equal("%QW1 is bound to pwm chip 0 channel 0, but the program declares no variable AT %QW1", d.Message);
    }

    [Fact]
    public void Instance_names_are_used_when_a_program_runs()
    {
        var config = ReadClean("gpio: [{ address: \"%QX0.0\", pin: 5, mode: output }]");
        var image = Compile("""
            PROGRAM Lamp VAR out AT %QX0.0 : BOOL; END_VAR END_PROGRAM
            PROGRAM Other VAR x AT %QW0 : INT; flags AT %QB0 : BYTE; END_VAR END_PROGRAM
            CONFIGURATION C RESOURCE R ON PLC
              TASK T (INTERVAL := T#10ms, PRIORITY := 1);
              PROGRAM Hall WITH T : Lamp;
              PROGRAM O WITH T : Other;
            END_RESOURCE END_CONFIGURATION
            """);
        Assert.Empty(Validate(config, image));
        var pwm = ReadClean("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 100 }]");
        Assert.Empty(Validate(pwm, image));
        var wrong = ReadClean("gpio: [{ address: \"%QX0.1\", pin: 5, mode: output }]");
        var d = Assert.Single(Validate(wrong, image));
        // %QX0.1 is bit 1 of %QB0 (D29); the word %QW0 is in another space and is not named.
        Assert.Contains("it declares O.flags AT %QB0 : BYTE, which overlaps it", d.Message);
        Assert.DoesNotContain("O.x", d.Message);
    }
}

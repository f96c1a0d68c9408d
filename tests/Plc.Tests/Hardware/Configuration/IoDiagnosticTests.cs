using System;
using System.Collections.Generic;
using System.Linq;
using Plc.Hardware.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Plc.Tests.Hardware.Configuration.IoTestSupport;

namespace Plc.Tests.Hardware.Configuration;

public class IoDiagnosticTests
{
    readonly ITestOutputHelper output;
    public IoDiagnosticTests(ITestOutputHelper output) { this.output = output; }

    /// <summary>One file per code: the code must be reported at exactly (line, column). Validation cases give a
    /// program; the file is then also checked against it.</summary>
    public static readonly (string Name, string Code, int Line, int Column, string Yaml, string? Program, string MessagePart)[] Cases =
    {
        ("unquoted address", IoDiagnosticCodes.SyntaxError, 2, 14, """
            gpio:
              - address: %IX0.0
                pin: 17
            """, null, "must be quoted"),
        ("unclosed flow mapping", IoDiagnosticCodes.SyntaxError, 3, 1, """
            pwm:
              - { address: "%QW0", chip: 0
            """, null, "did not find expected ',' or '}'"),
        ("tab indentation", IoDiagnosticCodes.SyntaxError, 3, 1, "gpio:\n  - address: \"%IX0.0\"\n\tpin: 17\n", null, "not tabs"),
        ("second document", IoDiagnosticCodes.SyntaxError, 4, 1, """
            gpio:
              - { address: "%IX0.0", pin: 17, mode: input }
            ---
            pwm: []
            """, null, "second YAML document"),
        ("unknown key", IoDiagnosticCodes.UnknownKey, 3, 5, """
            gpio:
              - address: "%IX0.0"
                pinn: 17
                mode: input
            """, null, "unknown key 'pinn' in a gpio entry (did you mean 'pin'?); the keys are address, pin, mode, debounce, safe, invert"),
        ("unknown top-level key", IoDiagnosticCodes.UnknownKey, 1, 1, "spi: []\n", null, "the keys are gpio, pwm, i2c"),
        ("duplicate key", IoDiagnosticCodes.DuplicateKey, 4, 5, """
            gpio:
              - address: "%IX0.0"
                pin: 17
                pin: 18
                mode: input
            """, null, "'pin' is given twice in a gpio entry (first at line 3)"),
        ("missing key", IoDiagnosticCodes.MissingKey, 2, 5, """
            gpio:
              - { address: "%IX0.0", mode: input }
            """, null, "a gpio entry needs 'pin'"),
        ("bad boolean", IoDiagnosticCodes.WrongValueType, 5, 13, """
            gpio:
              - address: "%IX0.0"
                pin: 17
                mode: input
                invert: yes
            """, null, "invert must be true or false, not 'yes'"),
        ("section not a list", IoDiagnosticCodes.WrongValueType, 2, 3, """
            gpio:
              address: "%IX0.0"
            """, null, "gpio must be a list of entries"),
        ("bad number", IoDiagnosticCodes.InvalidNumber, 3, 10, """
            gpio:
              - address: "%IX0.0"
                pin: seventeen
                mode: input
            """, null, "pin must be a whole number, not 'seventeen'"),
        ("bad duration", IoDiagnosticCodes.InvalidDuration, 5, 15, """
            gpio:
              - address: "%IX0.0"
                pin: 17
                mode: input
                debounce: 20
            """, null, "a unit is needed"),
        ("unknown mode", IoDiagnosticCodes.UnknownGpioMode, 4, 11, """
            gpio:
              - address: "%IX0.0"
                pin: 17
                mode: inptu
            """, null, "unknown gpio mode 'inptu' (did you mean 'input'?)"),
        ("unknown device", IoDiagnosticCodes.UnknownDevice, 2, 15, """
            i2c:
              - { device: ads1015, bus: 1, address: 0x48 }
            """, null, "the supported devices are ads1115, bme280, mcp23017, pca9685"),
        ("unknown channel", IoDiagnosticCodes.UnknownChannel, 2, 65, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW0": A4 } }
            """, null, "an ads1115 has no input channel 'A4'; its inputs are A0, A1, A2, A3, A0-A1, A0-A3, A1-A3, A2-A3"),
        ("unknown pca9685 channel", IoDiagnosticCodes.UnknownChannel, 2, 66, """
            i2c:
              - { device: pca9685, bus: 1, address: 0x40, outputs: { "%QW4": 16 } }
            """, null, "its outputs are 0..15"),
        ("not an address", IoDiagnosticCodes.NotAnAddress, 2, 14, """
            gpio:
              - address: "%IX0"
                pin: 17
                mode: input
            """, null, "a bit address needs a bit number"),
        ("output address for an input", IoDiagnosticCodes.WrongAddressKind, 2, 14, """
            gpio:
              - address: "%QX0.0"
                pin: 17
                mode: input
            """, null, "%QX0.0 does not fit a gpio input: it needs a %IX bit address"),
        ("pwm needs a word", IoDiagnosticCodes.WrongAddressKind, 2, 16, """
            pwm:
              - { address: "%QD0", chip: 0, channel: 0, frequency: 1000 }
            """, null, "a %QW word address"),
        ("sensor input in %Q", IoDiagnosticCodes.WrongAddressKind, 2, 56, """
            i2c:
              - { device: bme280, bus: 1, address: 0x76, inputs: { "%QD0": temperature } }
            """, null, "%ID (REAL) or %IL (LREAL)"),
        ("quality needs a %IX bit", IoDiagnosticCodes.WrongAddressKind, 2, 56, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, quality: "%IW10" }
            """, null, "a %IX bit address"),
        ("pin out of range", IoDiagnosticCodes.OutOfRange, 3, 10, """
            gpio:
              - address: "%IX0.0"
                pin: 64
                mode: input
            """, null, "pin 64 is out of range: GPIO pins are 0..63"),
        ("safe duty out of range", IoDiagnosticCodes.OutOfRange, 2, 68, """
            pwm:
              - { address: "%QW0", chip: 0, channel: 0, frequency: 1000, safe: 10001 }
            """, null, "0..10000"),
        ("frequency 0", IoDiagnosticCodes.OutOfRange, 2, 56, """
            pwm:
              - { address: "%QW0", chip: 0, channel: 0, frequency: 0 }
            """, null, "at least 1 Hz"),
        ("ads1115 range", IoDiagnosticCodes.OutOfRange, 2, 54, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, range: 5V }
            """, null, "6.144V, 4.096V, 2.048V, 1.024V, 0.512V, 0.256V"),
        ("safe on a gpio input", IoDiagnosticCodes.NotApplicable, 5, 5, """
            gpio:
              - address: "%IX0.0"
                pin: 17
                mode: input
                safe: true
            """, null, "safe applies to outputs only"),
        ("safe on a bme280", IoDiagnosticCodes.NotApplicable, 2, 79, """
            i2c:
              - { device: bme280, bus: 1, address: 0x76, inputs: { "%ID0": temperature }, safe: { "%ID0": 0 } }
            """, null, "safe values are for outputs; a bme280 has only inputs"),
        ("safe for an mcp23017 input", IoDiagnosticCodes.NotApplicable, 6, 13, """
            i2c:
              - device: mcp23017
                bus: 1
                address: 0x20
                inputs: { "%IX4.0": A0 }
                safe: { "%IX4.0": true }
            """, null, "%IX4.0 is an input of mcp23017@0x20; safe values are for outputs"),
        ("duplicate address", IoDiagnosticCodes.DuplicateAddress, 3, 16, """
            gpio:
              - { address: "%IX0.0", pin: 17, mode: input }
              - { address: "%ix0.0", pin: 18, mode: input }
            """, null, "%ix0.0 is bound twice: here to gpio pin 18, and at line 2 to gpio pin 17"),
        ("pin used twice", IoDiagnosticCodes.DuplicatePin, 3, 31, """
            gpio:
              - { address: "%IX0.0", pin: 17, mode: input }
              - { address: "%QX0.0", pin: 17, mode: output }
            """, null, "GPIO pin 17 is used twice (also at line 2)"),
        ("i2c address used twice", IoDiagnosticCodes.DuplicateI2cDevice, 3, 41, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48 }
              - { device: ads1115, bus: 1, address: 72 }
            """, null, "i2c bus 1 already has a device at address 0x48 (line 2)"),
        ("pwm channel used twice", IoDiagnosticCodes.DuplicatePwmChannel, 3, 42, """
            pwm:
              - { address: "%QW0", chip: 0, channel: 1, frequency: 1000 }
              - { address: "%QW1", chip: 0, channel: 1, frequency: 1000 }
            """, null, "pwm chip 0 channel 1 is used twice (also at line 2)"),
        ("chip channel bound twice", IoDiagnosticCodes.DuplicateChannel, 2, 77, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW0": A0, "%IW1": A0 } }
            """, null, "channel A0 of ads1115@0x48 is bound twice: also to %IW0 at line 2"),
        ("unusual i2c address", IoDiagnosticCodes.UnusualI2cAddress, 2, 41, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x50 }
            """, null, "an ads1115 answers at 0x48..0x4B (set by its ADDR pin), not at 0x50"),
        ("not declared", IoDiagnosticCodes.NotDeclared, 2, 14, """
            gpio:
              - address: "%IX0.1"
                pin: 17
                mode: input
            """, "PROGRAM Main VAR b AT %IX0.0 : BOOL; END_VAR END_PROGRAM",
            "%IX0.1 is bound to gpio pin 17, but the program declares no variable AT %IX0.1"),
        ("wrong type", IoDiagnosticCodes.TypeMismatch, 2, 57, """
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW0": A0 } }
            """, "PROGRAM Main VAR raw AT %IW0 : WORD; END_VAR END_PROGRAM",
            "Main.raw AT %IW0 is WORD, but A0 of ads1115@0x48 needs INT (raw counts"),
    };

    public static IEnumerable<object[]> CaseNames() => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Code_is_reported_at_its_position(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var (config, diagnostics) = Read(c.Yaml);
        if (c.Program != null)
        {
            Assert.NotNull(config);
            diagnostics.AddRange(Validate(config!, Compile(c.Program)));
        }
        output.WriteLine(Show(diagnostics));
        var d = diagnostics.FirstOrDefault(x => x.Code == c.Code);
        Assert.True(d != null, $"no {c.Code} in:\n{Show(diagnostics)}");
        Assert.Equal((c.Line, c.Column), (d!.Line, d.Column));
        Assert.Equal(IoDiagnosticCodes.SeverityOf(c.Code), d.Severity);
        Assert.Contains(c.MessagePart, d.Message);
        Assert.Equal(File, d.Path);
    }

    [Theory]
    [InlineData("gpio: [{ address: \"%QX0.0\", pin: 5, mode: output, invert: true }]", "PLCIO015", "invert applies to inputs only")]
    [InlineData("gpio: [{ address: \"%QX0.0\", pin: 5, mode: output, debounce: 5ms }]", "PLCIO015", "debounce applies to inputs only")]
    [InlineData("i2c: [{ device: bme280, bus: 1, address: 0x76, range: 4.096V }]", "PLCIO015", "range applies to ads1115 only, not to a bme280")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, pullups: [A0] }]", "PLCIO015", "pullups applies to mcp23017 only, not to a pca9685")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, frequency: 50 }]", "PLCIO015", "frequency applies to pca9685 only, not to an ads1115")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, inputs: { \"%IW0\": 0 } }]", "PLCIO015", "a pca9685 has no inputs")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, period: 1s }]", "PLCIO015", "a pca9685 has no inputs")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, outputs: { \"%QW0\": A0 } }]", "PLCIO015", "an ads1115 has no outputs")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, outputs: { \"%QW4\": 0 }, safe: { \"%QW5\": 0 } }]", "PLCIO015", "%QW5 is not an output of pca9685@0x40")]
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, outputs: { \"%QX1.0\": B0 }, pullups: [b0] }]", "PLCIO015", "B0 is an output of mcp23017@0x20; pull-ups are for inputs")]
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, pullups: [C0] }]", "PLCIO011", "an mcp23017 has no pin 'C0'")]
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, inputs: { \"%IX4.0\": A0 }, outputs: { \"%QX1.0\": a0 } }]", "PLCIO021", "channel A0 of mcp23017@0x20 is bound twice: also to %IX4.0")]
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, inputs: { \"%IX4.0\": A0 }, quality: \"%IX4.0\" }]", "PLCIO016", "%IX4.0 is bound twice: here to the quality flag of mcp23017@0x20, and at line 1 to A0 of mcp23017@0x20")]
    [InlineData("i2c: [{ device: mcp23017, bus: 1, address: 0x20, outputs: { \"%QX1.0\": B0 }, safe: { \"%QX1.0\": 2 } }]", "PLCIO006", "the safe value of %QX1.0 must be true or false, not '2'")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, outputs: { \"%QW4\": 0 }, safe: { \"%QW4\": 0, \"%qw4\": 1 } }]", "PLCIO004", "the safe value of %qw4 is given twice")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%IW0\": A0, \"%iw0\": A1 } }]", "PLCIO004", "'%iw0' is given twice in inputs")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0x48, inputs: [A0] }]", "PLCIO006", "inputs must be a mapping from addresses to channels, e.g. { \"%IW0\": A0 }")]
    [InlineData("i2c: [{ device: ads1115, bus: 1, address: 0xFFFFFFFFFFFFFFFFFF }]", "PLCIO014", "the I2C address 0xFFFFFFFFFFFFFFFFFF is out of range")]
    [InlineData("i2c: [{ device: ads1115, bus: -1, address: 0x48 }]", "PLCIO014", "bus -1 is out of range")]
    [InlineData("i2c: [1]", "PLCIO006", "an i2c entry must be a mapping")]
    [InlineData("gpio: [{ address: \"%IX0.0\", pin: 5, mode: input, debounce: -5ms }]", "PLCIO014", "debounce -5ms is out of range: it must be 0 or more")]
    [InlineData("gpio: [{ address: \"%IX0.0\", pin: 5, mode: input, debounce: D#5ms }]", "PLCIO008", "debounce must be a duration")]
    [InlineData("gpio: [{ address: \"%IX0.0\", pin: 1.5, mode: input }]", "PLCIO007", "pin must be a whole number, not '1.5'")]
    [InlineData("gpio: [{ address: \"%IX0.0\", pin: [1], mode: input }]", "PLCIO006", "pin must be a single value, not a list")]
    [InlineData("gpio:\n  - address: \"%IX0.0\"\n    pin:\n    mode: input\n", "PLCIO006", "pin needs a value")]
    [InlineData("gpio:\n  - ? [a]\n    : 1\n", "PLCIO006", "a key must be a name, such as address")]
    [InlineData("gpio: [{ address: \"%MX0.0\", pin: 5, mode: input }]", "PLCIO013", "%MX0.0 does not fit a gpio input")]
    [InlineData("pwm: [{ address: \"%QW0\", chip: 0, channel: 0, frequency: 100, safe: true }]", "PLCIO007", "safe must be a whole number, not 'true'")]
    [InlineData("i2c: [{ device: pca9685, bus: 1, address: 0x40, frequency: 2000 }]", "PLCIO014", "frequency 2000 is out of range: a pca9685 makes 24..1526 Hz")]
    public void More_problems_and_their_messages(string yaml, string code, string message)
    {
        var (_, diagnostics) = Read(yaml);
        output.WriteLine(Show(diagnostics));
        Assert.Contains(diagnostics, d => d.Code == code && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_code_has_a_case()
    {
        var covered = Cases.Select(c => c.Code).ToHashSet();
        // PLCIO002 needs a file system: IoConfigurationReaderTests.Load_reads_the_file_and_reports_a_missing_one.
        covered.Add(IoDiagnosticCodes.FileNotReadable);
        var missing = IoDiagnosticCodes.All.Select(c => c.Code).Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no test produces " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var (config, diagnostics) = Read("""
            gpio:
              - { address: "%IX0.0", pin: 17, mode: input, colour: red }
              - { address: "%IX0.0", pin: 99, mode: output }
              - { address: "%IX0.1", pin: 17, mode: sideways }
            pwm:
              - { address: "%QW0", chip: 0, channel: 0 }
              - { address: "%QW0", chip: 0, channel: 0, frequency: 100, safe: -1 }
            i2c:
              - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW2": A7, "%QW9": A0 }, range: 3V }
              - { device: thermo9000, bus: 1, address: 0x48 }
              - { device: bme280, bus: 1, address: 0x76, inputs: { "%ID4": temperature }, period: 0s, quality: "%MX0.0" }
            extra: 1
            """);
        output.WriteLine(Show(diagnostics));
        Assert.NotNull(config);
        var expected = new[]
        {
            (2, 48, IoDiagnosticCodes.UnknownKey),
            (3, 16, IoDiagnosticCodes.WrongAddressKind),       // %IX0.0 for an output
            (3, 31, IoDiagnosticCodes.OutOfRange),             // pin 99
            (4, 31, IoDiagnosticCodes.DuplicatePin),           // pin 17 again
            (4, 41, IoDiagnosticCodes.UnknownGpioMode),
            (6, 5, IoDiagnosticCodes.MissingKey),              // frequency
            (7, 16, IoDiagnosticCodes.DuplicateAddress),       // %QW0 again
            (7, 42, IoDiagnosticCodes.DuplicatePwmChannel),
            (7, 67, IoDiagnosticCodes.OutOfRange),             // safe -1
            (9, 65, IoDiagnosticCodes.UnknownChannel),         // A7
            (9, 69, IoDiagnosticCodes.WrongAddressKind),       // %QW9 as an input
            (9, 90, IoDiagnosticCodes.OutOfRange),             // range 3V
            (10, 15, IoDiagnosticCodes.UnknownDevice),
            (10, 44, IoDiagnosticCodes.DuplicateI2cDevice),
            (11, 87, IoDiagnosticCodes.OutOfRange),            // period 0s
            (11, 100, IoDiagnosticCodes.WrongAddressKind),     // quality in %M
            (12, 1, IoDiagnosticCodes.UnknownKey),
        };
        Assert.Equal(expected, diagnostics.Select(d => (d.Line, d.Column, d.Code)));
    }

    [Fact]
    public void Diagnostics_come_sorted_by_position_after_earlier_ones()
    {
        var diagnostics = new List<IoDiagnostic> { new("other.yaml", 9, 9, IoSeverity.Error, "PLCIO001", "earlier") };
        IoConfigurationReader.Read(File, "pwm:\n  - { address: \"%QW0\", chip: 0, channel: 0, frequency: 1 }\n  - { address: \"%QW0\", chip: x, channel: 0, frequency: 1 }\n", diagnostics);
        Assert.Equal("earlier", diagnostics[0].Message);
        Assert.Equal(new[] { (3, 16), (3, 30) }, diagnostics.Skip(1).Select(d => (d.Line, d.Column)));
    }

    [Theory]
    [InlineData("gpio: [")]
    [InlineData("gpio:\n  - { address: \"%IX0.0\"\n")]
    [InlineData("gpio:\n  - address: \"%IX0.0\n")]
    [InlineData("a:\n  b: 1\n c: 2\n")]
    [InlineData("gpio: *nothing\n")]
    [InlineData("gpio: &a [*a]\n")]
    [InlineData("key: 'unterminated\n")]
    [InlineData("\"\\q\": 1\n")]
    [InlineData("%YAML 9.9\n---\na: 1\n")]
    [InlineData("- a\nb: c\n")]
    [InlineData("? - a\n  - b\n: c\n: d\n")]
    [InlineData("\0\u0001")]
    public void Malformed_yaml_is_a_diagnostic_not_an_exception(string yaml)
    {
        var (config, diagnostics) = Read(yaml);
        output.WriteLine(Show(diagnostics));
        Assert.Null(config);
        var d = Assert.Single(diagnostics);
        Assert.Equal(IoSeverity.Error, d.Severity);
        Assert.True(d.Line >= 1 && d.Column >= 1);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var (config, diagnostics) = Read("gpio: " + new string('[', 200_000));
        Assert.Null(config);
        var d = Assert.Single(diagnostics);
        Assert.Equal(IoDiagnosticCodes.SyntaxError, d.Code);
        Assert.Contains("nested more than", d.Message);
    }

    [Theory]
    [InlineData("- gpio\n")]
    [InlineData("just text\n")]
    public void A_file_that_is_not_a_mapping_cannot_be_understood(string yaml)
    {
        var (config, diagnostics) = Read(yaml);
        Assert.Null(config);
        Assert.Equal((1, 1, IoDiagnosticCodes.WrongValueType), (diagnostics.Single().Line, diagnostics.Single().Column, diagnostics.Single().Code));
    }

    [Fact]
    public void Fuzzed_files_never_throw()
    {
        // Random edits of a valid file: whatever comes out, the reader (and the validator on what it returns) must
        // answer with diagnostics that have a known code and a real position, never with an exception.
        string valid = IoConfigurationReaderTests.IssueExample + """

              - device: mcp23017
                bus: 1
                address: 0x20
                inputs: { "%IX4.0": A0 }
                outputs: { "%QX1.0": B0 }
                safe: { "%QX1.0": true }
                pullups: [A0]
                quality: "%IX10.0"
                period: T#20ms
              - { device: pca9685, bus: 1, address: 0x40, frequency: 50, outputs: { "%QW4": 0 }, safe: { "%QW4": 100 } }
            """;
        var image = Compile("""
            PROGRAM Main
            VAR
              b AT %IX0.0 : BOOL; l AT %QX0.0 : BOOL; d AT %QW0 : UINT; r AT %IW0 : INT; t AT %ID1 : REAL;
              q AT %IX10.0 : BOOL; s AT %QW4 : WORD; i AT %IX4.0 : BOOL;
            END_VAR
            END_PROGRAM
            """);
        var codes = IoDiagnosticCodes.All.Select(c => c.Code).ToHashSet();
        string alphabet = " \n\t:-{}[],#&*!|>'\"%?@`0123456789xX.ABIQWDLaeimnoprstuvT~\\";
        var random = new Random(12345);
        int nonNull = 0;
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            var text = new System.Text.StringBuilder(valid);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits && text.Length > 0; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(5))
                {
                    case 0: text.Remove(at, Math.Min(1 + random.Next(6), text.Length - at)); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 3:
                    {
                        int from = random.Next(text.Length), length = Math.Min(random.Next(40), text.Length - from);
                        text.Insert(at, text.ToString(from, length));
                        break;
                    }
                    default: text.Insert(at, (char)random.Next(0, 0x3000)); break;
                }
            }
            string yaml = text.ToString();
            List<IoDiagnostic> diagnostics;
            IoConfiguration? config;
            try
            {
                (config, diagnostics) = Read(yaml);
                if (config != null) diagnostics.AddRange(Validate(config, image));
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iteration} threw {ex}\n--- input ---\n{yaml}");
                return;
            }
            if (config != null) nonNull++;
            else Assert.Contains(diagnostics, d => d.Severity == IoSeverity.Error);
            foreach (var d in diagnostics)
            {
                Assert.Contains(d.Code, codes);
                Assert.Equal(IoDiagnosticCodes.SeverityOf(d.Code), d.Severity);
                Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString());
                Assert.False(string.IsNullOrWhiteSpace(d.Message));
            }
        }
        Assert.True(nonNull > 1000, $"only {nonNull} mutated files were readable: the fuzzing does not reach the checks");
    }
}

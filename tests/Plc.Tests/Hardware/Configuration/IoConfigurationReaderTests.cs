using System.Linq;
using Plc.Hardware.Configuration;
using Plc.Runtime.Hosting;
using Xunit;
using static Plc.Tests.Hardware.Configuration.IoTestSupport;

namespace Plc.Tests.Hardware.Configuration;

public class IoConfigurationReaderTests
{
    const long Ms = 1_000_000;

    /// <summary>The example of the issue, as written there.</summary>
    public const string IssueExample = """
        gpio:
          - address: "%IX0.0"
            pin: 17            # BCM numbering
            mode: input-pulldown   # input | input-pullup | input-pulldown | output
            debounce: T#20ms   # optional (IEC TIME literal; also accept 20ms)
          - address: "%QX0.0"
            pin: 27
            mode: output
            safe: false        # value on fault / stop (outputs only; default false)
        pwm:
          - { address: "%QW0", chip: 0, channel: 0, frequency: 1000 }   # 0..10000 = 0..100.00 % duty; optional safe: 0..10000
        i2c:
          - { device: ads1115, bus: 1, address: 0x48, inputs: { "%IW0": A0, "%IW1": A1 } }
          - { device: bme280,  bus: 1, address: 0x76, inputs: { "%ID0": temperature, "%ID1": humidity } }
        """;

    static ProcessAddress A(string text) => ProcessAddress.Parse(text, out _)!.Value;

    [Fact]
    public void The_issue_example_reads_into_the_model()
    {
        var (config, diagnostics) = Read(IssueExample);
        Assert.NotNull(config);
        Assert.Equal(File, config!.Path);

        // D29: bits, words and double words are separate spaces, so %IX0.0, %IW0, %ID0 ... are independent: no
        // diagnostic at all.
        Assert.Empty(diagnostics);

        Assert.Equal(2, config.Gpio.Count);
        var button = config.Gpio[0];
        Assert.Equal(A("%IX0.0"), button.Address);
        Assert.Equal("%IX0.0", button.AddressText);
        Assert.Equal(17, button.Pin);
        Assert.Equal(GpioMode.InputPullDown, button.Mode);
        Assert.Equal(20 * Ms, button.DebounceNs);
        Assert.False(button.Invert);
        Assert.Equal(new SourcePosition(2, 5), button.Position);
        Assert.Equal(new SourcePosition(2, 14), button.AddressPosition);
        Assert.Equal(new SourcePosition(3, 5), button.KeyPositions["pin"]);
        Assert.Equal(new SourcePosition(5, 5), button.KeyPositions["debounce"]);

        var lamp = config.Gpio[1];
        Assert.Equal(A("%QX0.0"), lamp.Address);
        Assert.Equal(27, lamp.Pin);
        Assert.Equal(GpioMode.Output, lamp.Mode);
        Assert.False(lamp.Safe);
        Assert.Equal(0, lamp.DebounceNs);
        Assert.Equal(new SourcePosition(6, 5), lamp.Position);

        var pwm = Assert.Single(config.Pwm);
        Assert.Equal(A("%QW0"), pwm.Address);
        Assert.Equal((0, 0, 1000, 0), (pwm.Chip, pwm.Channel, pwm.Frequency, pwm.Safe));
        Assert.Equal(new SourcePosition(11, 5), pwm.Position);
        Assert.Equal(new SourcePosition(11, 16), pwm.AddressPosition);

        Assert.Equal(2, config.I2c.Count);
        var adc = config.I2c[0];
        Assert.Equal(("ads1115", 1, 0x48), (adc.Device, adc.Bus, adc.Address));
        Assert.Equal("ads1115@0x48", adc.Name);
        Assert.Equal(100 * Ms, adc.PeriodNs);
        Assert.Null(adc.Quality);
        Assert.Equal(4.096, adc.RangeVolts);
        Assert.Equal("4.096V", adc.Options["range"]);
        Assert.Equal(new[] { (A("%IW0"), "A0"), (A("%IW1"), "A1") }, adc.Inputs.Select(b => (b.Address, b.Channel)));
        Assert.Equal(new SourcePosition(13, 57), adc.Inputs[0].Position);
        Assert.Empty(adc.Outputs);

        var env = config.I2c[1];
        Assert.Equal(("bme280", 1, 0x76), (env.Device, env.Bus, env.Address));
        Assert.Equal(1000 * Ms, env.PeriodNs);
        Assert.Equal(new[] { (A("%ID0"), "temperature"), (A("%ID1"), "humidity") }, env.Inputs.Select(b => (b.Address, b.Channel)));
    }

    [Fact]
    public void Every_documented_option_reads_into_the_model()
    {
        var config = ReadClean("""
            gpio:
              - { address: "%IX0.1", pin: 5, mode: input-pullup, invert: true, debounce: 5ms }
              - { address: "%ix0.2", pin: 6, mode: INPUT }
              - { address: "%QX0.1", pin: 13, mode: output, safe: true }
            pwm:
              - { address: "%QW1", chip: 0, channel: 1, frequency: 50, safe: 750 }
            i2c:
              - device: ads1115
                bus: 1
                address: 72
                range: 2.048V
                period: T#50ms
                quality: "%IX10.0"
                inputs: { "%IW8": A0-A1, "%ID5": A2, "%IL4": A2-A3 }
              - device: mcp23017
                bus: 1
                address: "0x20"
                inputs: { "%IX4.0": A0, "%IX4.1": a1 }
                outputs: { "%QX1.0": B0, "%QX1.1": B1 }
                safe: { "%QX1.0": true }
                pullups: [A0, A1]
                period: TIME#10ms
              - device: PCA9685
                bus: 0
                address: 0x41
                frequency: 50
                outputs: { "%QW4": 0, "%QW5": 15 }
                safe: { "%QW5": 10000 }
                quality: "%IX10.1"
            """);

        var (pullup, plain, output) = (config.Gpio[0], config.Gpio[1], config.Gpio[2]);
        Assert.Equal((GpioMode.InputPullUp, true, 5 * Ms), (pullup.Mode, pullup.Invert, pullup.DebounceNs));
        Assert.Equal(A("%IX0.2"), plain.Address);
        Assert.Equal("%ix0.2", plain.AddressText);
        Assert.Equal(GpioMode.Input, plain.Mode);
        Assert.True(output.Safe);

        Assert.Equal((50, 750), (config.Pwm[0].Frequency, config.Pwm[0].Safe));

        var adc = config.I2c[0];
        Assert.Equal(0x48, adc.Address);
        Assert.Equal(2.048, adc.RangeVolts);
        Assert.Equal("2.048V", adc.Options["range"]);
        Assert.Equal(50 * Ms, adc.PeriodNs);
        Assert.Equal(A("%IX10.0"), adc.Quality);
        Assert.Equal("%IX10.0", adc.QualityText);
        Assert.Equal(new SourcePosition(13, 14), adc.QualityPosition);
        Assert.Equal(new[] { "A0-A1", "A2", "A2-A3" }, adc.Inputs.Select(b => b.Channel));
        Assert.Equal(new[] { 'W', 'D', 'L' }, adc.Inputs.Select(b => b.Address.SizeLetter));

        var gpio = config.I2c[1];
        Assert.Equal(("mcp23017", 0x20, 10 * Ms), (gpio.Device, gpio.Address, gpio.PeriodNs));
        Assert.Equal(new[] { "A0", "A1" }, gpio.Inputs.Select(b => b.Channel));
        Assert.Equal(new[] { ("B0", 1.0), ("B1", 0.0) }, gpio.Outputs.Select(b => (b.Channel, b.Safe)));
        Assert.Equal(new[] { "A0", "A1" }, gpio.Pullups);
        Assert.Equal("A0,A1", gpio.Options["pullups"]);

        var pwm = config.I2c[2];
        Assert.Equal(("pca9685", 0, 0x41, 50), (pwm.Device, pwm.Bus, pwm.Address, pwm.Frequency));
        Assert.Equal("50", pwm.Options["frequency"]);
        Assert.Equal(0, pwm.PeriodNs);
        Assert.Equal(new[] { ("0", 0.0), ("15", 10000.0) }, pwm.Outputs.Select(b => (b.Channel, b.Safe)));
    }

    [Fact]
    public void Defaults_per_device()
    {
        var config = ReadClean("""
            i2c:
              - { device: mcp23017, bus: 1, address: 0x27 }
              - { device: pca9685, bus: 1, address: 0x40 }
              - { device: bme280, bus: 1, address: 0x77, inputs: { "%IL0": pressure } }
            """);
        Assert.Equal(20 * Ms, config.I2c[0].PeriodNs);
        Assert.Empty(config.I2c[0].Pullups);
        Assert.False(config.I2c[0].Options.ContainsKey("pullups"));
        Assert.Equal(200, config.I2c[1].Frequency);
        Assert.Equal("200", config.I2c[1].Options["frequency"]);
        Assert.Equal(0.0, config.I2c[1].RangeVolts);
        Assert.Equal("pressure", config.I2c[2].Inputs[0].Channel);
    }

    [Theory]
    [InlineData("T#20ms", 20 * Ms)]
    [InlineData("20ms", 20 * Ms)]
    [InlineData("t#1s500ms", 1500 * Ms)]
    [InlineData("TIME#0.5s", 500 * Ms)]
    [InlineData("0ms", 0)]
    [InlineData("'T#2ms'", 2 * Ms)]
    public void Debounce_is_an_IEC_duration_with_or_without_prefix(string text, long ns)
    {
        var config = ReadClean($"gpio:\n  - {{ address: \"%IX0.0\", pin: 4, mode: input, debounce: {text} }}\n");
        Assert.Equal(ns, config.Gpio[0].DebounceNs);
    }

    [Theory]
    [InlineData("0x48", 0x48)]
    [InlineData("72", 72)]
    [InlineData("\"0x48\"", 0x48)]
    [InlineData("'72'", 72)]
    [InlineData("0X4b", 0x4B)]
    public void The_I2C_address_is_hex_or_decimal_quoted_or_not(string text, int address)
    {
        var config = ReadClean($"i2c:\n  - {{ device: ads1115, bus: 1, address: {text} }}\n");
        Assert.Equal(address, config.I2c[0].Address);
    }

    [Theory]
    [InlineData("6.144V", 6.144)]
    [InlineData("4.096 V", 4.096)]
    [InlineData("1.024v", 1.024)]
    [InlineData("0.512", 0.512)]
    [InlineData("\"±0.256V\"", 0.256)]
    public void Ads1115_ranges(string text, double volts)
    {
        var config = ReadClean($"i2c:\n  - {{ device: ads1115, bus: 1, address: 0x48, range: {text} }}\n");
        Assert.Equal(volts, config.I2c[0].RangeVolts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing bound yet\n")]
    [InlineData("---\n")]
    [InlineData("gpio:\npwm: []\ni2c: ~\n")]
    public void An_empty_file_or_empty_sections_bind_nothing(string yaml)
    {
        var config = ReadClean(yaml);
        Assert.Empty(config.Gpio);
        Assert.Empty(config.Pwm);
        Assert.Empty(config.I2c);
    }

    [Fact]
    public void Keys_are_case_insensitive()
    {
        var config = ReadClean("GPIO:\n  - { Address: \"%IX0.0\", PIN: 4, Mode: Input-PullUp }\n");
        Assert.Equal(GpioMode.InputPullUp, config.Gpio[0].Mode);
    }

    [Fact]
    public void Diagnostics_print_like_compiler_messages()
    {
        var d = new IoDiagnostic("plant/io.yaml", 3, 7, IoSeverity.Error, "PLCIO014", "pin 64 is out of range");
        Assert.Equal("plant/io.yaml(3,7): error PLCIO014: pin 64 is out of range", d.ToString());
        Assert.Equal("io.yaml(1,2): warning PLCIO022: m", new IoDiagnostic("io.yaml", 1, 2, IoSeverity.Warning, "PLCIO022", "m").ToString());
    }

    [Fact]
    public void Load_reads_the_file_and_reports_a_missing_one()
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "plc-io-" + System.Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            string path = System.IO.Path.Combine(dir, "io.yaml");
            System.IO.File.WriteAllText(path, IssueExample);
            var diagnostics = new System.Collections.Generic.List<IoDiagnostic>();
            var config = IoConfigurationReader.Load(path, diagnostics);
            Assert.NotNull(config);
            Assert.Equal(path, config!.Path);
            Assert.Equal(2, config.Gpio.Count);
            Assert.All(diagnostics, d => Assert.Equal(path, d.Path));

            diagnostics.Clear();
            string missing = System.IO.Path.Combine(dir, "missing.yaml");
            Assert.Null(IoConfigurationReader.Load(missing, diagnostics));
            var d = Assert.Single(diagnostics);
            Assert.Equal((missing, 1, 1, IoDiagnosticCodes.FileNotReadable, IoSeverity.Error), (d.Path, d.Line, d.Column, d.Code, d.Severity));

            diagnostics.Clear();
            Assert.Null(IoConfigurationReader.Load(dir, diagnostics));   // a directory
            Assert.Equal(IoDiagnosticCodes.FileNotReadable, Assert.Single(diagnostics).Code);
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }
}

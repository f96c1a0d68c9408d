using System;
using System.IO;
using System.Text.RegularExpressions;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary><c>plc sim --io FILE --scenario FILE</c> and <c>plc run --io</c>: the contract of the hardware issue.</summary>
public sealed class SimIoCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-simio-" + Guid.NewGuid().ToString("N"));

    public SimIoCommandTests() { Directory.CreateDirectory(dir); }
    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    string File_(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    static (int Exit, string Out, string Err) Run(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    // The issue's own shape: a button on GPIO17 lights a lamp on GPIO27; mode 2 sets the PWM duty to 50 %; the ADC
    // value is copied to a marker word so a scenario can see it.
    const string Program = @"
PROGRAM Main
VAR
    button AT %IX0.0 : BOOL;
    lamp AT %QX0.0 : BOOL;
    duty AT %QW1 : INT;
    level AT %IW1 : INT;
    seen : INT;
    mode : INT;
END_VAR
lamp := button;
IF mode = 2 THEN duty := 5000; ELSE duty := 0; END_IF;
seen := level;
END_PROGRAM";

    const string Io = @"
gpio:
  - address: ""%IX0.0""
    pin: 17
    mode: input-pulldown
  - address: ""%QX0.0""
    pin: 27
    mode: output
    safe: false
pwm:
  - { address: ""%QW1"", chip: 0, channel: 0, frequency: 1000 }
i2c:
  - { device: ads1115, bus: 1, address: 0x48, inputs: { ""%IW1"": A0 } }
";

    [Fact]
    public void Steps_apply_before_the_first_scan_at_or_after_their_time_and_expectations_are_checked_after_it()
    {
        // 10 ms scans at 0, 10, 20, 30 ... A step at 25 ms belongs to the scan at 30 ms: the pin set at 25 is read by
        // that scan, which writes the lamp; the expectation at 25 is checked after that same scan.
        var scenario = File_("s.txt", @"
at 25ms set gpio17 high      # not on the scan grid
at 25ms expect gpio27 high
at 20ms expect gpio27 low    # the scan at 20 ms ran before the pin was set
at 40ms set Main.mode 2
at 40ms expect %QW1 5000
at 40ms expect pwm0.0 50%
at 50ms set ads1115@0x48.A0 1.65V
at 50ms expect Main.seen 13200   # 1.65 V / 125 uV at the 4.096 V range
");
        var (exit, output, err) = Run("sim", File_("m.st", Program), "--io", File_("io.yaml", Io), "--scenario", scenario, "--print", "Main.seen");
        Assert.True(exit == 0, output + err);
        Assert.Contains("scenario: 5 of 5 expectations held", output);
        Assert.Contains("Main.seen = 13200", output);
    }

    [Fact]
    public void A_failed_expectation_exits_4_and_names_line_time_target_expected_and_actual()
    {
        var scenario = File_("s.txt", "at 10ms set gpio17 high\nat 10ms expect gpio27 low\nat 20ms expect %QW1 7\nat 1s expect gpio27 high\n");
        var (exit, output, _) = Run("sim", File_("m.st", Program), "--io", File_("io.yaml", Io), "--scenario", scenario, "--duration", "T#100ms");
        Assert.Equal(4, exit);
        Assert.Contains($"{scenario}(2): at T#10ms expect gpio27: expected low, actual high", output);
        Assert.Contains($"{scenario}(3): at T#20ms expect %QW1: expected 7, actual 0", output);
        Assert.Contains($"{scenario}(4): at T#1s expect gpio27: never checked", output);
        Assert.Contains("scenario: 0 of 3 expectations held", output);
    }

    [Fact]
    public void Without_duration_the_run_ends_just_past_the_last_step()
    {
        // Last step at 95 ms: the first scan at or after it is at 100 ms, so 11 scans run (0..100 ms).
        var program = File_("c.st", "PROGRAM Main VAR n : INT; END_VAR n := n + 1; END_PROGRAM");
        var scenario = File_("s.txt", "at 95ms expect Main.n 11\n");
        var (exit, output, err) = Run("sim", program, "--scenario", scenario, "--print", "Main.n");
        Assert.True(exit == 0, output + err);
        Assert.Contains("Main.n = 11", output);
    }

    [Fact]
    public void Scenario_errors_are_all_reported_with_exit_2()
    {
        var scenario = File_("s.txt", "at 10 set gpio17 high\nat 10ms frob gpio17 1\nat 10ms set Main.nothing 1\nat 20ms set ads1115@0x49.A0 1V\nat 20ms set gpio17 sideways\n");
        var (exit, _, err) = Run("sim", File_("m.st", Program), "--io", File_("io.yaml", Io), "--scenario", scenario);
        Assert.Equal(2, exit);
        Assert.Contains($"{scenario}(1,4): error:", err);
        Assert.Contains($"{scenario}(2,9): error: unknown action 'frob'", err);
        Assert.Contains($"{scenario}(3,1): error:", err);
        Assert.Contains("'ads1115@0x49': the I/O configuration has no such chip", err);
        Assert.Contains("'sideways' is not a level", err);
    }

    [Fact]
    public void An_invalid_io_file_exits_1_with_its_diagnostics()
    {
        var io = File_("io.yaml", "gpio:\n  - { address: \"%IX0.0\", pin: 17, mode: sideways }\n  - { address: \"%QX9.0\", pin: 17, mode: output }\n");
        var (exit, _, err) = Run("sim", File_("m.st", Program), "--io", io);
        Assert.Equal(1, exit);
        Assert.Contains($"{io}(2,", err);
        Assert.Contains("PLCIO009", err);      // unknown mode
        Assert.Contains("PLCIO018", err);      // pin 17 twice
    }

    [Fact]
    public void Run_with_simulated_io_drives_the_simulated_chips_on_the_wall_clock()
    {
        var (exit, output, err) = Run("run", File_("m.st", Program.Replace("mode : INT;", "mode : INT := 2;")), "--io", File_("io.yaml", Io),
            "--simulated-io", "--duration", "T#200ms", "--print", "Main.duty,Main.lamp");
        Assert.True(exit == 0, output + err);
        Assert.Contains("Main.duty = 5000", output);
        Assert.Contains("Main.lamp = FALSE", output);
    }

    [Fact]
    public void Run_with_io_on_a_machine_without_the_buses_fails_with_a_message_not_a_crash()
    {
        if (Directory.Exists("/dev/gpiochip0") || File.Exists("/dev/gpiochip0")) return;   // a real board: not this test
        var (exit, _, err) = Run("run", File_("m.st", Program), "--io", File_("io.yaml", Io), "--duration", "T#100ms");
        Assert.Equal(3, exit);
        Assert.Matches(new Regex(@"plc: error: cannot open the I/O: .*io\.yaml\(3,5\): GPIO 17"), err);
        Assert.Contains("--simulated-io", err);
    }
}

using System;
using System.Device.Gpio;
using Plc.Runtime.Hosting;
using Plc.Testing;
using Xunit;

namespace Plc.Tests.Testing;

/// <summary>The C# testing API (Plc.Testing): ST programs tested from xUnit on the virtual clock.</summary>
public class PlcProgramTests
{
    const string Timer = @"
PROGRAM Main
VAR start : BOOL; t : TON; done : BOOL; n : DINT; END_VAR
n := n + 1;
t(IN := start, PT := T#100ms);
done := t.Q;
END_PROGRAM";

    [Theory]
    [InlineData(ExecutionTier.Compiled)]
    [InlineData(ExecutionTier.Interpreted)]
    public void A_timer_runs_on_simulated_time(ExecutionTier tier)
    {
        using var p = PlcProgram.FromSource(Timer, new PlcOptions { Tier = tier });
        Assert.Equal(TimeSpan.FromMilliseconds(10), p.CycleTime);
        // start is written at the next scan (t = 0): the TON starts there. Scans at 0..80 ms: ET < 100 ms.
        p.Set("Main.start", true).Advance(TimeSpan.FromMilliseconds(90));
        Assert.False(p.GetBool("Main.done"));
        Assert.Equal("T#80ms", p.Get("Main.t.ET"));
        // Scans at 90 and 100 ms: ET reaches PT at 100 ms.
        p.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(p.GetBool("Main.done"));
        Assert.Equal(11, p.GetInt("Main.n"));
        Assert.Equal(TimeSpan.FromMilliseconds(110), p.Now);
    }

    /// <summary>The example of docs/testing.md, as written there.</summary>
    [Fact]
    public void The_documented_example_holds()
    {
        using var plc = PlcProgram.FromFiles(System.IO.Path.Combine(Plc.Tests.Conformance.RepositoryPaths.Examples, "pump_station", "pump_station.st"));
        // 13200 counts = 50 % level; sensor good; Start pressed: the pump starts at the first scan (no I/O file, so
        // no debounce) and runs on.
        plc.Set("PumpStation.LevelRaw", 13200).Set("PumpStation.LevelOk", true).Set("PumpStation.StartButton", true);
        plc.Scan();
        Assert.True(plc.GetBool("PumpStation.Running"));
        plc.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("TRUE", plc.Get("PumpStation.Pump"));
        Assert.Equal(1, plc.GetInt("PumpStation.Starts"));
    }

    [Fact]
    public void Advancing_by_less_than_a_cycle_keeps_the_schedule_grid()
    {
        using var p = PlcProgram.FromSource(Timer);
        // 15 ms runs the scans at 0 and 10; the next 15 ms the scan at 20 (not at 15 or 25): the grid is that of the start.
        p.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(2, p.GetInt("Main.n"));
        p.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(3, p.GetInt("Main.n"));
        p.Scan(4);                                          // 30, 40, 50, 60
        Assert.Equal(7, p.GetInt("Main.n"));
    }

    [Fact]
    public void A_fault_throws_with_its_source_location_and_a_compile_error_with_its_diagnostics()
    {
        using var p = PlcProgram.FromSource("PROGRAM Main VAR n, z : DINT; END_VAR n := n + 1; IF n = 3 THEN n := n / z; END_IF; END_PROGRAM");
        var fault = Assert.Throws<PlcFaultException>(() => p.Scan(5));
        Assert.StartsWith("main.st(1,", fault.Message);
        Assert.Contains("fault PLCF001", fault.Message);
        Assert.Contains("scan at T#20ms", fault.Message);

        var error = Assert.Throws<PlcCompileException>(() => PlcProgram.FromSource("PROGRAM Main VAR x : INT; END_VAR x := 'a'; END_PROGRAM"));
        Assert.Contains("error PLC", error.Message);
    }

    [Fact]
    public void Writes_accept_net_values_and_iec_literals_and_bad_ones_are_refused()
    {
        using var p = PlcProgram.FromSource("PROGRAM Main VAR i : INT; r : LREAL; d : TIME; s : STRING(10); b : BOOL; END_VAR END_PROGRAM");
        p.Set("Main.i", -5).Set("Main.r", 2.5).Set("Main.d", TimeSpan.FromMilliseconds(1500)).Set("Main.s", "it's").Set("Main.b", "TRUE").Scan();
        Assert.Equal(-5, p.GetInt("Main.i"));
        Assert.Equal(2.5, p.GetReal("Main.r"));
        Assert.Equal("T#1s500ms", p.Get("Main.d"));
        Assert.Equal("'it$'s'", p.Get("Main.s"));
        Assert.True(p.GetBool("Main.b"));
        Assert.Throws<ArgumentException>(() => p.Set("Main.i", 100000));      // out of INT's range
        Assert.Throws<ArgumentException>(() => p.Set("Main.nope", 1));
    }

    [Fact]
    public void With_an_io_configuration_the_program_runs_against_simulated_chips()
    {
        const string io = @"
gpio:
  - { address: '%IX0.0', pin: 17, mode: input-pulldown }
  - { address: '%QX0.0', pin: 27, mode: output }
";
        using var p = PlcProgram.FromSource("PROGRAM Main VAR b AT %IX0.0 : BOOL; l AT %QX0.0 : BOOL; END_VAR l := NOT b; END_PROGRAM",
            new PlcOptions { IoConfiguration = io });
        p.Scan();
        Assert.Equal(PinValue.High, p.Board!.GpioDriver.GetLevel(27));
        p.Board.GpioDriver.SetExternal(17, PinValue.High);
        p.Scan();
        Assert.Equal(PinValue.Low, p.Board.GpioDriver.GetLevel(27));
        p.Set("%IX0.0", false).Scan();                       // a write lasts one scan: the pin is read again after it
        Assert.Equal(PinValue.High, p.Board.GpioDriver.GetLevel(27));
        p.Scan();
        Assert.Equal(PinValue.Low, p.Board.GpioDriver.GetLevel(27));
    }
}

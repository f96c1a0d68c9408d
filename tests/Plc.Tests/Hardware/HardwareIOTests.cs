using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Linq;
using System.Threading;
using Plc.Compiler;
using Plc.Hardware;
using Plc.Hardware.Configuration;
using Plc.Hardware.Simulation;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hardware;

/// <summary>HardwareIO against the simulated chips: the real System.Device.Gpio and Iot.Device.Bindings code runs.</summary>
public class HardwareIOTests
{
    const string Program = @"
PROGRAM Main
VAR
    button AT %IX0.0 : BOOL;
    stop AT %IX0.1 : BOOL;
    lamp AT %QX0.0 : BOOL;
    horn AT %QX0.1 : BOOL;
    duty AT %QW1 : INT;
    level AT %IW1 : INT;
    volts AT %ID1 : REAL;
    ok AT %IX4.0 : BOOL;
    servo AT %QW2 : INT;
    divisor : INT := 1;
    n : INT;
END_VAR
lamp := button AND NOT stop;
horn := TRUE;
duty := 2500;
servo := 7500;
n := 100 / divisor;
END_PROGRAM";

    const string Io = @"
gpio:
  - { address: '%IX0.0', pin: 17, mode: input-pulldown, debounce: T#20ms }
  - { address: '%IX0.1', pin: 22, mode: input-pullup, invert: true }
  - { address: '%QX0.0', pin: 27, mode: output }
  - { address: '%QX0.1', pin: 23, mode: output, safe: true }
pwm:
  - { address: '%QW1', chip: 0, channel: 1, frequency: 1000, safe: 1000 }
i2c:
  - { device: ads1115, bus: 1, address: 0x48, inputs: { '%IW1': A0, '%ID1': A1 }, quality: '%IX4.0', period: T#10ms }
  - { device: pca9685, bus: 1, address: 0x40, frequency: 50, outputs: { '%QW2': 3 }, safe: { '%QW2': 500 } }
";

    internal static (Image Image, VerificationResult Verified) Compile(string source = Program)
    {
        var result = Compilation.Compile(new[] { new SourceText("main.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var v = Verifier.Verify(result.Image!);
        Assert.True(v.Ok, v.Error);
        return (result.Image!, v);
    }

    internal static IoConfiguration Config(Image image, string text = Io)
    {
        var diagnostics = new List<IoDiagnostic>();
        var config = IoConfigurationReader.Read("io.yaml", text, diagnostics);
        Assert.NotNull(config);
        IoConfigurationValidator.Validate(config!, image, diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == IoSeverity.Error);
        return config!;
    }

    static bool Bit(byte[] memory, Image image, string address)
    {
        var a = ProcessAddress.Parse(address, out _)!.Value;
        return (memory[a.AbsoluteAddress(image)] >> a.Bit & 1) != 0;
    }

    static short Word(byte[] memory, Image image, string address) =>
        BitConverter.ToInt16(memory, ProcessAddress.Parse(address, out _)!.Value.AbsoluteAddress(image));

    [Fact]
    public void Debounce_passes_a_level_held_for_the_debounce_time_and_drops_shorter_pulses()
    {
        var (image, _) = Compile();
        using var board = new SimulatedHardware();
        var clock = new VirtualClock();
        using var io = HardwareIO.Create(Config(image), image, board, clock, new SafeOutputs(image), background: false);
        var memory = (byte[])image.InitialMemory.Clone();
        bool At(long ms, PinValue? level)
        {
            clock.WaitUntil(ms * 1_000_000);
            if (level != null) board.GpioDriver.SetExternal(17, level);
            io.ReadInputs(memory);
            return Bit(memory, image, "%IX0.0");
        }
        Assert.False(At(0, null));                 // pull-down, nothing driving: low
        Assert.False(At(10, PinValue.High));       // a 10 ms pulse (reads at 10 and ... )
        Assert.False(At(20, PinValue.Low));        // ... gone at 20: held 10 ms < 20 ms, never seen
        Assert.False(At(30, null));
        Assert.False(At(40, PinValue.High));       // pressed at 40
        Assert.False(At(50, null));                // held 10 ms
        Assert.True(At(60, null));                 // held 20 ms: seen
        Assert.True(At(70, PinValue.Low));         // released at 70: still TRUE until held low 20 ms
        Assert.True(At(80, null));
        Assert.False(At(90, null));
    }

    [Fact]
    public void Inputs_pull_and_invert_as_configured()
    {
        var (image, _) = Compile();
        using var board = new SimulatedHardware();
        var clock = new VirtualClock();
        using var io = HardwareIO.Create(Config(image), image, board, clock, new SafeOutputs(image), background: false);
        var memory = (byte[])image.InitialMemory.Clone();
        io.ReadInputs(memory);
        Assert.False(Bit(memory, image, "%IX0.1"));            // pull-up reads high; inverted: not pressed
        board.GpioDriver.SetExternal(22, PinValue.Low);        // the button pulls the pin to ground
        io.ReadInputs(memory);
        Assert.True(Bit(memory, image, "%IX0.1"));
        Assert.Equal(PinMode.InputPullUp, board.GpioDriver.GetMode(22));
        Assert.Equal(PinMode.InputPullDown, board.GpioDriver.GetMode(17));
    }

    [Fact]
    public void Outputs_reach_pins_pwm_and_chips_and_a_fault_drives_them_to_their_safe_values()
    {
        var (image, v) = Compile();
        using var board = new SimulatedHardware();
        var clock = new VirtualClock();
        var safe = new SafeOutputs(image);
        var config = Config(image);
        using var io = HardwareIO.Create(config, image, board, clock, safe, background: false);
        // Before any scan: outputs opened at their safe values.
        Assert.Equal(PinValue.High, board.GpioDriver.GetLevel(23));
        Assert.Equal(0.1, board.FindPwm(0, 1)!.DutyCycle, 6);

        var sim = new Simulator(image, v, new SimulationOptions { Clock = clock, Io = io, SafeOutputs = safe, CycleTimeNs = 10_000_000, Cycles = 3 });
        board.GpioDriver.SetExternal(17, PinValue.High);
        board.GpioDriver.SetExternal(22, PinValue.High);
        var first = sim.Run();
        Assert.False(first.Faulted);
        // Button held from 0 ms: debounce needs 20 ms, so the third scan (20 ms) switches the lamp on.
        Assert.Equal(PinValue.High, board.GpioDriver.GetLevel(27));
        Assert.Equal(0.25, board.FindPwm(0, 1)!.DutyCycle, 6);                   // 2500 / 10000
        var pca = (SimulatedPca9685)board.FindChip(1, 0x40)!;
        Assert.Equal(0.75, pca.GetDutyCycle(3), 2);                                // 7500 / 10000, 12-bit steps

        // Division by zero: the fault puts %Q into the safe state and writes it out.
        var memory = sim.Interpreter.Memory;
        var divisor = VariablePath.Resolve(image, memory, "Main.divisor", out _)!.Value;
        memory[divisor.Address] = 0; memory[divisor.Address + 1] = 0;
        var sim2 = new Simulator(image, v, new SimulationOptions { Clock = clock, Io = io, SafeOutputs = safe, CycleTimeNs = 10_000_000, Cycles = 1 });
        Array.Copy(memory, sim2.Interpreter.Memory, memory.Length);
        var faulted = sim2.Run();
        Assert.True(faulted.Faulted);
        Assert.Equal(PinValue.Low, board.GpioDriver.GetLevel(27));                 // safe: false (default)
        Assert.Equal(PinValue.High, board.GpioDriver.GetLevel(23));                // safe: true
        Assert.Equal(0.1, board.FindPwm(0, 1)!.DutyCycle, 6);                      // safe duty 1000
        Assert.Equal(0.05, pca.GetDutyCycle(3), 2);                                // safe 500
    }

    [Fact]
    public void Adc_values_arrive_as_counts_and_volts_and_a_failing_chip_keeps_the_last_good_value_with_quality_false()
    {
        var (image, _) = Compile();
        using var board = new SimulatedHardware();
        var clock = new VirtualClock();
        using var io = HardwareIO.Create(Config(image), image, board, clock, new SafeOutputs(image), background: false);
        var adc = (SimulatedAds1115)board.FindChip(1, 0x48)!;
        var memory = (byte[])image.InitialMemory.Clone();
        adc.SetVoltage(0, 1.65);
        adc.SetVoltage(1, 2.5);
        io.ReadInputs(memory);
        // ±4.096 V range: 125 µV a count; 1.65 V = 13200 counts; 2.5 V read back in volts (within one count).
        Assert.Equal(13200, Word(memory, image, "%IW1"));
        int vAddr = ProcessAddress.Parse("%ID1", out _)!.Value.AbsoluteAddress(image);
        Assert.Equal(2.5, BitConverter.ToSingle(memory, vAddr), 3);
        Assert.True(Bit(memory, image, "%IX4.0"));

        adc.Failing = true;
        adc.SetVoltage(0, 3.0);
        clock.WaitUntil(10_000_000);
        io.ReadInputs(memory);
        Assert.False(Bit(memory, image, "%IX4.0"));
        Assert.Equal(13200, Word(memory, image, "%IW1"));                            // last good value
        Assert.True(io.Chips.Single(c => c.Name.StartsWith("ads1115")).Failures >= 1);

        adc.Failing = false;
        clock.WaitUntil(20_000_000);
        io.ReadInputs(memory);
        Assert.True(Bit(memory, image, "%IX4.0"));
        Assert.Equal(24000, Word(memory, image, "%IW1"));                            // 3.0 V / 125 µV
    }

    /// <summary>Measures how long the scan loop's I/O calls take.</summary>
    sealed class TimedIO : IProcessIO
    {
        readonly IProcessIO inner;
        public long MaxReadNs, MaxWriteNs, Reads;
        public TimedIO(IProcessIO inner) { this.inner = inner; }
        public void ReadInputs(byte[] memory)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            inner.ReadInputs(memory);
            MaxReadNs = Math.Max(MaxReadNs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds);
            Reads++;
        }
        public void WriteOutputs(byte[] memory)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            inner.WriteOutputs(memory);
            MaxWriteNs = Math.Max(MaxWriteNs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds);
        }
    }

    /// <summary>A program that cannot fault, its configuration opened on simulated chips with background workers,
    /// on the wall clock: what plc run --io --simulated-io sets up.</summary>
    sealed class RealRun : IDisposable
    {
        public readonly Image Image;
        public readonly VerificationResult Verified;
        public readonly SimulatedHardware Board = new();
        public readonly WallClock Clock = new();
        public readonly SafeOutputs Safe;
        public readonly HardwareIO Io;
        public readonly SimulatedAds1115 Adc;

        public RealRun()
        {
            (Image, Verified) = Compile(Program.Replace("n := 100 / divisor;", "n := n + 1;"));
            Safe = new SafeOutputs(Image);
            Io = HardwareIO.Create(Config(Image), Image, Board, Clock, Safe, background: true);
            Adc = (SimulatedAds1115)Board.FindChip(1, 0x48)!;
        }

        public ScanLoop Loop(IProcessIO io) =>
            new(Image, Verified, Clock, new ScanLoopOptions { Io = io, SafeOutputs = Safe, DefaultTaskIntervalNs = 2_000_000 });

        public void Dispose()
        {
            Io.Dispose();
            Board.Dispose();
        }
    }

    [Fact]
    public void A_slow_chip_never_stalls_the_scan_in_a_real_run()
    {
        using var run = new RealRun();
        var image = run.Image;
        var adc = run.Adc;
        var pca = (SimulatedPca9685)run.Board.FindChip(1, 0x40)!;
        adc.SetVoltage(0, 1.0);
        adc.Delay = TimeSpan.FromMilliseconds(60);             // every transfer of these chips takes 60 ms
        pca.Delay = TimeSpan.FromMilliseconds(60);
        var timed = new TimedIO(run.Io);
        var loop = run.Loop(timed);
        var result = loop.Run(1_000_000_000);                   // 1 s of 2 ms scans
        Assert.Equal(ScanStop.EndReached, result.Reason);
        // Reading the inputs and writing the outputs never waited for a chip: each call stayed far below one 60 ms
        // transfer (20 ms allows for a loaded CI machine), while the workers spent the run waiting on the chips.
        Assert.True(timed.MaxReadNs < 20_000_000, $"longest input read {timed.MaxReadNs / 1e6:0.0} ms");
        Assert.True(timed.MaxWriteNs < 20_000_000, $"longest output write {timed.MaxWriteNs / 1e6:0.0} ms");
        // 500 releases were due. A scan that waited on a 60 ms transfer would allow at most 1000 / 60 = 16 scans;
        // more than 40 proves the scans went on (a loaded CI machine skips some releases, never that many).
        Assert.True(timed.Reads > 40, $"{timed.Reads} scans");
        // The slow chip's value still arrived: 1.0 V = 8000 counts. A sample of the two bound inputs is two
        // conversions of about four transfers each (config, busy polls, result): about 0.5 s.
        Assert.Equal(8000, Word(loop.Memory, image, "%IW1"));
        Assert.True(adc.Transfers >= 3);
    }

    [Fact]
    public void A_failing_chip_in_a_real_run_turns_quality_false_within_a_few_periods()
    {
        using var run = new RealRun();
        var image = run.Image;
        var adc = run.Adc;
        adc.SetVoltage(0, 2.0);
        var loop = run.Loop(run.Io);
        loop.Run(100_000_000);
        Assert.True(Bit(loop.Memory, image, "%IX4.0"), "quality after good reads");
        Assert.Equal(16000, Word(loop.Memory, image, "%IW1"));
        adc.Failing = true;
        adc.SetVoltage(0, 0.5);
        loop.Run(100_000_000);
        Assert.False(Bit(loop.Memory, image, "%IX4.0"), "quality after failed reads");
        Assert.Equal(16000, Word(loop.Memory, image, "%IW1"));   // last good value kept
    }

    [Fact]
    public void The_scan_thread_allocates_nothing_with_hardware_io()
    {
        var (image, v) = Compile(Program.Replace("n := 100 / divisor;", "n := n + 1;"));
        using var board = new SimulatedHardware();
        var clock = new VirtualClock();
        var safe = new SafeOutputs(image);
        // Background workers: the scan thread only reads GPIO and exchanges values with them.
        using var io = HardwareIO.Create(Config(image), image, board, clock, safe, background: true);
        var loop = new ScanLoop(image, v, clock, new ScanLoopOptions { Io = io, SafeOutputs = safe, DefaultTaskIntervalNs = 1_000_000 });
        long Allocated(long ns) => Plc.Tests.Hosting.ScanAllocation.During(loop, ns);
        // The ADC's input changes all the time (its worker samples it and the scan copies the values); the GPIO
        // outputs stay as they are. (System.Device.Gpio 4.2.0's GpioController.Write itself allocates 40 bytes per
        // call, so a GPIO output costs that whenever it changes; HardwareIO writes a pin only when its value changed.)
        var adc = (SimulatedAds1115)board.FindChip(1, 0x48)!;
        bool stop = false;
        var toggler = new Thread(() =>
        {
            for (int i = 0; !Volatile.Read(ref stop); i++)
            {
                adc.SetVoltage(0, (i % 100) / 50.0);
                Thread.Sleep(0);
            }
        });
        toggler.Start();
        Allocated(50_000_000);                                  // warm-up: JIT, first use of every path
        long few = Allocated(10_000_000);
        long many = Allocated(2_000_000_000);
        Volatile.Write(ref stop, true);
        toggler.Join();
        Assert.True(loop.Statistics[0].Scans > 2000);
        Assert.Equal(few, many);
    }
}

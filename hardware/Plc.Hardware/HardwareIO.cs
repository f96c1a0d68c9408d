using System.Device.Gpio;
using Plc.Hardware.Configuration;
using Plc.Hardware.Gpio;
using Plc.Hardware.I2c;
using Plc.Hardware.Pwm;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Hardware;

/// <summary>A configuration the hardware cannot carry out (a bus that cannot be opened, a chip that does not answer).</summary>
public sealed class HardwareException : Exception
{
    public HardwareException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The state of one I2C chip, for reports and tests.</summary>
public readonly record struct ChipStatus(string Name, long Failures, string? LastError);

/// <summary>
/// The physical side of the process image for an I/O configuration (docs/io.md): at the start of a scan GPIO inputs
/// are read (debounced) and the I2C chips' last good values and quality flags are copied into %I; at the end of a
/// scan GPIO outputs and PWM duties that changed are written and I2C outputs are handed to their chip's worker.
/// The scan thread never waits for an I2C transfer (see <see cref="I2c.ChipWorker"/>) and allocates nothing.
/// Takes its buses from an <see cref="IHardwareProvider"/>; disposing stops the workers (after writing the last
/// outputs) but leaves the provider to its owner.
/// </summary>
public sealed class HardwareIO : IProcessIO, IDisposable
{
    readonly IClock clock;
    readonly GpioInputChannel[] gpioInputs;
    readonly GpioOutputChannel[] gpioOutputs;
    readonly PwmOutputChannel[] pwmOutputs;
    readonly ChipWorker[] chips;
    readonly ChipValue[] chipInputs, chipOutputs;
    readonly ChipQuality[] qualities;
    bool disposed;

    readonly record struct ChipValue(ChipWorker Chip, int Index, int Address, int Bit, char Size);
    readonly record struct ChipQuality(ChipWorker Chip, int Address, int Bit);

    HardwareIO(IClock clock, GpioInputChannel[] gpioInputs, GpioOutputChannel[] gpioOutputs, PwmOutputChannel[] pwmOutputs,
        ChipWorker[] chips, ChipValue[] chipInputs, ChipValue[] chipOutputs, ChipQuality[] qualities)
    {
        this.clock = clock;
        this.gpioInputs = gpioInputs;
        this.gpioOutputs = gpioOutputs;
        this.pwmOutputs = pwmOutputs;
        this.chips = chips;
        this.chipInputs = chipInputs;
        this.chipOutputs = chipOutputs;
        this.qualities = qualities;
    }

    /// <summary>
    /// Opens every channel of a validated configuration (<see cref="IoConfigurationValidator"/>) and records the
    /// configured safe values in <paramref name="safe"/>. <paramref name="background"/>: I2C chips are served by
    /// background threads (plc run); false: sampled on the scan thread on the clock's time (plc sim, repeatable).
    /// Throws <see cref="HardwareException"/> when a bus or chip cannot be opened.
    /// </summary>
    public static HardwareIO Create(IoConfiguration config, Image image, IHardwareProvider hardware, IClock clock, SafeOutputs safe, bool background)
    {
        var opened = new List<IDisposable>();
        try
        {
            var gpioIn = new List<GpioInputChannel>();
            var gpioOut = new List<GpioOutputChannel>();
            var pwm = new List<PwmOutputChannel>();
            var chips = new List<ChipWorker>();
            var inputs = new List<ChipValue>();
            var outputs = new List<ChipValue>();
            var qualities = new List<ChipQuality>();

            foreach (var g in config.Gpio)
            {
                int address = Absolute(g.Address, image, g.AddressText);
                try
                {
                    if (g.Mode == GpioMode.Output)
                    {
                        safe.SetBit(address, g.Address.Bit, g.Safe);
                        gpioOut.Add(new GpioOutputChannel(hardware.Gpio, g.Pin, address, g.Address.Bit, g.Safe));
                    }
                    else
                    {
                        var mode = g.Mode switch { GpioMode.InputPullUp => PinMode.InputPullUp, GpioMode.InputPullDown => PinMode.InputPullDown, _ => PinMode.Input };
                        gpioIn.Add(new GpioInputChannel(hardware.Gpio, g.Pin, mode, address, g.Address.Bit, g.DebounceNs, g.Invert));
                    }
                }
                catch (Exception e) when (e is not HardwareException and not OutOfMemoryException)
                {
                    throw new HardwareException($"{config.Path}({g.Position.Line},{g.Position.Column}): GPIO {g.Pin} for {g.AddressText}: {e.Message}", e);
                }
            }

            foreach (var p in config.Pwm)
            {
                int address = Absolute(p.Address, image, p.AddressText);
                try
                {
                    safe.Set(address, BitConverter.GetBytes((short)Math.Clamp(p.Safe, 0, 10000)));
                    var channel = hardware.OpenPwm(p.Chip, p.Channel, p.Frequency);
                    opened.Add(channel);
                    pwm.Add(new PwmOutputChannel(channel, address, p.Safe));
                }
                catch (Exception e) when (e is not HardwareException and not OutOfMemoryException)
                {
                    throw new HardwareException($"{config.Path}({p.Position.Line},{p.Position.Column}): PWM chip {p.Chip} channel {p.Channel} for {p.AddressText}: {e.Message}", e);
                }
            }

            foreach (var c in config.I2c)
            {
                ChipWorker worker;
                try
                {
                    var device = hardware.OpenI2c(c.Device, c.Bus, c.Address);
                    opened.Add(device);
                    var driver = CreateDriver(c, device);
                    long period = c.PeriodNs > 0 ? c.PeriodNs : Devices.Find(c.Device)?.DefaultPeriodNs is > 0 and var p ? p : 100_000_000;
                    worker = new ChipWorker($"{c.Name} on bus {c.Bus}", driver, clock, period, c.Inputs.Count, c.Outputs.Count, background);
                }
                catch (Exception e) when (e is not HardwareException and not OutOfMemoryException)
                {
                    throw new HardwareException($"{config.Path}({c.Position.Line},{c.Position.Column}): {c.Name} on I2C bus {c.Bus}: {e.Message}", e);
                }
                opened.Add(worker);
                chips.Add(worker);
                for (int i = 0; i < c.Inputs.Count; i++)
                {
                    var b = c.Inputs[i];
                    inputs.Add(new ChipValue(worker, i, Absolute(b.Address, image, b.AddressText), b.Address.Bit, b.Address.SizeLetter));
                }
                for (int i = 0; i < c.Outputs.Count; i++)
                {
                    var b = c.Outputs[i];
                    int address = Absolute(b.Address, image, b.AddressText);
                    if (b.Address.IsBit) safe.SetBit(address, b.Address.Bit, b.Safe != 0);
                    else safe.Set(address, BitConverter.GetBytes((short)Math.Clamp(b.Safe, 0, 10000)));
                    worker.SetInitialOutput(i, b.Safe);
                    outputs.Add(new ChipValue(worker, i, address, b.Address.Bit, b.Address.SizeLetter));
                }
                if (c.Quality is { } q) qualities.Add(new ChipQuality(worker, Absolute(q, image, c.QualityText ?? q.ToString()), q.Bit));
            }

            foreach (var w in chips) w.Start();
            return new HardwareIO(clock, gpioIn.ToArray(), gpioOut.ToArray(), pwm.ToArray(), chips.ToArray(), inputs.ToArray(),
                outputs.ToArray(), qualities.ToArray());
        }
        catch
        {
            for (int i = opened.Count - 1; i >= 0; i--)
            {
                try { opened[i].Dispose(); } catch (Exception) { }
            }
            throw;
        }
    }

    static int Absolute(ProcessAddress address, Image image, string text)
    {
        int a = address.AbsoluteAddress(image);
        if (a < 0) throw new HardwareException($"{text}: the program does not declare this address");
        return a;
    }

    static ChipDriver CreateDriver(I2cEntry c, System.Device.I2c.I2cDevice device)
    {
        switch (c.Device)
        {
            case "ads1115":
            {
                var range = Ads1115Driver.Range(Devices.RangeText(c.RangeVolts > 0 ? c.RangeVolts : Devices.Ads1115DefaultRange))
                    ?? throw new HardwareException($"ads1115 range {c.RangeVolts} V is not one of 6.144, 4.096, 2.048, 1.024, 0.512, 0.256 V");
                var mux = c.Inputs.Select(b => Ads1115Driver.Channel(b.Channel) ?? throw new HardwareException($"ads1115 has no input '{b.Channel}'")).ToArray();
                var volts = c.Inputs.Select(b => b.Address.SizeLetter is 'D' or 'L').ToArray();
                return new Ads1115Driver(device, range, mux, volts);
            }
            case "bme280":
                return new Bme280Driver(device, c.Inputs.Select(b => Bme280Driver.Channel(b.Channel) ?? throw new HardwareException($"bme280 has no input '{b.Channel}'")).ToArray());
            case "pca9685":
            {
                var channels = c.Outputs.Select(b => int.TryParse(b.Channel, out int n) && n is >= 0 and <= 15 ? n : throw new HardwareException($"pca9685 has no channel '{b.Channel}'")).ToArray();
                return new Pca9685Driver(device, c.Frequency > 0 ? c.Frequency : Devices.Pca9685DefaultFrequency, channels);
            }
            case "mcp23017":
            {
                int PinOf(string name) => Mcp23017Driver.Pin(name) ?? throw new HardwareException($"mcp23017 has no pin '{name}'");
                return new Mcp23017Driver(device, c.Inputs.Select(b => PinOf(b.Channel)).ToArray(), c.Outputs.Select(b => PinOf(b.Channel)).ToArray(),
                    c.Pullups.Select(PinOf).ToArray());
            }
            default:
                throw new HardwareException($"unknown I2C device '{c.Device}'");
        }
    }

    /// <summary>Per I2C chip: failed transfers so far and the last error.</summary>
    public IReadOnlyList<ChipStatus> Chips => chips.Select(c => new ChipStatus(c.Name, c.Failures, c.LastError)).ToArray();

    public void ReadInputs(byte[] memory)
    {
        long now = clock.NowNs;
        for (int i = 0; i < gpioInputs.Length; i++) gpioInputs[i].Read(memory, now);
        for (int i = 0; i < chips.Length; i++) if (!chips[i].Background) chips[i].PollInputsInline(now);
        for (int i = 0; i < chipInputs.Length; i++)
        {
            var v = chipInputs[i];
            ProcessImage.SetNumber(memory, v.Address, v.Bit, v.Size, v.Chip.Input(v.Index));
        }
        for (int i = 0; i < qualities.Length; i++)
        {
            var q = qualities[i];
            ProcessImage.SetBit(memory, q.Address, q.Bit, q.Chip.Quality(now));
        }
    }

    public void WriteOutputs(byte[] memory)
    {
        if (disposed) return;
        for (int i = 0; i < gpioOutputs.Length; i++) gpioOutputs[i].Write(memory);
        for (int i = 0; i < pwmOutputs.Length; i++) pwmOutputs[i].Write(memory);
        for (int i = 0; i < chipOutputs.Length; i++)
        {
            var v = chipOutputs[i];
            double value = v.Size == 'X' ? (ProcessImage.GetBit(memory, v.Address, v.Bit) ? 1 : 0) : ProcessImage.GetInt16(memory, v.Address);
            v.Chip.SetOutput(v.Index, value);
        }
        for (int i = 0; i < chips.Length; i++) if (!chips[i].Background) chips[i].FlushOutputsInline();
    }

    /// <summary>Stops the I2C workers after they wrote the last outputs, and releases the chips. GPIO pins and PWM
    /// channels stay as the last scan (or the safe state) left them: a PWM channel keeps running at that duty, since
    /// closing it would switch it off whatever its safe value is.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var c in chips) c.Dispose();
    }
}

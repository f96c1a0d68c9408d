using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using System.Globalization;

namespace Plc.Hardware.Simulation;

/// <summary>
/// A whole board without hardware: a GPIO chip (<see cref="SimulatedGpioDriver"/> under a real
/// <see cref="GpioController"/>), emulated I2C chips created on demand by kind and address, and PWM channels. The I/O
/// drivers get the same System.Device.Gpio / Iot.Device.Bindings types as on a Raspberry Pi; tests and the desktop UI
/// reach the emulators through <see cref="FindChip"/>, <see cref="Chips"/> and <see cref="FindPwm"/>. Thread-safe.
/// </summary>
public sealed class SimulatedHardware : IHardwareProvider
{
    /// <summary>The chip kinds <see cref="OpenI2c"/> knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["ads1115", "bme280", "pca9685", "mcp23017"];

    readonly object sync = new();
    readonly Dictionary<(int Bus, int Address), SimulatedI2cChip> chips = new();
    readonly List<SimulatedI2cChip> chipOrder = new();
    readonly Dictionary<(int Chip, int Channel), SimulatedPwmChannel> pwms = new();
    bool disposed;

    /// <summary>A board with GPIO pins 0 .. <paramref name="gpioPins"/>-1 and nothing on its buses yet.</summary>
    public SimulatedHardware(int gpioPins = 28)
    {
        GpioDriver = new SimulatedGpioDriver(gpioPins);
        Gpio = new GpioController(GpioDriver);
    }

    /// <summary>The simulated GPIO chip: drive inputs with <see cref="SimulatedGpioDriver.SetExternal"/>, look at outputs
    /// with <see cref="SimulatedGpioDriver.GetLevel"/>.</summary>
    public SimulatedGpioDriver GpioDriver { get; }

    /// <summary>A real <see cref="GpioController"/> over <see cref="GpioDriver"/>.</summary>
    public GpioController Gpio { get; }

    /// <summary>The emulator of kind <paramref name="device"/> (ads1115, bme280, pca9685, mcp23017; case does not
    /// matter) at <paramref name="address"/> on bus <paramref name="bus"/>: created on first use, the same one afterwards.
    /// Throws <see cref="ArgumentException"/> for an unknown kind, an address the kind cannot have, or a chip of another
    /// kind already at that address.</summary>
    public I2cDevice OpenI2c(string device, int bus, int address)
    {
        ArgumentNullException.ThrowIfNull(device);
        string kind = device.Trim().ToLowerInvariant();
        if (!Kinds.Contains(kind))
            throw new ArgumentException($"Unknown I2C chip kind '{device}'; the simulation has {string.Join(", ", Kinds)}.", nameof(device));
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (chips.TryGetValue((bus, address), out var existing))
            {
                if (existing.Kind != kind)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Bus {bus} address 0x{address:X2} already has a simulated {existing.Kind}; it cannot also be a {kind}."), nameof(device));
                return existing;
            }
            SimulatedI2cChip chip;
            try
            {
                chip = kind switch
                {
                    "ads1115" => new SimulatedAds1115(bus, address),
                    "bme280" => new SimulatedBme280(bus, address),
                    "pca9685" => new SimulatedPca9685(bus, address),
                    _ => new SimulatedMcp23017(bus, address),
                };
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentException(e.Message, nameof(address), e);
            }
            chips[(bus, address)] = chip;
            chipOrder.Add(chip);
            return chip;
        }
    }

    /// <summary>The simulated PWM channel <paramref name="channel"/> of chip <paramref name="chip"/>: created on first use
    /// (stopped, duty 0); opening it again returns the same channel with <paramref name="frequency"/> and duty 0 applied
    /// and its running state unchanged, as reopening a Linux sysfs PWM channel does.</summary>
    public PwmChannel OpenPwm(int chip, int channel, int frequency)
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (pwms.TryGetValue((chip, channel), out var existing))
            {
                existing.Frequency = frequency;
                existing.DutyCycle = 0;
                return existing;
            }
            var pwm = new SimulatedPwmChannel(chip, channel, frequency, 0.0);
            pwms[(chip, channel)] = pwm;
            return pwm;
        }
    }

    /// <summary>The emulator at (<paramref name="bus"/>, <paramref name="address"/>), or null.</summary>
    public SimulatedI2cChip? FindChip(int bus, int address)
    {
        lock (sync) return chips.GetValueOrDefault((bus, address));
    }

    /// <summary>All emulators, in the order they were created (a snapshot).</summary>
    public IReadOnlyList<SimulatedI2cChip> Chips
    {
        get { lock (sync) return chipOrder.ToArray(); }
    }

    /// <summary>The PWM channel (<paramref name="chip"/>, <paramref name="channel"/>), or null if never opened.</summary>
    public SimulatedPwmChannel? FindPwm(int chip, int channel)
    {
        lock (sync) return pwms.GetValueOrDefault((chip, channel));
    }

    /// <summary>All PWM channels opened so far (a snapshot).</summary>
    public IReadOnlyList<SimulatedPwmChannel> PwmChannels
    {
        get { lock (sync) return pwms.Values.ToArray(); }
    }

    /// <summary>Closes the GPIO controller (and with it the driver's pins and callbacks) and stops the PWM channels. The
    /// emulators keep their state for inspection; opening anything new afterwards throws.</summary>
    public void Dispose()
    {
        SimulatedPwmChannel[] toStop;
        lock (sync)
        {
            if (disposed) return;
            disposed = true;
            toStop = pwms.Values.ToArray();
        }
        foreach (var pwm in toStop) pwm.Stop();
        Gpio.Dispose();
    }
}

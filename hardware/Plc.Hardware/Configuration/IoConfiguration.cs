using Plc.Runtime.Hosting;

namespace Plc.Hardware.Configuration;

/// <summary>Where something was written in the I/O configuration file (1-based).</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// An I/O configuration (docs/io.md): which physical channel each directly represented variable of the program is
/// wired to. Read from YAML by <see cref="IoConfigurationReader"/>, checked against a program by
/// <see cref="IoConfigurationValidator"/>.
/// </summary>
public sealed class IoConfiguration
{
    /// <summary>The file it was read from (for messages).</summary>
    public string Path { get; init; } = "";
    public List<GpioEntry> Gpio { get; } = new();
    public List<PwmEntry> Pwm { get; } = new();
    public List<I2cEntry> I2c { get; } = new();
}

public enum GpioMode { Input, InputPullUp, InputPullDown, Output }

/// <summary>A GPIO pin bound to a %IX (input modes) or %QX (output) bit.</summary>
public sealed class GpioEntry
{
    public ProcessAddress Address { get; init; }
    /// <summary>The address as written (for messages).</summary>
    public string AddressText { get; init; } = "";
    /// <summary>BCM numbering, as System.Device.Gpio.</summary>
    public int Pin { get; init; }
    public GpioMode Mode { get; init; }
    /// <summary>Inputs: a change must be stable this long before the program sees it; 0 = no debounce.</summary>
    public long DebounceNs { get; init; }
    /// <summary>Outputs: the value on a fault or stop.</summary>
    public bool Safe { get; init; }
    /// <summary>Inputs: TRUE in the program when the pin is low (active-low wiring).</summary>
    public bool Invert { get; init; }
    /// <summary>Where the entry starts (its first key, or the '{' of a flow mapping).</summary>
    public SourcePosition Position { get; init; }
    /// <summary>Where the address value is written.</summary>
    public SourcePosition AddressPosition { get; init; }
    /// <summary>Where each key of the entry is written (keys as written in lower case: "pin", "mode" ...).</summary>
    public Dictionary<string, SourcePosition> KeyPositions { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A hardware PWM channel bound to a %QW word: 0..10000 = 0..100.00 % duty.</summary>
public sealed class PwmEntry
{
    public ProcessAddress Address { get; init; }
    public string AddressText { get; init; } = "";
    public int Chip { get; init; }
    public int Channel { get; init; }
    /// <summary>Hz.</summary>
    public int Frequency { get; init; }
    /// <summary>Duty on a fault or stop, 0..10000.</summary>
    public int Safe { get; init; }
    /// <summary>Where the entry starts (its first key, or the '{' of a flow mapping).</summary>
    public SourcePosition Position { get; init; }
    /// <summary>Where the address value is written.</summary>
    public SourcePosition AddressPosition { get; init; }
    /// <summary>Where each key of the entry is written.</summary>
    public Dictionary<string, SourcePosition> KeyPositions { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One variable bound to one channel of an I2C chip (for example %IW0 ↔ A0 of an ADS1115).</summary>
public sealed class I2cChannelBinding
{
    public ProcessAddress Address { get; init; }
    public string AddressText { get; init; } = "";
    /// <summary>The chip's channel name, in its normal spelling whatever the file's case: A0..A3 and the differential
    /// pairs A0-A1, A0-A3, A1-A3, A2-A3 (ads1115), temperature/humidity/pressure (bme280), 0..15 (pca9685),
    /// A0..A7/B0..B7 (mcp23017).</summary>
    public string Channel { get; init; } = "";
    /// <summary>Outputs: the value on a fault or stop (in the variable's units: 0/1 for bits, 0..10000 for PWM).</summary>
    public double Safe { get; init; }
    /// <summary>Where the address (the key of the inputs/outputs mapping) is written.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>An I2C chip on a bus, with its input and output channels.</summary>
public sealed class I2cEntry
{
    /// <summary>ads1115, bme280, pca9685 or mcp23017 (lower case).</summary>
    public string Device { get; init; } = "";
    public int Bus { get; init; }
    /// <summary>7-bit I2C address.</summary>
    public int Address { get; init; }
    public List<I2cChannelBinding> Inputs { get; } = new();
    public List<I2cChannelBinding> Outputs { get; } = new();
    /// <summary>How often a background sampler reads the inputs (default per device, docs/io.md).</summary>
    public long PeriodNs { get; init; }
    /// <summary>Optional %IX bit that is TRUE while the chip's last read succeeded and is fresh (quality flag).</summary>
    public ProcessAddress? Quality { get; init; }
    public string? QualityText { get; init; }
    public SourcePosition QualityPosition { get; init; }
    /// <summary>Device options in a normal form, defaults filled in by the reader: ads1115 "range" = "4.096V",
    /// pca9685 "frequency" = "200", mcp23017 "pullups" = "A0,B3" (only when given). The typed members
    /// <see cref="RangeVolts"/>, <see cref="Frequency"/> and <see cref="Pullups"/> hold the same values.</summary>
    public Dictionary<string, string> Options { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>ads1115: the full-scale voltage of the programmable gain amplifier (±, volts; 4.096 by default). 0 for
    /// other devices.</summary>
    public double RangeVolts { get; init; }
    /// <summary>pca9685: the PWM frequency in Hz (24..1526; 200 by default). 0 for other devices.</summary>
    public int Frequency { get; init; }
    /// <summary>mcp23017: the pins (A0..A7, B0..B7) whose internal pull-up is switched on.</summary>
    public List<string> Pullups { get; } = new();
    /// <summary>Where the entry starts (its first key, or the '{' of a flow mapping).</summary>
    public SourcePosition Position { get; init; }
    /// <summary>Where each key of the entry is written.</summary>
    public Dictionary<string, SourcePosition> KeyPositions { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"ads1115@0x48" (on bus 1) — how scenarios and messages name the chip.</summary>
    public string Name => $"{Device}@0x{Address:x2}";
}

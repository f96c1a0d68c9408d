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
    public SourcePosition Position { get; init; }
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
    public SourcePosition Position { get; init; }
}

/// <summary>One variable bound to one channel of an I2C chip (for example %IW0 ↔ A0 of an ADS1115).</summary>
public sealed class I2cChannelBinding
{
    public ProcessAddress Address { get; init; }
    public string AddressText { get; init; } = "";
    /// <summary>The chip's channel name: A0..A3 (ads1115), temperature/humidity/pressure (bme280), 0..15 (pca9685),
    /// A0..A7/B0..B7 (mcp23017).</summary>
    public string Channel { get; init; } = "";
    /// <summary>Outputs: the value on a fault or stop (in the variable's units: 0/1 for bits, 0..10000 for PWM).</summary>
    public double Safe { get; init; }
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
    /// <summary>Device options as written (e.g. ads1115 range "4.096V", pca9685 frequency 50; mcp23017 pullups).</summary>
    public Dictionary<string, string> Options { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SourcePosition Position { get; init; }

    /// <summary>"ads1115@0x48" (on bus 1) — how scenarios and messages name the chip.</summary>
    public string Name => $"{Device}@0x{Address:x2}";
}

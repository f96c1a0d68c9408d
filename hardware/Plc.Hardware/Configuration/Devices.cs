using System.Globalization;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Configuration;

/// <summary>What the reader and the validator know about each supported I2C chip (docs/io.md).</summary>
internal sealed class DeviceSpec
{
    public required string Name { get; init; }
    /// <summary>Input channel names in their normal spelling (empty: the chip has no inputs).</summary>
    public required string[] Inputs { get; init; }
    public required string[] Outputs { get; init; }
    /// <summary>Size letters an input (output) address may have: X bits, W words, D double words, L long words.</summary>
    public string InputSizes { get; init; } = "";
    public string OutputSizes { get; init; } = "";
    /// <summary>How an input (output) address must look, for messages.</summary>
    public string InputNeeds { get; init; } = "";
    public string OutputNeeds { get; init; } = "";
    public long DefaultPeriodNs { get; init; }
    /// <summary>The device's own option key (range, frequency, pullups), or null.</summary>
    public string? Option { get; init; }
    /// <summary>The 7-bit addresses the chip can be strapped to.</summary>
    public int LowAddress { get; init; }
    public int HighAddress { get; init; }
    /// <summary>How the address is chosen, for the unusual-address warning.</summary>
    public string AddressPins { get; init; } = "";

    /// <summary>"an ads1115", "a bme280" ...</summary>
    public string Article => Name is "ads1115" or "mcp23017" ? "an" : "a";

    public bool HasInputs => Inputs.Length > 0;
    public bool HasOutputs => Outputs.Length > 0;

    /// <summary>The channel's normal spelling, or null when the chip has no such channel in that direction.</summary>
    public string? Channel(string text, bool output)
    {
        string t = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        var names = output ? Outputs : Inputs;
        foreach (var n in names)
            if (string.Equals(n, t, StringComparison.OrdinalIgnoreCase)) return n;
        // pca9685 channels are numbers: accept 07 as 7.
        if (Name == "pca9685" && output && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k is >= 0 and <= 15)
            return k.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    public string ChannelList(bool output) => Name == "pca9685" ? "0..15" : string.Join(", ", output ? Outputs : Inputs);
}

internal static class Devices
{
    const long Ms = 1_000_000;

    static readonly string[] McpPins =
        Enumerable.Range(0, 16).Select(i => (i < 8 ? "A" : "B") + (i % 8).ToString(CultureInfo.InvariantCulture)).ToArray();

    public static readonly DeviceSpec Ads1115 = new()
    {
        Name = "ads1115",
        Inputs = new[] { "A0", "A1", "A2", "A3", "A0-A1", "A0-A3", "A1-A3", "A2-A3" },
        Outputs = Array.Empty<string>(),
        InputSizes = "WDL",
        InputNeeds = "%IW (INT, raw counts), %ID (REAL, volts) or %IL (LREAL, volts)",
        DefaultPeriodNs = 100 * Ms,
        Option = "range",
        LowAddress = 0x48, HighAddress = 0x4B, AddressPins = "0x48..0x4B (set by its ADDR pin)",
    };

    public static readonly DeviceSpec Bme280 = new()
    {
        Name = "bme280",
        Inputs = new[] { "temperature", "humidity", "pressure" },
        Outputs = Array.Empty<string>(),
        InputSizes = "DL",
        InputNeeds = "%ID (REAL) or %IL (LREAL)",
        DefaultPeriodNs = 1000 * Ms,
        LowAddress = 0x76, HighAddress = 0x77, AddressPins = "0x76 or 0x77 (set by its SDO pin)",
    };

    public static readonly DeviceSpec Pca9685 = new()
    {
        Name = "pca9685",
        Inputs = Array.Empty<string>(),
        Outputs = Enumerable.Range(0, 16).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
        OutputSizes = "W",
        OutputNeeds = "a %QW word address such as %QW4 (INT, UINT or WORD, 0..10000 = 0..100.00 % duty)",
        Option = "frequency",
        LowAddress = 0x40, HighAddress = 0x7F, AddressPins = "0x40..0x7F (set by its A0..A5 pins)",
    };

    public static readonly DeviceSpec Mcp23017 = new()
    {
        Name = "mcp23017",
        Inputs = McpPins,
        Outputs = McpPins,
        InputSizes = "X",
        OutputSizes = "X",
        InputNeeds = "a %IX bit address such as %IX4.0",
        OutputNeeds = "a %QX bit address such as %QX1.0",
        DefaultPeriodNs = 20 * Ms,
        Option = "pullups",
        LowAddress = 0x20, HighAddress = 0x27, AddressPins = "0x20..0x27 (set by its A0..A2 pins)",
    };

    public static readonly DeviceSpec[] All = { Ads1115, Bme280, Mcp23017, Pca9685 };

    public static DeviceSpec? Find(string name)
    {
        string n = name.Trim();
        foreach (var d in All)
            if (string.Equals(d.Name, n, StringComparison.OrdinalIgnoreCase)) return d;
        return null;
    }

    /// <summary>The full-scale ranges of the ADS1115's amplifier, volts.</summary>
    public static readonly double[] Ads1115Ranges = { 6.144, 4.096, 2.048, 1.024, 0.512, 0.256 };
    public const double Ads1115DefaultRange = 4.096;
    public const int Pca9685DefaultFrequency = 200;
    public const int Pca9685MinFrequency = 24;
    public const int Pca9685MaxFrequency = 1526;

    public static string RangeText(double volts) => volts.ToString("0.000", CultureInfo.InvariantCulture) + "V";

    /// <summary>Whether the size letter of an address fits one of the letters in <paramref name="sizes"/>.</summary>
    public static bool Fits(ProcessAddress a, ProcessArea area, string sizes) => a.Area == area && sizes.Contains(a.SizeLetter);
}

using System.Device.I2c;
using Iot.Device.Mcp23xxx;

namespace Plc.Hardware.I2c;

/// <summary>
/// Microchip MCP23017 16-bit GPIO expander through Iot.Device.Mcp23xxx. Pins A0..A7 are 0..7, B0..B7 8..15. Bound
/// inputs are set as inputs (with the configured pull-ups), bound outputs as outputs; one read of both GPIO registers
/// samples every input, one write of both OLAT registers sets every output.
/// </summary>
sealed class Mcp23017Driver : ChipDriver
{
    readonly Mcp23017 chip;
    readonly int[] inputPins, outputPins;
    ushort latch;

    public Mcp23017Driver(I2cDevice device, int[] inputPins, int[] outputPins, int[] pullups)
    {
        chip = new Mcp23017(device);
        this.inputPins = inputPins;
        this.outputPins = outputPins;
        ushort direction = 0xFFFF, pull = 0;
        foreach (int p in outputPins) direction &= (ushort)~(1 << p);
        foreach (int p in pullups) pull |= (ushort)(1 << p);
        chip.WriteUInt16(Register.GPPU, pull);
        chip.WriteUInt16(Register.OLAT, 0);
        chip.WriteUInt16(Register.IODIR, direction);
    }

    public static int? Pin(string name)
    {
        string n = name.Trim().ToUpperInvariant();
        if (n.Length != 2 || (n[0] != 'A' && n[0] != 'B') || n[1] < '0' || n[1] > '7') return null;
        return (n[0] == 'A' ? 0 : 8) + (n[1] - '0');
    }

    public override void ReadInputs(double[] values)
    {
        ushort levels = chip.ReadUInt16(Register.GPIO);
        for (int i = 0; i < inputPins.Length; i++) values[i] = (levels >> inputPins[i]) & 1;
    }

    public override void WriteOutputs(double[] values, bool[] changed)
    {
        ushort next = latch;
        for (int i = 0; i < outputPins.Length; i++)
            if (values[i] != 0) next |= (ushort)(1 << outputPins[i]); else next &= (ushort)~(1 << outputPins[i]);
        chip.WriteUInt16(Register.OLAT, next);
        latch = next;
    }

    public override void Dispose() => chip.Dispose();
}

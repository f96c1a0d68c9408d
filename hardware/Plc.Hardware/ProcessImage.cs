using System.Buffers.Binary;

namespace Plc.Hardware;

/// <summary>Reads and writes values of the process image (little-endian, D29) without allocating.</summary>
static class ProcessImage
{
    public static bool GetBit(byte[] memory, int address, int bit) => (memory[address] & (1 << bit)) != 0;

    public static void SetBit(byte[] memory, int address, int bit, bool value)
    {
        if (value) memory[address] |= (byte)(1 << bit);
        else memory[address] &= (byte)~(1 << bit);
    }

    public static short GetInt16(byte[] memory, int address) => BinaryPrimitives.ReadInt16LittleEndian(memory.AsSpan(address, 2));

    public static void SetInt16(byte[] memory, int address, short value) => BinaryPrimitives.WriteInt16LittleEndian(memory.AsSpan(address, 2), value);

    public static void SetReal(byte[] memory, int address, float value) => BinaryPrimitives.WriteSingleLittleEndian(memory.AsSpan(address, 4), value);

    public static void SetLReal(byte[] memory, int address, double value) => BinaryPrimitives.WriteDoubleLittleEndian(memory.AsSpan(address, 8), value);

    /// <summary>Writes <paramref name="value"/> as the size of <paramref name="sizeLetter"/> says: W an INT (rounded,
    /// saturated), D a REAL, L an LREAL, X a bit (non-zero = TRUE), B a BYTE.</summary>
    public static void SetNumber(byte[] memory, int address, int bit, char sizeLetter, double value)
    {
        switch (sizeLetter)
        {
            case 'X': SetBit(memory, address, bit, value != 0); break;
            case 'B': memory[address] = (byte)Math.Clamp(Math.Round(value), 0, 255); break;
            case 'W': SetInt16(memory, address, (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue)); break;
            case 'D': SetReal(memory, address, (float)value); break;
            default: SetLReal(memory, address, value); break;
        }
    }
}

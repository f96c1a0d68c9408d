using Plc.Runtime.Core;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// The physical side of the process image. The scan loop calls ReadInputs before the tasks of a release run (the
/// driver fills %I) and WriteOutputs after they all ran (the driver takes %Q), so outputs change only at the end of
/// a scan, all together. Both run on the scan thread and must not allocate.
/// </summary>
public interface IProcessIO
{
    void ReadInputs(byte[] memory);
    void WriteOutputs(byte[] memory);
}

/// <summary>No hardware: %I keeps whatever the program, the monitor or a test put there; %Q goes nowhere.</summary>
public sealed class NoProcessIO : IProcessIO
{
    public static readonly NoProcessIO Instance = new();
    public void ReadInputs(byte[] memory) { }
    public void WriteOutputs(byte[] memory) { }
}

/// <summary>
/// The values the outputs take when the program stops or faults: the whole %Q area, FALSE/0 everywhere unless an
/// I/O configuration sets another safe value for a channel (<see cref="Set"/>).
/// </summary>
public sealed class SafeOutputs
{
    readonly Image image;
    readonly byte[] values;

    public SafeOutputs(Image image)
    {
        this.image = image;
        values = new byte[image.Outputs.Size];
    }

    /// <summary>Sets the safe value of the %Q bytes starting at <paramref name="address"/> (an absolute memory address).</summary>
    public void Set(int address, byte[] bytes)
    {
        int offset = address - image.Outputs.Address;
        if (offset < 0 || offset + bytes.Length > values.Length)
            throw new ArgumentOutOfRangeException(nameof(address), "the safe value lies outside the %Q area");
        Array.Copy(bytes, 0, values, offset, bytes.Length);
    }

    /// <summary>Sets one %QX bit's safe value.</summary>
    public void SetBit(int address, int bit, bool value)
    {
        int offset = address - image.Outputs.Address;
        if (offset < 0 || offset >= values.Length || bit is < 0 or > 7)
            throw new ArgumentOutOfRangeException(nameof(address), "the safe bit lies outside the %Q area");
        if (value) values[offset] |= (byte)(1 << bit); else values[offset] &= (byte)~(1 << bit);
    }

    /// <summary>Puts the safe values into the %Q area of <paramref name="memory"/> and writes them to the outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(byte[] memory, IProcessIO io)
    {
        if (values.Length > 0) Array.Copy(values, 0, memory, image.Outputs.Address, values.Length);
        io.WriteOutputs(memory);
    }
}

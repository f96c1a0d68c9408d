using System.Threading;
using System.Threading.Tasks;

namespace Plc.Connectivity.Modbus;

/// <summary>A write on its way to the process image: the values as on the wire (coils packed 8 to a byte, the lowest
/// address in bit 0; registers big-endian), in an array the write owns.</summary>
public sealed class ModbusWrite
{
    public ModbusWrite(ModbusTable table, int start, int count, byte[] values)
    {
        Table = table; Start = start; Count = count; Values = values;
    }

    public ModbusTable Table { get; }
    public int Start { get; }
    public int Count { get; }
    public byte[] Values { get; }
}

/// <summary>
/// The Modbus tables as a request handler sees them (<see cref="ModbusBridge"/> over a running program; tests use
/// plain arrays). Called from client threads; addresses are already checked against <see cref="ModbusMap"/>.
/// </summary>
public interface IModbusData
{
    /// <summary>Whether there is anything to serve yet: the server accepts connections only from then on (for the
    /// process image, once the first scan has been published, so no client ever sees the image before the program
    /// ran).</summary>
    bool Ready { get; }

    /// <summary>Reads <paramref name="count"/> addresses into <paramref name="destination"/>: bits packed 8 to a
    /// byte, the lowest address in bit 0, unused high bits 0; registers big-endian, 2 bytes each.</summary>
    void Read(ModbusTable table, int start, int count, System.Span<byte> destination);

    /// <summary>Applies a write; completes once it is in the image, with <see cref="ModbusException.None"/> or the
    /// exception code to answer with.</summary>
    ValueTask<byte> WriteAsync(ModbusWrite write, CancellationToken token);
}

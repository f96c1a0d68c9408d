using System;
using System.Threading;
using System.Threading.Tasks;
using Plc.Connectivity.Modbus;

namespace Plc.Tests.Connectivity;

/// <summary>The four Modbus tables as plain arrays, written at once: the request handler's and the server's tests
/// run against it, so the expected bytes depend only on the protocol.</summary>
sealed class ArrayModbusData : IModbusData
{
    public readonly bool[] Coils = new bool[ModbusMap.Coils];
    public readonly bool[] DiscreteInputs = new bool[ModbusMap.DiscreteInputs];
    public readonly ushort[] InputRegisters = new ushort[ModbusMap.InputRegisters];
    public readonly ushort[] HoldingRegisters = new ushort[ModbusMap.HoldingRegisters];
    public int Writes;
    public bool Ready => true;
    readonly object gate = new();

    public void Read(ModbusTable table, int start, int count, Span<byte> destination)
    {
        lock (gate)
        {
            if (table is ModbusTable.Coils or ModbusTable.DiscreteInputs)
            {
                var bits = table == ModbusTable.Coils ? Coils : DiscreteInputs;
                for (int i = 0; i < count; i++)
                    if (bits[start + i]) destination[i / 8] |= (byte)(1 << (i % 8));
            }
            else
            {
                var words = table == ModbusTable.InputRegisters ? InputRegisters : HoldingRegisters;
                for (int i = 0; i < count; i++)
                {
                    destination[2 * i] = (byte)(words[start + i] >> 8);
                    destination[2 * i + 1] = (byte)words[start + i];
                }
            }
        }
    }

    public ValueTask<byte> WriteAsync(ModbusWrite write, CancellationToken token)
    {
        lock (gate)
        {
            Writes++;
            for (int i = 0; i < write.Count; i++)
            {
                if (write.Table == ModbusTable.Coils) Coils[write.Start + i] = ((write.Values[i / 8] >> (i % 8)) & 1) != 0;
                else HoldingRegisters[write.Start + i] = (ushort)((write.Values[2 * i] << 8) | write.Values[2 * i + 1]);
            }
        }
        return ValueTask.FromResult(ModbusException.None);
    }
}

using System;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// A decoded request PDU (Modbus Application Protocol v1.1b3, 6): what it reads and what it writes. Decoding checks
/// the function code (illegal function), the PDU's length, the quantities and byte counts (illegal data value) and
/// the address ranges against <see cref="ModbusMap"/> (illegal data address), in the order of the specification's
/// state diagrams. Pure: no state, no allocation.
/// </summary>
public readonly struct ModbusRequest
{
    public const byte ReadCoils = 1, ReadDiscreteInputs = 2, ReadHoldingRegisters = 3, ReadInputRegisters = 4,
        WriteSingleCoil = 5, WriteSingleRegister = 6, WriteMultipleCoils = 15, WriteMultipleRegisters = 16,
        ReadWriteMultipleRegisters = 23;

    /// <summary>Quantity limits: FC1/2 read 1..2000 bits, FC3/4 1..125 registers, FC15 writes 1..1968 coils, FC16
    /// 1..123 registers, FC23 reads 1..125 and writes 1..121 registers (they fill a 253-byte PDU).</summary>
    public const int MaxReadBits = 2000, MaxReadRegisters = 125, MaxWriteCoils = 1968, MaxWriteRegisters = 123,
        MaxReadWriteRead = 125, MaxReadWriteWrite = 121;

    public byte Function { get; init; }
    /// <summary>Registers or bits read (0: none).</summary>
    public int ReadCount { get; init; }
    public ModbusTable ReadTable { get; init; }
    public int ReadStart { get; init; }
    /// <summary>Registers or coils written (0: none).</summary>
    public int WriteCount { get; init; }
    public ModbusTable WriteTable { get; init; }
    public int WriteStart { get; init; }
    /// <summary>Where the values to write start in the PDU, and how many bytes they take: coils packed 8 to a byte,
    /// the lowest address in bit 0 (FC5: one byte, 0 or 1, derived from 0x0000/0xFF00 by the handler); registers
    /// big-endian, 2 bytes each.</summary>
    public int WriteOffset { get; init; }
    public int WriteLength { get; init; }

    public bool Reads => ReadCount > 0;
    public bool Writes => WriteCount > 0;

    static int U16(ReadOnlySpan<byte> p, int at) => (p[at] << 8) | p[at + 1];

    /// <summary>Decodes a PDU (function code first). Returns <see cref="ModbusException.None"/> and the request, or
    /// the exception code to answer with.</summary>
    public static byte Decode(ReadOnlySpan<byte> pdu, out ModbusRequest request)
    {
        request = default;
        if (pdu.Length < 1) return ModbusException.IllegalFunction;
        byte fc = pdu[0];
        switch (fc)
        {
            case ReadCoils:
            case ReadDiscreteInputs:
            case ReadHoldingRegisters:
            case ReadInputRegisters:
            {
                if (pdu.Length != 5) return ModbusException.IllegalDataValue;
                int start = U16(pdu, 1), count = U16(pdu, 3);
                bool bits = fc <= ReadDiscreteInputs;
                if (count < 1 || count > (bits ? MaxReadBits : MaxReadRegisters)) return ModbusException.IllegalDataValue;
                var table = fc switch
                {
                    ReadCoils => ModbusTable.Coils,
                    ReadDiscreteInputs => ModbusTable.DiscreteInputs,
                    ReadHoldingRegisters => ModbusTable.HoldingRegisters,
                    _ => ModbusTable.InputRegisters,
                };
                if (!ModbusMap.InRange(table, start, count)) return ModbusException.IllegalDataAddress;
                request = new ModbusRequest { Function = fc, ReadTable = table, ReadStart = start, ReadCount = count };
                return ModbusException.None;
            }
            case WriteSingleCoil:
            {
                if (pdu.Length != 5) return ModbusException.IllegalDataValue;
                int address = U16(pdu, 1), value = U16(pdu, 3);
                if (value != 0x0000 && value != 0xFF00) return ModbusException.IllegalDataValue;
                if (!ModbusMap.InRange(ModbusTable.Coils, address, 1)) return ModbusException.IllegalDataAddress;
                request = new ModbusRequest
                {
                    Function = fc, WriteTable = ModbusTable.Coils, WriteStart = address, WriteCount = 1, WriteOffset = 3, WriteLength = 1,
                };
                return ModbusException.None;
            }
            case WriteSingleRegister:
            {
                if (pdu.Length != 5) return ModbusException.IllegalDataValue;
                int address = U16(pdu, 1);
                if (!ModbusMap.InRange(ModbusTable.HoldingRegisters, address, 1)) return ModbusException.IllegalDataAddress;
                request = new ModbusRequest
                {
                    Function = fc, WriteTable = ModbusTable.HoldingRegisters, WriteStart = address, WriteCount = 1, WriteOffset = 3, WriteLength = 2,
                };
                return ModbusException.None;
            }
            case WriteMultipleCoils:
            case WriteMultipleRegisters:
            {
                if (pdu.Length < 6) return ModbusException.IllegalDataValue;
                int start = U16(pdu, 1), count = U16(pdu, 3), byteCount = pdu[5];
                bool coils = fc == WriteMultipleCoils;
                if (count < 1 || count > (coils ? MaxWriteCoils : MaxWriteRegisters)) return ModbusException.IllegalDataValue;
                int expected = coils ? (count + 7) / 8 : 2 * count;
                if (byteCount != expected || pdu.Length != 6 + byteCount) return ModbusException.IllegalDataValue;
                var table = coils ? ModbusTable.Coils : ModbusTable.HoldingRegisters;
                if (!ModbusMap.InRange(table, start, count)) return ModbusException.IllegalDataAddress;
                request = new ModbusRequest
                {
                    Function = fc, WriteTable = table, WriteStart = start, WriteCount = count, WriteOffset = 6, WriteLength = byteCount,
                };
                return ModbusException.None;
            }
            case ReadWriteMultipleRegisters:
            {
                if (pdu.Length < 10) return ModbusException.IllegalDataValue;
                int readStart = U16(pdu, 1), readCount = U16(pdu, 3), writeStart = U16(pdu, 5), writeCount = U16(pdu, 7), byteCount = pdu[9];
                if (readCount < 1 || readCount > MaxReadWriteRead || writeCount < 1 || writeCount > MaxReadWriteWrite
                    || byteCount != 2 * writeCount || pdu.Length != 10 + byteCount)
                    return ModbusException.IllegalDataValue;
                if (!ModbusMap.InRange(ModbusTable.HoldingRegisters, readStart, readCount)
                    || !ModbusMap.InRange(ModbusTable.HoldingRegisters, writeStart, writeCount))
                    return ModbusException.IllegalDataAddress;
                request = new ModbusRequest
                {
                    Function = fc,
                    ReadTable = ModbusTable.HoldingRegisters, ReadStart = readStart, ReadCount = readCount,
                    WriteTable = ModbusTable.HoldingRegisters, WriteStart = writeStart, WriteCount = writeCount,
                    WriteOffset = 10, WriteLength = byteCount,
                };
                return ModbusException.None;
            }
            default:
                return ModbusException.IllegalFunction;
        }
    }
}

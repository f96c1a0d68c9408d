namespace Plc.Connectivity.Modbus;

/// <summary>The four Modbus data tables (docs/modbus.md has the map to the process image).</summary>
public enum ModbusTable : byte
{
    /// <summary>Read-write bits: %QX.</summary>
    Coils,
    /// <summary>Read-only bits: %IX.</summary>
    DiscreteInputs,
    /// <summary>Read-only 16-bit registers: %IW.</summary>
    InputRegisters,
    /// <summary>Read-write 16-bit registers: %QW, then %MW.</summary>
    HoldingRegisters,
}

/// <summary>Modbus exception codes (Modbus Application Protocol v1.1b3, 7).</summary>
public static class ModbusException
{
    public const byte None = 0;
    /// <summary>The function code is not supported (or writing is disabled: read-only server).</summary>
    public const byte IllegalFunction = 0x01;
    /// <summary>The address range is not (entirely) in the table.</summary>
    public const byte IllegalDataAddress = 0x02;
    /// <summary>A quantity out of its limits, a byte count that does not match, a coil value other than
    /// 0xFF00/0x0000, or a PDU of the wrong length.</summary>
    public const byte IllegalDataValue = 0x03;
    /// <summary>The write could not be applied (the scan loop did not take it in time).</summary>
    public const byte ServerDeviceFailure = 0x04;
    /// <summary>Too many writes waiting for the scan loop: retry later.</summary>
    public const byte ServerDeviceBusy = 0x06;
}

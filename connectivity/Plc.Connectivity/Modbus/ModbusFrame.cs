using System;

namespace Plc.Connectivity.Modbus;

/// <summary>What <see cref="ModbusFrame.Check"/> found at the start of a receive buffer.</summary>
public enum FrameStatus
{
    /// <summary>Fewer bytes than the header or the length field asks for: read more.</summary>
    Incomplete,
    /// <summary>A whole frame (MBAP header and PDU) of <c>length</c> bytes.</summary>
    Complete,
    /// <summary>Not Modbus TCP: a protocol identifier other than 0, or a length field below 2 or above 254. The frame
    /// boundaries cannot be trusted any more, so the connection is closed.</summary>
    Malformed,
}

/// <summary>
/// The Modbus TCP framing (Modbus Messaging on TCP/IP Implementation Guide v1.0b, 3.1.3): a 7-byte MBAP header —
/// transaction identifier (2 bytes), protocol identifier (2, always 0), length (2: the unit identifier and the PDU
/// that follow), unit identifier (1) — then the PDU: function code and data, at most 253 bytes. All fields are
/// big-endian. Pure functions over spans: no state, no allocation.
/// </summary>
public static class ModbusFrame
{
    public const int HeaderSize = 7;
    /// <summary>The longest PDU (function code and data).</summary>
    public const int MaxPduSize = 253;
    /// <summary>The longest frame: header and the longest PDU.</summary>
    public const int MaxFrameSize = HeaderSize + MaxPduSize;

    /// <summary>Whether <paramref name="buffer"/> starts with a whole frame; <paramref name="length"/> is its size
    /// when it does. Looks only at the first 6 bytes of the header, so a malformed frame is noticed as early as
    /// possible.</summary>
    public static FrameStatus Check(ReadOnlySpan<byte> buffer, out int length)
    {
        length = 0;
        if (buffer.Length >= 4 && (buffer[2] != 0 || buffer[3] != 0)) return FrameStatus.Malformed;
        if (buffer.Length < 6) return FrameStatus.Incomplete;
        int field = (buffer[4] << 8) | buffer[5];
        if (field < 2 || field > MaxPduSize + 1) return FrameStatus.Malformed;
        if (buffer.Length < 6 + field) return FrameStatus.Incomplete;
        length = 6 + field;
        return FrameStatus.Complete;
    }

    /// <summary>The transaction identifier of a frame.</summary>
    public static ushort TransactionId(ReadOnlySpan<byte> frame) => (ushort)((frame[0] << 8) | frame[1]);

    /// <summary>The unit identifier of a frame.</summary>
    public static byte UnitId(ReadOnlySpan<byte> frame) => frame[6];

    /// <summary>Writes the header of a response with a PDU of <paramref name="pduLength"/> bytes: the request's
    /// transaction and unit identifiers, protocol 0. Returns the frame's size.</summary>
    public static int WriteHeader(Span<byte> response, ushort transactionId, byte unitId, int pduLength)
    {
        if ((uint)pduLength > MaxPduSize) throw new ArgumentOutOfRangeException(nameof(pduLength));
        int field = pduLength + 1;
        response[0] = (byte)(transactionId >> 8);
        response[1] = (byte)transactionId;
        response[2] = 0;
        response[3] = 0;
        response[4] = (byte)(field >> 8);
        response[5] = (byte)field;
        response[6] = unitId;
        return HeaderSize + pduLength;
    }
}

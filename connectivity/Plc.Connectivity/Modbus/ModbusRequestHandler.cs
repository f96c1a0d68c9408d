using System;
using System.Threading;
using System.Threading.Tasks;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// Answers one request PDU with one response PDU: function codes 1, 2, 3, 4, 5, 6, 15, 16 and 23 over an
/// <see cref="IModbusData"/>, exception responses (function code | 0x80, exception code) for everything else.
/// A write completes before its response is built, so a client that reads after a write's response sees the
/// written value (unless the program changed it in the scan that took the write). FC23 writes first, then reads,
/// as the specification says. Read-only: every writing function answers illegal function.
/// </summary>
public sealed class ModbusRequestHandler
{
    readonly IModbusData data;
    readonly bool readOnly;

    public ModbusRequestHandler(IModbusData data, bool readOnly = false)
    {
        this.data = data;
        this.readOnly = readOnly;
    }

    /// <summary>Handles a request PDU; writes the response PDU into <paramref name="response"/> (at least
    /// <see cref="ModbusFrame.MaxPduSize"/> bytes) and returns its length.</summary>
    public async ValueTask<int> HandleAsync(ReadOnlyMemory<byte> pdu, Memory<byte> response, CancellationToken token)
    {
        byte function = pdu.Length > 0 ? pdu.Span[0] : (byte)0;
        byte error = ModbusRequest.Decode(pdu.Span, out var request);
        if (error == ModbusException.None && request.Writes)
        {
            if (readOnly) error = ModbusException.IllegalFunction;
            else error = await data.WriteAsync(CopyValues(pdu.Span, request), token).ConfigureAwait(false);
        }
        if (error != ModbusException.None) return Exception(response.Span, function, error);
        return Respond(pdu.Span, request, response.Span);
    }

    /// <summary>An exception response: the function code with its high bit set, then the exception code.</summary>
    public static int Exception(Span<byte> response, byte function, byte code)
    {
        response[0] = (byte)(function | 0x80);
        response[1] = code;
        return 2;
    }

    static ModbusWrite CopyValues(ReadOnlySpan<byte> pdu, in ModbusRequest r)
    {
        byte[] values;
        if (r.Function == ModbusRequest.WriteSingleCoil) values = new[] { pdu[3] == 0xFF ? (byte)1 : (byte)0 };
        else values = pdu.Slice(r.WriteOffset, r.WriteLength).ToArray();
        return new ModbusWrite(r.WriteTable, r.WriteStart, r.WriteCount, values);
    }

    int Respond(ReadOnlySpan<byte> pdu, in ModbusRequest r, Span<byte> response)
    {
        switch (r.Function)
        {
            case ModbusRequest.WriteSingleCoil:
            case ModbusRequest.WriteSingleRegister:
                pdu.Slice(0, 5).CopyTo(response);   // the echo of the request
                return 5;
            case ModbusRequest.WriteMultipleCoils:
            case ModbusRequest.WriteMultipleRegisters:
                pdu.Slice(0, 5).CopyTo(response);   // function, start, quantity
                return 5;
            default:
            {
                bool bits = r.ReadTable is ModbusTable.Coils or ModbusTable.DiscreteInputs;
                int bytes = bits ? (r.ReadCount + 7) / 8 : 2 * r.ReadCount;
                response[0] = r.Function;
                response[1] = (byte)bytes;
                var values = response.Slice(2, bytes);
                values.Clear();
                data.Read(r.ReadTable, r.ReadStart, r.ReadCount, values);
                return 2 + bytes;
            }
        }
    }
}

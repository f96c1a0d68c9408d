using System;
using System.Net;
using System.Net.Sockets;

namespace Plc.Tests.Connectivity;

/// <summary>A Modbus TCP client over a bare socket for the tests: sends any bytes, reads whole response frames.</summary>
sealed class RawModbusClient : IDisposable
{
    public readonly Socket Socket;
    ushort transaction;

    public RawModbusClient(IPEndPoint server, int receiveTimeoutMs = 5000)
    {
        Socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = receiveTimeoutMs };
        Socket.Connect(server);
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>A frame around a PDU: transaction, protocol 0, length, unit.</summary>
    public static byte[] Frame(ushort transaction, byte unit, byte[] pdu)
    {
        var f = new byte[7 + pdu.Length];
        f[0] = (byte)(transaction >> 8); f[1] = (byte)transaction;
        f[4] = (byte)((pdu.Length + 1) >> 8); f[5] = (byte)(pdu.Length + 1);
        f[6] = unit;
        pdu.CopyTo(f, 7);
        return f;
    }

    public void Send(byte[] bytes) => Socket.Send(bytes);

    /// <summary>Sends a PDU, returns the response PDU (checks the echoed transaction and unit).</summary>
    public byte[] Request(byte[] pdu, byte unit = 1)
    {
        ushort t = ++transaction;
        Send(Frame(t, unit, pdu));
        var (rt, ru, r) = Receive() ?? throw new InvalidOperationException("the server closed the connection");
        if (rt != t || ru != unit) throw new InvalidOperationException($"response for transaction {rt} unit {ru}, expected {t} {unit}");
        return r;
    }

    /// <summary>One response frame, or null when the server closed the connection.</summary>
    public (ushort Transaction, byte Unit, byte[] Pdu)? Receive()
    {
        var header = new byte[7];
        if (!ReadExactly(header)) return null;
        if (header[2] != 0 || header[3] != 0) throw new InvalidOperationException("protocol identifier not 0 in a response");
        int length = (header[4] << 8) | header[5];
        var pdu = new byte[length - 1];
        if (!ReadExactly(pdu)) throw new InvalidOperationException("response cut short");
        return ((ushort)((header[0] << 8) | header[1]), header[6], pdu);
    }

    /// <summary>Whether the server closed the connection (end of stream or reset) within the receive timeout,
    /// without sending anything first.</summary>
    public bool ClosedByServer()
    {
        var b = new byte[1];
        try { return Socket.Receive(b) == 0; }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return true; }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { return false; }
    }

    bool ReadExactly(byte[] buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = Socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Plc.Connectivity.Modbus;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// The TCP server against hostile clients: malformed headers, lengths that lie, oversized requests, slow senders,
/// idle connections, more connections than the limit (thousands of them), and a seeded fuzz of random frames. The
/// server answers with exceptions or closes the connection, keeps serving everyone else, and never holds more than
/// its limit of connections.
/// </summary>
[Collection(ModbusLoadCollection.Name)]
public sealed class ModbusServerTests : IDisposable
{
    readonly ArrayModbusData data = new();
    readonly ModbusServer server;

    public ModbusServerTests() : this(new ModbusServerOptions
    {
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        MaxConnections = 8,
        FrameTimeout = TimeSpan.FromMilliseconds(800),
        IdleTimeout = TimeSpan.FromSeconds(2),
        SendTimeout = TimeSpan.FromSeconds(1),
    }) { }

    ModbusServerTests(ModbusServerOptions options)
    {
        server = new ModbusServer(data, options);
        server.Start();
    }

    public void Dispose() => server.Dispose();

    RawModbusClient Connect(int receiveTimeoutMs = 5000) => new(server.LocalEndpoint, receiveTimeoutMs);

    static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>A fresh connection still gets answers.</summary>
    void AssertServing()
    {
        data.HoldingRegisters[7] = 0x0A0B;
        using var c = Connect();
        Assert.Equal(Bytes("03 02 0A0B"), c.Request(Bytes("03 0007 0001")));
    }

    [Fact]
    public void Listens_on_loopback_by_default()
    {
        var options = new ModbusServerOptions();
        Assert.Equal(IPAddress.Loopback, options.Endpoint.Address);
        Assert.Equal(502, options.Endpoint.Port);
        Assert.Equal(16, options.MaxConnections);
        Assert.False(options.ReadOnly);
        Assert.Equal(IPAddress.Loopback, server.LocalEndpoint.Address);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(255)]
    public void Any_unit_identifier_is_served_and_echoed(byte unit)
    {
        data.InputRegisters[2] = 0x1234;
        using var c = Connect();
        Assert.Equal(Bytes("04 02 1234"), c.Request(Bytes("04 0002 0001"), unit));
    }

    [Fact]
    public void Answers_a_whole_frame_byte_for_byte_on_the_wire()
    {
        data.HoldingRegisters[107] = 0x022B;
        using var c = Connect();
        c.Send(Bytes("BEEF 0000 0006 11 03 006B 0001"));
        var response = new byte[11];
        int got = 0;
        while (got < response.Length) got += c.Socket.Receive(response, got, response.Length - got, SocketFlags.None);
        Assert.Equal(Bytes("BEEF 0000 0005 11 03 02 022B"), response);
    }

    [Fact]
    public void Pipelined_and_split_frames_are_answered_in_order()
    {
        data.HoldingRegisters[0] = 1; data.HoldingRegisters[1] = 2;
        using var c = Connect();
        var a = RawModbusClient.Frame(1, 1, Bytes("03 0000 0001"));
        var b = RawModbusClient.Frame(2, 1, Bytes("03 0001 0001"));
        c.Send(a.Concat(b).ToArray());              // two in one segment
        Assert.Equal((ushort)1, c.Receive()!.Value.Transaction);
        Assert.Equal(Bytes("03 02 0002"), c.Receive()!.Value.Pdu);
        foreach (var x in a) { c.Send(new[] { x }); Thread.Sleep(1); }   // one byte at a time
        Assert.Equal(Bytes("03 02 0001"), c.Receive()!.Value.Pdu);
    }

    [Theory]
    [InlineData("0001 0001 0006 01 03 0000 0001")]   // protocol identifier 1
    [InlineData("0001 FFFF 0006 01 03 0000 0001")]
    [InlineData("0001 0000 0000")]                   // length 0
    [InlineData("0001 0000 0001 01")]                // length 1: unit only
    [InlineData("0001 0000 00FF 01")]                // length 255: oversized
    [InlineData("0001 0000 FFFF 01")]
    [InlineData("4745 5420 2F20 4854 5450 2F31 2E31 0D0A")]   // "GET / HTTP/1.1"
    public void A_malformed_header_closes_the_connection_without_an_answer(string frame)
    {
        using (var c = Connect())
        {
            c.Send(Bytes(frame));
            Assert.True(c.ClosedByServer());
        }
        AssertServing();
        Assert.True(server.ClosedMalformed >= 1);
    }

    [Fact]
    public void A_length_that_claims_more_than_comes_closes_after_the_frame_timeout()
    {
        using var c = Connect(receiveTimeoutMs: 5000);
        var watch = Stopwatch.StartNew();
        c.Send(Bytes("0001 0000 0064 01 03 0000 0001"));   // says 100 bytes follow, sends 6
        Assert.True(c.ClosedByServer());
        Assert.InRange(watch.ElapsedMilliseconds, 600, 4000);   // the 800 ms frame timeout
        AssertServing();
    }

    [Fact]
    public void A_length_that_claims_less_than_the_pdu_needs_gets_illegal_data_value()
    {
        using var c = Connect();
        // FC16, 2 registers, byte count 4, but the length field (6) ends the frame after the byte count... the rest
        // of what was sent is the start of the next frame, and its protocol field is not 0: closed.
        c.Send(Bytes("0001 0000 0007 01 10 0000 0002 04"));
        Assert.Equal(Bytes("90 03"), c.Receive()!.Value.Pdu);
        c.Send(Bytes("0002 0000 0003 01 03 00"));           // FC3 with one byte of its four
        Assert.Equal(Bytes("83 03"), c.Receive()!.Value.Pdu);
        Assert.Equal(0, data.Writes);
    }

    [Fact]
    public void The_longest_frame_with_a_wrong_byte_count_gets_illegal_data_value_and_the_connection_stays()
    {
        using var c = Connect();
        var pdu = new byte[253];
        pdu[0] = 0x10; pdu[3] = 0; pdu[4] = 123; pdu[5] = 247;   // 123 registers need 246 bytes; says 247
        Assert.Equal(Bytes("90 03"), c.Request(pdu));
        pdu[5] = 246;
        Assert.Equal(Bytes("90 03"), c.Request(pdu));            // right byte count, one byte too many in the PDU
        Assert.Equal(Bytes("03 02 0000"), c.Request(Bytes("03 0000 0001")));
    }

    [Fact]
    public void A_slow_loris_sending_a_byte_at_a_time_is_closed_after_the_frame_timeout()
    {
        using var c = Connect();
        var frame = RawModbusClient.Frame(1, 1, Bytes("03 0000 0001"));
        var watch = Stopwatch.StartNew();
        bool closed = false;
        int sent = 0;
        for (; sent < frame.Length && watch.ElapsedMilliseconds < 5000; sent++)
        {
            try { c.Send(new[] { frame[sent] }); }
            catch (SocketException) { closed = true; break; }
            Thread.Sleep(250);   // 4 bytes a second: the 12-byte frame would take 3 s
            if (c.Socket.Poll(0, SelectMode.SelectRead)) { closed = c.ClosedByServer(); break; }
        }
        Assert.True(closed, "still open after sending " + sent + " bytes");
        Assert.InRange(watch.ElapsedMilliseconds, 600, 3000);
        Assert.True(sent < frame.Length);
        Assert.True(server.ClosedTimeout >= 1);
    }

    [Fact]
    public void A_client_that_sends_without_reading_is_closed_and_blocks_nobody()
    {
        data.HoldingRegisters[7] = 0x0A0B;
        using var hog = Connect();
        hog.Socket.ReceiveBufferSize = 4096;
        var request = RawModbusClient.Frame(1, 1, Bytes("03 0000 007D"));   // 125 registers: 259-byte responses
        var burst = Enumerable.Range(0, 200).SelectMany(_ => request).ToArray();
        var watch = Stopwatch.StartNew();
        bool closed = false;
        long timeoutsBefore = server.ClosedTimeout;
        hog.Socket.SendTimeout = 2000;
        // Closed: the hog sees the reset, or the server has counted the close for its send timeout (on a loaded
        // machine the reset can reach the hog only after several more bursts have gone into its buffers).
        while (watch.ElapsedMilliseconds < 15000 && !closed)
        {
            try { hog.Socket.Send(burst); }
            catch (SocketException x) when (x.SocketErrorCode == SocketError.TimedOut) { }   // its buffers are full: still open
            catch (SocketException) { closed = true; }                                        // reset by the server
            if (server.ClosedTimeout > timeoutsBefore) closed = true;
            AssertServing();   // everyone else is answered meanwhile
        }
        Assert.True(closed, "the server kept a client that never reads");
        Assert.Equal(0, data.Writes);
    }

    [Fact]
    public void An_idle_connection_is_closed_after_the_idle_timeout()
    {
        using var c = Connect(receiveTimeoutMs: 6000);
        Assert.Equal(Bytes("03 02 0000"), c.Request(Bytes("03 0000 0001")));
        var watch = Stopwatch.StartNew();
        Assert.True(c.ClosedByServer());
        Assert.InRange(watch.ElapsedMilliseconds, 1500, 5000);   // the 2 s idle timeout
    }

    [Fact]
    public void Connections_beyond_the_limit_are_closed_at_once_and_the_others_keep_being_served()
    {
        var held = new List<RawModbusClient>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                var c = Connect();
                Assert.Equal(Bytes("03 02 0000"), c.Request(Bytes("03 0000 0001")));   // served: counted
                held.Add(c);
            }
            Assert.Equal(8, server.ClientCount);
            using (var extra = Connect(receiveTimeoutMs: 3000))
                Assert.True(extra.ClosedByServer());
            Assert.Equal(1, server.Refused);
            foreach (var c in held) Assert.Equal(Bytes("03 02 0000"), c.Request(Bytes("03 0000 0001")));
            held[0].Dispose();
            held.RemoveAt(0);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (server.ClientCount > 7 && DateTime.UtcNow < deadline) Thread.Sleep(10);
            using var again = Connect();
            Assert.Equal(Bytes("03 02 0000"), again.Request(Bytes("03 0000 0001")));
        }
        finally { foreach (var c in held) c.Dispose(); }
    }

    [Fact]
    public async Task Thousands_of_connections_are_refused_while_a_client_keeps_being_served()
    {
        data.HoldingRegisters[0] = 0x4242;
        using var steady = Connect();
        Assert.Equal(Bytes("03 02 4242"), steady.Request(Bytes("03 0000 0001")));
        const int storm = 2000;
        int answeredDuringStorm = 0;
        bool stop = false;
        var poller = Task.Run(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                Assert.Equal(Bytes("03 02 4242"), steady.Request(Bytes("03 0000 0001")));
                Interlocked.Increment(ref answeredDuringStorm);
            }
        });
        var sockets = new Socket[storm];
        try
        {
            // In waves of 100 that stay open: more at once than the kernel's accept queue holds would leave some
            // half-open in the kernel, never reaching the server (a kernel matter, not the server's).
            for (int wave = 0; wave < storm; wave += 100)
            {
                var connects = new Task[100];
                for (int i = 0; i < 100; i++)
                {
                    sockets[wave + i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    connects[i] = sockets[wave + i].ConnectAsync(server.LocalEndpoint);
                }
                try { await Task.WhenAll(connects).WaitAsync(TimeSpan.FromSeconds(30)); }
                catch (SocketException) { }   // refused by the kernel when its queue overflows: fine
                Assert.InRange(server.ClientCount, 1, 8);
            }
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (server.Refused < storm - 8 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(server.Refused >= storm - 8, $"refused {server.Refused}");
            Assert.InRange(server.ClientCount, 1, 8);
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
            Volatile.Write(ref stop, true);
            await poller;
        }
        Assert.True(answeredDuringStorm > 0);
        AssertServing();
    }

    [Fact]
    public void Fuzz_random_frames_get_answers_or_closed_connections_and_the_server_survives()
    {
        var random = new Random(20261129);
        long memoryBefore = GC.GetTotalMemory(true);
        RawModbusClient? c = null;
        int answered = 0, closed = 0;
        try
        {
            for (int i = 0; i < 4000; i++)
            {
                c ??= Connect(receiveTimeoutMs: 3000);
                byte[] frame;
                int kind = random.Next(4);
                if (kind == 0)
                {
                    // Anything at all.
                    frame = new byte[random.Next(1, 300)];
                    random.NextBytes(frame);
                }
                else
                {
                    // A valid header around a random PDU: a known function code most of the time.
                    var pdu = new byte[random.Next(1, 254)];
                    random.NextBytes(pdu);
                    byte[] functions = { 1, 2, 3, 4, 5, 6, 15, 16, 23 };
                    if (kind >= 2) pdu[0] = functions[random.Next(functions.Length)];
                    if (kind == 3 && pdu.Length >= 5)
                    {
                        pdu[1] = 0; pdu[2] = (byte)random.Next(8);    // addresses and quantities near the limits
                        pdu[3] = 0; pdu[4] = (byte)random.Next(130);
                    }
                    frame = RawModbusClient.Frame((ushort)i, (byte)random.Next(256), pdu);
                }
                bool valid = ModbusFrame.Check(frame, out int length) == FrameStatus.Complete && length == frame.Length;
                try
                {
                    c.Send(frame);
                    if (!valid)
                    {
                        // Not one whole frame: the server closes it (malformed) or waits for the rest (timeout); do not wait.
                        c.Dispose(); c = null; closed++;
                        continue;
                    }
                    var r = c.Receive();
                    Assert.NotNull(r);
                    Assert.Equal((ushort)i, r!.Value.Transaction);
                    Assert.Equal(frame[6], r.Value.Unit);
                    var p = r.Value.Pdu;
                    Assert.Equal(frame[7] & 0x7F, p[0] & 0x7F);
                    if ((p[0] & 0x80) != 0)
                    {
                        Assert.Equal(2, p.Length);
                        Assert.InRange(p[1], (byte)1, (byte)3);
                    }
                    answered++;
                }
                catch (SocketException) { c?.Dispose(); c = null; closed++; }
            }
        }
        finally { c?.Dispose(); }
        Assert.True(answered > 2000, $"answered {answered}, closed {closed}");
        AssertServing();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.ClientCount > 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.Equal(0, server.ClientCount);   // every connection the fuzz left behind is gone (closed or timed out)
        long growth = GC.GetTotalMemory(true) - memoryBefore;
        Assert.True(growth < 16 << 20, $"memory grew by {growth} bytes");
    }
}

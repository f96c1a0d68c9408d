using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// Modbus TCP server (docs/modbus.md): one asynchronous loop per connection, requests answered in order. Each
/// connection owns two fixed buffers of one maximal frame (260 bytes), so memory is bounded by
/// <see cref="ModbusServerOptions.MaxConnections"/>. A malformed header (protocol identifier not 0, length field
/// outside 2..254) closes the connection; so do a frame that does not arrive whole within the frame timeout
/// (slow senders), a connection idle for longer than the idle timeout, and a client that does not take its
/// response. Connections beyond the limit are accepted and closed at once. Nothing is accepted before
/// <see cref="IModbusData.Ready"/>. Nothing here touches the scan thread
/// except through the <see cref="IModbusData"/> (the <see cref="ModbusBridge"/>).
/// </summary>
public sealed class ModbusServer : IDisposable
{
    readonly ModbusServerOptions options;
    readonly ModbusRequestHandler handler;
    readonly IModbusData data;
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<Socket, Task> connections = new();
    Socket? listener;
    Task? acceptLoop;
    int clients;
    long refused, requests, closedMalformed, closedTimeout;
    int disposed;

    public ModbusServer(IModbusData data, ModbusServerOptions options)
    {
        if (options.MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxConnections must be at least 1");
        this.options = options;
        this.data = data;
        handler = new ModbusRequestHandler(data, options.ReadOnly);
    }

    /// <summary>Starts listening (throws <see cref="SocketException"/> when the endpoint cannot be bound).</summary>
    public void Start()
    {
        if (Volatile.Read(ref disposed) != 0) throw new ObjectDisposedException(nameof(ModbusServer));
        if (listener != null) throw new InvalidOperationException("the Modbus server is already started");
        var s = new Socket(options.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(options.Endpoint);
            s.Listen(512);
        }
        catch
        {
            s.Dispose();
            throw;
        }
        listener = s;
        acceptLoop = Task.Run(() => AcceptLoop(s));
    }

    /// <summary>The address and port it listens on (the port chosen when the endpoint's port was 0).</summary>
    public IPEndPoint LocalEndpoint => listener?.LocalEndPoint as IPEndPoint ?? options.Endpoint;

    public ModbusServerOptions Options => options;

    /// <summary>Connections being served.</summary>
    public int ClientCount => Volatile.Read(ref clients);
    /// <summary>Connections closed at once because the limit was reached.</summary>
    public long Refused => Interlocked.Read(ref refused);
    /// <summary>Requests answered (including exception responses).</summary>
    public long Requests => Interlocked.Read(ref requests);
    /// <summary>Connections closed for a malformed MBAP header.</summary>
    public long ClosedMalformed => Interlocked.Read(ref closedMalformed);
    /// <summary>Connections closed for the idle, frame or send timeout.</summary>
    public long ClosedTimeout => Interlocked.Read(ref closedTimeout);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stop.Cancel();
        try { listener?.Dispose(); } catch (SocketException) { }
        foreach (var c in connections.Keys) c.Dispose();
        var tasks = connections.Values.ToList();
        if (acceptLoop != null) tasks.Add(acceptLoop);
        try { Task.WaitAll(tasks.ToArray(), TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        stop.Dispose();
    }

    async Task AcceptLoop(Socket l)
    {
        var token = stop.Token;
        // Listening already (a port in use fails at Start), but connections wait in the backlog until there is an
        // image to serve.
        while (!data.Ready)
        {
            try { await Task.Delay(1, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
        }
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try { client = await l.AcceptAsync(token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException)
            {
                // Out of file descriptors or similar: wait a little rather than spin.
                try { await Task.Delay(100, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            if (Interlocked.Increment(ref clients) > options.MaxConnections)
            {
                Interlocked.Decrement(ref clients);
                Interlocked.Increment(ref refused);
                try { client.Close(0); } catch (SocketException) { }   // reset: frees the socket at once
                continue;
            }
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = Serve(client, gate.Task, token);
            connections[client] = task;
            gate.SetResult();
        }
    }

    async Task Serve(Socket client, Task registered, CancellationToken token)
    {
        try
        {
            await registered.ConfigureAwait(false);
            client.NoDelay = true;
            var input = new byte[ModbusFrame.MaxFrameSize];
            var output = new byte[ModbusFrame.MaxFrameSize];
            int filled = 0;
            long frameStarted = 0;   // Environment.TickCount64 when the first byte of the pending frame came
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
            while (!token.IsCancellationRequested)
            {
                var status = ModbusFrame.Check(input.AsSpan(0, filled), out int length);
                if (status == FrameStatus.Malformed)
                {
                    Interlocked.Increment(ref closedMalformed);
                    return;
                }
                if (status == FrameStatus.Complete)
                {
                    int pduLength = await handler.HandleAsync(input.AsMemory(ModbusFrame.HeaderSize, length - ModbusFrame.HeaderSize),
                        output.AsMemory(ModbusFrame.HeaderSize), token).ConfigureAwait(false);
                    int size = ModbusFrame.WriteHeader(output, ModbusFrame.TransactionId(input), ModbusFrame.UnitId(input), pduLength);
                    Interlocked.Increment(ref requests);
                    if (!timer.TryReset()) return;
                    timer.CancelAfter(options.SendTimeout);
                    int sent = 0;
                    try
                    {
                        while (sent < size) sent += await client.SendAsync(output.AsMemory(sent, size - sent), SocketFlags.None, timer.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        // A client that does not read its answers within the send timeout.
                        Interlocked.Increment(ref closedTimeout);
                        return;
                    }
                    Buffer.BlockCopy(input, length, input, 0, filled - length);
                    filled -= length;
                    frameStarted = Environment.TickCount64;
                    continue;
                }
                // Incomplete: wait for more, at most until the idle timeout (nothing pending) or what is left of the
                // frame timeout (a frame has begun).
                if (filled == 0) frameStarted = 0;
                TimeSpan wait = filled == 0
                    ? options.IdleTimeout
                    : options.FrameTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - frameStarted);
                if (wait <= TimeSpan.Zero) { Interlocked.Increment(ref closedTimeout); return; }
                if (!timer.TryReset()) return;
                timer.CancelAfter(wait);
                int n;
                try { n = await client.ReceiveAsync(input.AsMemory(filled), SocketFlags.None, timer.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref closedTimeout);
                    return;
                }
                if (n == 0) return;
                if (filled == 0) frameStarted = Environment.TickCount64;
                filled += n;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            connections.TryRemove(client, out _);
            try { client.Dispose(); } catch (SocketException) { }
            Interlocked.Decrement(ref clients);
        }
    }
}

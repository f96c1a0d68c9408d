using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Plc.Runtime.Hosting.Monitoring;

/// <summary>
/// The monitoring protocol over TCP (docs/monitoring.md): UTF-8 text, one request per line, one response per
/// request; <c>list</c>, <c>read</c>, <c>write</c>, <c>force</c>, <c>unforce</c>, <c>forces</c>, <c>scans</c>,
/// <c>help</c>, <c>quit</c>. Every error is one line <c>error &lt;message&gt;</c> and leaves the connection open.
/// <para>
/// All I/O is asynchronous (no thread per client) and only touches the <see cref="MonitorBridge"/>'s client side,
/// so neither idle nor busy clients slow the scan thread. At most <see cref="MaxClients"/> connections and
/// <see cref="MaxLineBytes"/> bytes per line. There is no authentication: bind to the loopback address
/// (<see cref="IPAddress.Loopback"/>, the default) unless the network is trusted — anyone who can connect can
/// write and force variables.
/// </para>
/// </summary>
public sealed class MonitorServer : IDisposable
{
    public const int MaxLineBytes = 4096;
    public const int MaxClients = 16;
    /// <summary>A client that does not take a response within this time is disconnected.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    readonly MonitorBridge bridge;
    readonly IPEndPoint endpoint;
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<TcpClient, Task> connections = new();
    TcpListener? listener;
    Task? acceptLoop;
    int clients;
    int disposed;

    /// <summary>A server for the bridge on an endpoint; port 0 takes any free port (see <see cref="Port"/>).
    /// Use <c>new IPEndPoint(IPAddress.Loopback, port)</c> unless the network is trusted.</summary>
    public MonitorServer(MonitorBridge bridge, IPEndPoint endpoint)
    {
        this.bridge = bridge;
        this.endpoint = endpoint;
    }

    /// <summary>The loopback endpoint on a port: what a runtime should listen on by default.</summary>
    public static IPEndPoint LoopbackEndpoint(int port) => new(IPAddress.Loopback, port);

    /// <summary>Starts listening (throws <see cref="SocketException"/> when the endpoint is taken).</summary>
    public void Start()
    {
        if (Volatile.Read(ref disposed) != 0) throw new ObjectDisposedException(nameof(MonitorServer));
        if (listener != null) throw new InvalidOperationException("the monitor server is already started");
        var l = new TcpListener(endpoint);
        l.Start();
        listener = l;
        acceptLoop = Task.Run(() => AcceptLoop(l));
    }

    /// <summary>The port it listens on (the one chosen when the endpoint's port was 0).</summary>
    public int Port => listener == null ? endpoint.Port : ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The address and port it listens on.</summary>
    public IPEndPoint LocalEndpoint => listener == null ? endpoint : (IPEndPoint)listener.LocalEndpoint;

    /// <summary>The number of connected clients.</summary>
    public int ClientCount => Volatile.Read(ref clients);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stop.Cancel();
        try { listener?.Stop(); } catch (SocketException) { }
        foreach (var c in connections.Keys) c.Dispose();
        var tasks = connections.Values.ToList();
        if (acceptLoop != null) tasks.Add(acceptLoop);
        try { Task.WaitAll(tasks.ToArray(), TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        stop.Dispose();
    }

    async Task AcceptLoop(TcpListener l)
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await l.AcceptTcpClientAsync(token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException)
            {
                // Out of sockets or similar: wait a little rather than spin.
                try { await Task.Delay(100, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            if (Interlocked.Increment(ref clients) > MaxClients)
            {
                Interlocked.Decrement(ref clients);
                _ = Refuse(client, token);
                continue;
            }
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = Serve(client, gate.Task, token);
            connections[client] = task;
            gate.SetResult();
        }
    }

    static async Task Refuse(TcpClient client, CancellationToken token)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(WriteTimeout);
            var bytes = Encoding.UTF8.GetBytes($"error too many clients (at most {MaxClients})\n");
            await client.GetStream().WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally { client.Dispose(); }
    }

    async Task Serve(TcpClient client, Task registered, CancellationToken token)
    {
        try
        {
            await registered.ConfigureAwait(false);
            client.NoDelay = true;
            var stream = client.GetStream();
            var reader = new LineReader(stream);
            var session = new MonitorSession(bridge);
            while (!token.IsCancellationRequested)
            {
                var (more, line, tooLong) = await reader.Next(token).ConfigureAwait(false);
                if (!more) break;
                string response = tooLong
                    ? $"error line too long (at most {MaxLineBytes} bytes)\n"
                    : session.Handle(line!);
                if (response.Length > 0)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(WriteTimeout);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(response), timeout.Token).ConfigureAwait(false);
                }
                if (session.Closed) break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            client.Dispose();
            connections.TryRemove(client, out _);
            Interlocked.Decrement(ref clients);
        }
    }

    /// <summary>Splits a byte stream into lines of at most <see cref="MaxLineBytes"/> bytes (without the newline;
    /// a CR before it is dropped). A longer line is reported once as too long and skipped up to its newline.</summary>
    sealed class LineReader
    {
        readonly Stream stream;
        readonly byte[] buffer = new byte[MaxLineBytes + 2];
        int count;
        bool discarding;
        bool ended;

        public LineReader(Stream stream) { this.stream = stream; }

        public async Task<(bool More, string? Line, bool TooLong)> Next(CancellationToken token)
        {
            while (true)
            {
                int nl = Array.IndexOf(buffer, (byte)'\n', 0, count);
                if (nl >= 0)
                {
                    bool skip = discarding;
                    discarding = false;
                    string? line = skip ? null : Decode(nl);
                    Buffer.BlockCopy(buffer, nl + 1, buffer, 0, count - nl - 1);
                    count -= nl + 1;
                    if (skip) continue;
                    return (true, line, false);
                }
                if (ended)
                {
                    // The last line has no newline: take it too.
                    if (count > 0 && !discarding) { string last = Decode(count); count = 0; return (true, last, false); }
                    return (false, null, false);
                }
                if (discarding) count = 0;
                else if (count > MaxLineBytes + (count > 0 && buffer[count - 1] == '\r' ? 1 : 0))
                {
                    count = 0;
                    discarding = true;
                    return (true, null, true);
                }
                int n = await stream.ReadAsync(buffer.AsMemory(count, buffer.Length - count), token).ConfigureAwait(false);
                if (n == 0) ended = true;
                count += n;
            }
        }

        string Decode(int length)
        {
            if (length > 0 && buffer[length - 1] == '\r') length--;
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}

/// <summary>
/// The protocol's commands for one connection, without the networking: a line in, the response text out (every line
/// ending in '\n'). Used by <see cref="MonitorServer"/>; usable directly by other transports and tests.
/// </summary>
public sealed class MonitorSession
{
    readonly MonitorBridge bridge;

    public MonitorSession(MonitorBridge bridge) { this.bridge = bridge; }

    /// <summary>Set once <c>quit</c> was handled.</summary>
    public bool Closed { get; private set; }

    public const string HelpText =
        "list [prefix]            variables: name type flags, then .\n" +
        "read name [name...]      name = value for each name\n" +
        "write name value         set once, before the next scan: ok\n" +
        "force name value         hold a value until unforced: ok\n" +
        "unforce name|*           release one force, or all: ok\n" +
        "forces                   forced variables: name = value, then .\n" +
        "scans                    the scan counter\n" +
        "help                     this text, then .\n" +
        "quit                     close the connection: bye\n" +
        "values are IEC literals: TRUE, -5, 16#FF, 2.5, T#1s500ms, D#2024-01-15, 'text', \"wide\", Color#Green\n";

    /// <summary>Handles one request line; returns the response (empty for a blank line). Never throws for bad input.</summary>
    public string Handle(string line)
    {
        try
        {
            return Dispatch(line);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error("internal error: " + e.Message);
        }
    }

    string Dispatch(string line)
    {
        string text = line.Trim();
        if (text.Length == 0) return "";
        int i = 0;
        string command = NextToken(text, ref i) ?? "";
        string rest = text[i..].Trim();
        switch (command.ToLowerInvariant())
        {
            case "list":
            {
                var sb = new StringBuilder();
                foreach (var v in bridge.List(rest.Length == 0 ? null : rest)) sb.Append(v.ToString()).Append('\n');
                return sb.Append(".\n").ToString();
            }
            case "read":
            {
                var names = new List<string>();
                int k = 0;
                for (string? n; (n = NextToken(rest, ref k)) != null;) names.Add(n);
                if (names.Count == 0) return Error("usage: read name [name...]");
                var sb = new StringBuilder();
                foreach (var (path, error, value) in bridge.Read(names))
                {
                    if (error != null) sb.Append(Error(error));
                    else sb.Append(path).Append(" = ").Append(value).Append('\n');
                }
                return sb.ToString();
            }
            case "write":
            case "force":
            {
                int k = 0;
                string? name = NextToken(rest, ref k);
                string value = name == null ? "" : rest[k..].Trim();
                if (name == null || value.Length == 0) return Error($"usage: {command.ToLowerInvariant()} name value");
                if (value.StartsWith(":=", StringComparison.Ordinal)) value = value[2..].Trim();   // write x := 5
                string? e = command.Equals("write", StringComparison.OrdinalIgnoreCase) ? bridge.Write(name, value) : bridge.Force(name, value);
                return e == null ? "ok\n" : Error(e);
            }
            case "unforce":
            {
                if (rest.Length == 0) return Error("usage: unforce name, or unforce * for all");
                if (rest == "*") { bridge.UnforceAll(); return "ok\n"; }
                int k = 0;
                string name = NextToken(rest, ref k)!;
                if (rest[k..].Trim().Length > 0) return Error("usage: unforce name, or unforce * for all");
                string? e = bridge.Unforce(name);
                return e == null ? "ok\n" : Error(e);
            }
            case "forces":
            {
                if (rest.Length > 0) return Error("usage: forces");
                var sb = new StringBuilder();
                foreach (var (path, value) in bridge.Forces()) sb.Append(path).Append(" = ").Append(value).Append('\n');
                return sb.Append(".\n").ToString();
            }
            case "scans":
                return rest.Length > 0 ? Error("usage: scans") : bridge.Scans.ToString(CultureInfo.InvariantCulture) + "\n";
            case "help":
                return HelpText + ".\n";
            case "quit":
            case "exit":
                Closed = true;
                return "bye\n";
            default:
                return Error($"unknown command '{Printable(command)}' (try help)");
        }
    }

    static string Error(string message) => "error " + Printable(message) + "\n";

    /// <summary>A message on one line: control characters become blanks, very long text is cut.</summary>
    static string Printable(string s)
    {
        if (s.Length > 512) s = s[..512] + "...";
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(char.IsControl(c) ? ' ' : c);
        return sb.ToString();
    }

    /// <summary>The next blank-separated word; blanks inside [ ] belong to it (<c>Main.m[1, 2]</c>).</summary>
    static string? NextToken(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        if (i >= s.Length) return null;
        int start = i, depth = 0;
        while (i < s.Length && (depth > 0 || !char.IsWhiteSpace(s[i])))
        {
            if (s[i] == '[') depth++;
            else if (s[i] == ']' && depth > 0) depth--;
            i++;
        }
        return s[start..i];
    }
}

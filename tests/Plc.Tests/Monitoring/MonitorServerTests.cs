using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Plc.Runtime.Hosting.Monitoring;
using Xunit;

namespace Plc.Tests.Monitoring;

/// <summary>The TCP protocol end to end, with real sockets on a free loopback port.</summary>
public class MonitorServerTests
{
    sealed class Client : IDisposable
    {
        public readonly TcpClient Tcp;
        readonly StreamReader reader;
        readonly NetworkStream stream;

        public Client(int port)
        {
            Tcp = new TcpClient();
            Tcp.Connect(IPAddress.Loopback, port);
            Tcp.ReceiveTimeout = 5000;
            stream = Tcp.GetStream();
            reader = new StreamReader(stream, new UTF8Encoding(false));
        }

        public void SendRaw(string text)
        {
            var b = Encoding.UTF8.GetBytes(text);
            stream.Write(b, 0, b.Length);
            stream.Flush();
        }

        public void Send(string line) => SendRaw(line + "\n");
        public string? Line() => reader.ReadLine();

        public string Ask(string line)
        {
            Send(line);
            return Line() ?? "<closed>";
        }

        /// <summary>A response that ends with a line ".": the lines before it.</summary>
        public List<string> AskList(string line)
        {
            Send(line);
            var lines = new List<string>();
            for (string? l; (l = Line()) != null && l != ".";) lines.Add(l);
            return lines;
        }

        public void Dispose() => Tcp.Dispose();
    }

    static (MonitorRig Rig, MonitorServer Server) Start()
    {
        var rig = new MonitorRig();
        var server = new MonitorServer(rig.Bridge, MonitorServer.LoopbackEndpoint(0));
        server.Start();
        return (rig, server);
    }

    static void WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void CommandsEndToEnd()
    {
        var (rig, server) = Start();
        using var _ = server;
        Assert.NotEqual(0, server.Port);
        using var c = new Client(server.Port);

        Assert.Equal("0", c.Ask("scans"));
        rig.Scans(2);
        Assert.Equal("2", c.Ask("scans"));

        c.Send("read Main.x Main.nope Main.m[1, 2]  g");
        Assert.Equal("Main.x = 2", c.Line());
        Assert.Equal("error 'Main' has no member 'nope'", c.Line());
        Assert.Equal("Main.m[1, 2] = 0", c.Line());
        Assert.Equal("g = 7", c.Line());

        Assert.Equal(new[] { "Main.p.x INT -", "Main.p.y REAL -" }, c.AskList("list Main.p."));
        var all = c.AskList("list");
        Assert.Contains("Main.q1 BOOL %QX0.1", all);
        Assert.Contains("k INT global,constant", all);
        Assert.Equal(rig.Bridge.List().Count, all.Count);

        Assert.Equal("ok", c.Ask("write Main.x 40"));
        rig.Scan();
        Assert.Equal("Main.seen = 40", c.Ask("read Main.seen"));
        Assert.Equal("ok", c.Ask("write Main.s 'a b  c'"));          // the value is the rest of the line
        Assert.Equal("ok", c.Ask("write Main.ws := \"é\""));        // := is allowed before the value
        rig.Scan();
        Assert.Equal("Main.s = 'a b  '", c.Ask("read Main.s"));
        Assert.Equal("Main.ws = \"é\"", c.Ask("read Main.ws"));

        Assert.Equal("ok", c.Ask("force Main.x 5"));
        Assert.Equal("ok", c.Ask("force Main.bits.3 TRUE"));
        Assert.Equal(new[] { "Main.x = 5", "Main.bits.3 = TRUE" }, c.AskList("forces"));
        Assert.Equal(new[] { "Main.x INT forced" }, c.AskList("list Main.x"));
        rig.Scans(2);
        Assert.Equal("Main.x = 5", c.Ask("read Main.x"));
        Assert.Equal("Main.bits = 248", c.Ask("read Main.bits"));
        Assert.Equal("error 'Main.x' is forced: unforce it, or force the new value", c.Ask("write Main.x 1"));
        Assert.Equal("ok", c.Ask("unforce Main.x"));
        Assert.Equal("error 'Main.x' is not forced", c.Ask("unforce Main.x"));
        Assert.Equal("ok", c.Ask("unforce *"));
        Assert.Empty(c.AskList("forces"));

        var help = c.AskList("help");
        Assert.Contains(help, l => l.StartsWith("force name value"));

        Assert.Equal("bye", c.Ask("quit"));
        Assert.Null(c.Line());
        WaitFor(() => server.ClientCount == 0);
    }

    [Fact]
    public void MalformedLinesAnswerOneErrorLineAndKeepTheConnection()
    {
        var (_, server) = Start();
        using var __ = server;
        using var c = new Client(server.Port);
        Assert.Equal("error unknown command 'bogus' (try help)", c.Ask("bogus things"));
        Assert.Equal("error usage: write name value", c.Ask("write"));
        Assert.Equal("error usage: write name value", c.Ask("write Main.x"));
        Assert.Equal("error usage: force name value", c.Ask("FORCE Main.x   "));
        Assert.Equal("error usage: read name [name...]", c.Ask("read"));
        Assert.Equal("error usage: unforce name, or unforce * for all", c.Ask("unforce"));
        Assert.Equal("error usage: scans", c.Ask("scans 3"));
        Assert.Equal("error 'Main.p': a structure cannot be written as a whole: write its members one by one", c.Ask("force Main.p 1"));
        Assert.Equal("error 'Main.x': 'zz' is not a literal of type INT", c.Ask("write Main.x zz"));
        Assert.Equal("error index 9 is outside the bounds 1..3 of 'Main.arr'", c.Ask("read Main.arr[9]"));
        Assert.StartsWith("error unknown command", c.Ask("\u0001\u0002\u00ff"));
        Assert.StartsWith("error", c.Ask("read Main.x["));
        c.Send("");                                    // blank lines get no answer
        c.Send("   \r");
        Assert.Equal("0", c.Ask("SCANS"));
        Assert.Equal(new[] { "Main.p.x INT -", "Main.p.y REAL -" }, c.AskList("LIST main.p."));
    }

    [Fact]
    public void OverLongLinesAreRefusedAndSkipped()
    {
        var (_, server) = Start();
        using var __ = server;
        using var c = new Client(server.Port);
        c.Send(new string('x', 5000));
        Assert.Equal($"error line too long (at most {MonitorServer.MaxLineBytes} bytes)", c.Line());
        Assert.Equal("0", c.Ask("scans"));

        // A long line arriving in pieces: reported once, as soon as it passes the limit; the rest is skipped.
        c.SendRaw(new string('y', 3000));
        Thread.Sleep(20);
        c.SendRaw(new string('y', 3000));
        Assert.Equal($"error line too long (at most {MonitorServer.MaxLineBytes} bytes)", c.Line());
        c.SendRaw(new string('y', 3000));
        Thread.Sleep(20);
        c.SendRaw("yyy\nscans\n");
        Assert.Equal("0", c.Line());

        // Exactly the limit is fine, with LF or CR LF.
        string name = new string('a', MonitorServer.MaxLineBytes - "read ".Length);
        Assert.StartsWith("error unknown variable 'aaa", c.Ask("read " + name));
        c.SendRaw("read " + name + "\r\n");
        Assert.StartsWith("error unknown variable 'aaa", c.Line());
        Assert.Equal("0", c.Ask("scans"));
    }

    [Fact]
    public void SeveralClientsAtOnceWhileTheProgramRuns()
    {
        var (rig, server) = Start();
        using var __ = server;
        // Plain threads (blocking client I/O on pool threads would starve the server's async I/O on small machines).
        bool stop = false;
        var scanner = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) { rig.Scan(); Thread.Sleep(1); }
        });
        scanner.Start();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var clients = Enumerable.Range(1, 5).Select(i => new Thread(() =>
        {
            try
            {
                using var c = new Client(server.Port);
                for (int round = 0; round < 20; round++)
                {
                    Assert.Equal("ok", c.Ask($"force Main.arr[{(i - 1) % 3 + 1}].x {i * 100 + round}"));
                    Assert.StartsWith("Main.count = ", c.Ask("read Main.count"));
                    Assert.Equal("error unknown variable 'nope'", c.Ask("read nope"));
                    Assert.Equal("ok", c.Ask($"write Main.big[{i}] {round}"));
                }
                Assert.Equal("bye", c.Ask("quit"));
            }
            catch (Exception e) { failures.Enqueue(e); }
        })).ToList();
        clients.ForEach(t => t.Start());
        foreach (var t in clients) Assert.True(t.Join(TimeSpan.FromSeconds(10)));
        Assert.Empty(failures);
        // Each client's last write, and per element some client's last force, are in place after two more scans.
        long before = rig.Bridge.Scans;
        WaitFor(() => rig.Bridge.Scans >= before + 2);
        Volatile.Write(ref stop, true);
        scanner.Join();
        for (int i = 1; i <= 5; i++) Assert.Equal("19", rig.Read($"Main.big[{i}]"));
        Assert.Equal(3, rig.Bridge.Forces().Count);
        // arr[1] was forced by clients 1 and 4, arr[2] by 2 and 5, arr[3] by 3: the last force of one of them.
        Assert.Contains(rig.Read("Main.arr[1].x"), new[] { "119", "419" });
        Assert.Contains(rig.Read("Main.arr[2].x"), new[] { "219", "519" });
        Assert.Equal("319", rig.Read("Main.arr[3].x"));
        WaitFor(() => server.ClientCount == 0);
    }

    [Fact]
    public void AbruptDisconnectsDoNotDisturbTheOthers()
    {
        var (rig, server) = Start();
        using var __ = server;
        using var steady = new Client(server.Port);
        Assert.Equal("0", steady.Ask("scans"));

        var half = new Client(server.Port);
        half.SendRaw("read Main.x Main.");           // an unfinished request, then gone
        half.Dispose();

        var reset = new Client(server.Port);
        reset.Send("list");                          // a large response nobody reads; then a reset
        reset.Tcp.Client.LingerState = new LingerOption(true, 0);
        reset.Tcp.Client.Close();
        reset.Dispose();

        var silent = new Client(server.Port);        // connected, never says anything, closes
        Assert.Equal("0", steady.Ask("scans"));
        silent.Dispose();

        WaitFor(() => server.ClientCount == 1);
        rig.Scan();
        Assert.Equal("1", steady.Ask("scans"));
        Assert.Equal("Main.x = 1", steady.Ask("read Main.x"));
    }

    [Fact]
    public void TooManyClientsAreTurnedAway()
    {
        var (_, server) = Start();
        using var __ = server;
        var clients = new List<Client>();
        try
        {
            for (int i = 0; i < MonitorServer.MaxClients; i++)
            {
                var c = new Client(server.Port);
                clients.Add(c);
                Assert.Equal("0", c.Ask("scans"));
            }
            using (var extra = new Client(server.Port))
            {
                Assert.Equal($"error too many clients (at most {MonitorServer.MaxClients})", extra.Line());
                Assert.Null(extra.Line());
            }
            clients[0].Dispose();
            clients.RemoveAt(0);
            WaitFor(() => server.ClientCount == MonitorServer.MaxClients - 1);
            using var again = new Client(server.Port);
            Assert.Equal("0", again.Ask("scans"));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public void DisposeClosesTheConnectionsAndThePort()
    {
        var (_, server) = Start();
        int port = server.Port;
        var c = new Client(port);
        Assert.Equal("0", c.Ask("scans"));
        server.Dispose();
        try { Assert.Null(c.Line()); }
        catch (IOException) { }                      // a reset instead of an orderly close is fine too
        c.Dispose();
        Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, port));
    }

    [Fact]
    public void BindsToLoopbackByDefault()
    {
        var endpoint = MonitorServer.LoopbackEndpoint(0);
        Assert.Equal(IPAddress.Loopback, endpoint.Address);
        using var server = new MonitorServer(new MonitorRig().Bridge, endpoint);
        server.Start();
        Assert.Equal(IPAddress.Loopback, server.LocalEndpoint.Address);
    }

    [Fact]
    public void SessionWithoutANetwork()
    {
        var rig = new MonitorRig();
        var s = new MonitorSession(rig.Bridge);
        Assert.Equal("", s.Handle("  "));
        Assert.Equal("ok\n", s.Handle("force g 3"));
        Assert.Equal("g = 3\n.\n", s.Handle("forces"));
        Assert.Equal("g DINT global,forced\n.\n", s.Handle("list g"));
        Assert.False(s.Closed);
        Assert.Equal("bye\n", s.Handle("quit"));
        Assert.True(s.Closed);
    }
}

using System;
using System.Net;

namespace Plc.Connectivity.Modbus;

/// <summary>How a <see cref="ModbusServer"/> listens and what it allows (docs/modbus.md).</summary>
public sealed class ModbusServerOptions
{
    /// <summary>The port of <c>--modbus</c> without a value: the Modbus TCP port, as OpenPLC uses (binding it needs
    /// root or CAP_NET_BIND_SERVICE on Linux).</summary>
    public const int DefaultPort = 502;
    public const int DefaultMaxConnections = 16;

    /// <summary>Where to listen: the loopback address unless a network address is given; port 0 takes a free port.</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Every writing function (5, 6, 15, 16, 23) answers illegal function.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Connections served at once; more are accepted and closed at once.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>A connection that sends no request for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A frame must arrive whole within this time of its first byte (slow senders are closed).</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A client that does not take a response within this time is closed.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

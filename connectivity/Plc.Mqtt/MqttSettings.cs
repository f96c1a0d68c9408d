using System;
using System.Collections.Generic;
using MQTTnet.Protocol;

namespace Plc.Mqtt;

/// <summary>Everything the MQTT connection needs (docs/mqtt.md); made by <see cref="MqttOptions.Parse"/>.</summary>
public sealed class MqttSettings
{
    public required MqttUrl Broker { get; init; }
    /// <summary>Password from the URL or from --mqtt-password-file (the file wins).</summary>
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>PEM file of a private certificate authority that signed the broker's certificate (TLS only).</summary>
    public string? CaFile { get; init; }
    /// <summary>TLS without checking the broker's certificate (tests, never production).</summary>
    public bool Insecure { get; init; }
    /// <summary>Topics are <c>Prefix/NAME</c>, <c>Prefix/NAME/set</c>, <c>Prefix/status</c>; no trailing slash.</summary>
    public required string TopicPrefix { get; init; }
    public MqttQualityOfServiceLevel Qos { get; init; } = MqttQualityOfServiceLevel.AtMostOnce;
    public required string ClientId { get; init; }
    /// <summary>How often the snapshot is checked for changes (and the period's deadline).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>Republish every variable this often; null: never.</summary>
    public TimeSpan? Period { get; init; }
    /// <summary>Publish a variable when its value changes (false: only every <see cref="Period"/>).</summary>
    public bool OnChange { get; init; } = true;
    /// <summary>Publish the values with the retain flag.</summary>
    public bool Retain { get; init; }
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Limit of one connect, publish or subscribe.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Names from --mqtt-publish and the configuration file (pragmas are added by the caller).</summary>
    public IReadOnlyList<string> Publish { get; init; } = Array.Empty<string>();
    /// <summary>Names that MQTT may write (they are published too).</summary>
    public IReadOnlyList<string> Write { get; init; } = Array.Empty<string>();

    public string StatusTopic => TopicPrefix + "/status";
    public string ValueTopic(string name) => TopicPrefix + "/" + name;
    public string SetTopic(string name) => TopicPrefix + "/" + name + "/set";
}

using System;

namespace Plc.Mqtt;

/// <summary>An MQTT option or configuration entry that cannot be used: a usage error.</summary>
public sealed class MqttSettingsException : Exception
{
    public MqttSettingsException(string message) : base(message) { }
}

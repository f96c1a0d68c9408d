using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Plc.Compiler.Attributes;
using Plc.Mqtt;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Cli;

/// <summary>
/// The MQTT options of <c>plc run</c> (docs/mqtt.md): <c>--mqtt URL</c>, <c>--mqtt-NAME VALUE</c> and the flags,
/// optionally from the <c>mqtt:</c> section of <c>--mqtt-config FILE</c> (the command line wins); the variables come
/// from <c>--mqtt-publish</c>/<c>--mqtt-write</c>, the file, and the <c>{attribute 'mqtt'}</c> /
/// <c>{attribute 'mqtt_write'}</c> pragmas of the sources.
/// </summary>
public static class MqttSetup
{
    public static readonly string[] ValueOptions =
        MqttOptions.ValueKeys.Select(MqttOptions.OptionName).Append("--mqtt-config").ToArray();

    public static readonly string[] Flags = MqttOptions.FlagKeys.Select(MqttOptions.OptionName).ToArray();

    /// <summary>The settings, or null when MQTT is not asked for. Usage errors as <see cref="UsageException"/>.</summary>
    public static MqttSettings? Parse(Arguments a, string input)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (a.Get("--mqtt-config") is { } file)
            {
                if (!File.Exists(file)) throw new UsageException($"--mqtt-config {file}: no such file");
                foreach (var (k, v) in MqttConfigFile.Read(file)) options[k] = v;
            }
            foreach (var key in MqttOptions.ValueKeys)
                if (a.Get(MqttOptions.OptionName(key)) is { } v) options[key] = v;
            foreach (var key in MqttOptions.FlagKeys)
                if (a.Has(MqttOptions.OptionName(key))) options[key] = "true";
            if (!options.ContainsKey("url"))
            {
                if (options.Count > 0 || a.Get("--mqtt-config") != null)
                    throw new UsageException("the MQTT options need a broker: --mqtt URL (or url: in the mqtt: section)");
                return null;
            }
            return MqttOptions.Parse(options, MqttOptions.DefaultTopic(input));
        }
        catch (MqttSettingsException e) { throw new UsageException(e.Message); }
    }

    /// <summary>Resolves the variables and starts the connection in the background.</summary>
    public static MqttService Start(MqttSettings settings, MonitorBridge bridge, IReadOnlyList<VariableAttribute> attributes, TextWriter stderr)
    {
        var publish = settings.Publish.Concat(attributes.Where(x => x.Attribute == "mqtt").Select(x => x.Variable));
        var write = settings.Write.Concat(attributes.Where(x => x.Attribute == "mqtt_write").Select(x => x.Variable));
        try
        {
            var variables = VariableSelection.Resolve(bridge, publish, write);
            if (variables.Count == 0)
                stderr.WriteLine("plc: note: MQTT has no variables to publish: name them with --mqtt-publish, the mqtt: section " +
                                 "or {attribute 'mqtt'}; only the status is published");
            var service = new MqttService(settings, bridge, variables, stderr);
            service.Start();
            return service;
        }
        catch (MqttSettingsException e) { throw new UsageException(e.Message); }
    }
}

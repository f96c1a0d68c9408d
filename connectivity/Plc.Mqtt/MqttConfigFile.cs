using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Plc.Mqtt;

/// <summary>
/// Reads the <c>mqtt:</c> section of a configuration file (<c>--mqtt-config FILE</c>, YAML or JSON; other top-level
/// sections are left to others). Its keys are those of <see cref="MqttOptions"/>: a scalar for each option
/// (<c>topic: plant/line1</c>, <c>qos: 1</c>, <c>retain: true</c>), a list or a comma-separated scalar for
/// <c>publish</c> and <c>write</c>:
/// <code>
/// mqtt:
///   url: mqtt://127.0.0.1:1883
///   publish: [Main.level, Main.pump]
///   write:
///     - Main.setpoint
/// </code>
/// </summary>
public static class MqttConfigFile
{
    /// <exception cref="MqttSettingsException">The file cannot be read, is not YAML, or the section is malformed.</exception>
    public static Dictionary<string, string> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MqttSettingsException($"--mqtt-config {path}: cannot read it: {e.Message}");
        }
        return Parse(text, path);
    }

    public static Dictionary<string, string> Parse(string text, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new MqttSettingsException($"{path}({e.Start.Line},{e.Start.Column}): not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0) throw new MqttSettingsException($"{path}: the file is empty; an 'mqtt:' section is expected");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new MqttSettingsException($"{path}: the file is not a mapping with an 'mqtt:' section");
        YamlNode? section = null;
        foreach (var (k, v) in root.Children)
            if (k is YamlScalarNode { Value: "mqtt" }) section = v;
        if (section == null) throw new MqttSettingsException($"{path}: there is no 'mqtt:' section");
        if (section is not YamlMappingNode map)
            throw new MqttSettingsException($"{Where(path, section)}: 'mqtt:' must be a mapping of options (url:, publish:, ...)");
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
                throw new MqttSettingsException($"{Where(path, k)}: an option name is expected");
            bool known = false;
            foreach (var x in MqttOptions.ValueKeys) known |= x == key;
            foreach (var x in MqttOptions.FlagKeys) known |= x == key;
            if (!known)
                throw new MqttSettingsException($"{Where(path, k)}: unknown MQTT option '{key}' (known: " +
                                                $"{string.Join(", ", MqttOptions.ValueKeys)}, {string.Join(", ", MqttOptions.FlagKeys)})");
            if (result.ContainsKey(key)) throw new MqttSettingsException($"{Where(path, k)}: '{key}' is given twice");
            switch (v)
            {
                case YamlScalarNode s:
                    result[key] = s.Value ?? "";
                    break;
                case YamlSequenceNode seq when key is "publish" or "write":
                {
                    var names = new List<string>();
                    foreach (var item in seq.Children)
                    {
                        if (item is not YamlScalarNode { Value: { } name })
                            throw new MqttSettingsException($"{Where(path, item)}: a variable name is expected");
                        names.Add(name);
                    }
                    result[key] = string.Join(",", names);
                    break;
                }
                default:
                    throw new MqttSettingsException($"{Where(path, v)}: '{key}' takes a single value" +
                                                    (key is "publish" or "write" ? " or a list of names" : ""));
            }
        }
        return result;
    }

    static string Where(string path, YamlNode node) => $"{path}({node.Start.Line},{node.Start.Column})";
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MQTTnet.Protocol;
using Plc.Runtime.Hosting;

namespace Plc.Mqtt;

/// <summary>
/// Turns the MQTT options into <see cref="MqttSettings"/>. The options come from the command line
/// (<c>--mqtt URL</c> is key <c>url</c>, <c>--mqtt-NAME</c> is key <c>NAME</c>) and from the <c>mqtt:</c> section of a
/// configuration file (<see cref="MqttConfigFile"/>), with the same keys; the caller merges them (the command line wins).
/// Flags (<c>insecure</c>, <c>retain</c>, <c>no-change</c>) have the value <c>true</c> or <c>false</c>.
/// Lists (<c>publish</c>, <c>write</c>) are comma-separated names.
/// </summary>
public static class MqttOptions
{
    /// <summary>Keys that take a value.</summary>
    public static readonly IReadOnlyList<string> ValueKeys = new[]
    {
        "url", "user", "password-file", "ca", "topic", "qos", "client-id", "interval", "period", "publish", "write",
    };

    /// <summary>Keys that are flags.</summary>
    public static readonly IReadOnlyList<string> FlagKeys = new[] { "insecure", "retain", "no-change" };

    /// <summary>The command-line spelling of a key: <c>--mqtt</c> for url, else <c>--mqtt-KEY</c>.</summary>
    public static string OptionName(string key) => key == "url" ? "--mqtt" : "--mqtt-" + key;

    /// <param name="options">Key to value; must contain <c>url</c>.</param>
    /// <param name="defaultTopic">The topic prefix when none is given (<c>plc/NAME</c>).</param>
    /// <exception cref="MqttSettingsException">An option is missing, unknown or bad.</exception>
    public static MqttSettings Parse(IReadOnlyDictionary<string, string> options, string defaultTopic)
    {
        foreach (var key in options.Keys)
            if (!ValueKeys.Contains(key) && !FlagKeys.Contains(key))
                throw new MqttSettingsException($"unknown MQTT option '{key}' (known: {string.Join(", ", ValueKeys.Concat(FlagKeys))})");
        string? Get(string key) => options.TryGetValue(key, out var v) ? v : null;
        bool Flag(string key)
        {
            var v = Get(key);
            if (v == null) return false;
            if (bool.TryParse(v.Trim(), out bool b)) return b;
            throw new MqttSettingsException($"{OptionName(key)}: '{v}' is not true or false");
        }

        var url = MqttUrl.Parse(Get("url") ?? throw new MqttSettingsException("no broker: --mqtt URL is missing"));
        string? user = Get("user") ?? url.User;
        string? password = url.Password;
        if (Get("password-file") is { } pf) password = ReadPassword(pf);
        if (password != null && user == null)
            throw new MqttSettingsException("a password needs a user name: mqtt://USER@host or --mqtt-user");
        if (user != null && user.Length == 0) throw new MqttSettingsException("--mqtt-user: the user name is empty");

        string? ca = Get("ca");
        bool insecure = Flag("insecure");
        if ((ca != null || insecure) && !url.Tls)
            throw new MqttSettingsException($"{(ca != null ? "--mqtt-ca" : "--mqtt-insecure")} is for TLS: use an mqtts:// URL");
        if (ca != null && insecure) throw new MqttSettingsException("--mqtt-ca and --mqtt-insecure contradict each other");
        if (ca != null && !File.Exists(ca)) throw new MqttSettingsException($"--mqtt-ca {ca}: no such file");

        string topic = CheckTopic(Get("topic") ?? defaultTopic);
        var qos = Get("qos") switch
        {
            null or "0" => MqttQualityOfServiceLevel.AtMostOnce,
            "1" => MqttQualityOfServiceLevel.AtLeastOnce,
            "2" => MqttQualityOfServiceLevel.ExactlyOnce,
            var q => throw new MqttSettingsException($"--mqtt-qos: '{q}' is not 0, 1 or 2"),
        };
        string clientId = Get("client-id") ?? DefaultClientId();
        if (clientId.Length == 0 || clientId.Length > 128) throw new MqttSettingsException("--mqtt-client-id: 1 to 128 characters");

        var interval = Time("interval", Get("interval")) ?? TimeSpan.FromMilliseconds(100);
        if (interval < TimeSpan.FromMilliseconds(1)) throw new MqttSettingsException("--mqtt-interval must be at least 1ms");
        var period = Time("period", Get("period"));
        if (period is { } p && p < interval) throw new MqttSettingsException("--mqtt-period must not be shorter than --mqtt-interval");
        bool onChange = !Flag("no-change");
        if (!onChange && period == null) throw new MqttSettingsException("--mqtt-no-change needs --mqtt-period (else nothing is ever published)");

        return new MqttSettings
        {
            Broker = url,
            User = user,
            Password = password,
            CaFile = ca,
            Insecure = insecure,
            TopicPrefix = topic,
            Qos = qos,
            ClientId = clientId,
            Interval = interval,
            Period = period,
            OnChange = onChange,
            Retain = Flag("retain"),
            Publish = SplitNames(Get("publish")),
            Write = SplitNames(Get("write")),
        };
    }

    /// <summary>Comma-separated names; commas inside brackets (<c>Main.m[1,2]</c>) belong to the name.</summary>
    public static IReadOnlyList<string> SplitNames(string? text)
    {
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return names;
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                if (text[i] == '[') depth++;
                else if (text[i] == ']') depth--;
                if (text[i] != ',' || depth > 0) continue;
            }
            string n = text[start..i].Trim();
            if (n.Length > 0) names.Add(n);
            start = i + 1;
        }
        return names;
    }

    static TimeSpan? Time(string key, string? text)
    {
        if (text == null) return null;
        if (!Durations.TryParse(text, out long ns) || ns <= 0)
            throw new MqttSettingsException($"{OptionName(key)}: '{text}' is not a positive time (examples: T#100ms, 1s, 500ms)");
        return TimeSpan.FromTicks(Math.Max(1, ns / 100));
    }

    static string CheckTopic(string topic)
    {
        string t = topic.Trim().TrimEnd('/');
        if (t.Length == 0) throw new MqttSettingsException("--mqtt-topic: the prefix is empty");
        if (t.IndexOfAny(new[] { '+', '#', '\0' }) >= 0)
            throw new MqttSettingsException($"--mqtt-topic: '{topic}' contains a wildcard (+ or #) or a NUL");
        if (System.Text.Encoding.UTF8.GetByteCount(t) > 60000) throw new MqttSettingsException("--mqtt-topic: the prefix is too long");
        return t;
    }

    static string ReadPassword(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MqttSettingsException($"--mqtt-password-file {path}: cannot read it: {e.Message}");
        }
        // The first line, without its line break: `echo secret > file` works.
        int nl = text.IndexOfAny(new[] { '\r', '\n' });
        string password = nl >= 0 ? text[..nl] : text;
        if (password.Length == 0) throw new MqttSettingsException($"--mqtt-password-file {path}: the first line is empty");
        return password;
    }

    /// <summary><c>plc-HOST-PID</c>: unique on the broker while the process runs.</summary>
    static string DefaultClientId()
    {
        string host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(40).ToArray());
        return "plc-" + (host.Length > 0 ? host + "-" : "") + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The default topic prefix for an input file: <c>plc/NAME</c> (the file's name without extension).</summary>
    public static string DefaultTopic(string input)
    {
        string name = Path.GetFileNameWithoutExtension(input);
        name = new string(name.Select(c => c is '+' or '#' or '/' ? '_' : c).ToArray());
        return "plc/" + (name.Length > 0 ? name : "program");
    }
}

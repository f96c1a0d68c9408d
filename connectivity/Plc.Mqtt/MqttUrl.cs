using System;
using System.Globalization;

namespace Plc.Mqtt;

/// <summary>
/// A broker address: <c>mqtt://[user[:password]@]host[:port]</c> (plain TCP, port 1883 by default) or
/// <c>mqtts://...</c> (TLS, port 8883). User and password may be percent-encoded (<c>%40</c> for <c>@</c>).
/// A trailing <c>/</c> is allowed; a path, query or fragment is not (the topic prefix is an option of its own).
/// </summary>
public sealed record MqttUrl(string Host, int Port, bool Tls, string? User, string? Password)
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    /// <summary>The URL without the password, for messages.</summary>
    public string Display => $"{(Tls ? "mqtts" : "mqtt")}://{(User != null ? Uri.EscapeDataString(User) + "@" : "")}" +
                             $"{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a URL; throws <see cref="MqttSettingsException"/> with the reason when it is not one.</summary>
    public static MqttUrl Parse(string text)
    {
        string t = text.Trim();
        bool tls;
        if (t.StartsWith("mqtt://", StringComparison.OrdinalIgnoreCase)) tls = false;
        else if (t.StartsWith("mqtts://", StringComparison.OrdinalIgnoreCase)) tls = true;
        else throw new MqttSettingsException($"--mqtt: '{text}' is not mqtt://[user[:password]@]host[:port] or mqtts://...");
        string rest = t[(tls ? 8 : 7)..];
        if (rest.EndsWith('/')) rest = rest[..^1];
        if (rest.IndexOfAny(new[] { '/', '?', '#' }) >= 0)
            throw new MqttSettingsException($"--mqtt: '{text}' has a path; give the topic prefix with --mqtt-topic");
        string? user = null, password = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            string info = rest[..at];
            rest = rest[(at + 1)..];
            int colon = info.IndexOf(':');
            user = Unescape(colon >= 0 ? info[..colon] : info, text);
            if (colon >= 0) password = Unescape(info[(colon + 1)..], text);
            if (user.Length == 0) throw new MqttSettingsException($"--mqtt: '{text}' has an empty user name");
        }
        string host;
        int port = tls ? DefaultTlsPort : DefaultPort;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0) throw new MqttSettingsException($"--mqtt: '{text}': ']' is missing after the IPv6 address");
            host = rest[1..close];
            string after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':')) throw new MqttSettingsException($"--mqtt: '{text}' is not host[:port]");
                portText = after[1..];
            }
        }
        else
        {
            int colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            if (colon >= 0) portText = rest[(colon + 1)..];
        }
        if (host.Length == 0) throw new MqttSettingsException($"--mqtt: '{text}' has no host");
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new MqttSettingsException($"--mqtt: '{host}' is not a host name or address");
        if (portText != null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
            throw new MqttSettingsException($"--mqtt: port '{portText}' is not from 1 to 65535");
        return new MqttUrl(host, port, tls, user, password);
    }

    static string Unescape(string s, string text)
    {
        try { return Uri.UnescapeDataString(s); }
        catch (UriFormatException) { throw new MqttSettingsException($"--mqtt: '{text}' has a bad %-escape"); }
    }
}

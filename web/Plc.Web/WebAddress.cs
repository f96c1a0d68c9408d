using System;
using System.Globalization;
using System.Net;

namespace Plc.Web;

/// <summary>
/// Where the web view listens: the ADDRESS of <c>--web [ADDRESS]</c> (docs/web.md). Forms: nothing (127.0.0.1 and
/// <see cref="DefaultPort"/>), <c>PORT</c> or <c>:PORT</c> (on 127.0.0.1), <c>HOST</c> (on the default port) and
/// <c>HOST:PORT</c>, where HOST is a numeric IPv4 address, an IPv6 address (in brackets when a port follows) or
/// <c>localhost</c>. Port 0 takes any free port.
/// </summary>
public static class WebAddress
{
    /// <summary>The port of <c>--web</c> without a port: 8061.</summary>
    public const int DefaultPort = 8061;

    public static IPEndPoint Default => new(IPAddress.Loopback, DefaultPort);

    /// <summary>Parses an ADDRESS; false and a message when it is none of the forms.</summary>
    public static bool TryParse(string? text, out IPEndPoint endpoint, out string error)
    {
        endpoint = Default;
        error = "";
        string s = (text ?? "").Trim();
        if (s.Length == 0) return true;
        if (IsDigits(s) || (s[0] == ':' && IsDigits(s[1..])))
            return TryPort(s.TrimStart(':'), IPAddress.Loopback, out endpoint, out error);
        if (TryHost(s, out var alone))
        {
            endpoint = new IPEndPoint(alone, DefaultPort);
            return true;
        }
        int colon = s.LastIndexOf(':');
        if (colon > 0 && IsDigits(s[(colon + 1)..]) && TryHost(s[..colon], out var host) &&
            (host.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || s[colon - 1] == ']'))
            return TryPort(s[(colon + 1)..], host, out endpoint, out error);
        error = $"'{text}' is not PORT, HOST or HOST:PORT with HOST a numeric address or localhost (e.g. 8061, 127.0.0.1:8061, [::1]:8061, 0.0.0.0)";
        return false;
    }

    /// <summary>Whether only this machine can reach the address (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(IPEndPoint endpoint) => IPAddress.IsLoopback(endpoint.Address);

    /// <summary>The address as a URL a browser can open (<c>http://127.0.0.1:8061/</c>, <c>http://[::1]:8061/</c>).</summary>
    public static string Url(IPEndPoint endpoint)
    {
        string host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "[" + endpoint.Address + "]" : endpoint.Address.ToString();
        return "http://" + host + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture) + "/";
    }

    static bool TryPort(string digits, IPAddress host, out IPEndPoint endpoint, out string error)
    {
        endpoint = Default;
        error = "";
        if (digits.Length > 5 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"port {digits} is not from 0 to 65535";
            return false;
        }
        endpoint = new IPEndPoint(host, port);
        return true;
    }

    static bool TryHost(string text, out IPAddress address)
    {
        address = IPAddress.Loopback;
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        string bare = text.Length > 2 && text[0] == '[' && text[^1] == ']' ? text[1..^1] : text;
        // IPAddress.TryParse also takes "[::1]:80" (and drops the port): brackets are handled above, nowhere else.
        if (bare.Contains('[') || bare.Contains(']') || !IPAddress.TryParse(bare, out var parsed)) return false;
        // IPAddress.TryParse takes "1" or "1.2" as IPv4 shorthands; only the full dotted form or IPv6 is meant here.
        if (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bare.Split('.').Length != 4) return false;
        if (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bare.Contains(':')) return false;
        address = parsed;
        return true;
    }

    static bool IsDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (char c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}

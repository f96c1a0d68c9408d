using System;
using System.Net;

namespace Plc.Web;

/// <summary>What a request wants: to look (the page, the variables, values, forces, status) or to change something
/// (write, force, unforce).</summary>
public enum Access { Read, Control }

/// <summary>The parts of an HTTP request that the <see cref="AccessPolicy"/> decides on.</summary>
/// <param name="Token">The token the request presented (header <c>Authorization: Bearer</c> or <c>X-Plc-Token</c>;
/// for the page also <c>?token=</c>), or null.</param>
/// <param name="Host">The <c>Host</c> header.</param>
/// <param name="Origin">The <c>Origin</c> header, or null.</param>
/// <param name="FetchSite">The <c>Sec-Fetch-Site</c> header, or null.</param>
public readonly record struct AccessRequest(Access Access, string? Token, string? Host, string? Origin, string? FetchSite);

/// <summary>Allowed (status 0), or refused with 401 (no or wrong token) or 403 (a cross-site or rebound request)
/// and a message that says why.</summary>
public readonly record struct AccessDecision(int Status, string Message)
{
    public static readonly AccessDecision Allowed = new(0, "");
    public bool IsAllowed => Status == 0;
}

/// <summary>
/// Who may do what (docs/web.md, "Security"):
/// <list type="bullet">
/// <item>Writing, forcing and unforcing always need the token.</item>
/// <item>Reading (the page, the variables, values, forces, status) needs no token only when the server listens on
/// a loopback address; on any other address every request needs it.</item>
/// <item>Cross-site requests are refused: an <c>Origin</c> other than the server's own, or <c>Sec-Fetch-Site</c>
/// other than <c>same-origin</c>/<c>none</c>, is 403, so a web page elsewhere cannot drive the controller through
/// the user's browser. (The token is never kept in a cookie, so a browser never adds it to such a request anyway.)
/// The page itself is checked without these two headers: it may be opened from a link.</item>
/// <item>On loopback, the <c>Host</c> header must name this machine (<c>localhost</c>, <c>127.x.x.x</c>,
/// <c>[::1]</c>): a page on another name that resolves to 127.0.0.1 (DNS rebinding) is refused.</item>
/// </list>
/// </summary>
public sealed class AccessPolicy
{
    readonly WebToken token;

    public AccessPolicy(WebToken token, bool loopbackOnly)
    {
        this.token = token;
        LoopbackOnly = loopbackOnly;
    }

    /// <summary>The server listens on a loopback address only: reads need no token.</summary>
    public bool LoopbackOnly { get; }

    public AccessDecision Check(in AccessRequest request)
    {
        if (LoopbackOnly && !IsLoopbackHost(request.Host))
            return new AccessDecision(403, $"the Host header '{request.Host}' does not name this machine; open the view as " +
                "http://127.0.0.1:PORT/ or http://localhost:PORT/");
        if (request.FetchSite is { } site && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase)
            && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
            return new AccessDecision(403, $"cross-site request refused (Sec-Fetch-Site: {site})");
        if (request.Origin is { } origin && !SameOrigin(origin, request.Host))
            return new AccessDecision(403, $"cross-site request refused: Origin '{origin}' is not this server");
        bool needsToken = request.Access == Access.Control || !LoopbackOnly;
        if (!needsToken) return AccessDecision.Allowed;
        if (string.IsNullOrEmpty(request.Token))
            return new AccessDecision(401, request.Access == Access.Control
                ? "writing and forcing need the token printed at start-up (header 'Authorization: Bearer TOKEN' or 'X-Plc-Token: TOKEN')"
                : "this web view listens on a network address: every request needs the token printed at start-up " +
                  "(header 'Authorization: Bearer TOKEN' or 'X-Plc-Token: TOKEN'; for the page, ?token=TOKEN)");
        if (!token.Matches(request.Token)) return new AccessDecision(401, "wrong token");
        return AccessDecision.Allowed;
    }

    /// <summary>The token from <c>Authorization: Bearer TOKEN</c> or <c>X-Plc-Token: TOKEN</c> (null when neither).</summary>
    public static string? TokenFromHeaders(string? authorization, string? plcToken)
    {
        if (!string.IsNullOrEmpty(plcToken)) return plcToken.Trim();
        if (authorization != null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        return null;
    }

    /// <summary>Whether a Host header (name or address, optional port) names this machine.</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        string name = host;
        if (name.StartsWith('['))
        {
            int close = name.IndexOf(']');
            if (close < 0) return false;
            string rest = name[(close + 1)..];
            if (rest.Length > 0 && !IsPort(rest)) return false;
            name = name[1..close];
        }
        else
        {
            int colon = name.IndexOf(':');
            if (colon >= 0)
            {
                if (name.IndexOf(':', colon + 1) >= 0 || !IsPort(name[colon..])) return false;
                name = name[..colon];
            }
        }
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        // Only the full dotted IPv4 form or IPv6: IPAddress.TryParse would also take "127.1".
        return IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address)
               && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || name.Split('.').Length == 4);
    }

    static bool IsPort(string colonDigits)
    {
        if (colonDigits.Length < 2 || colonDigits.Length > 6 || colonDigits[0] != ':') return false;
        for (int i = 1; i < colonDigits.Length; i++) if (!char.IsAsciiDigit(colonDigits[i])) return false;
        return true;
    }

    /// <summary>Whether an Origin header is <c>http://HOST</c> for the request's own Host.</summary>
    static bool SameOrigin(string origin, string? host) =>
        host != null && origin.Equals("http://" + host, StringComparison.OrdinalIgnoreCase);
}

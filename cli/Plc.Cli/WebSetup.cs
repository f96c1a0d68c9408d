using System;
using System.IO;
using System.Linq;
using System.Net;
using Plc.Runtime.Hosting.Monitoring;
using Plc.Web;

namespace Plc.Cli;

/// <summary>
/// <c>--web [ADDRESS]</c> and <c>--web-token TOKEN</c> of <c>plc run</c> and <c>plc sim</c>: the live web view
/// (docs/web.md). Parsed before the program is loaded (bad usage is exit 2 at once), started over the program's
/// <see cref="MonitorBridge"/>; the address and the token go to stderr.
/// </summary>
public static class WebSetup
{
    public const string WebOption = "--web";
    public const string TokenOption = "--web-token";

    /// <summary>Where and with which token to serve, when <c>--web</c> was given.</summary>
    public sealed record Request(IPEndPoint Endpoint, WebToken? Token);

    /// <summary>The <c>--web</c> request, or null without <c>--web</c>. Usage errors for a bad address or token.</summary>
    public static Request? Parse(Arguments a)
    {
        string? address = a.Get(WebOption);
        string? token = a.Get(TokenOption);
        if (address == null)
        {
            if (token != null) throw new UsageException($"{TokenOption} needs {WebOption}");
            return null;
        }
        if (!WebAddress.TryParse(address, out var endpoint, out string error)) throw new UsageException($"{WebOption}: {error}");
        WebToken? given = null;
        if (token != null)
        {
            given = WebToken.FromText(token, out string tokenError);
            if (given == null) throw new UsageException($"{TokenOption}: {tokenError}");
        }
        return new Request(endpoint, given);
    }

    /// <summary>Starts the web view and prints where it is and its token to stderr.</summary>
    public static WebViewServer Start(Request request, MonitorBridge bridge, Arguments a, string clock, TextWriter stderr)
    {
        WebViewServer server;
        try
        {
            server = new WebViewServer(bridge, new WebViewOptions
            {
                Endpoint = request.Endpoint,
                Token = request.Token,
                Title = string.Join(" ", a.Positional.Select(Path.GetFileName)),
                Clock = clock,
            });
        }
        catch (WebViewException e) { throw new UsageException($"{WebOption}: {e.Message}"); }
        try { server.Start(); }
        catch (WebViewException e)
        {
            server.Dispose();
            throw new UsageException($"{WebOption}: {e.Message}");
        }
        string url = server.Url;
        stderr.WriteLine($"plc: web view on {url}");
        stderr.WriteLine(request.Token == null
            ? $"plc: web token {server.Token.Value} (writing and forcing need it; {url}?token={server.Token.Value} opens the page with it)"
            : $"plc: web token as given with {TokenOption}");
        if (!server.Policy.LoopbackOnly)
            stderr.WriteLine("plc: note: the web view listens on a network address: every request needs the token, and plain HTTP " +
                "is not encrypted, so use it only on a network you trust (docs/web.md)");
        stderr.Flush();
        return server;
    }
}

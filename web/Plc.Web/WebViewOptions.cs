using System.Net;

namespace Plc.Web;

/// <summary>How a <see cref="WebViewServer"/> is set up.</summary>
public sealed class WebViewOptions
{
    /// <summary>Where to listen (port 0: any free port). Default: 127.0.0.1:8061.</summary>
    public IPEndPoint Endpoint { get; init; } = WebAddress.Default;
    /// <summary>The token that writing and forcing need (null: a new random one).</summary>
    public WebToken? Token { get; init; }
    /// <summary>Shown as the page's title: the program's file name, say.</summary>
    public string Title { get; init; } = "plc";
    /// <summary>"wall" (plc run) or "simulated" (plc sim): what the times the page shows are.</summary>
    public string Clock { get; init; } = "wall";
}

using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Plc.Web;

/// <summary>
/// The page, from the embedded resources in Page/: <c>index.html</c> with <c>style.css</c> and <c>app.js</c> put
/// inline (one document, so that off loopback a single request with <c>?token=</c> loads everything), and the token
/// prompt <c>token.html</c>. The Content-Security-Policy allows exactly these inline blocks (by their SHA-256), no
/// other script, style, frame or connection elsewhere.
/// </summary>
public sealed class PageAssets
{
    public PageAssets()
    {
        string style = Resource("style.css");
        (Page, PagePolicy) = Inline(Resource("index.html"), style, Resource("app.js"));
        (TokenPage, TokenPagePolicy) = Inline(Resource("token.html"), style, Resource("token.js"));
    }

    /// <summary>The web view (UTF-8 HTML).</summary>
    public byte[] Page { get; }
    public string PagePolicy { get; }
    /// <summary>The page that asks for the token when the server listens off loopback and none was given.</summary>
    public byte[] TokenPage { get; }
    public string TokenPagePolicy { get; }

    static (byte[] Html, string Policy) Inline(string html, string style, string script)
    {
        if (!html.Contains("<!--STYLE-->", StringComparison.Ordinal) || !html.Contains("<!--SCRIPT-->", StringComparison.Ordinal))
            throw new InvalidOperationException("page template without <!--STYLE--> or <!--SCRIPT-->");
        string text = html.Replace("<!--STYLE-->", "<style>" + style + "</style>", StringComparison.Ordinal)
                          .Replace("<!--SCRIPT-->", "<script>" + script + "</script>", StringComparison.Ordinal);
        string policy = "default-src 'none'; script-src '" + Hash(script) + "'; style-src '" + Hash(style) +
                        "'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        return (Encoding.UTF8.GetBytes(text), policy);
    }

    static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static string Resource(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("Plc.Web.Page." + name)
            ?? throw new InvalidOperationException($"embedded page resource '{name}' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

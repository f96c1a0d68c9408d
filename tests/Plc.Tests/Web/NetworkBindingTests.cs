using System;
using System.Net;
using System.Net.Http;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>A web view bound to a non-loopback address (0.0.0.0): every request needs the token, the page included
/// (which then takes it once as <c>?token=</c>).</summary>
public sealed class NetworkBindingTests : IDisposable
{
    readonly WebRig rig = new(bind: IPAddress.Any);

    public void Dispose() => rig.Dispose();

    [Fact]
    public void Reads_need_the_token_too()
    {
        Assert.False(rig.Server.Policy.LoopbackOnly);
        var (status, body) = rig.Get("api/status");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("listens on a network address", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, rig.Get("api/variables").Status);
        Assert.Equal(HttpStatusCode.Unauthorized, rig.Post("api/read", "{\"paths\": [\"Main.Count\"]}").Status);
        Assert.Equal(HttpStatusCode.Unauthorized, rig.Get("api/forces", "wrong-token-wrong-token").Status);

        var (ok, s) = rig.Get("api/status", WebRig.Token);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(s.GetProperty("tokenNeededToRead").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/read", "{\"paths\": [\"Main.Count\"]}", WebRig.Token).Status);
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/force", WebRig.Body("Main.Start", "TRUE"), WebRig.Token).Status);
        Assert.Equal("TRUE", rig.ReadUntil("Main.Motor", v => v == "TRUE", WebRig.Token));
    }

    [Fact]
    public void The_page_asks_for_the_token_and_opens_with_it()
    {
        using var prompt = rig.Send(HttpMethod.Get, "");
        Assert.Equal(HttpStatusCode.Unauthorized, prompt.StatusCode);
        Assert.Equal("text/html", prompt.Content.Headers.ContentType?.MediaType);
        string html = WebRig.Text(prompt);
        Assert.Contains("needs the token", html);
        Assert.DoesNotContain("id=\"trend-canvas\"", html);          // not the web view itself

        using var wrong = rig.Send(HttpMethod.Get, "?token=0123456789abcdef0123456789abcdeX");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var page = rig.Send(HttpMethod.Get, "?token=" + WebRig.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"trend-canvas\"", WebRig.Text(page));
        Assert.Equal("no-referrer", string.Join(",", page.Headers.GetValues("Referrer-Policy")));
        // The query token is for the page only: the API takes the token from a header.
        Assert.Equal(HttpStatusCode.Unauthorized, rig.Get("api/status?token=" + WebRig.Token).Status);
    }
}

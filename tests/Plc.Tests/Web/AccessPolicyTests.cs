using System.Collections.Generic;
using Plc.Web;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>The rules of docs/web.md, "Security", decided without a server.</summary>
public class AccessPolicyTests
{
    static readonly WebToken Token = WebToken.FromText("0123456789abcdef0123456789abcdef", out _)!;
    static readonly AccessPolicy Loopback = new(Token, loopbackOnly: true);
    static readonly AccessPolicy Network = new(Token, loopbackOnly: false);

    static int Status(AccessPolicy p, Access a, string? token = null, string host = "127.0.0.1:8061", string? origin = null, string? site = null) =>
        p.Check(new AccessRequest(a, token, host, origin, site)).Status;

    [Fact]
    public void On_loopback_reading_is_open_and_control_needs_the_right_token()
    {
        Assert.Equal(0, Status(Loopback, Access.Read));
        Assert.Equal(0, Status(Loopback, Access.Read, "anything"));
        Assert.Equal(401, Status(Loopback, Access.Control));
        Assert.Equal(401, Status(Loopback, Access.Control, ""));
        Assert.Equal(401, Status(Loopback, Access.Control, "0123456789abcdef0123456789abcdeF"));
        Assert.Equal(401, Status(Loopback, Access.Control, "0123456789abcdef0123456789abcde"));
        Assert.Equal(0, Status(Loopback, Access.Control, Token.Value));
    }

    [Fact]
    public void Off_loopback_everything_needs_the_token()
    {
        Assert.Equal(401, Status(Network, Access.Read, host: "192.168.1.20:8061"));
        Assert.Equal(401, Status(Network, Access.Read, "wrong", host: "plc.local:8061"));
        Assert.Equal(0, Status(Network, Access.Read, Token.Value, host: "plc.local:8061"));
        Assert.Equal(401, Status(Network, Access.Control, host: "192.168.1.20:8061"));
        Assert.Equal(0, Status(Network, Access.Control, Token.Value, host: "192.168.1.20:8061"));
    }

    [Fact]
    public void Cross_site_requests_are_403_whatever_the_token()
    {
        Assert.Equal(403, Status(Loopback, Access.Control, Token.Value, origin: "http://evil.example"));
        Assert.Equal(403, Status(Loopback, Access.Control, Token.Value, origin: "http://127.0.0.1:9999"));
        Assert.Equal(403, Status(Loopback, Access.Read, origin: "null"));
        Assert.Equal(403, Status(Loopback, Access.Control, Token.Value, site: "cross-site"));
        Assert.Equal(403, Status(Loopback, Access.Control, Token.Value, site: "same-site"));
        Assert.Equal(403, Status(Network, Access.Control, Token.Value, host: "10.0.0.5:8061", origin: "http://evil.example"));
        Assert.Equal(0, Status(Loopback, Access.Control, Token.Value, origin: "http://127.0.0.1:8061", site: "same-origin"));
        Assert.Equal(0, Status(Loopback, Access.Read, site: "none"));
    }

    [Fact]
    public void On_loopback_the_host_must_name_this_machine_against_dns_rebinding()
    {
        foreach (var host in new[] { "127.0.0.1:8061", "127.0.0.1", "localhost:8061", "LOCALHOST", "[::1]:8061", "[::1]", "127.8.9.10:1" })
            Assert.True(AccessPolicy.IsLoopbackHost(host), host);
        foreach (var host in new[] { "evil.example:8061", "127.0.0.1.evil.example", "127.1:8061", "10.0.0.1:8061", "", "[::1", "localhost:80:80", "[::1]x" })
            Assert.False(AccessPolicy.IsLoopbackHost(host), host);
        Assert.Equal(403, Status(Loopback, Access.Read, host: "evil.example:8061"));
        Assert.Equal(403, Status(Loopback, Access.Control, Token.Value, host: "evil.example:8061"));
    }

    [Fact]
    public void The_token_comes_from_either_header()
    {
        Assert.Equal("abc", AccessPolicy.TokenFromHeaders("Bearer abc", null));
        Assert.Equal("abc", AccessPolicy.TokenFromHeaders("bearer  abc ", null));
        Assert.Equal("xyz", AccessPolicy.TokenFromHeaders("Bearer abc", "xyz"));
        Assert.Null(AccessPolicy.TokenFromHeaders("Basic abc", null));
        Assert.Null(AccessPolicy.TokenFromHeaders(null, null));
    }

    [Fact]
    public void Generated_tokens_are_128_random_bits_in_hex()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 100; i++)
        {
            var t = WebToken.Generate();
            Assert.Matches("^[0-9a-f]{32}$", t.Value);
            Assert.True(seen.Add(t.Value));
            Assert.True(t.Matches(t.Value));
            Assert.False(t.Matches(t.Value.ToUpperInvariant().Replace('A', 'B') + "0"));
        }
        Assert.NotNull(WebToken.FromText("abcdefghijklmnop", out _));
        Assert.Null(WebToken.FromText("short", out string error));
        Assert.Equal("a token must have 16 to 256 characters (it has 5)", error);
        Assert.Null(WebToken.FromText("abcdefghijklmnop qrst", out error));
        Assert.Equal("a token may contain only letters, digits and - . _ ~", error);
        Assert.False(Token.Matches(null));
        Assert.False(Token.Matches(new string('x', 5000)));
    }
}

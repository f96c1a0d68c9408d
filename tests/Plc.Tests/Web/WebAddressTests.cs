using System.Net;
using Plc.Web;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>The ADDRESS of <c>--web [ADDRESS]</c>.</summary>
public class WebAddressTests
{
    static string Parsed(string? text)
    {
        Assert.True(WebAddress.TryParse(text, out var endpoint, out string error), error);
        return endpoint.ToString();
    }

    [Fact]
    public void Accepts_port_host_and_host_port()
    {
        Assert.Equal("127.0.0.1:8061", Parsed(null));
        Assert.Equal("127.0.0.1:8061", Parsed(""));
        Assert.Equal("127.0.0.1:9000", Parsed("9000"));
        Assert.Equal("127.0.0.1:0", Parsed("0"));
        Assert.Equal("127.0.0.1:0", Parsed(":0"));
        Assert.Equal("0.0.0.0:8061", Parsed("0.0.0.0"));
        Assert.Equal("192.168.1.5:80", Parsed("192.168.1.5:80"));
        Assert.Equal("127.0.0.1:8062", Parsed("localhost:8062"));
        Assert.Equal("127.0.0.1:8061", Parsed("localhost"));
        Assert.Equal("[::1]:8061", Parsed("::1"));
        Assert.Equal("[::1]:8061", Parsed("[::1]"));
        Assert.Equal("[::1]:9001", Parsed("[::1]:9001"));
        Assert.Equal("[::]:0", Parsed("[::]:0"));
    }

    [Fact]
    public void Refuses_anything_else_with_a_message()
    {
        foreach (var text in new[] { "70000", "127.0.0.1:70000", "plc.example", "plc.example:80", "1.2:80", "127.0.0.1:", "127.0.0.1:x", "[::1", "::1]:80", "-5", "1.2.3.4.5" })
        {
            Assert.False(WebAddress.TryParse(text, out _, out string error), text);
            Assert.NotEqual("", error);
        }
        WebAddress.TryParse("70000", out _, out string port);
        Assert.Equal("port 70000 is not from 0 to 65535", port);
    }

    [Fact]
    public void Urls_and_loopback()
    {
        Assert.Equal("http://127.0.0.1:8061/", WebAddress.Url(WebAddress.Default));
        Assert.Equal("http://[::1]:5/", WebAddress.Url(new IPEndPoint(IPAddress.IPv6Loopback, 5)));
        Assert.True(WebAddress.IsLoopback(WebAddress.Default));
        Assert.False(WebAddress.IsLoopback(new IPEndPoint(IPAddress.Any, 1)));
    }
}

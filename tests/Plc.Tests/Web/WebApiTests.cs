using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>The web view's JSON API over HTTP, against a real Kestrel on 127.0.0.1 and a program scanning every
/// millisecond on the wall clock (docs/web.md).</summary>
public sealed class WebApiTests : IDisposable
{
    readonly WebRig rig = new();

    public void Dispose() => rig.Dispose();

    static JsonElement Child(JsonElement nodes, string name) =>
        nodes.EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    [Fact]
    public void Lists_the_variables_as_a_tree_of_programs_instances_structs_and_arrays()
    {
        var (status, body) = rig.Get("api/variables");
        Assert.Equal(HttpStatusCode.OK, status);
        var main = Child(body.GetProperty("nodes"), "Main");
        Assert.Equal("program", main.GetProperty("kind").GetString());
        var children = main.GetProperty("children");
        var start = Child(children, "Start");
        Assert.Equal("Main.Start", start.GetProperty("path").GetString());
        Assert.Equal("BOOL", start.GetProperty("type").GetString());
        Assert.Equal("%IX0.0", start.GetProperty("location").GetString());
        Assert.False(start.GetProperty("forced").GetBoolean());
        Assert.True(start.GetProperty("writable").GetBoolean());
        Assert.Equal("STRING(8)", Child(children, "Name").GetProperty("type").GetString());
        Assert.False(Child(children, "Ref").GetProperty("writable").GetBoolean());   // REF_TO: read only

        var timer = Child(children, "Timer");
        Assert.Equal("instance", timer.GetProperty("kind").GetString());
        Assert.Equal("TON", timer.GetProperty("type").GetString());
        var q = Child(timer.GetProperty("children"), "Q");
        Assert.Equal("Main.Timer.Q", q.GetProperty("path").GetString());
        Assert.Equal(new[] { "output" }, q.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToArray());

        var points = Child(children, "Points");
        Assert.Equal("array", points.GetProperty("kind").GetString());
        Assert.Equal("ARRAY[1..2] OF Point", points.GetProperty("type").GetString());
        var second = Child(points.GetProperty("children"), "[2]");
        Assert.Equal("struct", second.GetProperty("kind").GetString());
        Assert.Equal("Main.Points[2].y", Child(second.GetProperty("children"), "y").GetProperty("path").GetString());
        var grid = Child(children, "Grid").GetProperty("children");
        Assert.Equal("Main.Grid[1,2]", Child(grid, "[1,2]").GetProperty("path").GetString());

        var limit = Child(body.GetProperty("nodes"), "Limit");
        Assert.Contains("constant", limit.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.False(limit.GetProperty("writable").GetBoolean());
        Assert.Equal(body.GetProperty("count").GetInt32(), rig.Bridge.List().Count);
    }

    [Fact]
    public void Reads_values_that_change_while_the_program_runs_with_per_name_errors()
    {
        var (status, first) = rig.Post("api/read", "{\"paths\": [\"Main.Count\", \"main.name\", \"Main.Nothing\", \"Main.Points[1]\"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        var values = first.GetProperty("values");
        long count = long.Parse(values[0].GetProperty("value").GetString()!);
        Assert.True(count > 0);
        Assert.Equal("'pump'", values[1].GetProperty("value").GetString());
        Assert.Equal("'Main' has no member 'Nothing'", values[2].GetProperty("error").GetString());
        Assert.Equal("(x := 0, y := 0.0)", values[3].GetProperty("value").GetString());
        Assert.True(first.GetProperty("scans").GetInt64() > 0);
        Assert.Equal(0, first.GetProperty("forces").GetArrayLength());
        string later = rig.ReadUntil("Main.Count", v => long.Parse(v) > count + 5);
        Assert.True(long.Parse(later) > count + 5, $"Count stayed at {later}");
    }

    [Fact]
    public void Writing_needs_the_token_and_then_changes_the_value()
    {
        var (status, body) = rig.Post("api/write", WebRig.Body("Main.Count", "-1000000"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("need the token", body.GetProperty("error").GetString());
        (status, body) = rig.Post("api/write", WebRig.Body("Main.Count", "-1000000"), "0123456789abcdef0123456789abcdeX");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("wrong token", body.GetProperty("error").GetString());
        Assert.True(long.Parse(rig.Read("Main.Count")) > 0, "a refused write changed the value");

        (status, _) = rig.Post("api/write", WebRig.Body("Main.Count", "-1000000"), WebRig.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        string v = rig.ReadUntil("Main.Count", x => long.Parse(x) < 0);
        Assert.InRange(long.Parse(v), -1_000_000, -900_000);   // written once, then the program counts on from it

        // The Authorization header works as well.
        using var response = rig.Send(HttpMethod.Post, "api/write", WebRig.Body("Main.Name", "'valve'"), null,
            r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebRig.Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("'valve'", rig.ReadUntil("Main.Name", x => x == "'valve'"));
    }

    [Fact]
    public void A_force_holds_across_scans_until_it_is_unforced()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, rig.Post("api/force", WebRig.Body("Main.Count", "5")).Status);
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/force", WebRig.Body("Main.Count", "5"), WebRig.Token).Status);
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/force", WebRig.Body("main.start", "TRUE"), WebRig.Token).Status);
        rig.ReadUntil("Main.Count", v => v == "5");
        long scans = rig.Bridge.Scans;
        WebRig.WaitUntil(() => rig.Bridge.Scans > scans + 20, "20 more scans");
        Assert.Equal("5", rig.Read("Main.Count"));             // the program adds 1 every scan; the force wins
        Assert.Equal("TRUE", rig.ReadUntil("Main.Motor", v => v == "TRUE"));   // the forced input drives the output

        var (status, forces) = rig.Get("api/forces");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new (string?, string?)[] { ("Main.Count", "5"), ("Main.Start", "TRUE") },
            forces.GetProperty("forces").EnumerateArray().Select(f => (f.GetProperty("path").GetString(), f.GetProperty("value").GetString())).ToArray());
        var start = Child(Child(rig.Get("api/variables").Body.GetProperty("nodes"), "Main").GetProperty("children"), "Start");
        Assert.True(start.GetProperty("forced").GetBoolean());
        // A write to a forced variable is refused with the bridge's message.
        var (refused, message) = rig.Post("api/write", WebRig.Body("Main.Count", "7"), WebRig.Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Equal("'Main.Count' is forced: unforce it, or force the new value", message.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, rig.Post("api/unforce", WebRig.Body("Main.Count")).Status);
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/unforce", WebRig.Body("Main.Count"), WebRig.Token).Status);
        Assert.True(long.Parse(rig.ReadUntil("Main.Count", v => long.Parse(v) > 10)) > 10, "Count did not run again after the unforce");
        var (again, error) = rig.Post("api/unforce", WebRig.Body("Main.Count"), WebRig.Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again);
        Assert.Equal("'Main.Count' is not forced", error.GetProperty("error").GetString());

        var (ok, all) = rig.Post("api/unforce", "{\"all\": true}", WebRig.Token);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(1, all.GetProperty("unforced").GetInt32());
        Assert.Empty(rig.Bridge.Forces());
    }

    [Fact]
    public void Bad_values_and_names_are_refused_with_the_bridges_message()
    {
        var (status, body) = rig.Post("api/write", WebRig.Body("Main.Count", "twelve"), WebRig.Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("'Main.Count': 'twelve' is not a literal of type DINT", body.GetProperty("error").GetString());
        (status, body) = rig.Post("api/force", WebRig.Body("Limit", "3"), WebRig.Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("'Limit' is a constant", body.GetProperty("error").GetString());
        (status, body) = rig.Post("api/write", WebRig.Body("Main.Nothing", "1"), WebRig.Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        (status, body) = rig.Post("api/force", "{\"path\": \"Main.Count\"}", WebRig.Token);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("expected", body.GetProperty("error").GetString());
        (status, _) = rig.Post("api/write", "{\"path\": 5, \"value\": \"1\"}", WebRig.Token);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public void Malformed_wrong_type_and_oversized_bodies_are_refused_and_the_server_goes_on()
    {
        var (status, body) = rig.Post("api/read", "{\"paths\": [\"Main.Count\"", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("malformed JSON", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", "[1, 2]").Status);
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", "{\"paths\": \"Main.Count\"}").Status);
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", "{\"paths\": [1]}").Status);
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", "").Status);
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", "{\"paths\": " + new string('[', 50) + new string(']', 50) + "}").Status);
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/write", "{\"path\": \"Main.Count\", \"value\": ", WebRig.Token).Status);
        var tooMany = JsonSerializer.Serialize(new { paths = Enumerable.Repeat("g", 2001).ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, rig.Post("api/read", tooMany).Status);

        // Not JSON: 415, so that a plain cross-site form post cannot even reach the handler.
        using (var form = rig.Send(HttpMethod.Post, "api/force", null, WebRig.Token,
                   r => r.Content = new StringContent("path=Main.Start&value=TRUE", Encoding.UTF8, "application/x-www-form-urlencoded")))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        // Larger than 64 KiB: 413, with and without a Content-Length.
        string big = "{\"paths\": [\"" + new string('x', 70_000) + "\"]}";
        Assert.StartsWith("HTTP/1.1 413 ", RawExchange(rig.Server.LocalEndpoint.Port,
            "POST /api/read HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + big.Length + "\r\n\r\n" + big));
        // Without a Content-Length (chunked), the server finds out while reading, answers 413 and closes the
        // connection with the rest unread; a raw socket sends it all at once, then reads that answer.
        string response = RawExchange(rig.Server.LocalEndpoint.Port,
            "POST /api/read HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
            big.Length.ToString("x") + "\r\n" + big + "\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413 ", response);

        // Unknown paths and methods.
        var (missing, error) = rig.Get("api/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("/api/nothing", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, rig.Get("api/write").Status);

        // Still serving.
        Assert.True(long.Parse(rig.Read("Main.Count")) > 0);
    }

    /// <summary>Sends a whole request at once (it fits the socket's buffer; no half-close, which the server would
    /// take for an aborted request) and reads the answer until the server closes the connection.</summary>
    static string RawExchange(int port, string request)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { SendBufferSize = 1 << 20, ReceiveTimeout = 10_000 };
        socket.Connect(IPAddress.Loopback, port);
        try { socket.Send(Encoding.ASCII.GetBytes(request)); }
        catch (System.Net.Sockets.SocketException) { }            // the server may close before taking everything
        var received = new System.IO.MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = socket.Receive(buffer)) > 0) received.Write(buffer, 0, n);
        }
        catch (System.Net.Sockets.SocketException) { }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    [Fact]
    public void Cross_site_and_rebound_requests_are_refused_even_with_the_token()
    {
        void Refused(Action<HttpRequestMessage> adjust, string expected)
        {
            using var response = rig.Send(HttpMethod.Post, "api/force", WebRig.Body("Main.Start", "TRUE"), WebRig.Token, adjust);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(expected, WebRig.Parse(response).GetProperty("error").GetString());
        }
        Refused(r => r.Headers.Add("Origin", "http://evil.example"), "Origin 'http://evil.example' is not this server");
        Refused(r => r.Headers.Add("Origin", "null"), "cross-site");
        Refused(r => r.Headers.Add("Sec-Fetch-Site", "cross-site"), "cross-site request refused");
        Refused(r => r.Headers.Host = "evil.example:" + rig.Server.LocalEndpoint.Port, "does not name this machine");
        Assert.Empty(rig.Bridge.Forces());

        // The page's own requests: same origin.
        using var same = rig.Send(HttpMethod.Post, "api/force", WebRig.Body("Main.Start", "TRUE"), WebRig.Token, r =>
        {
            r.Headers.Add("Origin", "http://127.0.0.1:" + rig.Server.LocalEndpoint.Port);
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var local = rig.Send(HttpMethod.Get, "api/status", null, null, r => r.Headers.Host = "localhost:" + rig.Server.LocalEndpoint.Port);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public void The_page_status_and_access_are_served_without_a_token_on_loopback()
    {
        using var page = rig.Send(HttpMethod.Get, "");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = WebRig.Text(page);
        Assert.Contains("<title>plc web view</title>", html);
        Assert.Contains("id=\"trend-canvas\"", html);
        Assert.DoesNotContain("<!--SCRIPT-->", html);
        Assert.DoesNotContain("src=\"http", html);                       // nothing from elsewhere
        string csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'sha256-", csp);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        // Following a link from elsewhere opens the page (it holds no data, cannot be framed); the API refuses
        // cross-site requests (Cross_site_and_rebound_requests_are_refused_even_with_the_token).
        using (var linked = rig.Send(HttpMethod.Get, "", null, null, r => r.Headers.Add("Sec-Fetch-Site", "cross-site")))
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        using (var linkedApi = rig.Send(HttpMethod.Get, "api/variables", null, null, r => r.Headers.Add("Sec-Fetch-Site", "cross-site")))
            Assert.Equal(HttpStatusCode.Forbidden, linkedApi.StatusCode);
        using (var rebound = rig.Send(HttpMethod.Get, "", null, null, r => r.Headers.Host = "evil.example"))
            Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);

        var (status, s) = rig.Get("api/status");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("latch.st", s.GetProperty("title").GetString());
        Assert.Equal("wall", s.GetProperty("clock").GetString());
        Assert.False(s.GetProperty("tokenNeededToRead").GetBoolean());
        var task = s.GetProperty("tasks")[0];
        Assert.Equal(1_000_000, task.GetProperty("intervalNs").GetInt64());
        Assert.True(task.GetProperty("scans").GetInt64() > 0);

        var (_, anonymous) = rig.Get("api/access");
        Assert.False(anonymous.GetProperty("control").GetBoolean());
        var (_, withToken) = rig.Get("api/access", WebRig.Token);
        Assert.True(withToken.GetProperty("control").GetBoolean());
        var (_, wrong) = rig.Get("api/access", "not-the-token-at-all");
        Assert.Equal("wrong token", wrong.GetProperty("reason").GetString());
    }
}

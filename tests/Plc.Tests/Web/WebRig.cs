using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;
using Plc.Web;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>A program running on the wall clock (1 ms scans, on its own thread) with a monitor bridge and a real
/// web view server on 127.0.0.1 and a free port, and an HTTP client for it.</summary>
sealed class WebRig : IDisposable
{
    public const string Token = "0123456789abcdef0123456789abcdef";

    public const string Latch = @"
TYPE Point : STRUCT x : INT; y : REAL; END_STRUCT; END_TYPE
VAR_GLOBAL CONSTANT Limit : INT := 10; END_VAR
PROGRAM Main
VAR
    Start AT %IX0.0 : BOOL;
    Stop AT %IX0.1 : BOOL;
    Motor AT %QX0.0 : BOOL;
    Count : DINT;
    Name : STRING(8) := 'pump';
    Timer : TON;
    Points : ARRAY[1..2] OF Point;
    Grid : ARRAY[1..2, 1..2] OF INT;
    Ref : REF_TO DINT;
END_VAR
Motor := (Start OR Motor) AND NOT Stop;
Count := Count + 1;
Timer(IN := Motor, PT := T#1s);
END_PROGRAM
";

    public readonly Image Image;
    public readonly MonitorBridge Bridge;
    public readonly ScanLoop Loop;
    public readonly WebViewServer Server;
    public readonly HttpClient Http;
    readonly Thread scan;

    public WebRig(string source = Latch, IPAddress? bind = null, bool startLoop = true)
    {
        var result = Compilation.Compile(new[] { new SourceText("latch.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Image = result.Image!;
        var verified = Verifier.Verify(Image);
        Assert.True(verified.Ok, verified.Error);
        Bridge = new MonitorBridge(Image);
        // SpinNs 0: the clock sleeps through each interval instead of spinning (these tests are not about jitter, and
        // other tests run beside them).
        Loop = new ScanLoop(Image, verified, new WallClock { SpinNs = 0 }, new ScanLoopOptions { Monitor = Bridge, DefaultTaskIntervalNs = 1_000_000 });
        Server = new WebViewServer(Bridge, new WebViewOptions
        {
            Endpoint = new IPEndPoint(bind ?? IPAddress.Loopback, 0),
            Token = WebToken.FromText(Token, out _),
            Title = "latch.st",
        });
        Server.Start();
        Server.Loop = Loop;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.LocalEndpoint.Port}/"), Timeout = TimeSpan.FromSeconds(20) };
        scan = new Thread(() => Loop.Run()) { IsBackground = true, Name = "web rig scan" };
        if (startLoop)
        {
            scan.Start();
            WaitUntil(() => Bridge.Scans > 0, "the first scan");
        }
    }

    public void Dispose()
    {
        Loop.RequestStop();
        if (scan.IsAlive) scan.Join();
        Http.Dispose();
        Server.Dispose();
    }

    public static void WaitUntil(Func<bool> condition, string what, int seconds = 10)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds)) Assert.Fail($"waited {seconds} s for {what}");
            Thread.Sleep(2);
        }
    }

    // ---- HTTP helpers

    public HttpResponseMessage Send(HttpMethod method, string path, string? json = null, string? token = null,
        Action<HttpRequestMessage>? adjust = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token != null) request.Headers.Add("X-Plc-Token", token);
        adjust?.Invoke(request);
        return Http.Send(request);
    }

    public (HttpStatusCode Status, JsonElement Body) Get(string path, string? token = null)
    {
        using var response = Send(HttpMethod.Get, path, null, token);
        return (response.StatusCode, Parse(response));
    }

    public (HttpStatusCode Status, JsonElement Body) Post(string path, string json, string? token = null)
    {
        using var response = Send(HttpMethod.Post, path, json, token);
        return (response.StatusCode, Parse(response));
    }

    /// <summary>The body as text (read synchronously).</summary>
    public static string Text(HttpResponseMessage response)
    {
        using var reader = new System.IO.StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static JsonElement Parse(HttpResponseMessage response)
    {
        string text = Text(response);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Reads one variable through <c>/api/read</c>.</summary>
    public string Read(string path, string? token = null)
    {
        var (status, body) = Post("api/read", JsonSerializer.Serialize(new { paths = new[] { path } }), token);
        Assert.Equal(HttpStatusCode.OK, status);
        var v = body.GetProperty("values")[0];
        Assert.True(v.TryGetProperty("value", out var value), v.ToString());
        return value.GetString()!;
    }

    public static string Body(string path, string? value = null) =>
        value == null ? JsonSerializer.Serialize(new { path }) : JsonSerializer.Serialize(new { path, value });

    /// <summary>Reads until the value passes, for at most 10 s; returns the last value read.</summary>
    public string ReadUntil(string path, Func<string, bool> good, string? token = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string v = Read(path, token);
            if (good(v) || watch.Elapsed > TimeSpan.FromSeconds(10)) return v;
            Thread.Sleep(2);
        }
    }
}

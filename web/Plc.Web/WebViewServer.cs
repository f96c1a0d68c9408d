using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Web;

/// <summary>Listening failed (address in use, not an address of this machine ...).</summary>
public sealed class WebViewException : Exception
{
    public WebViewException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// The live web view (docs/web.md): Kestrel, with no logging and no console lifetime, serving the page and a JSON
/// API over a <see cref="MonitorBridge"/>. Its request threads are the bridge's clients; the scan thread never waits
/// for them. Limits: request bodies of 64 KiB (<see cref="JsonBody.MaxBytes"/>), 16 KiB of headers, 64 connections.
/// </summary>
public sealed class WebViewServer : IDisposable
{
    /// <summary>Connections at most; more wait in the listen backlog.</summary>
    public const int MaxConnections = 64;

    readonly MonitorBridge bridge;
    readonly WebViewOptions options;
    WebApplication? app;
    volatile ScanLoop? loop;

    /// <exception cref="WebViewException">Cryptography is not available (Linux without libssl).</exception>
    public WebViewServer(MonitorBridge bridge, WebViewOptions options)
    {
        if (CryptoAvailability.Problem() is { } problem) throw new WebViewException(problem, null);
        this.bridge = bridge;
        this.options = options;
        Token = options.Token ?? WebToken.Generate();
        Policy = new AccessPolicy(Token, WebAddress.IsLoopback(options.Endpoint));
        LocalEndpoint = options.Endpoint;
    }

    public WebToken Token { get; }
    public AccessPolicy Policy { get; }
    /// <summary>The address it listens on (after <see cref="Start"/>, with the port that port 0 got).</summary>
    public IPEndPoint LocalEndpoint { get; private set; }
    public string Url => WebAddress.Url(LocalEndpoint);

    /// <summary>The scan loop whose task statistics <c>/api/status</c> shows (set it once the loop exists).</summary>
    public ScanLoop? Loop { get => loop; set => loop = value; }

    /// <summary>Starts listening; returns when the port is open. Throws <see cref="WebViewException"/> when it cannot.</summary>
    public void Start()
    {
        if (app != null) throw new InvalidOperationException("already started");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Plc.Web" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.MaxConcurrentConnections = MaxConnections;
            k.Limits.MaxConcurrentUpgradedConnections = 0;
            k.Listen(options.Endpoint);
        });
        var built = builder.Build();
        var api = new WebApi(bridge, Policy, new PageAssets(), options, () => loop);
        built.Use(Guard);
        built.UseRouting();
        built.MapGet("/", api.Page);
        built.MapGet("/index.html", api.Page);
        built.MapGet("/favicon.ico", context => { context.Response.StatusCode = StatusCodes.Status204NoContent; return Task.CompletedTask; });
        built.MapGet("/api/variables", api.Variables);
        built.MapGet("/api/forces", api.Forces);
        built.MapGet("/api/status", api.Status);
        built.MapGet("/api/access", api.AccessInfo);
        built.MapPost("/api/read", api.Read);
        built.MapPost("/api/write", api.Write);
        built.MapPost("/api/force", api.Force);
        built.MapPost("/api/unforce", api.Unforce);
        try
        {
            built.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.IO.IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            built.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new WebViewException($"cannot listen on {WebAddress.Url(options.Endpoint)}: {e.Message}", e);
        }
        app = built;
        var addresses = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses?.FirstOrDefault() is { } first && Uri.TryCreate(first, UriKind.Absolute, out var uri))
            LocalEndpoint = new IPEndPoint(options.Endpoint.Address, uri.Port);
    }

    /// <summary>Headers on every answer, answers for unknown paths, and no stack traces: an exception in a handler
    /// is a 500 with a one-line JSON message, and the server goes on.</summary>
    static async Task Guard(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        try
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted)
                await WebApi.Error(context, 404, $"no such page or API: {context.Request.Path}");
            else if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
                await WebApi.Error(context, 405, $"{context.Request.Method} is not allowed on {context.Request.Path}");
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await WebApi.Error(context, 500, "internal error: " + e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Stops listening and closes the connections (waits up to 2 s for requests in progress).</summary>
    public void Dispose()
    {
        var a = Interlocked.Exchange(ref app, null);
        if (a == null) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { a.StopAsync(timeout.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        a.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

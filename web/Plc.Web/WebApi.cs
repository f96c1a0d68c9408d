using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Web;

/// <summary>
/// The HTTP endpoints (docs/web.md, "API"). Every one checks the <see cref="AccessPolicy"/> first and talks to the
/// program only through the <see cref="MonitorBridge"/>: values come from its latest published snapshot, changes go
/// through its write queue and force table; nothing here touches live memory or the scan thread.
/// </summary>
sealed class WebApi
{
    /// <summary>At most this many names in one read.</summary>
    public const int MaxPathsPerRead = 2000;
    /// <summary>A name or a value longer than this is refused.</summary>
    public const int MaxTextLength = 4096;

    readonly MonitorBridge bridge;
    readonly AccessPolicy policy;
    readonly PageAssets assets;
    readonly WebViewOptions options;
    readonly Func<ScanLoop?> loop;

    public WebApi(MonitorBridge bridge, AccessPolicy policy, PageAssets assets, WebViewOptions options, Func<ScanLoop?> loop)
    {
        this.bridge = bridge; this.policy = policy; this.assets = assets; this.options = options; this.loop = loop;
    }

    // ---- pages

    public async Task Page(HttpContext context)
    {
        var request = context.Request;
        string? token = AccessPolicy.TokenFromHeaders(request.Headers.Authorization, request.Headers["X-Plc-Token"])
                        ?? (request.Query.TryGetValue("token", out var q) ? q.ToString() : null);
        // The page may be opened from a link anywhere (a top-level navigation is cross-site then): it holds no data,
        // cannot be framed, and its own requests to the API are same-origin. The Host check still applies.
        var decision = policy.Check(new AccessRequest(Access.Read, token, request.Headers.Host.ToString(), null, null));
        var response = context.Response;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Frame-Options"] = "DENY";
        if (decision.Status == StatusCodes.Status401Unauthorized)
        {
            // Off loopback without (the right) token: a small page that asks for it.
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.ContentSecurityPolicy = assets.TokenPagePolicy;
            response.ContentType = "text/html; charset=utf-8";
            await response.Body.WriteAsync(assets.TokenPage);
            return;
        }
        if (!decision.IsAllowed) { await Refuse(context, decision); return; }
        response.Headers.ContentSecurityPolicy = assets.PagePolicy;
        response.ContentType = "text/html; charset=utf-8";
        await response.Body.WriteAsync(assets.Page);
    }

    // ---- reading

    public async Task Variables(HttpContext context)
    {
        if (!await Allow(context, Access.Read)) return;
        await Json(context, 200, json => VariableTree.Write(json, bridge));
    }

    public async Task Read(HttpContext context)
    {
        if (!await Allow(context, Access.Read)) return;
        var (document, status, error) = await JsonBody.ReadAsync(context.Request);
        if (document == null) { await Error(context, status, error); return; }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("paths", out var array) || array.ValueKind != JsonValueKind.Array)
            { await Error(context, 400, "expected {\"paths\": [\"Main.x\", ...]}"); return; }
            if (array.GetArrayLength() > MaxPathsPerRead)
            { await Error(context, 400, $"at most {MaxPathsPerRead} names in one read"); return; }
            var paths = new List<string>();
            foreach (var p in array.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.String || p.GetString() is not { } s) { await Error(context, 400, "every name must be a string"); return; }
                if (s.Length > MaxTextLength) { await Error(context, 400, $"a name is longer than {MaxTextLength} characters"); return; }
                paths.Add(s);
            }
            long scans = bridge.Scans, time = bridge.TimeNs;
            var values = bridge.Read(paths);
            await Json(context, 200, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("scans", scans);
                json.WriteNumber("timeNs", time);
                json.WriteStartArray("values");
                foreach (var (path, err, value) in values)
                {
                    json.WriteStartObject();
                    json.WriteString("path", path);
                    if (err != null) json.WriteString("error", err);
                    else json.WriteString("value", value);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                WriteForces(json);
                json.WriteEndObject();
            });
        }
    }

    public async Task Forces(HttpContext context)
    {
        if (!await Allow(context, Access.Read)) return;
        await Json(context, 200, json => { json.WriteStartObject(); WriteForces(json); json.WriteEndObject(); });
    }

    public async Task Status(HttpContext context)
    {
        if (!await Allow(context, Access.Read)) return;
        var running = loop();
        var tasks = running == null ? new List<TaskStatus>() : TaskStatus.Of(running);
        await Json(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("title", options.Title);
            json.WriteString("clock", options.Clock);
            json.WriteNumber("scans", bridge.Scans);
            json.WriteNumber("timeNs", bridge.TimeNs);
            json.WriteNumber("forces", bridge.Forces().Count);
            json.WriteBoolean("tokenNeededToRead", !policy.LoopbackOnly);
            json.WriteStartArray("tasks");
            foreach (var t in tasks)
            {
                json.WriteStartObject();
                json.WriteString("name", t.Name);
                json.WriteNumber("intervalNs", t.IntervalNs);
                json.WriteNumber("scans", t.Scans);
                json.WriteNumber("cycleMeanNs", Math.Round(t.CycleMeanNs));
                json.WriteNumber("cycleMaxNs", t.CycleMaxNs);
                json.WriteNumber("jitterMaxNs", t.JitterMaxNs);
                json.WriteNumber("overruns", t.Overruns);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>What the request's token allows: <c>{"read": true, "control": bool, "reason": "..."}</c> (the page
    /// asks after the user entered a token).</summary>
    public async Task AccessInfo(HttpContext context)
    {
        if (!await Allow(context, Access.Read)) return;
        var h = context.Request.Headers;
        var control = Decide(context, Access.Control, AccessPolicy.TokenFromHeaders(h.Authorization, h["X-Plc-Token"]));
        await Json(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("read", true);
            json.WriteBoolean("control", control.IsAllowed);
            if (!control.IsAllowed) json.WriteString("reason", control.Message);
            json.WriteBoolean("tokenNeededToRead", !policy.LoopbackOnly);
            json.WriteEndObject();
        });
    }

    // ---- changing

    enum Change { Write, Force, Unforce }

    public Task Write(HttpContext context) => Apply(context, Change.Write);
    public Task Force(HttpContext context) => Apply(context, Change.Force);
    public Task Unforce(HttpContext context) => Apply(context, Change.Unforce);

    /// <summary>A write or force of <c>{"path": ..., "value": ...}</c>, an unforce of <c>{"path": ...}</c> or
    /// <c>{"all": true}</c>: 200 <c>{"ok": true}</c>, or 422 with the bridge's message (unknown name, bad literal, a
    /// constant, not forced ...).</summary>
    async Task Apply(HttpContext context, Change change)
    {
        if (!await Allow(context, Access.Control)) return;
        var (document, status, error) = await JsonBody.ReadAsync(context.Request);
        if (document == null) { await Error(context, status, error); return; }
        string? path, value;
        bool all;
        using (document)
        {
            var root = document.RootElement;
            path = JsonBody.String(root, "path");
            value = JsonBody.String(root, "value");
            all = root.TryGetProperty("all", out var a) && a.ValueKind == JsonValueKind.True;
        }
        if (change == Change.Unforce && all && path == null)
        {
            int n = bridge.UnforceAll();
            await Json(context, 200, json => { json.WriteStartObject(); json.WriteBoolean("ok", true); json.WriteNumber("unforced", n); json.WriteEndObject(); });
            return;
        }
        if (path == null || (change != Change.Unforce && value == null))
        {
            await Error(context, 400, "expected " + (change == Change.Unforce
                ? "{\"path\": \"Main.x\"} or {\"all\": true}" : "{\"path\": \"Main.x\", \"value\": \"42\"}"));
            return;
        }
        if (path.Length > MaxTextLength || (value?.Length ?? 0) > MaxTextLength)
        {
            await Error(context, 400, $"a name or value is longer than {MaxTextLength} characters");
            return;
        }
        string? refused = change switch
        {
            Change.Write => bridge.Write(path, value!),
            Change.Force => bridge.Force(path, value!),
            _ => bridge.Unforce(path),
        };
        if (refused != null) { await Error(context, StatusCodes.Status422UnprocessableEntity, refused); return; }
        await Json(context, 200, json => { json.WriteStartObject(); json.WriteBoolean("ok", true); json.WriteEndObject(); });
    }

    // ---- helpers

    void WriteForces(Utf8JsonWriter json)
    {
        json.WriteStartArray("forces");
        foreach (var (path, value) in bridge.Forces())
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    AccessDecision Decide(HttpContext context, Access access, string? token)
    {
        var h = context.Request.Headers;
        return policy.Check(new AccessRequest(access, token, h.Host.ToString(), h.Origin.Count > 0 ? h.Origin.ToString() : null,
            h["Sec-Fetch-Site"].Count > 0 ? h["Sec-Fetch-Site"].ToString() : null));
    }

    async Task<bool> Allow(HttpContext context, Access access)
    {
        var h = context.Request.Headers;
        var decision = Decide(context, access, AccessPolicy.TokenFromHeaders(h.Authorization, h["X-Plc-Token"]));
        if (decision.IsAllowed) return true;
        await Refuse(context, decision);
        return false;
    }

    static async Task Refuse(HttpContext context, AccessDecision decision)
    {
        if (decision.Status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        await Error(context, decision.Status, decision.Message);
    }

    public static Task Error(HttpContext context, int status, string message) =>
        Json(context, status, json => { json.WriteStartObject(); json.WriteString("error", message); json.WriteEndObject(); });

    public static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        // Relaxed escaping keeps quotes in messages readable (application/json with nosniff is never run as HTML).
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) write(json);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }
}

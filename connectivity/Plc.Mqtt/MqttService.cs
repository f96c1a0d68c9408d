using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Mqtt;

/// <summary>
/// The MQTT side of <c>plc run --mqtt URL</c> (docs/mqtt.md), on its own task: it talks to the program only through a
/// <see cref="MonitorBridge"/> (values from the last published snapshot, writes queued and applied between scans), so
/// the scan thread never waits for the network, takes no lock and allocates nothing for MQTT.
/// <list type="bullet">
/// <item>Connects with the last will <c>PREFIX/status</c> = <c>offline</c> (retained), then publishes <c>online</c>
/// (retained), subscribes to <c>PREFIX/NAME/set</c> of each writable variable and publishes every selected variable.</item>
/// <item>From the first scan on, every <see cref="MqttSettings.Interval"/> reads all selected variables from one snapshot and publishes those
/// that changed since they were last published (and all of them every <see cref="MqttSettings.Period"/>).
/// While disconnected nothing queues: after reconnecting, each variable is published once with its current value.</item>
/// <item>Reconnects with exponential back-off and jitter (<see cref="Backoff"/>); every failure is logged.</item>
/// <item>A clean stop publishes <c>offline</c> (retained) and disconnects; a killed process leaves it to the will.</item>
/// </list>
/// </summary>
public sealed class MqttService : IDisposable
{
    readonly MqttSettings settings;
    readonly MonitorBridge bridge;
    readonly SelectedVariable[] variables;
    readonly string[] names, topics;
    readonly string?[] lastPublished;
    readonly Dictionary<string, SelectedVariable> setTopics = new(StringComparer.Ordinal);
    readonly LogLimiter log;
    readonly IMqttClient client;
    readonly MqttClientOptions options;
    readonly CancellationTokenSource stopping = new();
    readonly Backoff backoff;
    readonly X509Certificate2Collection? authority;
    Task? loop;
    bool stopped;
    volatile string? disconnectReason;
    long connectAttempts, connections, published, writesApplied, writesRejected;

    public MqttService(MqttSettings settings, MonitorBridge bridge, IReadOnlyList<SelectedVariable> variables, TextWriter log)
    {
        this.settings = settings;
        this.bridge = bridge;
        this.variables = new SelectedVariable[variables.Count];
        for (int i = 0; i < variables.Count; i++) this.variables[i] = variables[i];
        names = Array.ConvertAll(this.variables, v => v.Name);
        topics = Array.ConvertAll(this.variables, v => settings.ValueTopic(v.Name));
        lastPublished = new string?[this.variables.Length];
        foreach (var v in this.variables)
            if (v.Writable) setTopics[settings.SetTopic(v.Name)] = v;
        this.log = new LogLimiter(log);
        backoff = new Backoff(settings.ReconnectMin, settings.ReconnectMax, new Random());
        authority = settings.CaFile != null ? LoadAuthority(settings.CaFile) : null;
        options = BuildOptions();
        client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessage;
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected) disconnectReason = e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString();
            return Task.CompletedTask;
        };
    }

    public MqttSettings Settings => settings;
    public IReadOnlyList<SelectedVariable> Variables => variables;
    public bool IsConnected => client.IsConnected;
    /// <summary>Connection attempts so far (successful or not).</summary>
    public long ConnectAttempts => Interlocked.Read(ref connectAttempts);
    /// <summary>Successful connections so far.</summary>
    public long Connections => Interlocked.Read(ref connections);
    /// <summary>Value messages published so far (not counting the status).</summary>
    public long Published => Interlocked.Read(ref published);
    public long WritesApplied => Interlocked.Read(ref writesApplied);
    public long WritesRejected => Interlocked.Read(ref writesRejected);

    /// <summary>Starts connecting and publishing in the background; returns at once.</summary>
    public void Start()
    {
        if (loop != null) throw new InvalidOperationException("already started");
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>Stops: publishes <c>offline</c> (retained) and disconnects when connected. Waits at most about
    /// <see cref="MqttSettings.Timeout"/>.</summary>
    public void Dispose()
    {
        if (stopped) return;
        stopped = true;
        stopping.Cancel();
        try { loop?.Wait(settings.Timeout); }
        catch (AggregateException) { }
        if (client.IsConnected)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Min(3, settings.Timeout.TotalSeconds)));
                client.PublishAsync(Status("offline"), cts.Token).GetAwaiter().GetResult();
                client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                    cts.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.Write($"could not say offline before disconnecting: {Describe(e)}");
            }
        }
        client.Dispose();
        stopping.Dispose();
    }

    async Task RunAsync(CancellationToken ct)
    {
        bool wasConnected = false;
        DateTime nextPeriod = DateTime.MinValue;
        bool publishAll = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    if (wasConnected)
                    {
                        log.Write($"connection to {settings.Broker.Display} lost: {disconnectReason ?? "no reason given"}; reconnecting");
                        wasConnected = false;
                    }
                    if (!await ConnectAsync(ct)) continue;
                    wasConnected = true;
                    publishAll = true;
                }
                if (bridge.Scans == 0)
                {
                    // No scan yet: the snapshot still holds the initial values, not the retained ones.
                    await Task.Delay(settings.Interval, ct);
                    continue;
                }
                var now = DateTime.UtcNow;
                bool periodic = settings.Period is { } period && now >= nextPeriod;
                if (periodic) nextPeriod = now + settings.Period!.Value;
                if (settings.OnChange || periodic || publishAll)
                {
                    await PublishValuesAsync(periodic || publishAll, now, ct);
                    publishAll = false;
                }
                await Task.Delay(settings.Interval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A publish that failed or timed out: drop the connection and start over with back-off.
                log.Write($"publishing to {settings.Broker.Display} failed: {Describe(e)}");
                await DropConnectionAsync();
                wasConnected = false;
                try { await Task.Delay(backoff.Next(), ct); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>One connection attempt; on failure waits the back-off delay. True when connected.</summary>
    async Task<bool> ConnectAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref connectAttempts);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Timeout);
            var result = await client.ConnectAsync(options, timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new IOException($"the broker refused the connection: {result.ResultCode}");
            await client.PublishAsync(Status("online"), timeout.Token);
            if (setTopics.Count > 0)
            {
                var subscribe = new MqttClientSubscribeOptionsBuilder();
                foreach (var topic in setTopics.Keys) subscribe.WithTopicFilter(topic, settings.Qos);
                await client.SubscribeAsync(subscribe.Build(), timeout.Token);
            }
            Interlocked.Increment(ref connections);
            disconnectReason = null;
            log.Write($"connected to {settings.Broker.Display} as {settings.ClientId}; topics under {settings.TopicPrefix}/ " +
                      $"({variables.Length} published, {setTopics.Count} writable)");
            backoff.Reset();
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (client.IsConnected) await DropConnectionAsync();
            var delay = backoff.Next();
            log.Write($"cannot connect to {settings.Broker.Display}: {Describe(e)}; retrying in {delay.TotalSeconds:0.0} s");
            await Task.Delay(delay, ct);
            return false;
        }
    }

    /// <summary>Disconnects after a failure, waiting at most 2 s (the broker may be gone).</summary>
    async Task DropConnectionAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { }
    }

    async Task PublishValuesAsync(bool all, DateTime now, CancellationToken ct)
    {
        if (variables.Length == 0) return;
        var values = bridge.Read(names);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        for (int i = 0; i < variables.Length; i++)
        {
            var (_, error, value) = values[i];
            if (error != null) continue;   // e.g. a VAR_IN_OUT not connected yet
            if (!all && value == lastPublished[i]) continue;
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topics[i])
                .WithPayload(PublishPayload.Format(variables[i], value, now))
                .WithQualityOfServiceLevel(settings.Qos)
                .WithRetainFlag(settings.Retain)
                .Build();
            await client.PublishAsync(message, timeout.Token);
            lastPublished[i] = value;
            Interlocked.Increment(ref published);
        }
    }

    MqttApplicationMessage Status(string text) => new MqttApplicationMessageBuilder()
        .WithTopic(settings.StatusTopic)
        .WithPayload(text)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag(true)
        .Build();

    /// <summary>A message on a subscribed <c>PREFIX/NAME/set</c> topic: queued as a write for the next scan.
    /// Bad payloads are logged and dropped; nothing here throws.</summary>
    Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        try
        {
            var m = e.ApplicationMessage;
            if (!setTopics.TryGetValue(m.Topic, out var v)) return Task.CompletedTask;
            if (m.Retain)
            {
                // A retained command would be replayed at every reconnect: never act on one.
                Interlocked.Increment(ref writesRejected);
                log.Write($"ignored a retained message on {m.Topic}: writes must not be retained");
                return Task.CompletedTask;
            }
            bool wide = v.Type.StartsWith("WSTRING", StringComparison.OrdinalIgnoreCase);
            string? error = WritePayload.ToLiteral(m.Payload.ToArray(), v.Kind, wide, out string literal)
                            ?? bridge.Write(v.Name, literal);
            if (error == null) Interlocked.Increment(ref writesApplied);
            else
            {
                Interlocked.Increment(ref writesRejected);
                log.Write($"write to {v.Name} ignored: {error}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref writesRejected);
            log.Write($"write ignored: {ex.GetType().Name}: {ex.Message}");
        }
        return Task.CompletedTask;
    }

    MqttClientOptions BuildOptions()
    {
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Broker.Host, settings.Broker.Port)
            .WithClientId(settings.ClientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(settings.KeepAlive)
            .WithTimeout(settings.Timeout)
            .WithWillTopic(settings.StatusTopic)
            .WithWillPayload("offline")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (settings.User != null) b.WithCredentials(settings.User, settings.Password);
        if (settings.Broker.Tls)
            b.WithTlsOptions(o => o.UseTls().WithTargetHost(settings.Broker.Host).WithCertificateValidationHandler(ValidateCertificate));
        return b.Build();
    }

    /// <summary>The system's trust store, or the --mqtt-ca authority; the name must match in both cases.
    /// --mqtt-insecure accepts any certificate.</summary>
    bool ValidateCertificate(MqttClientCertificateValidationEventArgs e)
    {
        if (settings.Insecure) return true;
        if (e.Certificate == null || (e.SslPolicyErrors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        if ((e.SslPolicyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        if (authority == null) return e.SslPolicyErrors == SslPolicyErrors.None;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (e.Chain != null)
            foreach (var element in e.Chain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var certificate = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
        return chain.Build(certificate);
    }

    static X509Certificate2Collection LoadAuthority(string path)
    {
        var collection = new X509Certificate2Collection();
        try { collection.ImportFromPemFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new MqttSettingsException($"--mqtt-ca {path}: cannot read a PEM certificate from it: {e.Message}");
        }
        if (collection.Count == 0) throw new MqttSettingsException($"--mqtt-ca {path}: no certificate in the file");
        return collection;
    }

    /// <summary>The message of an exception and of its inner ones, once each.</summary>
    static string Describe(Exception e)
    {
        var text = e.Message;
        for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += " (" + inner.Message + ")";
        return text;
    }
}

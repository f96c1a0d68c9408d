using System;
using System.IO;

namespace Plc.Mqtt;

/// <summary>
/// Writes log lines (<c>plc: mqtt: ...</c>) to stderr, at most <see cref="PerMinute"/> a minute: a client that sends
/// bad writes in a loop cannot flood the log. Lines dropped are counted and said once the minute is over. Thread-safe.
/// </summary>
public sealed class LogLimiter
{
    public const int PerMinute = 60;
    readonly TextWriter writer;
    readonly Func<DateTime> clock;
    readonly object gate = new();
    DateTime windowStart;
    int written, dropped;

    public LogLimiter(TextWriter writer, Func<DateTime>? clock = null)
    {
        this.writer = writer;
        this.clock = clock ?? (() => DateTime.UtcNow);
        windowStart = this.clock();
    }

    public void Write(string message)
    {
        lock (gate)
        {
            var now = clock();
            if (now - windowStart >= TimeSpan.FromMinutes(1))
            {
                if (dropped > 0) Emit($"plc: mqtt: {dropped} more message{(dropped == 1 ? " was" : "s were")} not logged in the last minute");
                windowStart = now;
                written = dropped = 0;
            }
            if (written >= PerMinute) { dropped++; return; }
            written++;
            Emit("plc: mqtt: " + message);
        }
    }

    void Emit(string line)
    {
        try { writer.WriteLine(line); writer.Flush(); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }
}

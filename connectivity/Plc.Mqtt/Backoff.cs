using System;

namespace Plc.Mqtt;

/// <summary>
/// Exponential back-off with jitter for reconnecting: the n-th delay after a failure is min(max, min·2ⁿ) scaled by a
/// random factor in [0.75, 1.25) (never above max), so many plcs that lost the same broker do not come back in step.
/// <see cref="Reset"/> after a successful connection.
/// </summary>
public sealed class Backoff
{
    readonly TimeSpan min, max;
    readonly Random random;
    int failures;

    public Backoff(TimeSpan min, TimeSpan max, Random random)
    {
        if (min <= TimeSpan.Zero || max < min) throw new ArgumentException("need 0 < min <= max");
        this.min = min; this.max = max; this.random = random;
    }

    /// <summary>Failures since the last <see cref="Reset"/>.</summary>
    public int Failures => failures;

    public TimeSpan Next()
    {
        double baseMs = min.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30));
        baseMs = Math.Min(baseMs, max.TotalMilliseconds);
        failures++;
        double ms = baseMs * (0.75 + 0.5 * random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(ms, max.TotalMilliseconds));
    }

    public void Reset() => failures = 0;
}

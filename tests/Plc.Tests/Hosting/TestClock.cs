using System;
using System.Collections.Generic;
using Plc.Runtime.Hosting;

namespace Plc.Tests.Hosting;

/// <summary>
/// A clock for scan loop tests: waiting jumps to the target, and every target is recorded, so a test sees each
/// release time the loop asked for. Scans take time only when a test says so (<see cref="Advance"/>, e.g. from an
/// <see cref="IProcessIO"/> the loop calls around each release).
/// </summary>
public sealed class TestClock : IClock
{
    long now;
    public List<long> Waits { get; } = new();
    public long NowNs => now;
    public void WaitUntil(long ns)
    {
        Waits.Add(ns);
        if (ns > now) now = ns;
    }
    public void Wake() { }
    public void Advance(long ns) => now += ns;
}

/// <summary>Process I/O whose output write makes the release's scans take a given time on a <see cref="TestClock"/>.</summary>
public sealed class CostlyIO : IProcessIO
{
    readonly TestClock clock;
    readonly Func<int, long> cost;
    int releases;
    public CostlyIO(TestClock clock, Func<int, long> cost) { this.clock = clock; this.cost = cost; }
    public int Reads { get; private set; }
    public int Writes { get; private set; }
    public void ReadInputs(byte[] memory) => Reads++;
    public void WriteOutputs(byte[] memory)
    {
        Writes++;
        clock.Advance(cost(releases++));
    }
}

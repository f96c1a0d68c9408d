using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Web;

/// <summary>
/// The web view adds nothing to the scan path: with clients polling, writing and forcing over HTTP all the time,
/// a long run of the scan loop allocates exactly as much on the scan thread as a short one (docs/web.md, "Limits").
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public class ScanAllocationWhilePollingTests
{
    static long Allocated(ScanLoop loop, long durationNs) => Plc.Tests.Hosting.ScanAllocation.During(loop, durationNs);

    [Fact]
    public void Scans_allocate_nothing_while_a_client_polls_writes_and_forces()
    {
        using var rig = new WebRig(startLoop: false);
        // The rig's wall-clock loop is not started: this test runs a virtual-clock loop on its own thread, as fast as
        // it goes, over the same bridge and server.
        var verified = Plc.Runtime.Core.Verifier.Verify(rig.Image);
        var loop = new ScanLoop(rig.Image, verified, new VirtualClock(), new ScanLoopOptions { Monitor = rig.Bridge, DefaultTaskIntervalNs = 1_000_000 });
        Assert.Equal(HttpStatusCode.OK, rig.Post("api/force", WebRig.Body("Main.Stop", "TRUE"), WebRig.Token).Status);
        Allocated(loop, 50_000_000);                                   // warm-up: JIT, first-use initialisation
        long few = Allocated(loop, 10_000_000);                        // 10 scans

        int requests = 0;
        bool stop = false;
        Exception? clientError = null;
        var client = new Thread(() =>
        {
            try
            {
                for (int i = 0; !Volatile.Read(ref stop); i++)
                {
                    rig.Read("Main.Count");
                    rig.Get("api/variables");
                    Assert.Equal(HttpStatusCode.OK, rig.Post("api/write", WebRig.Body("Main.Name", $"'n{i % 100}'"), WebRig.Token).Status);
                    Assert.Equal(HttpStatusCode.OK, rig.Post("api/force", WebRig.Body("Main.Start", i % 2 == 0 ? "TRUE" : "FALSE"), WebRig.Token).Status);
                    rig.Get("api/status");
                    Interlocked.Add(ref requests, 5);
                }
            }
            catch (Exception e) { clientError = e; }
        }) { IsBackground = true };
        client.Start();
        WebRig.WaitUntil(() => Volatile.Read(ref requests) >= 10, "the client's first requests");
        int before = Volatile.Read(ref requests);
        long many = 0;
        long scans = 0;
        // Run until the client got at least 20 more answers during the measured runs (each run: 100 000 scans).
        for (int round = 0; round < 50 && Volatile.Read(ref requests) < before + 20; round++)
        {
            long s0 = loop.Statistics[0].Scans;
            many += Allocated(loop, 100_000_000_000) - few;
            scans += loop.Statistics[0].Scans - s0;
        }
        int during = Volatile.Read(ref requests) - before;
        Volatile.Write(ref stop, true);
        client.Join();
        Assert.Null(clientError);
        Assert.True(during >= 20, $"only {during} requests were answered while the loop ran");
        Assert.True(scans >= 100_000, $"{scans} scans");
        Assert.Equal(0, many);                                          // not one byte
        Assert.Equal("TRUE", rig.Read("Main.Stop"));                   // the force held through it all
    }
}

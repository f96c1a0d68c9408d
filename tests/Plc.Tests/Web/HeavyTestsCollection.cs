using Xunit;

namespace Plc.Tests.Web;

/// <summary>
/// Web tests that take whole cores for seconds (Chromium; a scan loop at full speed beside an HTTP client) run in this
/// collection: alone, after the parallel tests, so that the timing tests (WallClockTests, scans per second with
/// hardware I/O, retain captures) never run beside them, and they are not slowed down by the others either.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTestsCollection
{
    public const string Name = "web: heavy, alone";
}

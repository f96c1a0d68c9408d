using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// The Modbus tests that load the machine (the soak, the allocation test under traffic, the real peers against
/// `plc run` processes with 1 ms tasks) run alone, after the parallel tests: they would otherwise disturb the timing
/// tests of other classes (WallClockTests, the scan loop's), and those would disturb their figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModbusLoadCollection
{
    public const string Name = "Modbus load (runs alone)";
}

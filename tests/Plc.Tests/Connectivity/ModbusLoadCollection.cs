using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// The Modbus tests that load the machine (the soak, the allocation test under traffic, the real peers against
/// `plc run` processes with 1 ms tasks, thousands of connections, the fuzz, `plc run` in process) run alone, after the
/// parallel tests: they would otherwise disturb the timing tests of other classes (WallClockTests, the scan loop's
/// allocation on the wall clock), and those would disturb their figures and timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModbusLoadCollection
{
    public const string Name = "Modbus load (runs alone)";
}

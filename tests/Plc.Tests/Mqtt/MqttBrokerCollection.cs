using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>
/// The MQTT tests that start brokers and `plc run` (in process or as processes, some with 1 ms tasks, the soak, the
/// allocation test on the wall clock) run one after another and alone, after the parallel tests: they would disturb
/// the timing tests of other classes, and those would disturb their timeouts and figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MqttBrokerCollection
{
    public const string Name = "MQTT broker (runs alone)";
}

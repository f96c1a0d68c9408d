namespace Plc.Mqtt;

/// <summary>A variable that MQTT publishes (and, when <see cref="Writable"/>, writes): its canonical name (the topic
/// is <c>PREFIX/Name</c>), the IEC type name shown in the JSON, and how its value is written as JSON.</summary>
public sealed record SelectedVariable(string Name, string Type, JsonKind Kind, bool Writable);

namespace Plc.Hardware.I2c;

/// <summary>
/// One I2C chip behind its Iot.Device.Bindings binding. Called only by the chip's <see cref="ChipWorker"/> (one
/// thread at a time), never by the scan thread in a real run. Input i and output i are the configuration's i-th
/// input and output binding of the chip; values are in the units docs/io.md gives (counts, volts, °C, 0..10000, 0/1).
/// A failed transfer throws (IOException from the bus, or the binding's own exception).
/// </summary>
abstract class ChipDriver : IDisposable
{
    /// <summary>Reads every bound input into <paramref name="values"/>.</summary>
    public abstract void ReadInputs(double[] values);

    /// <summary>Writes the outputs whose <paramref name="changed"/> flag is set.</summary>
    public abstract void WriteOutputs(double[] values, bool[] changed);

    public abstract void Dispose();
}

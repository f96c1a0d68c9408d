using System.Device.I2c;
using Iot.Device.Bmxx80;

namespace Plc.Hardware.I2c;

public enum Bme280Quantity { Temperature, Humidity, Pressure }

/// <summary>
/// Bosch BME280 through Iot.Device.Bmxx80 in forced mode: each sample triggers one measurement of all three
/// quantities (about 10 ms at the binding's default oversampling) and reads temperature in °C, relative humidity in
/// %RH and pressure in Pa.
/// </summary>
sealed class Bme280Driver : ChipDriver
{
    readonly Bme280 sensor;
    readonly Bme280Quantity[] quantities;

    public Bme280Driver(I2cDevice device, Bme280Quantity[] quantities)
    {
        sensor = new Bme280(device);
        this.quantities = quantities;
    }

    public static Bme280Quantity? Channel(string name) => name.ToLowerInvariant() switch
    {
        "temperature" => Bme280Quantity.Temperature,
        "humidity" => Bme280Quantity.Humidity,
        "pressure" => Bme280Quantity.Pressure,
        _ => null,
    };

    public override void ReadInputs(double[] values)
    {
        var r = sensor.Read();
        for (int i = 0; i < quantities.Length; i++)
        {
            double? v = quantities[i] switch
            {
                Bme280Quantity.Temperature => r.Temperature?.DegreesCelsius,
                Bme280Quantity.Humidity => r.Humidity?.Percent,
                _ => r.Pressure?.Pascals,
            };
            values[i] = v ?? throw new IOException($"the BME280 gave no {quantities[i].ToString().ToLowerInvariant()} reading");
        }
    }

    public override void WriteOutputs(double[] values, bool[] changed) { }

    public override void Dispose() => sensor.Dispose();
}

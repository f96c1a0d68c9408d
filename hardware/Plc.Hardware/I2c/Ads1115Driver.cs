using System.Device.I2c;
using Iot.Device.Ads1115;

namespace Plc.Hardware.I2c;

/// <summary>
/// TI ADS1115 16-bit ADC through Iot.Device.Ads1115. Each bound input is one conversion (single-shot, 860 samples/s,
/// about 1.2 ms each) at the configured range: an INT variable (%IW) gets the raw signed count (full scale = 32767 at
/// +range), a REAL/LREAL (%ID/%IL) the voltage in volts.
/// </summary>
sealed class Ads1115Driver : ChipDriver
{
    readonly Ads1115 adc;
    readonly InputMultiplexer[] mux;
    readonly bool[] volts;

    public Ads1115Driver(I2cDevice device, MeasuringRange range, InputMultiplexer[] mux, bool[] volts)
    {
        adc = new Ads1115(device, mux.Length > 0 ? mux[0] : InputMultiplexer.AIN0, range, DataRate.SPS860, DeviceMode.PowerDown);
        this.mux = mux;
        this.volts = volts;
    }

    public static InputMultiplexer? Channel(string name) => name.ToUpperInvariant() switch
    {
        "A0" => InputMultiplexer.AIN0,
        "A1" => InputMultiplexer.AIN1,
        "A2" => InputMultiplexer.AIN2,
        "A3" => InputMultiplexer.AIN3,
        "A0-A1" => InputMultiplexer.AIN0_AIN1,
        "A0-A3" => InputMultiplexer.AIN0_AIN3,
        "A1-A3" => InputMultiplexer.AIN1_AIN3,
        "A2-A3" => InputMultiplexer.AIN2_AIN3,
        _ => null,
    };

    public static MeasuringRange? Range(string? text) => (text ?? "4.096V").Trim().ToUpperInvariant().TrimEnd('V') switch
    {
        "6.144" => MeasuringRange.FS6144,
        "4.096" => MeasuringRange.FS4096,
        "2.048" => MeasuringRange.FS2048,
        "1.024" => MeasuringRange.FS1024,
        "0.512" => MeasuringRange.FS0512,
        "0.256" => MeasuringRange.FS0256,
        _ => null,
    };

    public override void ReadInputs(double[] values)
    {
        for (int i = 0; i < mux.Length; i++)
        {
            short raw = adc.ReadRaw(mux[i]);
            values[i] = volts[i] ? adc.RawToVoltage(raw).Volts : raw;
        }
    }

    public override void WriteOutputs(double[] values, bool[] changed) { }

    public override void Dispose() => adc.Dispose();
}

using System;
using System.IO;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.FilteringMode;
using Iot.Device.Bmxx80.PowerMode;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

/// <summary>
/// The real Iot.Device.Bmxx80.Bme280 binding against <see cref="SimulatedBme280"/>.
/// </summary>
/// <remarks>
/// Tolerances come from the resolution of the raw values (the emulator reports the nearest raw code the settings allow,
/// so the error is at most half a step). With the trimming values used, near 21.5 °C / 101325 Pa:
/// temperature: d(T)/d(adc_T) = dig_T2 / (16384 * 5120) = 26435 / 83886080 ≈ 0.000315 °C per 20-bit count;
/// pressure: ≈ 6250 / var1 ≈ 0.17 Pa per count; humidity: ≈ dig_H2 / 65536 ≈ 0.0056 %RH per count (16 bits).
/// Oversampling x1 without the IIR filter gives 16-bit temperature and pressure (steps of 16 counts): ±0.0025 °C and
/// ±1.4 Pa at most, so the tests allow 0.005 °C and 2 Pa. Oversampling x16 gives 20 bits: ±0.00016 °C and ±0.09 Pa,
/// so 0.0005 °C and 0.15 Pa. Humidity: ±0.003 %RH, so 0.01 %RH.
/// </remarks>
public class Bme280SimulationTests
{
    readonly SimulatedBme280 chip = new(1, 0x77);

    [Fact]
    public void TheBindingAcceptsTheChipIdAndReadsTheSetValuesInForcedMode()
    {
        chip.Temperature = 21.5;
        chip.Humidity = 45.0;
        chip.Pressure = 101325.0;
        using var bme = new Bme280(chip);       // reads 0xD0 = 0x60, else it throws IOException
        var result = bme.Read();                // default power mode is sleep: Read() triggers a forced measurement
        Assert.Equal(21.5, result.Temperature!.Value.DegreesCelsius, 0.005);
        Assert.Equal(45.0, result.Humidity!.Value.Percent, 0.01);
        Assert.Equal(101325.0, result.Pressure!.Value.Pascals, 2.0);
        Assert.Equal(Bmx280PowerMode.Sleep, bme.ReadPowerMode()); // forced mode falls back to sleep when done
    }

    [Theory]
    [InlineData(-20.0, 10.0, 80000.0)]
    [InlineData(0.0, 99.0, 95000.0)]
    [InlineData(40.0, 90.0, 110000.0)]
    [InlineData(85.0, 5.0, 30000.0)]
    public void OtherPointsOfTheOperatingRange(double celsius, double percent, double pascals)
    {
        chip.Temperature = celsius;
        chip.Humidity = percent;
        chip.Pressure = pascals;
        using var bme = new Bme280(chip);
        var result = bme.Read();
        Assert.Equal(celsius, result.Temperature!.Value.DegreesCelsius, 0.005);
        Assert.Equal(percent, result.Humidity!.Value.Percent, 0.01);
        Assert.Equal(pascals, result.Pressure!.Value.Pascals, 2.0);
    }

    [Fact]
    public void HigherOversamplingGivesHigherResolution()
    {
        chip.Temperature = 21.5;
        chip.Pressure = 101325.0;
        chip.Humidity = 45.0;
        using var bme = new Bme280(chip);
        bme.TemperatureSampling = Sampling.UltraHighResolution;
        bme.PressureSampling = Sampling.UltraHighResolution;
        bme.HumiditySampling = Sampling.UltraHighResolution;
        var result = bme.Read();
        Assert.Equal(21.5, result.Temperature!.Value.DegreesCelsius, 0.0005);
        Assert.Equal(101325.0, result.Pressure!.Value.Pascals, 0.15);
        Assert.Equal(45.0, result.Humidity!.Value.Percent, 0.01);
    }

    [Fact]
    public void X1OversamplingReportsSixteenBitValues()
    {
        chip.Temperature = 23.456;
        chip.Pressure = 100123.4;
        using var bme = new Bme280(chip);       // the binding's defaults: x1 for all three, filter off
        bme.Read();
        var data = new byte[8];
        chip.WriteRead(new byte[] { 0xF7 }, data);
        Assert.Equal(0, data[2]);               // press_xlsb: bits 3:0 of the 20-bit value are 0 at 16-bit resolution
        Assert.Equal(0, data[5]);               // temp_xlsb
        bme.FilterMode = Bmx280FilteringMode.X16; // with the IIR filter on: 20 bits
        bme.Read();
        chip.WriteRead(new byte[] { 0xF7 }, data);
        Assert.NotEqual(0, data[2] | data[5]);
    }

    [Fact]
    public void ForcedModeMeasuresOnlyWhenAsked()
    {
        chip.Temperature = 21.5;
        using var bme = new Bme280(chip);
        int before = chip.Measurements;
        Assert.Equal(21.5, bme.Read().Temperature!.Value.DegreesCelsius, 0.005);
        Assert.Equal(before + 1, chip.Measurements);

        chip.Temperature = 30.0;
        Assert.True(bme.TryReadTemperature(out var stale)); // reads the data registers without a new measurement
        Assert.Equal(21.5, stale.DegreesCelsius, 0.005);
        Assert.Equal(30.0, bme.Read().Temperature!.Value.DegreesCelsius, 0.005);
    }

    [Fact]
    public void NormalModeMeasuresContinuously()
    {
        chip.Temperature = 10.0;
        using var bme = new Bme280(chip);
        bme.SetPowerMode(Bmx280PowerMode.Normal);
        Assert.Equal(Bmx280PowerMode.Normal, bme.ReadPowerMode());
        Assert.Equal(10.0, bme.Read().Temperature!.Value.DegreesCelsius, 0.005);
        chip.Temperature = 12.5;
        Assert.True(bme.TryReadTemperature(out var t));
        Assert.Equal(12.5, t.DegreesCelsius, 0.005);
    }

    [Fact]
    public void SkippedMeasurementsReadTheResetPattern()
    {
        // ctrl_hum: osrs_h = 001; ctrl_meas: osrs_t = 000 (skipped), osrs_p = 001, mode = 01 (forced) -> 0b000_001_01
        chip.Write(new byte[] { 0xF2, 0x01 });
        chip.Write(new byte[] { 0xF4, 0x05 });
        var data = new byte[8];
        chip.WriteRead(new byte[] { 0xF7 }, data);
        Assert.Equal(new byte[] { 0x80, 0x00, 0x00 }, data[3..6]); // temperature skipped: 0x80000
        Assert.NotEqual(0x80, data[0]);                             // pressure measured (101325 Pa is not raw 0x80000)
    }

    [Fact]
    public void CtrlHumTakesEffectOnlyAfterACtrlMeasWrite()
    {
        // Datasheet 5.4.3: changes to ctrl_hum become effective after a write to ctrl_meas.
        // ctrl_meas 0x27 = osrs_t 001, osrs_p 001, mode 11 (normal: every data read measures).
        var hum = new byte[2];
        chip.Write(new byte[] { 0xF4, 0x27 });                     // latches osrs_h = 000 (skipped)
        chip.WriteRead(new byte[] { 0xFD }, hum);
        Assert.Equal(new byte[] { 0x80, 0x00 }, hum);              // skipped humidity reads 0x8000
        chip.Write(new byte[] { 0xF2, 0x01 });                     // osrs_h = x1, not yet in effect
        chip.WriteRead(new byte[] { 0xFD }, hum);
        Assert.Equal(new byte[] { 0x80, 0x00 }, hum);
        chip.Write(new byte[] { 0xF4, 0x27 });                     // now it is
        chip.WriteRead(new byte[] { 0xFD }, hum);
        Assert.NotEqual(new byte[] { 0x80, 0x00 }, hum);
    }

    [Fact]
    public void RegistersAndSoftReset()
    {
        var b = new byte[1];
        chip.WriteRead(new byte[] { 0xD0 }, b);
        Assert.Equal(0x60, b[0]);                                  // chip id
        var calib = new byte[2];
        chip.WriteRead(new byte[] { 0x88 }, calib);
        Assert.Equal(27504, calib[0] | calib[1] << 8);             // dig_T1, little-endian
        chip.Write(new byte[] { 0x88, 0x00 });                     // calibration is read-only
        chip.WriteRead(new byte[] { 0x88 }, calib);
        Assert.Equal(27504, calib[0] | calib[1] << 8);

        chip.Write(new byte[] { 0xF5, 0xA8, 0xF4, 0x24 });         // pairs: config = t_sb 101, filter 010; ctrl_meas sleep
        chip.WriteRead(new byte[] { 0xF4 }, b);
        Assert.Equal(0x24, b[0]);
        chip.WriteRead(new byte[] { 0xF5 }, b);
        Assert.Equal(0xA8, b[0]);
        chip.Write(new byte[] { 0xE0, 0xB6 });                     // soft reset
        chip.WriteRead(new byte[] { 0xF4 }, b);
        Assert.Equal(0x00, b[0]);
        chip.WriteRead(new byte[] { 0xF5 }, b);
        Assert.Equal(0x00, b[0]);
    }

    [Fact]
    public void FailingChipMakesTheBindingThrow()
    {
        using var bme = new Bme280(chip);
        chip.Failing = true;
        Assert.Throws<IOException>(() => bme.Read());
        chip.Failing = false;
        Assert.NotNull(bme.Read().Temperature);
    }

    [Fact]
    public void ABindingCanBeCreatedAgainAfterTheFirstWasDisposed()
    {
        chip.Temperature = 18.0;
        new Bme280(chip).Dispose();             // disposes the I2cDevice, i.e. the emulator's handle
        Assert.Equal(1, chip.Disposals);
        using var again = new Bme280(chip);     // ReadByte of the base class would throw ObjectDisposedException now
        Assert.Equal(18.0, again.Read().Temperature!.Value.DegreesCelsius, 0.005);
    }

    [Fact]
    public void OnlyTheTwoAddressesOfTheChip()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedBme280(1, 0x75));
        Assert.Equal(0x76, new SimulatedBme280(1, 0x76).Address);
    }
}

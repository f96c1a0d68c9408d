using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Iot.Device.Ads1115;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

/// <summary>The real Iot.Device.Ads1115.Ads1115 binding against <see cref="SimulatedAds1115"/>.
/// Expected codes: code = V / FS * 32768 (datasheet: 1 LSB = FS / 2^15), clamped to -32768 .. 32767.</summary>
public class Ads1115SimulationTests
{
    readonly SimulatedAds1115 chip = new(1, 0x48);

    [Fact]
    public void SingleEndedAt4096Range()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, MeasuringRange.FS4096);
        chip.SetVoltage(0, 1.65);
        // 1.65 / 4.096 * 32768 = 13200 exactly
        Assert.Equal(13200, adc.ReadRaw());
        // 13200 * 4.096 / 32768 = 1.65
        Assert.Equal(1.65, adc.ReadVoltage().Volts, 6);
    }

    [Fact]
    public void ContinuousModeFollowsTheInput()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN1, MeasuringRange.FS4096, DataRate.SPS860, DeviceMode.Continuous);
        Assert.True(chip.Continuous);
        chip.SetVoltage(1, 1.024);
        Assert.Equal(8192, adc.ReadRaw());      // 1.024 / 4.096 * 32768
        chip.SetVoltage(1, 3.072);
        Assert.Equal(24576, adc.ReadRaw());     // 3.072 / 4.096 * 32768
    }

    [Fact]
    public void SingleShotModeConvertsOncePerRequest()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN2, MeasuringRange.FS2048, DataRate.SPS128, DeviceMode.PowerDown);
        Assert.False(chip.Continuous);
        chip.SetVoltage(2, 0.5);
        Assert.Equal(8000, adc.ReadRaw());      // 0.5 / 2.048 * 32768; ReadRaw starts a conversion in power-down mode
        chip.SetVoltage(2, 1.0);
        Assert.Equal(8000, chip.LastConversion); // nothing converts until the next request
        Assert.Equal(16000, adc.ReadRaw());     // 1.0 / 2.048 * 32768
    }

    [Theory]
    // volts, range, expected code = round(volts / FS * 32768)
    [InlineData(1.65, MeasuringRange.FS6144, 8800)]    // 1.65 / 6.144 * 32768
    [InlineData(1.65, MeasuringRange.FS2048, 26400)]   // 1.65 / 2.048 * 32768
    [InlineData(0.3, MeasuringRange.FS0512, 19200)]    // 0.3 / 0.512 * 32768
    [InlineData(0.1, MeasuringRange.FS0256, 12800)]    // 0.1 / 0.256 * 32768
    [InlineData(0.001, MeasuringRange.FS1024, 32)]     // 0.001 / 1.024 * 32768
    [InlineData(1.65, MeasuringRange.FS1024, 32767)]   // above +FS: clamped to 0x7FFF
    [InlineData(5.0, MeasuringRange.FS4096, 32767)]    // above +FS: clamped
    [InlineData(-0.2, MeasuringRange.FS0256, -25600)]  // below GND (only within -0.3 V on a real chip): -0.2 / 0.256 * 32768
    [InlineData(-0.3, MeasuringRange.FS0256, -32768)]  // below -FS: clamped to 0x8000
    public void RangesAndClamping(double volts, MeasuringRange range, short expected)
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN3, range);
        chip.SetVoltage(3, volts);
        Assert.Equal(expected, adc.ReadRaw());
        Assert.Equal(expected * adc.MaxVoltageFromMeasuringRange(range).Volts / 32768.0, adc.ReadVoltage().Volts, 9);
    }

    [Theory]
    // AIN0 = 2.5 V, AIN1 = 1.5 V, AIN2 = 1.0 V, AIN3 = 1.5 V; ±2.048 V range: code = (Vp - Vn) / 2.048 * 32768
    [InlineData(InputMultiplexer.AIN0_AIN1, 16000)]    // 2.5 - 1.5 = 1.0 V
    [InlineData(InputMultiplexer.AIN0_AIN3, 16000)]    // 2.5 - 1.5 = 1.0 V
    [InlineData(InputMultiplexer.AIN1_AIN3, 0)]        // 1.5 - 1.5 = 0 V
    [InlineData(InputMultiplexer.AIN2_AIN3, -8000)]    // 1.0 - 1.5 = -0.5 V
    [InlineData(InputMultiplexer.AIN0, 32767)]         // 2.5 V single-ended: above +2.048 V, clamped
    public void DifferentialPairs(InputMultiplexer mux, short expected)
    {
        chip.SetVoltage(0, 2.5);
        chip.SetVoltage(1, 1.5);
        chip.SetVoltage(2, 1.0);
        chip.SetVoltage(3, 1.5);
        using var adc = new Ads1115(chip, mux, MeasuringRange.FS2048);
        Assert.Equal(expected, adc.ReadRaw());
    }

    [Fact]
    public void DifferentialBelowMinusFullScaleClamps()
    {
        chip.SetVoltage(0, 0.0);
        chip.SetVoltage(1, 3.0);
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0_AIN1, MeasuringRange.FS2048);
        Assert.Equal(short.MinValue, adc.ReadRaw()); // -3.0 V < -2.048 V
    }

    [Fact]
    public void SwitchingTheMultiplexerPerRead()
    {
        chip.SetVoltage(0, 0.512);
        chip.SetVoltage(3, 2.048);
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, MeasuringRange.FS4096);
        Assert.Equal(4096, adc.ReadRaw(InputMultiplexer.AIN0));   // 0.512 / 4.096 * 32768
        Assert.Equal(16384, adc.ReadRaw(InputMultiplexer.AIN3));  // 2.048 / 4.096 * 32768
        Assert.Equal(-12288, adc.ReadRaw(InputMultiplexer.AIN0_AIN3)); // -1.536 / 4.096 * 32768
    }

    [Fact]
    public void ConfigRegisterShowsBusyUntilTheConversionIsDone()
    {
        // Config for a single-shot conversion of AIN0 vs GND at ±4.096 V, 8 SPS (125 ms, so time does not end it first):
        // OS=1, MUX=100, PGA=001, MODE=1, DR=000, COMP_QUE=11 -> 0x8000 | 0x4000 | 0x0200 | 0x0100 | 0x0003 = 0xC303
        chip.SetVoltage(0, 1.65);
        chip.Write(new byte[] { 0x01, 0xC3, 0x03 });
        var config = new byte[2];
        chip.WriteRead(new byte[] { 0x01 }, config);
        Assert.Equal(0x43, config[0]);          // OS reads 0: converting
        Assert.Equal(0x03, config[1]);
        chip.WriteRead(new byte[] { 0x01 }, config);
        Assert.Equal(0xC3, config[0]);          // OS reads 1: done
        var conversion = new byte[2];
        chip.WriteRead(new byte[] { 0x00 }, conversion);
        Assert.Equal(13200, (short)(conversion[0] << 8 | conversion[1])); // 0x3390, MSB first
    }

    [Fact]
    public void PowerOnRegisterValues()
    {
        var buffer = new byte[2];
        chip.WriteRead(new byte[] { 0x01 }, buffer);
        Assert.Equal(new byte[] { 0x85, 0x83 }, buffer); // config reset value 0x8583 (datasheet)
        chip.WriteRead(new byte[] { 0x02 }, buffer);
        Assert.Equal(new byte[] { 0x80, 0x00 }, buffer); // Lo_thresh
        chip.WriteRead(new byte[] { 0x03 }, buffer);
        Assert.Equal(new byte[] { 0x7F, 0xFF }, buffer); // Hi_thresh
        chip.Write(new byte[] { 0x00, 0x12, 0x34 });      // conversion register is read-only
        chip.WriteRead(new byte[] { 0x00 }, buffer);
        Assert.Equal(new byte[] { 0x00, 0x00 }, buffer);
    }

    [Fact]
    public void FailingChipMakesTheBindingThrowIOException()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, MeasuringRange.FS4096);
        chip.SetVoltage(0, 1.0);
        long before = chip.Transfers;
        chip.Failing = true;
        Assert.Throws<IOException>(() => adc.ReadRaw());
        Assert.True(chip.Transfers > before);   // the failed attempt counts
        chip.Failing = false;
        Assert.Equal(8000, adc.ReadRaw());      // 1.0 / 4.096 * 32768: the chip answers again
        chip.Failing = true;                    // so that Dispose (which writes to the chip) is not what throws below
        Assert.Throws<IOException>(() => adc.ReadVoltage());
        chip.Failing = false;
    }

    [Fact]
    public void DelayMakesEveryTransferSlow()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, MeasuringRange.FS4096, DataRate.SPS860, DeviceMode.Continuous);
        chip.Delay = TimeSpan.FromMilliseconds(15);
        long before = chip.Transfers;
        var watch = Stopwatch.StartNew();
        adc.ReadRaw();                          // continuous mode: pointer write + 2-byte read = 2 transfers
        watch.Stop();
        chip.Delay = TimeSpan.Zero;
        long transfers = chip.Transfers - before;
        Assert.Equal(2, transfers);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(15 * transfers - 1), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task ReadsOnOneThreadWhileAnotherSetsVoltages()
    {
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, MeasuringRange.FS4096, DataRate.SPS860, DeviceMode.Continuous);
        chip.SetVoltage(0, 1.0);
        using var stop = new CancellationTokenSource();
        var flipper = Task.Run(() =>
        {
            bool high = false;
            while (!stop.IsCancellationRequested)
            {
                chip.SetVoltage(0, high ? 2.0 : 1.0);
                high = !high;
            }
        });
        try
        {
            for (int i = 0; i < 2000; i++)
            {
                short raw = adc.ReadRaw();
                Assert.True(raw is 8000 or 16000, $"read {raw}"); // 1.0 V or 2.0 V at ±4.096 V, nothing in between
            }
        }
        finally
        {
            stop.Cancel();
            await flipper;
        }
    }

    [Fact]
    public void AddressesOutsideTheChipsRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAds1115(1, 0x47));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAds1115(1, 0x4C));
        Assert.Equal(0x4B, new SimulatedAds1115(1, 0x4B).Address);
    }
}

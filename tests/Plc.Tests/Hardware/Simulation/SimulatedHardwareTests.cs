using System;
using System.Device.Gpio;
using Iot.Device.Ads1115;
using Plc.Hardware;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

public class SimulatedHardwareTests
{
    [Theory]
    [InlineData("ads1115", 0x48, typeof(SimulatedAds1115))]
    [InlineData("bme280", 0x77, typeof(SimulatedBme280))]
    [InlineData("pca9685", 0x40, typeof(SimulatedPca9685))]
    [InlineData("mcp23017", 0x20, typeof(SimulatedMcp23017))]
    [InlineData("ADS1115", 0x49, typeof(SimulatedAds1115))]
    public void OpenI2cCreatesTheEmulatorOfThatKind(string kind, int address, Type expected)
    {
        using var hw = new SimulatedHardware();
        var device = hw.OpenI2c(kind, 1, address);
        Assert.IsType(expected, device);
        var chip = (SimulatedI2cChip)device;
        Assert.Equal(kind.ToLowerInvariant(), chip.Kind);
        Assert.Equal((1, address), (chip.Bus, chip.Address));
        Assert.Equal(1, device.ConnectionSettings.BusId);
        Assert.Equal(address, device.ConnectionSettings.DeviceAddress);
        Assert.Same(chip, hw.FindChip(1, address));
    }

    [Fact]
    public void SameBusAndAddressGiveTheSameChip()
    {
        using var hw = new SimulatedHardware();
        var a = hw.OpenI2c("ads1115", 1, 0x48);
        Assert.Same(a, hw.OpenI2c("ads1115", 1, 0x48));
        var otherBus = hw.OpenI2c("ads1115", 0, 0x48);
        var otherAddress = hw.OpenI2c("ads1115", 1, 0x49);
        Assert.NotSame(a, otherBus);
        Assert.NotSame(a, otherAddress);
        Assert.Equal(new[] { a, otherBus, otherAddress }, hw.Chips);
        Assert.Null(hw.FindChip(1, 0x4A));
    }

    [Fact]
    public void UnknownKindsAndImpossibleAddressesAreRejected()
    {
        using var hw = new SimulatedHardware();
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("bmp180", 1, 0x77));
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("", 1, 0x77));
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("ads1115", 1, 0x20));   // an ADS1115 has 0x48..0x4B
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("mcp23017", 1, 0x80));  // not a 7-bit address
        hw.OpenI2c("mcp23017", 1, 0x20);
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("ads1115", 1, 0x20));   // taken by another kind (and impossible)
        hw.OpenI2c("pca9685", 1, 0x70);
        Assert.Throws<ArgumentException>(() => hw.OpenI2c("pca9685", 1, 0x20));   // taken by the MCP23017
        Assert.Single(hw.Chips, c => c.Kind == "pca9685");
    }

    [Fact]
    public void OpenPwmHandsOutOneChannelPerChipAndChannel()
    {
        using var hw = new SimulatedHardware();
        var pwm = hw.OpenPwm(0, 1, 1000);
        var sim = Assert.IsType<SimulatedPwmChannel>(pwm);
        Assert.Equal((0, 1, 1000, 0.0, false), (sim.Chip, sim.Channel, sim.Frequency, sim.DutyCycle, sim.IsRunning));
        pwm.DutyCycle = 0.3;
        pwm.Start();
        Assert.Same(sim, hw.FindPwm(0, 1));
        Assert.Null(hw.FindPwm(0, 0));
        var again = hw.OpenPwm(0, 1, 50);       // reopening: new frequency, duty 0, still enabled (like sysfs)
        Assert.Same(sim, again);
        Assert.Equal((50, 0.0, true), (sim.Frequency, sim.DutyCycle, sim.IsRunning));
        Assert.NotSame(sim, hw.OpenPwm(1, 1, 50));
        Assert.Equal(2, hw.PwmChannels.Count);
    }

    [Fact]
    public void GpioIsARealControllerOverTheSimulatedDriver()
    {
        using var hw = new SimulatedHardware(gpioPins: 40);
        Assert.Equal(40, hw.Gpio.PinCount);
        hw.Gpio.OpenPin(21, PinMode.Output);
        hw.Gpio.Write(21, PinValue.High);
        Assert.Equal(PinValue.High, hw.GpioDriver.GetLevel(21));
        hw.Gpio.OpenPin(20, PinMode.InputPullUp);
        hw.GpioDriver.SetExternal(20, PinValue.Low);
        Assert.Equal(PinValue.Low, hw.Gpio.Read(20));
    }

    [Fact]
    public void AProviderForDriversThatOnlyKnowTheInterface()
    {
        IHardwareProvider provider = new SimulatedHardware();
        using (provider)
        {
            using var adc = new Ads1115(provider.OpenI2c("ads1115", 1, 0x48), InputMultiplexer.AIN1, MeasuringRange.FS4096);
            ((SimulatedAds1115)((SimulatedHardware)provider).FindChip(1, 0x48)!).SetVoltage(1, 2.048);
            Assert.Equal(16384, adc.ReadRaw()); // 2.048 / 4.096 * 32768
        }
    }

    [Fact]
    public void DisposeStopsPwmAndRefusesNewDevices()
    {
        var hw = new SimulatedHardware();
        var pwm = hw.OpenPwm(0, 0, 100);
        pwm.Start();
        hw.Gpio.OpenPin(4, PinMode.Output);
        hw.Dispose();
        Assert.False(((SimulatedPwmChannel)pwm).IsRunning);
        Assert.False(hw.GpioDriver.IsOpen(4));
        Assert.Throws<ObjectDisposedException>(() => hw.OpenI2c("ads1115", 1, 0x48));
        Assert.Throws<ObjectDisposedException>(() => hw.OpenPwm(0, 0, 100));
        hw.Dispose();                           // twice is fine
    }
}

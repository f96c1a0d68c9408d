using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;

namespace Plc.Hardware;

/// <summary>
/// Where the drivers get their buses from. The I/O drivers never create a bus themselves: on a Raspberry Pi
/// <see cref="RaspberryPiHardware"/> opens the real ones; on a desktop <c>Simulation.SimulatedHardware</c> hands out
/// simulated chips behind the same System.Device.Gpio / Iot.Device.Bindings types, so the same binding code runs.
/// </summary>
public interface IHardwareProvider : IDisposable
{
    /// <summary>The GPIO controller of the board (BCM numbering); one for all pins.</summary>
    GpioController Gpio { get; }

    /// <summary>The I2C device at <paramref name="address"/> on bus <paramref name="bus"/>, for the chip kind
    /// <paramref name="device"/> (ads1115, bme280, pca9685, mcp23017; a simulation picks its emulator by it).</summary>
    I2cDevice OpenI2c(string device, int bus, int address);

    /// <summary>Hardware PWM channel <paramref name="channel"/> of chip <paramref name="chip"/> at
    /// <paramref name="frequency"/> Hz, duty 0, not yet started.</summary>
    PwmChannel OpenPwm(int chip, int channel, int frequency);
}

/// <summary>The real buses of a Raspberry Pi (or any Linux board with the kernel's GPIO, I2C and PWM drivers).</summary>
public sealed class RaspberryPiHardware : IHardwareProvider
{
    readonly Lazy<GpioController> gpio = new(() => new GpioController());

    public GpioController Gpio => gpio.Value;

    public I2cDevice OpenI2c(string device, int bus, int address) => I2cDevice.Create(new I2cConnectionSettings(bus, address));

    public PwmChannel OpenPwm(int chip, int channel, int frequency) => PwmChannel.Create(chip, channel, frequency, 0.0);

    public void Dispose()
    {
        if (gpio.IsValueCreated) gpio.Value.Dispose();
    }
}

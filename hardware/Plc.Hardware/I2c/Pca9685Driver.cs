using System.Device.I2c;
using Iot.Device.Pwm;

namespace Plc.Hardware.I2c;

/// <summary>NXP PCA9685 16-channel PWM through Iot.Device.Pwm: each bound %QW sets one channel's duty, 0..10000 =
/// 0..100.00 %. The frequency (all channels share it) comes from the configuration (default 50 Hz, for servos).</summary>
sealed class Pca9685Driver : ChipDriver
{
    readonly Pca9685 pwm;
    readonly int[] channels;

    public Pca9685Driver(I2cDevice device, double frequency, int[] channels)
    {
        pwm = new Pca9685(device, pwmFrequency: frequency);
        this.channels = channels;
    }

    public override void ReadInputs(double[] values) { }

    public override void WriteOutputs(double[] values, bool[] changed)
    {
        for (int i = 0; i < channels.Length; i++)
            if (changed[i]) pwm.SetDutyCycle(channels[i], Math.Clamp(values[i], 0, 10000) / 10000.0);
    }

    public override void Dispose() => pwm.Dispose();
}

using System.Device.Pwm;

namespace Plc.Hardware.Pwm;

/// <summary>
/// A hardware PWM channel driven by a %QW word: 0..10000 = 0..100.00 % duty (values outside are clamped). The duty is
/// set at the end of a scan when it changed. The channel runs from start-up at the safe duty.
/// </summary>
sealed class PwmOutputChannel
{
    readonly PwmChannel channel;
    readonly int address;
    int last;

    public PwmOutputChannel(PwmChannel channel, int address, int safe)
    {
        this.channel = channel;
        this.address = address;
        last = Math.Clamp(safe, 0, 10000);
        channel.DutyCycle = last / 10000.0;
        channel.Start();
    }

    public PwmChannel Channel => channel;

    public void Write(byte[] memory)
    {
        int value = Math.Clamp((int)ProcessImage.GetInt16(memory, address), 0, 10000);
        if (value == last) return;
        channel.DutyCycle = value / 10000.0;
        last = value;
    }
}

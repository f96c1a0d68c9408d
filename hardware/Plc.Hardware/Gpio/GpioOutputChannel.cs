using System.Device.Gpio;

namespace Plc.Hardware.Gpio;

/// <summary>A GPIO output driven by a %QX bit, written at the end of a scan when it changed (and at the first scan).</summary>
sealed class GpioOutputChannel
{
    readonly GpioController gpio;
    readonly int pin, address, bit;
    bool written, last;

    public GpioOutputChannel(GpioController gpio, int pin, int address, int bit, bool initial)
    {
        this.gpio = gpio;
        this.pin = pin;
        this.address = address;
        this.bit = bit;
        // Open at the safe value so the pin never shows anything else before the first scan.
        gpio.OpenPin(pin, PinMode.Output, initial ? PinValue.High : PinValue.Low);
        written = true;
        last = initial;
    }

    public void Write(byte[] memory)
    {
        bool value = ProcessImage.GetBit(memory, address, bit);
        if (written && value == last) return;
        gpio.Write(pin, value ? PinValue.High : PinValue.Low);
        last = value;
        written = true;
    }
}

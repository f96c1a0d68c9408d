using System.Device.Gpio;

namespace Plc.Hardware.Gpio;

/// <summary>
/// A GPIO input bound to a %IX bit. Read on the scan thread at the start of every scan (a GPIO read is a few
/// microseconds). Debounce: a new level reaches the program only once it has been read unchanged for the debounce
/// time; shorter pulses are ignored. Invert: the program sees TRUE when the pin is low (active-low wiring).
/// </summary>
sealed class GpioInputChannel
{
    readonly GpioController gpio;
    readonly int pin, address, bit;
    readonly long debounceNs;
    readonly bool invert;
    bool stable, candidate, started;
    long candidateSince;

    public GpioInputChannel(GpioController gpio, int pin, PinMode mode, int address, int bit, long debounceNs, bool invert)
    {
        this.gpio = gpio;
        this.pin = pin;
        this.address = address;
        this.bit = bit;
        this.debounceNs = debounceNs;
        this.invert = invert;
        gpio.OpenPin(pin, mode);
    }

    public void Read(byte[] memory, long nowNs)
    {
        bool level = gpio.Read(pin) == PinValue.High;
        if (!started)
        {
            // The level at start-up is taken as it is: there is no earlier level to bounce from.
            stable = candidate = level;
            candidateSince = nowNs;
            started = true;
        }
        else if (level != candidate)
        {
            candidate = level;
            candidateSince = nowNs;
        }
        if (candidate != stable && nowNs - candidateSince >= debounceNs) stable = candidate;
        ProcessImage.SetBit(memory, address, bit, stable != invert);
    }
}

using System.Device;
using System.Device.Pwm;

namespace Plc.Hardware.Simulation;

/// <summary>
/// A hardware PWM channel without hardware (what the Linux kernel exposes as /sys/class/pwm/pwmchipN/pwmM): frequency,
/// duty cycle and enable, with the same argument checks as System.Device.Gpio's own channel. Thread-safe.
/// </summary>
/// <remarks>Disposing only stops the channel (like closing the real one, which disables it); the object stays usable, so
/// <see cref="SimulatedHardware"/> can hand the same channel out again.</remarks>
public sealed class SimulatedPwmChannel : PwmChannel
{
    readonly object sync = new();
    int frequency;
    double dutyCycle;
    bool running;
    int starts;

    /// <summary>Channel <paramref name="channel"/> of PWM chip <paramref name="chip"/>, stopped.</summary>
    public SimulatedPwmChannel(int chip, int channel, int frequency, double dutyCycle = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chip);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        Chip = chip;
        Channel = channel;
        CheckFrequency(frequency);
        CheckDutyCycle(dutyCycle);
        this.frequency = frequency;
        this.dutyCycle = dutyCycle;
    }

    /// <summary>The PWM chip number (pwmchipN).</summary>
    public int Chip { get; }

    /// <summary>The channel number on the chip (pwmM).</summary>
    public int Channel { get; }

    /// <summary>Whether the output is enabled (between <see cref="Start"/> and <see cref="Stop"/>).</summary>
    public bool IsRunning
    {
        get { lock (sync) return running; }
    }

    /// <summary>How many times <see cref="Start"/> was called.</summary>
    public int StartCount
    {
        get { lock (sync) return starts; }
    }

    /// <summary>Frequency in Hz; must be positive.</summary>
    public override int Frequency
    {
        get { lock (sync) return frequency; }
        set
        {
            CheckFrequency(value);
            lock (sync) frequency = value;
        }
    }

    /// <summary>Duty cycle, 0.0 .. 1.0.</summary>
    public override double DutyCycle
    {
        get { lock (sync) return dutyCycle; }
        set
        {
            CheckDutyCycle(value);
            lock (sync) dutyCycle = value;
        }
    }

    /// <summary>The period in nanoseconds, as the kernel's sysfs interface would be given it.</summary>
    public long PeriodNanoseconds
    {
        get { lock (sync) return (long)(1e9 / frequency); }
    }

    /// <summary>The high time per period in nanoseconds (the kernel's duty_cycle file).</summary>
    public long PulseNanoseconds
    {
        get { lock (sync) return (long)((long)(1e9 / frequency) * dutyCycle); }
    }

    /// <summary>The average fraction of time the output is high: <see cref="DutyCycle"/> while running, else 0.</summary>
    public double EffectiveDutyCycle
    {
        get { lock (sync) return running ? dutyCycle : 0.0; }
    }

    /// <inheritdoc/>
    public override void Start()
    {
        lock (sync)
        {
            running = true;
            starts++;
        }
    }

    /// <inheritdoc/>
    public override void Stop()
    {
        lock (sync) running = false;
    }

    /// <inheritdoc/>
    public override ComponentInformation QueryComponentInformation() =>
        new(this, "Simulated PWM channel") { Properties = { ["Chip"] = Chip.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Channel"] = Channel.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        Stop();
        base.Dispose(disposing);
    }

    static void CheckFrequency(int frequency)
    {
        if (frequency <= 0) throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Frequency must be positive.");
    }

    static void CheckDutyCycle(double dutyCycle)
    {
        if (!(dutyCycle >= 0.0 && dutyCycle <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(dutyCycle), dutyCycle, "Value must be between 0.0 and 1.0.");
    }
}

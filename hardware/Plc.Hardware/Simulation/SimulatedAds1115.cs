using System.Diagnostics;

namespace Plc.Hardware.Simulation;

/// <summary>
/// TI ADS1115: 16-bit delta-sigma ADC with a 4-input multiplexer and a programmable gain amplifier. Addresses 0x48 to 0x4B.
/// </summary>
/// <remarks>
/// <para>Registers (16 bits, most significant byte first; the first byte of a write is the address pointer, bits 1:0):
/// 0 = conversion (read-only, signed two's complement), 1 = config (reset 0x8583), 2 = Lo_thresh (reset 0x8000),
/// 3 = Hi_thresh (reset 0x7FFF).</para>
/// <para>Config: OS (bit 15), MUX (14:12: 000 AIN0-AIN1, 001 AIN0-AIN3, 010 AIN1-AIN3, 011 AIN2-AIN3, 100..111 AINx-GND),
/// PGA (11:9: ±6.144, ±4.096, ±2.048, ±1.024, ±0.512, ±0.256 V for 000..101, 110 and 111 also ±0.256 V), MODE (8: 0
/// continuous, 1 single-shot / power-down), DR (7:5: 8 .. 860 SPS), comparator bits (4:0, stored only).</para>
/// <para>Conversion: code = round((V(AINp) - V(AINn)) / FS * 32768), clamped to -32768 .. 32767 (0x8000 .. 0x7FFF).
/// In continuous mode every read of the conversion register converts the present inputs. In single-shot mode writing OS=1
/// starts one conversion: the config register reads OS=0 (busy) until either the master has polled it once or one
/// conversion time (1/DR) has passed, then the result is latched into the conversion register and OS reads 1.</para>
/// </remarks>
public sealed class SimulatedAds1115 : SimulatedI2cChip
{
    /// <summary>The address with ADDR tied to GND.</summary>
    public const int DefaultAddress = 0x48;

    static readonly double[] FullScale = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];
    static readonly int[] SamplesPerSecond = [8, 16, 32, 64, 128, 250, 475, 860];

    readonly double[] volts = new double[4];
    readonly Stopwatch clock = Stopwatch.StartNew();
    ushort cfg = 0x8583;    // the config register as written (OS: the last start request)
    short lastResult;
    bool converting;        // a single-shot conversion is in progress
    long conversionDone;    // Stopwatch ticks at which it is done by time
    int busyReadsLeft;      // config reads that still show busy

    /// <summary>An ADS1115 at <paramref name="address"/> (0x48 to 0x4B) on bus <paramref name="bus"/>, all inputs at 0 V.</summary>
    public SimulatedAds1115(int bus = 1, int address = DefaultAddress)
        : base("ads1115", bus, address)
    {
        if (address is < 0x48 or > 0x4B)
            throw new ArgumentOutOfRangeException(nameof(address), address, "An ADS1115 answers at 0x48 to 0x4B (ADDR pin to GND, VDD, SDA or SCL).");
        // The conversion and config registers are views: their handlers implement the chip's behaviour.
        RegisterMap[0] = new Register<ushort>(0, _ => 0, _ => ReadConversion());
        RegisterMap[1] = new Register<ushort>(cfg, v => { WriteConfig(v); return v; }, _ => ReadConfig());
        RegisterMap[2] = new Register<ushort>(0x8000);
        RegisterMap[3] = new Register<ushort>(0x7FFF);
    }

    /// <summary>Sets the voltage on AIN<paramref name="channel"/> (0..3) against GND. Not limited to the supply range
    /// (a real input must stay within GND - 0.3 V .. VDD + 0.3 V).</summary>
    public void SetVoltage(int channel, double volts)
    {
        CheckChannel(channel);
        if (!double.IsFinite(volts)) throw new ArgumentOutOfRangeException(nameof(volts), volts, "Voltage must be a finite number.");
        lock (Sync) this.volts[channel] = volts;
    }

    /// <summary>The voltage set on AIN<paramref name="channel"/>.</summary>
    public double GetVoltage(int channel)
    {
        CheckChannel(channel);
        lock (Sync) return volts[channel];
    }

    /// <summary>The config register as stored (OS shows the last written value's start request, not the status).</summary>
    public ushort Config
    {
        get { lock (Sync) return RawConfig; }
    }

    /// <summary>The last completed conversion result (what the conversion register holds in single-shot mode).</summary>
    public short LastConversion
    {
        get { lock (Sync) return lastResult; }
    }

    /// <summary>Full-scale range in volts of the present PGA setting.</summary>
    public double FullScaleRange
    {
        get { lock (Sync) return FullScale[(RawConfig >> 9) & 7]; }
    }

    /// <summary>True while MODE = 0 (continuous conversion).</summary>
    public bool Continuous
    {
        get { lock (Sync) return (RawConfig & 0x0100) == 0; }
    }

    ushort RawConfig => cfg;

    /// <inheritdoc/>
    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        // Address pointer register: bits 7:2 are zero on a correct master; the chip only looks at bits 1:0.
        Pointer = (byte)(data[0] & 3);
        if (data.Length < 3) return; // a pointer write alone (or a register write cut short: ignored)
        // Conversion: read-only (its handler drops the write); config: see WriteConfig.
        RegisterMap[Pointer].WriteRegister((data[1] << 8) | data[2]);
    }

    /// <inheritdoc/>
    protected override void OnRead(Span<byte> buffer)
    {
        // One 16-bit register, MSB first; a longer read repeats it.
        ushort value = (ushort)RegisterMap[Pointer].ReadRegister();
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)((i & 1) == 0 ? value >> 8 : value);
    }

    void WriteConfig(ushort value)
    {
        bool singleShot = (value & 0x0100) != 0;
        bool start = (value & 0x8000) != 0;
        cfg = value;
        if (!singleShot)
        {
            converting = false; // continuous: conversions run all the time
            return;
        }
        if (start)
        {
            converting = true;
            busyReadsLeft = 1;
            int dr = SamplesPerSecond[(value >> 5) & 7];
            conversionDone = clock.ElapsedTicks + Stopwatch.Frequency / dr + 1;
        }
    }

    ushort ReadConfig()
    {
        bool continuous = (cfg & 0x0100) == 0;
        ushort status;
        if (continuous)
        {
            status = 0; // always converting
        }
        else if (converting && busyReadsLeft > 0 && clock.ElapsedTicks < conversionDone)
        {
            busyReadsLeft--;
            status = 0;
        }
        else
        {
            CompleteConversion();
            status = 0x8000;
        }
        return (ushort)(cfg & 0x7FFF | status);
    }

    ushort ReadConversion()
    {
        if ((RawConfig & 0x0100) == 0)
        {
            lastResult = Convert(RawConfig);
        }
        else if (converting && clock.ElapsedTicks >= conversionDone)
        {
            CompleteConversion();
        }
        return (ushort)lastResult;
    }

    void CompleteConversion()
    {
        if (!converting) return;
        converting = false;
        lastResult = Convert(RawConfig);
    }

    short Convert(ushort cfg)
    {
        double diff = ((cfg >> 12) & 7) switch
        {
            0 => volts[0] - volts[1],
            1 => volts[0] - volts[3],
            2 => volts[1] - volts[3],
            3 => volts[2] - volts[3],
            4 => volts[0],
            5 => volts[1],
            6 => volts[2],
            _ => volts[3],
        };
        double fs = FullScale[(cfg >> 9) & 7];
        double code = Math.Round(diff / fs * 32768.0, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(code, short.MinValue, short.MaxValue);
    }

    static void CheckChannel(int channel)
    {
        if (channel is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(channel), channel, "The ADS1115 has inputs AIN0 to AIN3.");
    }
}

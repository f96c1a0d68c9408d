namespace Plc.Hardware.Simulation;

/// <summary>
/// NXP PCA9685: 16-channel, 12-bit PWM controller with a 25 MHz internal oscillator. Addresses 0x40 to 0x7F.
/// </summary>
/// <remarks>
/// <para>Registers: MODE1 0x00 (reset 0x11: SLEEP, ALLCALL), MODE2 0x01 (reset 0x04: OUTDRV), SUBADR1..3 0x02..0x04,
/// ALLCALLADR 0x05, LEDn_ON_L/ON_H/OFF_L/OFF_H at 0x06 + 4n (12-bit counts; bit 4 of ON_H is full-on, bit 4 of OFF_H
/// is full-off, reset full-off; bits 7:5 of the _H registers read 0), ALL_LED_ON_L..ALL_LED_OFF_H 0xFA..0xFD (a write
/// loads every channel; they read 0), PRE_SCALE 0xFE (reset 0x1E = 200 Hz; writes are ignored unless SLEEP is set; the
/// chip forces a minimum of 3), TestMode 0xFF (stored). Addresses 0x46..0xF9 are reserved and not acknowledged (the
/// transfer fails with an IOException).</para>
/// <para>MODE1.AI: with it set the register pointer advances after each byte (0x45 and 0xFE roll over to 0x00);
/// without it every byte goes to (or comes from) the same register. RESTART (bit 7) is set when SLEEP goes from 0 to 1
/// while a channel is active, cleared by writing 1 to it with SLEEP = 0 or by writing a PWM register; writing 0 to it
/// has no effect. EXTCLK cannot be cleared once set (only by power cycle).</para>
/// </remarks>
public sealed class SimulatedPca9685 : SimulatedI2cChip
{
    /// <summary>The address with A5..A0 tied low.</summary>
    public const int DefaultAddress = 0x40;

    /// <summary>The internal oscillator, Hz.</summary>
    public const double OscillatorFrequency = 25_000_000.0;

    const int Mode1 = 0x00, Mode2 = 0x01, Led0 = 0x06, LastLed = 0x45, AllLedOnL = 0xFA, AllLedOffH = 0xFD, PreScale = 0xFE, TestMode = 0xFF;
    const byte Restart = 0x80, ExtClk = 0x40, Ai = 0x20, Sleep = 0x10;

    readonly Register<byte> mode1;   // bits 6:0; RESTART lives in 'restart'
    readonly Register<byte> prescale;
    bool restart;

    /// <summary>A PCA9685 at <paramref name="address"/> (0x40..0x7F) on bus <paramref name="bus"/>, as after power-on:
    /// asleep, all channels full-off, 200 Hz.</summary>
    public SimulatedPca9685(int bus = 1, int address = DefaultAddress)
        : base("pca9685", bus, address)
    {
        if (address is < 0x40 or > 0x7F)
            throw new ArgumentOutOfRangeException(nameof(address), address, "A PCA9685 answers at 0x40 to 0x7F (A5..A0 pins).");
        mode1 = AddRegister(Mode1, 0x11, WriteMode1, v => (byte)(v | (restart ? Restart : 0)));
        AddRegister(Mode2, 0x04, v => (byte)(v & 0x1F));
        AddRegister(0x02, 0xE2);
        AddRegister(0x03, 0xE4);
        AddRegister(0x04, 0xE8);
        AddRegister(0x05, 0xE0);
        for (int ch = 0; ch < 16; ch++)
        {
            int a = Led0 + 4 * ch;
            AddRegister(a, 0x00, WriteLed);
            AddRegister(a + 1, 0x00, v => WriteLed((byte)(v & 0x1F)));
            AddRegister(a + 2, 0x00, WriteLed);
            AddRegister(a + 3, 0x10, v => WriteLed((byte)(v & 0x1F)));
        }
        for (int a = AllLedOnL; a <= AllLedOffH; a++)
        {
            int offset = a - AllLedOnL; // 0 ON_L, 1 ON_H, 2 OFF_L, 3 OFF_H
            AddRegister(a, 0, v => { WriteAll(offset, v); return 0; }, _ => 0);
        }
        prescale = AddRegister(PreScale, 0x1E, WritePrescale);
        AddRegister(TestMode, 0x00);
    }

    /// <summary>Duty cycle of <paramref name="channel"/> (0..15) as programmed: 0 with full-off (which wins over
    /// full-on), 1 with full-on, else ((OFF - ON) mod 4096) / 4096. MODE2.INVRT and SLEEP are not applied (see
    /// <see cref="Sleeping"/>).</summary>
    public double GetDutyCycle(int channel)
    {
        if (channel is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "The PCA9685 has channels 0 to 15.");
        lock (Sync) return DutyCycleOf(channel);
    }

    /// <summary>The 12-bit ON and OFF counts and the full-on / full-off bits of <paramref name="channel"/>.</summary>
    public (int On, int Off, bool FullOn, bool FullOff) GetCounts(int channel)
    {
        if (channel is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "The PCA9685 has channels 0 to 15.");
        lock (Sync) return Counts(channel);
    }

    /// <summary>PWM frequency in Hz from PRE_SCALE and the 25 MHz internal oscillator: 25e6 / (4096 * (PRE_SCALE + 1)).</summary>
    public double Frequency
    {
        get { lock (Sync) return OscillatorFrequency / (4096.0 * (prescale.Value + 1)); }
    }

    /// <summary>The PRE_SCALE register.</summary>
    public byte Prescale
    {
        get { lock (Sync) return prescale.Value; }
    }

    /// <summary>The MODE1 register.</summary>
    public byte Mode1Register
    {
        get { lock (Sync) return mode1.Value; }
    }

    /// <summary>MODE1.SLEEP: the oscillator is off and no output is cycling.</summary>
    public bool Sleeping
    {
        get { lock (Sync) return (mode1.Value & Sleep) != 0; }
    }

    /// <inheritdoc/>
    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        Pointer = data[0];
        CheckAddress(Pointer);
        for (int i = 1; i < data.Length; i++)
        {
            WriteMapped(Pointer, data[i]);
            Advance();
        }
    }

    /// <inheritdoc/>
    protected override void OnRead(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = ReadMapped(Pointer);
            Advance();
        }
    }

    void CheckAddress(int address)
    {
        if (address > LastLed && address < AllLedOnL) throw Nack($"register 0x{address:X2} is reserved");
    }

    void Advance()
    {
        if ((mode1.Value & Ai) == 0) return;
        Pointer = Pointer switch
        {
            LastLed => 0,
            PreScale or TestMode => 0,
            _ => (byte)(Pointer + 1),
        };
    }

    byte WriteMode1(byte value)
    {
        byte old = (byte)(mode1.Value & 0x7F);
        byte result = (byte)(value & 0x7F);
        if ((old & ExtClk) != 0) result |= ExtClk; // sticky until power cycle
        bool wasAsleep = (old & Sleep) != 0, asleep = (value & Sleep) != 0;
        if (!wasAsleep && asleep && AnyChannelActive()) restart = true;
        if ((value & Restart) != 0 && !asleep) restart = false; // writing 1 restarts the channels; 0 does nothing
        return result;
    }

    byte WritePrescale(byte value)
    {
        if ((mode1.Value & Sleep) == 0) return prescale.Value; // blocked while the oscillator runs
        return Math.Max(value, (byte)3);
    }

    byte WriteLed(byte value)
    {
        restart = false; // a write to a PWM register clears RESTART (MODE2.OCH = 0: at the STOP)
        return value;
    }

    void WriteAll(int offset, byte value)
    {
        for (int ch = 0; ch < 16; ch++) WriteMapped(Led0 + 4 * ch + offset, value);
    }

    bool AnyChannelActive()
    {
        for (int ch = 0; ch < 16; ch++)
        {
            if (!Counts(ch).FullOff) return true;
        }
        return false;
    }

    (int On, int Off, bool FullOn, bool FullOff) Counts(int channel)
    {
        int a = Led0 + 4 * channel;
        byte onL = ByteRegister(a).Value, onH = ByteRegister(a + 1).Value, offL = ByteRegister(a + 2).Value, offH = ByteRegister(a + 3).Value;
        return (onL | (onH & 0x0F) << 8, offL | (offH & 0x0F) << 8, (onH & 0x10) != 0, (offH & 0x10) != 0);
    }

    double DutyCycleOf(int channel)
    {
        var (on, off, fullOn, fullOff) = Counts(channel);
        if (fullOff) return 0.0;
        if (fullOn) return 1.0;
        return ((off - on) & 0xFFF) / 4096.0;
    }
}

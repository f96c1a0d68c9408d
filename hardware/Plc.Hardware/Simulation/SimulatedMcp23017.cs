using System.Device.Gpio;

namespace Plc.Hardware.Simulation;

/// <summary>
/// Microchip MCP23017: 16-bit I/O expander (ports A and B), register layout IOCON.BANK = 0. Addresses 0x20 to 0x27.
/// </summary>
/// <remarks>
/// <para>Registers (A at the even address, B at the odd one): IODIR 0x00/01 (reset 0xFF: inputs), IPOL 0x02/03,
/// GPINTEN 0x04/05, DEFVAL 0x06/07, INTCON 0x08/09, IOCON 0x0A/0B (one register at both addresses), GPPU 0x0C/0D,
/// INTF 0x0E/0F (read-only), INTCAP 0x10/11 (read-only), GPIO 0x12/13 (reads the pins, IPOL applied to inputs; a write
/// goes to OLAT), OLAT 0x14/15. Addresses past 0x15 read 0 and ignore writes.</para>
/// <para>Addressing: the first byte of a write is the register address; with IOCON.SEQOP = 0 (reset) the pointer then
/// advances after every byte and wraps from 0x15 to 0x00; with SEQOP = 1 it toggles between the A and B register of a
/// pair.</para>
/// <para>Pins: an output shows its OLAT bit; an input shows what <see cref="SetInput"/> drives, else High with its GPPU
/// pull-up, else Low (a floating CMOS input is undefined on the chip).</para>
/// <para>Interrupt-on-change as in the datasheet: only inputs with GPINTEN set; INTCON = 0 compares with the previous
/// level, 1 with DEFVAL; the first interrupt of a port sets INTF and captures the port into INTCAP, later ones wait until
/// it is cleared by reading GPIO or INTCAP of that port (in DEFVAL mode it stays set while the mismatch lasts). INTA and
/// INTB follow IOCON.MIRROR, ODR and INTPOL; <see cref="ConnectInterruptPins"/> wires them to a simulated GPIO chip.</para>
/// </remarks>
public sealed class SimulatedMcp23017 : SimulatedI2cChip
{
    /// <summary>The address with A2..A0 tied low.</summary>
    public const int DefaultAddress = 0x20;

    const int IoDir = 0, IPol = 1, GpIntEn = 2, DefVal = 3, IntCon = 4, IoCon = 5, GpPu = 6, IntF = 7, IntCap = 8, Gpio = 9, OLat = 10;
    const int LastAddress = 0x15;
    const byte Mirror = 0x40, SeqOp = 0x20, Odr = 0x04, IntPol = 0x02;

    readonly Register<byte>[,] regs = new Register<byte>[11, 2]; // the stored registers, [register, port]
    readonly bool?[] external = new bool?[16];
    byte iocon;
    readonly byte[] intf = new byte[2];
    readonly byte[] intcap = new byte[2];
    ushort lastLevels;

    readonly object pushSync = new();
    SimulatedGpioDriver? intGpio;
    int intAPin = -1, intBPin = -1;
    PinValue? pushedA, pushedB;

    /// <summary>An MCP23017 at <paramref name="address"/> (0x20..0x27) on bus <paramref name="bus"/>, as after
    /// power-on: all pins inputs without pull-ups, nothing driven.</summary>
    public SimulatedMcp23017(int bus = 1, int address = DefaultAddress)
        : base("mcp23017", bus, address)
    {
        if (address is < 0x20 or > 0x27)
            throw new ArgumentOutOfRangeException(nameof(address), address, "An MCP23017 answers at 0x20 to 0x27 (A2..A0 pins).");
        for (int port = 0; port < 2; port++)
        {
            int p = port;
            foreach (int r in new[] { IoDir, IPol, GpIntEn, DefVal, IntCon, GpPu, OLat })
                regs[r, port] = AddRegister(2 * r + port, r == IoDir ? (byte)0xFF : (byte)0);
            AddRegister(2 * IoCon + port, 0, v => { iocon = (byte)(v & 0x7E); return iocon; }, _ => iocon); // BANK (bit 7) stays 0
            AddRegister(2 * IntF + port, 0, _ => 0, _ => intf[p]);
            AddRegister(2 * IntCap + port, 0, _ => 0, _ => { byte v = intcap[p]; ClearInterrupt(p); return v; });
            AddRegister(2 * Gpio + port, 0, v => { regs[OLat, p].Value = v; return v; }, _ => { byte v = PortValue(p); ClearInterrupt(p); return v; });
        }
    }

    /// <summary>Drives pin <paramref name="pin"/> (0..15: A0..A7 = 0..7, B0..B7 = 8..15) from outside: true High, false
    /// Low, null not driven (the pull-up decides, else it reads Low). Only matters while the pin is an input.</summary>
    public void SetInput(int pin, bool? level)
    {
        CheckPin(pin);
        lock (Sync)
        {
            external[pin] = level;
            Evaluate();
        }
        PushInterruptPins();
    }

    /// <summary>The level on pin <paramref name="pin"/>: the OLAT bit for an output, the external level or pull-up for an
    /// input (IPOL does not change the pin, only what GPIO reads).</summary>
    public bool GetPin(int pin)
    {
        CheckPin(pin);
        lock (Sync) return (Levels() >> pin & 1) != 0;
    }

    /// <summary>Whether pin <paramref name="pin"/> is an output (its IODIR bit is 0).</summary>
    public bool IsOutput(int pin)
    {
        CheckPin(pin);
        lock (Sync) return (regs[IoDir, pin >> 3].Value >> (pin & 7) & 1) == 0;
    }

    /// <summary>Whether the pull-up of pin <paramref name="pin"/> is on (GPPU).</summary>
    public bool PullUp(int pin)
    {
        CheckPin(pin);
        lock (Sync) return (regs[GpPu, pin >> 3].Value >> (pin & 7) & 1) != 0;
    }

    /// <summary>Whether the INTA output is active (asserted), whatever its polarity.</summary>
    public bool InterruptA
    {
        get { lock (Sync) return IntActive(0); }
    }

    /// <summary>Whether the INTB output is active (asserted), whatever its polarity.</summary>
    public bool InterruptB
    {
        get { lock (Sync) return IntActive(1); }
    }

    /// <summary>Wires INTA to pin <paramref name="intA"/> and INTB to pin <paramref name="intB"/> (-1: not wired) of
    /// <paramref name="gpio"/>: the chip drives them (push-pull, or only low with IOCON.ODR, leaving the pull-up to the
    /// GPIO side), so interrupt callbacks registered there (as Iot.Device.Mcp23xxx does) fire.</summary>
    public void ConnectInterruptPins(SimulatedGpioDriver gpio, int intA, int intB = -1)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        lock (pushSync)
        {
            lock (Sync)
            {
                intGpio = gpio;
                intAPin = intA;
                intBPin = intB;
                pushedA = pushedB = null;
            }
        }
        PushInterruptPins(force: true);
    }

    /// <inheritdoc/>
    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        Pointer = data[0];
        for (int i = 1; i < data.Length; i++)
        {
            WriteMapped(Pointer, data[i]);
            Evaluate();
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

    /// <inheritdoc/>
    protected override void AfterTransfer() => PushInterruptPins();

    void Advance()
    {
        if ((iocon & SeqOp) != 0) Pointer = Pointer <= LastAddress ? (byte)(Pointer ^ 1) : Pointer;
        else Pointer = Pointer == LastAddress ? (byte)0 : (byte)(Pointer + 1);
    }

    // Levels of the 16 pins (bit n = pin n), without IPOL.
    ushort Levels()
    {
        int levels = 0;
        for (int pin = 0; pin < 16; pin++)
        {
            int port = pin >> 3, bit = pin & 7;
            bool input = (regs[IoDir, port].Value >> bit & 1) != 0;
            bool high = input
                ? external[pin] ?? (regs[GpPu, port].Value >> bit & 1) != 0
                : (regs[OLat, port].Value >> bit & 1) != 0;
            if (high) levels |= 1 << pin;
        }
        return (ushort)levels;
    }

    // What GPIO of a port reads: pin levels, inverted by IPOL on inputs.
    byte PortValue(int port)
    {
        byte levels = (byte)(Levels() >> 8 * port);
        return (byte)(levels ^ (regs[IPol, port].Value & regs[IoDir, port].Value));
    }

    void Evaluate()
    {
        ushort levels = Levels();
        for (int port = 0; port < 2; port++)
        {
            byte now = (byte)(levels >> 8 * port), before = (byte)(lastLevels >> 8 * port);
            byte enabled = (byte)(regs[GpIntEn, port].Value & regs[IoDir, port].Value);
            byte intcon = regs[IntCon, port].Value;
            byte cause = (byte)(((now ^ before) & ~intcon | (now ^ regs[DefVal, port].Value) & intcon) & enabled);
            if (cause != 0 && intf[port] == 0)
            {
                intf[port] = cause;
                intcap[port] = PortValue(port);
            }
        }
        lastLevels = levels;
    }

    void ClearInterrupt(int port)
    {
        intf[port] = 0;
        // Compare-with-DEFVAL interrupts stay as long as the mismatch does.
        byte now = (byte)(Levels() >> 8 * port);
        byte enabled = (byte)(regs[GpIntEn, port].Value & regs[IoDir, port].Value);
        byte mismatch = (byte)((now ^ regs[DefVal, port].Value) & regs[IntCon, port].Value & enabled);
        if (mismatch != 0)
        {
            intf[port] = mismatch;
            intcap[port] = PortValue(port);
        }
    }

    bool IntActive(int port) => (iocon & Mirror) != 0 ? (intf[0] | intf[1]) != 0 : intf[port] != 0;

    PinValue? IntLevel(int port)
    {
        bool active = IntActive(port);
        if ((iocon & Odr) != 0) return active ? PinValue.Low : null; // open drain: only pulls low
        bool activeHigh = (iocon & IntPol) != 0;
        return active == activeHigh ? PinValue.High : PinValue.Low;
    }

    void PushInterruptPins(bool force = false)
    {
        lock (pushSync)
        {
            PushInterruptPin(0, force);
            PushInterruptPin(1, force);
        }
    }

    void PushInterruptPin(int port, bool force)
    {
        SimulatedGpioDriver? gpio;
        PinValue? level;
        int pin;
        lock (Sync)
        {
            gpio = intGpio;
            pin = port == 0 ? intAPin : intBPin;
            if (gpio is null || pin < 0) return;
            level = IntLevel(port);
            if (!force && level == (port == 0 ? pushedA : pushedB)) return;
            if (port == 0) pushedA = level;
            else pushedB = level;
        }
        // Outside the chip's lock: the GPIO side runs callbacks that may talk to this chip again (and push again).
        gpio.SetExternal(pin, level);
    }

    static void CheckPin(int pin)
    {
        if (pin is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(pin), pin, "The MCP23017 has pins 0 to 15 (A0..A7, B0..B7).");
    }
}

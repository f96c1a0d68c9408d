using System.Device.I2c;
using System.Globalization;

namespace Plc.Hardware.Simulation;

/// <summary>
/// Common ground of the emulated I2C chips: an <see cref="I2cSimulatedDeviceBase"/> (so it is an
/// <see cref="I2cDevice"/> that any Iot.Device binding accepts) whose registers live in
/// <see cref="I2cSimulatedDeviceBase.RegisterMap"/>, with fault injection and a transfer count.
/// </summary>
/// <remarks>
/// <para>Every bus operation of <see cref="I2cDevice"/> (Read, ReadByte, Write, WriteByte, WriteRead) is one transfer
/// and goes through <see cref="WriteRead(byte[], byte[])"/>: it counts, sleeps <see cref="Delay"/>, throws an
/// <see cref="IOException"/> while <see cref="Failing"/>, then, under the chip's lock, lets the chip take the written
/// bytes (the first one is the register pointer on all four chips) and produce the read bytes.</para>
/// <para>Disposing the device (bindings dispose the I2cDevice they were given) does not break the emulator: the chip is a
/// piece of hardware, the handle is what closes. It keeps its registers and answers later transfers.</para>
/// </remarks>
public abstract class SimulatedI2cChip : I2cSimulatedDeviceBase
{
    /// <summary>The chip's lock: every transfer and every public member of a derived chip holds it.</summary>
    protected readonly object Sync = new();

    long transfers;
    long delayTicks;
    volatile bool failing;
    int disposals;

    /// <summary>A chip of kind <paramref name="kind"/> at <paramref name="address"/> on bus <paramref name="bus"/>.</summary>
    protected SimulatedI2cChip(string kind, int bus, int address)
        : base(new I2cConnectionSettings(CheckBus(bus), CheckAddress(address)))
    {
        Kind = kind;
    }

    /// <summary>While true every transfer throws <see cref="IOException"/>, as Linux does when the chip does not
    /// acknowledge (a missing, unpowered or hung chip, a broken wire).</summary>
    public bool Failing
    {
        get => failing;
        set => failing = value;
    }

    /// <summary>Every transfer first sleeps this long (a slow chip, clock stretching, a busy bus). Zero: no delay.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref delayTicks, value.Ticks);
        }
    }

    /// <summary>Number of transfers so far, failed ones included.</summary>
    public long Transfers => Interlocked.Read(ref transfers);

    /// <summary>The chip kind: "ads1115", "bme280", "pca9685" or "mcp23017".</summary>
    public string Kind { get; }

    /// <summary>The I2C bus number (the N of /dev/i2c-N).</summary>
    public int Bus => ConnectionSettings.BusId;

    /// <summary>The 7-bit I2C address.</summary>
    public int Address => ConnectionSettings.DeviceAddress;

    /// <summary>How many times the device handle was disposed (bindings dispose theirs).</summary>
    public int Disposals => Volatile.Read(ref disposals);

    /// <summary>One I2C transfer: write <paramref name="inputBuffer"/>, then (repeated start) read
    /// <paramref name="outputBuffer"/>.Length bytes. Either may be empty.</summary>
    public sealed override void WriteRead(byte[] inputBuffer, byte[] outputBuffer)
    {
        ArgumentNullException.ThrowIfNull(inputBuffer);
        ArgumentNullException.ThrowIfNull(outputBuffer);
        Interlocked.Increment(ref transfers);
        var delay = Delay;
        if (delay > TimeSpan.Zero) Thread.Sleep(delay);
        if (failing)
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"Error 121 performing I2C data transfer: {Kind} at 0x{Address:X2} on bus {Bus} did not acknowledge (simulated fault)."));
        lock (Sync)
        {
            if (inputBuffer.Length > 0) OnWrite(inputBuffer);
            if (outputBuffer.Length > 0) OnRead(outputBuffer);
        }
        AfterTransfer();
    }

    /// <inheritdoc/>
    public override byte ReadByte()
    {
        // The base class refuses after Dispose; the emulated chip keeps answering (see remarks).
        var buffer = new byte[1];
        WriteRead(Array.Empty<byte>(), buffer);
        return buffer[0];
    }

    /// <summary>The master wrote <paramref name="data"/> (data[0] is the register pointer on these chips). Called under
    /// <see cref="Sync"/>.</summary>
    protected abstract void OnWrite(ReadOnlySpan<byte> data);

    /// <summary>The master reads <paramref name="buffer"/>.Length bytes, from the current register pointer. Called under
    /// <see cref="Sync"/>.</summary>
    protected abstract void OnRead(Span<byte> buffer);

    /// <summary>Runs after each successful transfer, outside the lock (to push pin changes to other simulated parts).</summary>
    protected virtual void AfterTransfer()
    {
    }

    /// <summary>Adds a byte register at <paramref name="address"/> to <see cref="I2cSimulatedDeviceBase.RegisterMap"/>.
    /// <paramref name="onWrite"/> maps a written byte to the stored one (masking, blocking); <paramref name="onRead"/>
    /// maps the stored byte to what the master sees (computed registers).</summary>
    protected Register<byte> AddRegister(int address, byte resetValue, Func<byte, byte>? onWrite = null, Func<byte, byte>? onRead = null)
    {
        var register = new Register<byte>(resetValue, onWrite, onRead);
        RegisterMap[(byte)address] = register;
        return register;
    }

    /// <summary>The byte register at <paramref name="address"/>.</summary>
    protected Register<byte> ByteRegister(int address) => (Register<byte>)RegisterMap[(byte)address];

    /// <summary>What the master reads at <paramref name="address"/> (0 for an address without a register).</summary>
    protected byte ReadMapped(int address) =>
        RegisterMap.TryGetValue((byte)address, out var r) ? (byte)r.ReadRegister() : (byte)0;

    /// <summary>Writes <paramref name="value"/> to the register at <paramref name="address"/>; false if there is none.</summary>
    protected bool WriteMapped(int address, byte value)
    {
        if (!RegisterMap.TryGetValue((byte)address, out var r)) return false;
        r.WriteRegister(value);
        return true;
    }

    /// <summary>The register pointer (the base class's current register).</summary>
    protected byte Pointer
    {
        get => CurrentRegister;
        set => CurrentRegister = value;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        Interlocked.Increment(ref disposals);
        base.Dispose(disposing);
    }

    /// <summary>Thrown from inside a transfer to make the chip not acknowledge (e.g. a reserved register address).</summary>
    protected IOException Nack(string why) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Error 121 performing I2C data transfer: {Kind} at 0x{Address:X2} on bus {Bus}: {why}."));

    static int CheckBus(int bus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bus);
        return bus;
    }

    static int CheckAddress(int address)
    {
        if (address is < 0 or > 0x7F) throw new ArgumentOutOfRangeException(nameof(address), address, "An I2C address has 7 bits (0x00 to 0x7F).");
        return address;
    }
}

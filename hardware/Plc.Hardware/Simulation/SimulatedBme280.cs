namespace Plc.Hardware.Simulation;

/// <summary>
/// Bosch BME280 humidity / pressure / temperature sensor. Addresses 0x76 (SDO to GND) and 0x77 (SDO to VDDIO).
/// </summary>
/// <remarks>
/// <para>Registers: calibration 0x88..0xA1 and 0xE1..0xE7 (fixed trimming values of the kind a real part carries;
/// 0xE8..0xF0 read 0), chip id 0xD0 = 0x60, reset 0xE0 (writing 0xB6 resets ctrl_hum, ctrl_meas, config and the data
/// registers; reads 0), ctrl_hum 0xF2 (osrs_h, takes effect at the next ctrl_meas write, as on the chip), status 0xF3,
/// ctrl_meas 0xF4 (osrs_t, osrs_p, mode), config 0xF5 (t_sb, filter, spi3w_en), data 0xF7..0xFE (press, temp: 20 bits
/// msb/lsb/xlsb[7:4]; hum: 16 bits). Writes are register/value pairs; reads auto-increment.</para>
/// <para>Measuring: a forced-mode write (mode 01 or 10) measures once, at once, and returns to sleep (ctrl_meas reads mode
/// 00 afterwards, status never shows "measuring"); in normal mode (11) every read that starts in the data registers
/// measures. Sleep leaves the data registers as they are. The raw values are found by inverting Bosch's floating-point
/// compensation formulas (datasheet section 8.1) for the set <see cref="Temperature"/>, <see cref="Pressure"/> and
/// <see cref="Humidity"/>, then cut to the resolution the settings give: with the IIR filter off temperature and pressure
/// have 16 + (osrs - 1) bits (x1: 16 bits, x16: 20 bits), with the filter on 20 bits; humidity always 16 bits. A skipped
/// measurement (osrs = 000) reads 0x80000 (0x8000 for humidity), as on the chip.</para>
/// </remarks>
public sealed class SimulatedBme280 : SimulatedI2cChip
{
    /// <summary>The address with SDO tied to VDDIO (the one most breakout boards use, and the binding's default).</summary>
    public const int DefaultAddress = 0x77;

    /// <summary>The value of the chip id register 0xD0.</summary>
    public const byte ChipId = 0x60;

    // Trimming values: the temperature and pressure ones are the worked example of Bosch's BMP280 datasheet (same
    // formulas and register layout as the BME280); the humidity ones are typical of a real BME280.
    const ushort T1 = 27504; const short T2 = 26435; const short T3 = -1000;
    const ushort P1 = 36477; const short P2 = -10685; const short P3 = 3024; const short P4 = 2855; const short P5 = 140;
    const short P6 = -7; const short P7 = 15500; const short P8 = -14600; const short P9 = 6000;
    const byte H1 = 75; const short H2 = 362; const byte H3 = 0; const short H4 = 313; const short H5 = 50; const sbyte H6 = 30;

    double temperature = 20.0;
    double humidity = 50.0;
    double pressure = 101325.0;
    readonly byte[] data = new byte[8]; // 0xF7..0xFE
    readonly Register<byte> ctrlHum, ctrlMeas, config;
    int humidityOversampling; // osrs_h latched at the last ctrl_meas write
    int measurements;

    /// <summary>A BME280 at <paramref name="address"/> (0x76 or 0x77) on bus <paramref name="bus"/>, reading 20 °C,
    /// 50 %RH, 101325 Pa.</summary>
    public SimulatedBme280(int bus = 1, int address = DefaultAddress)
        : base("bme280", bus, address)
    {
        if (address is not (0x76 or 0x77))
            throw new ArgumentOutOfRangeException(nameof(address), address, "A BME280 answers at 0x76 or 0x77 (SDO pin).");

        // Calibration (read-only): little-endian 16-bit words from 0x88, dig_H1 at 0xA1, dig_H2..dig_H6 from 0xE1.
        int[] words = [T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9];
        for (int i = 0; i < words.Length; i++)
        {
            ReadOnlyRegister(0x88 + 2 * i, (byte)(words[i] & 0xFF));
            ReadOnlyRegister(0x89 + 2 * i, (byte)((words[i] >> 8) & 0xFF));
        }
        ReadOnlyRegister(0xA0, 0);
        ReadOnlyRegister(0xA1, H1);
        ReadOnlyRegister(0xE1, H2 & 0xFF);
        ReadOnlyRegister(0xE2, (H2 >> 8) & 0xFF);
        ReadOnlyRegister(0xE3, H3);
        ReadOnlyRegister(0xE4, (H4 >> 4) & 0xFF);
        ReadOnlyRegister(0xE5, (H4 & 0x0F) | ((H5 & 0x0F) << 4));
        ReadOnlyRegister(0xE6, (H5 >> 4) & 0xFF);
        ReadOnlyRegister(0xE7, H6 & 0xFF);
        for (int a = 0xE8; a <= 0xF0; a++) ReadOnlyRegister(a, 0);
        ReadOnlyRegister(0xD0, ChipId);

        AddRegister(0xE0, 0, v => { if (v == 0xB6) Reset(); return 0; }, _ => 0);
        ctrlHum = AddRegister(0xF2, 0, v => (byte)(v & 0x07));
        AddRegister(0xF3, 0, _ => 0, _ => 0); // status: measuring and im_update never set
        ctrlMeas = AddRegister(0xF4, 0, WriteCtrlMeas);
        config = AddRegister(0xF5, 0, v => (byte)(v & 0xFD));
        for (int i = 0; i < data.Length; i++)
        {
            int index = i;
            AddRegister(0xF7 + i, 0, _ => 0, _ => data[index]);
        }
        ResetData();
    }

    /// <summary>Temperature in °C that the next measurement sees.</summary>
    public double Temperature
    {
        get { lock (Sync) return temperature; }
        set
        {
            if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "Temperature must be finite.");
            lock (Sync) temperature = value;
        }
    }

    /// <summary>Relative humidity in % that the next measurement sees (0..100).</summary>
    public double Humidity
    {
        get { lock (Sync) return humidity; }
        set
        {
            if (!(value >= 0 && value <= 100)) throw new ArgumentOutOfRangeException(nameof(value), value, "Relative humidity is 0 to 100 %.");
            lock (Sync) humidity = value;
        }
    }

    /// <summary>Pressure in Pa that the next measurement sees.</summary>
    public double Pressure
    {
        get { lock (Sync) return pressure; }
        set
        {
            if (!(value > 0 && double.IsFinite(value))) throw new ArgumentOutOfRangeException(nameof(value), value, "Pressure must be positive.");
            lock (Sync) pressure = value;
        }
    }

    /// <summary>How many measurements the chip has made (forced-mode triggers, normal-mode data reads).</summary>
    public int Measurements
    {
        get { lock (Sync) return measurements; }
    }

    /// <summary>The power mode bits of ctrl_meas: 0 sleep, 1 or 2 forced, 3 normal.</summary>
    public int PowerMode
    {
        get { lock (Sync) return ctrlMeas.Value & 3; }
    }

    /// <inheritdoc/>
    protected override void OnWrite(ReadOnlySpan<byte> bytes)
    {
        // Register address / data pairs; an odd trailing byte only sets the address for a following read.
        int i = 0;
        for (; i + 1 < bytes.Length; i += 2)
        {
            Pointer = bytes[i];
            WriteMapped(bytes[i], bytes[i + 1]);
        }
        if (i < bytes.Length) Pointer = bytes[i];
    }

    /// <inheritdoc/>
    protected override void OnRead(Span<byte> buffer)
    {
        int start = Pointer, end = Pointer + buffer.Length - 1;
        if ((ctrlMeas.Value & 3) == 3 && end >= 0xF7 && start <= 0xFE) Measure(ctrlMeas.Value);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = ReadMapped(Pointer);
            Pointer = (byte)(Pointer + 1);
        }
    }

    void ReadOnlyRegister(int address, int value)
    {
        byte b = (byte)value;
        AddRegister(address, b, _ => b);
    }

    byte WriteCtrlMeas(byte value)
    {
        humidityOversampling = ctrlHum.Value & 7;
        int mode = value & 3;
        if (mode is 1 or 2)
        {
            Measure(value);
            return (byte)(value & 0xFC); // back to sleep once done
        }
        return value;
    }

    void Reset()
    {
        // The reset register's own handler runs inside a write: clear the others through their handlers.
        ctrlHum.Value = 0;
        humidityOversampling = 0;
        ctrlMeas.Value = 0;
        config.Value = 0;
        ResetData();
    }

    void ResetData()
    {
        SetData(0x80000, 0x80000, 0x8000);
    }

    void SetData(int adcP, int adcT, int adcH)
    {
        data[0] = (byte)(adcP >> 12); data[1] = (byte)(adcP >> 4); data[2] = (byte)((adcP & 0xF) << 4);
        data[3] = (byte)(adcT >> 12); data[4] = (byte)(adcT >> 4); data[5] = (byte)((adcT & 0xF) << 4);
        data[6] = (byte)(adcH >> 8); data[7] = (byte)adcH;
    }

    void Measure(byte ctrl)
    {
        measurements++;
        int osrsT = (ctrl >> 5) & 7, osrsP = (ctrl >> 2) & 7, osrsH = humidityOversampling;
        bool filter = ((config.Value >> 2) & 7) != 0;

        int adcT = 0x80000, adcP = 0x80000, adcH = 0x8000;
        // t_fine as the master will compute it: from the reported (quantised) temperature if there is one.
        double tFine = (temperature * 5120.0);
        if (osrsT != 0)
        {
            adcT = Solve(CompensateTemperature, tFine, Step(osrsT, filter), 0xFFFFF);
            tFine = CompensateTemperature(adcT);
        }
        if (osrsP != 0)
        {
            double tf = tFine;
            adcP = Solve(a => CompensatePressure(a, tf), pressure, Step(osrsP, filter), 0xFFFFF);
        }
        if (osrsH != 0)
        {
            double tf = tFine;
            adcH = Solve(a => CompensateHumidity(a, tf), humidity, 1, 0xFFFF);
        }
        SetData(adcP, adcT, adcH);
    }

    // Distance between two reported 20-bit codes: 16 + (osrs - 1) bits without the IIR filter, 20 with it.
    static int Step(int osrs, bool filter)
    {
        if (filter) return 1;
        int bits = 15 + Math.Min(osrs, 5);
        return 1 << (20 - bits);
    }

    /// <summary>The multiple of <paramref name="step"/> in 0..<paramref name="max"/> whose compensated value is nearest
    /// to <paramref name="target"/>, for a monotonic <paramref name="forward"/>.</summary>
    static int Solve(Func<int, double> forward, double target, int step, int max)
    {
        int lo = 0, hi = max / step;
        bool increasing = forward(hi * step) > forward(0);
        while (hi - lo > 1)
        {
            int mid = lo + (hi - lo) / 2;
            if (forward(mid * step) < target == increasing) lo = mid;
            else hi = mid;
        }
        return Math.Abs(forward(lo * step) - target) <= Math.Abs(forward(hi * step) - target) ? lo * step : hi * step;
    }

    // Bosch's floating-point compensation (BME280 datasheet, section 8.1). Temperature returns t_fine (°C * 5120).
    static double CompensateTemperature(int adcT)
    {
        double var1 = (adcT / 16384.0 - T1 / 1024.0) * T2;
        double d = adcT / 131072.0 - T1 / 8192.0;
        double var2 = d * d * T3;
        return var1 + var2;
    }

    static double CompensatePressure(int adcP, double tFine)
    {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * P6 / 32768.0;
        var2 += var1 * P5 * 2.0;
        var2 = var2 / 4.0 + P4 * 65536.0;
        var1 = (P3 * var1 * var1 / 524288.0 + P2 * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * P1;
        if (var1 == 0) return 0;
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = P9 * p * p / 2147483648.0;
        var2 = p * P8 / 32768.0;
        return p + (var1 + var2 + P7) / 16.0;
    }

    static double CompensateHumidity(int adcH, double tFine)
    {
        double h = tFine - 76800.0;
        h = (adcH - (H4 * 64.0 + H5 / 16384.0 * h)) * (H2 / 65536.0 * (1.0 + H6 / 67108864.0 * h * (1.0 + H3 / 67108864.0 * h)));
        h *= 1.0 - H1 * h / 524288.0;
        return Math.Clamp(h, 0.0, 100.0);
    }
}

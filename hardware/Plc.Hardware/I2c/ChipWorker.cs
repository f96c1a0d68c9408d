using Plc.Runtime.Hosting;

namespace Plc.Hardware.I2c;

/// <summary>
/// Talks to one I2C chip so that the scan never waits for the bus (docs/io.md, "Slow and failing sensors"): in a real
/// run a background thread samples the inputs every period and writes changed outputs within a few milliseconds; the
/// scan thread only reads the last good values and hands over new output values, through 64-bit slots with
/// volatile reads and writes (no lock, no allocation). A failed or hung transfer never reaches the scan: the program
/// keeps the last good value, and the chip's quality flag goes FALSE when the last read failed or the last good one is
/// older than three periods. In a simulation (<see cref="Background"/> false) the scan thread samples at every scan
/// and writes at once, on the virtual clock, so runs are repeatable.
/// </summary>
sealed class ChipWorker : IDisposable
{
    /// <summary>How often a background worker looks for changed outputs.</summary>
    public const int OutputPollMs = 2;

    readonly ChipDriver driver;
    readonly IClock clock;
    readonly long periodNs;
    readonly long[] inputBits, desiredBits, writtenBits;
    readonly double[] inputScratch, outputScratch;
    readonly bool[] changedScratch;
    readonly ManualResetEventSlim stopSignal = new(false);
    Thread? thread;
    int dirty;
    long lastGoodNs = long.MinValue, nextSampleNs = long.MinValue;
    volatile bool lastFailed;
    bool everWritten;
    long failures;
    volatile string? lastError;

    public ChipWorker(string name, ChipDriver driver, IClock clock, long periodNs, int inputs, int outputs, bool background)
    {
        Name = name;
        this.driver = driver;
        this.clock = clock;
        this.periodNs = periodNs;
        Background = background;
        inputBits = new long[inputs];
        inputScratch = new double[inputs];
        desiredBits = new long[outputs];
        writtenBits = new long[outputs];
        outputScratch = new double[outputs];
        changedScratch = new bool[outputs];
    }

    public string Name { get; }
    public bool Background { get; }
    public long Failures => Interlocked.Read(ref failures);
    public string? LastError => lastError;

    /// <summary>Sets an output's starting (safe) value before anything runs; written at the first flush.</summary>
    public void SetInitialOutput(int i, double value) => desiredBits[i] = BitConverter.DoubleToInt64Bits(value);

    public void Start()
    {
        dirty = desiredBits.Length > 0 ? 1 : 0;
        if (!Background) return;
        thread = new Thread(Loop) { Name = "plc i2c " + Name, IsBackground = true };
        thread.Start();
    }

    // ---- scan thread

    public double Input(int i) => BitConverter.Int64BitsToDouble(Volatile.Read(ref inputBits[i]));

    /// <summary>TRUE while the last transfer succeeded and (for a chip with inputs) the last good read is at most three
    /// periods old.</summary>
    public bool Quality(long nowNs)
    {
        if (lastFailed) return false;
        if (inputBits.Length == 0) return everWritten;
        long good = Volatile.Read(ref lastGoodNs);
        return good != long.MinValue && nowNs - good <= 3 * periodNs;
    }

    public void SetOutput(int i, double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (Volatile.Read(ref desiredBits[i]) == bits) return;
        Volatile.Write(ref desiredBits[i], bits);
        Volatile.Write(ref dirty, 1);
    }

    /// <summary>Simulation: sample at every scan (scan thread, virtual clock). The up-to-one-period delay of background
    /// sampling is not simulated: a value set on a simulated chip reaches the next scan.</summary>
    public void PollInputsInline(long nowNs)
    {
        if (inputBits.Length > 0) Sample(nowNs);
    }

    /// <summary>Simulation: write changed outputs now.</summary>
    public void FlushOutputsInline() => FlushOutputs();

    // ---- worker side

    void Loop()
    {
        while (!stopSignal.IsSet)
        {
            FlushOutputs();
            long now = clock.NowNs;
            if (inputBits.Length > 0 && now >= nextSampleNs) Sample(now);
            stopSignal.Wait(OutputPollMs);
        }
        FlushOutputs();   // the last values the scan thread handed over (the safe state after a stop)
    }

    void Sample(long nowNs)
    {
        // Next sample one period on; after a slow read, not earlier than one period from now (no bursts).
        nextSampleNs = nextSampleNs == long.MinValue ? nowNs + periodNs : Math.Max(nextSampleNs + periodNs, nowNs + 1);
        try
        {
            driver.ReadInputs(inputScratch);
            for (int i = 0; i < inputScratch.Length; i++) Volatile.Write(ref inputBits[i], BitConverter.DoubleToInt64Bits(inputScratch[i]));
            Volatile.Write(ref lastGoodNs, clock.NowNs);
            lastFailed = false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e);
        }
    }

    void FlushOutputs()
    {
        if (Interlocked.Exchange(ref dirty, 0) == 0) return;
        bool any = false;
        for (int i = 0; i < desiredBits.Length; i++)
        {
            long bits = Volatile.Read(ref desiredBits[i]);
            changedScratch[i] = !everWritten || bits != writtenBits[i];
            outputScratch[i] = BitConverter.Int64BitsToDouble(bits);
            any |= changedScratch[i];
        }
        if (!any) return;
        try
        {
            driver.WriteOutputs(outputScratch, changedScratch);
            for (int i = 0; i < desiredBits.Length; i++) writtenBits[i] = BitConverter.DoubleToInt64Bits(outputScratch[i]);
            everWritten = true;
            if (inputBits.Length == 0) lastFailed = false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e);
            Volatile.Write(ref dirty, 1);   // try again at the next poll
        }
    }

    void Fail(Exception e)
    {
        lastFailed = true;
        Interlocked.Increment(ref failures);
        lastError = e.Message;
    }

    public void Dispose()
    {
        stopSignal.Set();
        if (thread != null && !thread.Join(TimeSpan.FromSeconds(2)))
        {
            // A transfer hangs: leave the thread (a background thread) and its chip alone rather than pull the driver
            // from under it.
            lastError = "the worker did not stop within 2 s (a transfer hangs); abandoned";
            return;
        }
        if (thread == null) FlushOutputs();
        // Bindings talk to the chip when disposed (the ADS1115 powers down): a chip that stopped answering must not
        // turn a clean stop into an exception.
        try { driver.Dispose(); }
        catch (Exception e) when (e is not OutOfMemoryException) { lastError = e.Message; }
    }
}

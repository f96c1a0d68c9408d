using System.Device;
using System.Device.Gpio;

namespace Plc.Hardware.Simulation;

/// <summary>
/// A GPIO chip without hardware: a <see cref="GpioDriver"/> that a real <see cref="GpioController"/> (or any binding
/// that takes a controller) runs against unchanged. Each pin has a mode, an output latch, a pull resistor (from the
/// mode) and whatever the outside world drives onto it (<see cref="SetExternal"/>).
/// </summary>
/// <remarks>
/// <para>Level on the wire: an open Output pin shows its latch (an external driver loses; a short circuit is not
/// modelled). Any other pin shows the external level if something drives it, else its pull resistor: High for
/// <see cref="PinMode.InputPullUp"/>, Low for <see cref="PinMode.InputPullDown"/>, <see cref="PinMode.Input"/> or a
/// closed pin (a floating input reads Low here; on real hardware it reads noise).</para>
/// <para>Edges: whenever the level of an open pin in an input mode changes (through <see cref="SetExternal"/>, a mode
/// change, or switching from Output to an input mode) the registered callbacks run synchronously on the thread that made
/// the change, after the driver's lock has been released, and waiting <see cref="GpioController.WaitForEvent(int, PinEventTypes, TimeSpan)"/>
/// calls wake up. Output pins raise no events (like a Linux GPIO line requested as output).</para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class SimulatedGpioDriver : GpioDriver
{
    sealed class Pin
    {
        public bool Open;
        public PinMode Mode = PinMode.Input;
        public PinValue Latch = PinValue.Low;
        public PinValue? External;
        public readonly List<(PinEventTypes Types, PinChangeEventHandler Callback)> Callbacks = new();
        public readonly List<Waiter> Waiters = new();
    }

    sealed class Waiter(PinEventTypes types)
    {
        public readonly PinEventTypes Types = types;
        public readonly ManualResetEventSlim Signal = new(false);
        public PinEventTypes Result;
    }

    readonly object sync = new();
    readonly Pin[] pins;

    /// <summary>A driver with pins 0 .. <paramref name="pinCount"/>-1 (28 = the BCM GPIO pins of a Raspberry Pi header),
    /// all closed, Input, not driven from outside.</summary>
    public SimulatedGpioDriver(int pinCount = 28)
    {
        if (pinCount <= 0) throw new ArgumentOutOfRangeException(nameof(pinCount), pinCount, "A GPIO chip needs at least one pin.");
        pins = new Pin[pinCount];
        for (int i = 0; i < pins.Length; i++) pins[i] = new Pin();
    }

    /// <inheritdoc/>
    protected override int PinCount => pins.Length;

    /// <summary>What the outside world drives onto <paramref name="pin"/>: High, Low, or null for nothing (then the pull
    /// resistor decides; without one the pin reads Low). Raises edge events if the level of an input changes.</summary>
    public void SetExternal(int pin, PinValue? level) => Change(pin, level, static (p, _, l) => p.External = l);

    /// <summary>The level on the wire: an open Output pin -> the value last written; otherwise the external level, else
    /// High for pull-up, Low for pull-down, no pull or a closed pin.</summary>
    public PinValue GetLevel(int pin)
    {
        lock (sync) return Level(Get(pin));
    }

    /// <summary>What the outside world drives onto the pin (null: nothing).</summary>
    public PinValue? GetExternal(int pin)
    {
        lock (sync) return Get(pin).External;
    }

    /// <summary>The mode of an open pin; null when the pin is not open.</summary>
    public PinMode? GetMode(int pin)
    {
        lock (sync)
        {
            var p = Get(pin);
            return p.Open ? p.Mode : null;
        }
    }

    /// <summary>Whether the pin is open (through <see cref="GpioController.OpenPin(int)"/>).</summary>
    public bool IsOpen(int pin)
    {
        lock (sync) return Get(pin).Open;
    }

    /// <summary>How many edge callbacks are registered on the pin (for tests of drivers that must unregister theirs).</summary>
    public int CallbackCount(int pin)
    {
        lock (sync) return Get(pin).Callbacks.Count;
    }

    /// <summary>How many <see cref="GpioController.WaitForEvent(int, PinEventTypes, TimeSpan)"/> calls are blocked on
    /// the pin.</summary>
    public int WaiterCount(int pin)
    {
        lock (sync) return Get(pin).Waiters.Count;
    }

    /// <inheritdoc/>
    protected override void OpenPin(int pinNumber)
    {
        // Opening changes neither mode nor value (the GpioDriver contract).
        lock (sync) Get(pinNumber).Open = true;
    }

    /// <inheritdoc/>
    protected override void ClosePin(int pinNumber)
    {
        lock (sync)
        {
            var p = Get(pinNumber);
            p.Open = false;
            p.Callbacks.Clear();
            // A wait on a pin that is closed under it ends as if timed out.
            foreach (var w in p.Waiters) w.Signal.Set();
            p.Waiters.Clear();
        }
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        CheckMode(mode);
        Change(pinNumber, mode, static (p, n, m) => { RequireOpen(p, n); p.Mode = m; });
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        CheckMode(mode);
        // Latch first, then mode: an output starts at its initial value without a glitch.
        Change(pinNumber, (mode, initialValue), static (p, n, s) =>
        {
            RequireOpen(p, n);
            if (s.mode == PinMode.Output) p.Latch = s.initialValue;
            p.Mode = s.mode;
        });
    }

    /// <inheritdoc/>
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (sync)
        {
            var p = Get(pinNumber);
            RequireOpen(p, pinNumber);
            return p.Mode;
        }
    }

    /// <inheritdoc/>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
    {
        lock (sync) Get(pinNumber);
        return mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;
    }

    /// <inheritdoc/>
    protected override PinValue Read(int pinNumber)
    {
        lock (sync)
        {
            var p = Get(pinNumber);
            RequireOpen(p, pinNumber);
            return Level(p);
        }
    }

    /// <inheritdoc/>
    protected override void Write(int pinNumber, PinValue value)
    {
        // Writing an input only sets the latch; it shows once the pin becomes an output.
        Change(pinNumber, value, static (p, n, v) => { RequireOpen(p, n); p.Latch = v; });
    }

    /// <inheritdoc/>
    protected override void Toggle(int pinNumber)
    {
        Change(pinNumber, 0, static (p, n, _) => { RequireOpen(p, n); p.Latch = !p.Latch; });
    }

    /// <inheritdoc/>
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(eventTypes);
        lock (sync)
        {
            var p = Get(pinNumber);
            RequireOpen(p, pinNumber);
            p.Waiters.Add(waiter);
        }
        try
        {
            waiter.Signal.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        lock (sync)
        {
            pins[pinNumber].Waiters.Remove(waiter);
            return waiter.Result == PinEventTypes.None
                ? new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true }
                : new WaitForEventResult { EventTypes = waiter.Result, TimedOut = false };
        }
    }

    /// <inheritdoc/>
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (eventTypes == PinEventTypes.None) throw new ArgumentException("No event type given.", nameof(eventTypes));
        lock (sync)
        {
            var p = Get(pinNumber);
            RequireOpen(p, pinNumber);
            p.Callbacks.Add((eventTypes, callback));
        }
    }

    /// <inheritdoc/>
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (sync) Get(pinNumber).Callbacks.RemoveAll(c => c.Callback == callback);
    }

    /// <inheritdoc/>
    public override ComponentInformation QueryComponentInformation() => new(this, "Simulated GPIO driver");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // The pins keep their state (a test may look at them after the controller is gone); callbacks go.
        lock (sync)
        {
            foreach (var p in pins)
            {
                p.Open = false;
                p.Callbacks.Clear();
            }
        }
        base.Dispose(disposing);
    }

    /// <summary>Applies <paramref name="change"/> under the lock; if it changed the level of an input, wakes waiters and
    /// then (outside the lock) runs the matching callbacks.</summary>
    /// <summary>Applies a change to a pin and raises the edge events it causes. The change is a static lambda with its
    /// state passed in, so a write allocates nothing (the scan thread writes outputs through here).</summary>
    void Change<TState>(int pinNumber, TState state, Action<Pin, int, TState> change)
    {
        PinEventTypes edge = PinEventTypes.None;
        List<PinChangeEventHandler>? toCall = null;
        lock (sync)
        {
            var p = Get(pinNumber);
            var before = Level(p);
            change(p, pinNumber, state);
            var after = Level(p);
            if (p.Open && p.Mode != PinMode.Output && before != after)
            {
                edge = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                foreach (var w in p.Waiters)
                {
                    if ((w.Types & edge) != 0 && w.Result == PinEventTypes.None)
                    {
                        w.Result = edge;
                        w.Signal.Set();
                    }
                }
                foreach (var (types, callback) in p.Callbacks)
                {
                    if ((types & edge) != 0) (toCall ??= new()).Add(callback);
                }
            }
        }
        if (toCall is null) return;
        var args = new PinValueChangedEventArgs(edge, pinNumber);
        foreach (var callback in toCall) callback(this, args);
    }

    static PinValue Level(Pin p)
    {
        if (p.Open && p.Mode == PinMode.Output) return p.Latch;
        if (p.External is { } e) return e;
        return p.Open && p.Mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
    }

    Pin Get(int pin)
    {
        if ((uint)pin >= (uint)pins.Length)
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"The simulated GPIO chip has pins 0 to {pins.Length - 1}.");
        return pins[pin];
    }

    static void RequireOpen(Pin p, int pin)
    {
        if (!p.Open) throw new InvalidOperationException($"GPIO pin {pin} is not open.");
    }

    static void CheckMode(PinMode mode)
    {
        if (mode is not (PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown pin mode.");
    }
}

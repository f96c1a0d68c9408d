using System.Device.Gpio;
using System.Globalization;
using Plc.Hardware.Configuration;
using Plc.Hardware.Simulation;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Scenarios;

/// <summary>A step that did not hold: where, when, what was expected and what was there.</summary>
public sealed record ScenarioFailure(ScenarioStep Step, string Expected, string Actual)
{
    /// <summary>"scenario.txt(12): at T#60ms expect %QW0: expected 5000, actual 4999".</summary>
    public string Format(string path) =>
        $"{path}({Step.Line}): at {Disassembler.FormatTime(Step.TimeNs)} expect {Step.Target}: expected {Expected}, actual {Actual}";
}

/// <summary>
/// Plays a <see cref="Scenario"/> against a simulated run (docs/io.md, "Scenarios"). It sits in the scan loop twice:
/// as the process I/O, where it applies the hardware steps due at the scan's time (a pin level, a chip's input) just
/// before the simulated hardware is read; and as the scan monitor, where it writes the variables and direct addresses
/// due (after the inputs were read, before the tasks run) and, after the scan wrote its outputs, checks the
/// expectations due. A step at time T belongs to the first scan that starts at or after T.
/// </summary>
public sealed class ScenarioRunner : IProcessIO, IScanMonitor
{
    readonly Image image;
    readonly IProcessIO inner;
    readonly IClock clock;
    readonly ResolvedStep[] steps;   // in time order (stable: file order within a time)
    ValueFormatter? formatter;
    int nextHardware, nextVariable, nextExpect;
    readonly List<ScenarioFailure> failures = new();
    readonly List<ScenarioStep> checkedSteps = new();

    enum TargetKind { Pin, Ads1115, Bme280, Mcp23017, Pca9685, Pwm, Chip, Variable }

    sealed class ResolvedStep
    {
        public required ScenarioStep Step;
        public TargetKind Kind;
        public int Pin, Channel;
        public SimulatedI2cChip? Chip;
        public SimulatedPwmChannel? Pwm;
        public PinValue? Level;          // pins and expander inputs (null: not driven)
        public double Number;            // volts, °C, %RH, Pa, duty 0..10000
        public VariableLocation Location;
        public byte[] Bytes = Array.Empty<byte>();
        public bool IsHardware => Kind is not TargetKind.Variable;
    }

    ScenarioRunner(Image image, IProcessIO inner, IClock clock, ResolvedStep[] steps, SimulatedGpioDriver? pins)
    {
        hardwareDriver = pins;
        this.image = image;
        this.inner = inner;
        this.clock = clock;
        this.steps = steps;
    }

    /// <summary>
    /// Checks every step's target and value against the program and the simulated hardware; each problem becomes a
    /// message "path(line,col): error: ..." in <paramref name="errors"/> and the result is null when there is any.
    /// <paramref name="memory"/> is the program's memory before the run (names are resolved in it).
    /// </summary>
    public static ScenarioRunner? Create(Scenario scenario, Image image, byte[] memory, IProcessIO inner, IClock clock,
        SimulatedHardware? hardware, IoConfiguration? config, List<string> errors)
    {
        var resolved = new List<ResolvedStep>();
        foreach (var step in scenario.Steps.OrderBy(s => s.TimeNs))
        {
            string? error = Resolve(step, image, memory, hardware, config, out var r);
            if (error != null) errors.Add($"{scenario.Path}({step.Line},1): error: {error}");
            else resolved.Add(r!);
        }
        return errors.Count > 0 ? null : new ScenarioRunner(image, inner, clock, resolved.ToArray(), hardware?.GpioDriver);
    }

    /// <summary>Expectations that did not hold, in the order they were checked.</summary>
    public IReadOnlyList<ScenarioFailure> Failures => failures;

    /// <summary>Expectations never checked because no scan started at or after their time.</summary>
    public IEnumerable<ScenarioStep> Unchecked =>
        steps.Where(s => s.Step.Action == StepAction.Expect).Select(s => s.Step).Except(checkedSteps);

    public int ExpectationCount => steps.Count(s => s.Step.Action == StepAction.Expect);

    // ---- IProcessIO: hardware steps, then the simulated hardware

    public void ReadInputs(byte[] memory)
    {
        long now = clock.NowNs;
        while (nextHardware < steps.Length && steps[nextHardware].Step.TimeNs <= now)
        {
            var s = steps[nextHardware++];
            if (s.Step.Action != StepAction.Expect && s.IsHardware) ApplyHardware(s);
        }
        inner.ReadInputs(memory);
    }

    public void WriteOutputs(byte[] memory) => inner.WriteOutputs(memory);

    // ---- IScanMonitor: variable steps before the tasks, expectations after the outputs

    public void BeforeScan(byte[] memory)
    {
        long now = clock.NowNs;
        while (nextVariable < steps.Length && steps[nextVariable].Step.TimeNs <= now)
        {
            var s = steps[nextVariable++];
            if (s.Step.Action == StepAction.Set && !s.IsHardware) ValueWriter.Store(memory, s.Location.Address, s.Location.Bit, s.Bytes);
        }
    }

    public void ApplyForces(byte[] memory) { }

    public void Publish(byte[] memory, long scans, long nowNs)
    {
        // The virtual clock does not move during a scan: nowNs is the time the scan started.
        while (nextExpect < steps.Length && steps[nextExpect].Step.TimeNs <= nowNs)
        {
            var s = steps[nextExpect++];
            if (s.Step.Action != StepAction.Expect) continue;
            checkedSteps.Add(s.Step);
            var (ok, actual) = Check(s, memory);
            if (!ok) failures.Add(new ScenarioFailure(s.Step, ExpectedText(s), actual));
        }
    }

    void ApplyHardware(ResolvedStep s)
    {
        switch (s.Kind)
        {
            case TargetKind.Pin: hardwareDriver!.SetExternal(s.Pin, s.Level); break;
            case TargetKind.Ads1115: ((SimulatedAds1115)s.Chip!).SetVoltage(s.Channel, s.Number); break;
            case TargetKind.Bme280:
            {
                var b = (SimulatedBme280)s.Chip!;
                if (s.Channel == 0) b.Temperature = s.Number; else if (s.Channel == 1) b.Humidity = s.Number; else b.Pressure = s.Number;
                break;
            }
            case TargetKind.Mcp23017: ((SimulatedMcp23017)s.Chip!).SetInput(s.Channel, s.Level == null ? null : s.Level == PinValue.High); break;
            case TargetKind.Chip: s.Chip!.Failing = s.Step.Action == StepAction.Fail; break;
        }
    }

    readonly SimulatedGpioDriver? hardwareDriver;

    (bool Ok, string Actual) Check(ResolvedStep s, byte[] memory)
    {
        switch (s.Kind)
        {
            case TargetKind.Pin:
            {
                var level = hardwareDriver!.GetLevel(s.Pin);
                return (level == s.Level, level == PinValue.High ? "high" : "low");
            }
            case TargetKind.Mcp23017:
            {
                bool level = ((SimulatedMcp23017)s.Chip!).GetPin(s.Channel);
                return (level == (s.Level == PinValue.High), level ? "high" : "low");
            }
            case TargetKind.Pca9685:
            {
                double duty = ((SimulatedPca9685)s.Chip!).GetDutyCycle(s.Channel) * 10000;
                return (Math.Abs(duty - s.Number) <= (s.Step.Tolerance ?? 10000.0 / 4096), Duty(duty));
            }
            case TargetKind.Pwm:
            {
                double duty = s.Pwm!.IsRunning ? s.Pwm.DutyCycle * 10000 : 0;
                return (Math.Abs(duty - s.Number) <= (s.Step.Tolerance ?? 0.5), Duty(duty) + (s.Pwm.IsRunning ? "" : " (stopped)"));
            }
            case TargetKind.Ads1115:
            case TargetKind.Bme280:
                return (false, "(chip inputs cannot be expected; expect the variable they feed)");
            default:
            {
                formatter ??= new ValueFormatter(image, memory);
                string actual = formatter.Format(s.Location);
                if (s.Step.Tolerance is { } tol)
                {
                    bool numeric = double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double a);
                    return (numeric && Math.Abs(a - s.Number) <= tol, actual);
                }
                bool equal;
                if (s.Location.Bit >= 0) equal = ((memory[s.Location.Address] >> s.Location.Bit) & 1) == s.Bytes[0];
                else equal = memory.AsSpan(s.Location.Address, s.Bytes.Length).SequenceEqual(s.Bytes);
                return (equal, actual);
            }
        }
    }

    static string Duty(double units) => (units / 100).ToString("0.##", CultureInfo.InvariantCulture) + "% (" +
        Math.Round(units).ToString(CultureInfo.InvariantCulture) + ")";

    static string ExpectedText(ResolvedStep s) => s.Step.Value + (s.Step.Tolerance is { } t ? " ±" + t.ToString(CultureInfo.InvariantCulture) : "");

    // ---- resolution

    static string? Resolve(ScenarioStep step, Image image, byte[] memory, SimulatedHardware? hw, IoConfiguration? config, out ResolvedStep? r)
    {
        r = new ResolvedStep { Step = step };
        string target = step.Target;
        bool set = step.Action == StepAction.Set, expect = step.Action == StepAction.Expect;

        // gpioN
        if (target.StartsWith("gpio", StringComparison.OrdinalIgnoreCase) && target.Length > 4 && target[4..].All(char.IsAsciiDigit))
        {
            if (hw == null) return $"'{target}': pins need simulated hardware (--io FILE)";
            if (!expect && !set) return $"'{step.Action.ToString().ToLowerInvariant()}' is for I2C chips, not pins";
            r.Kind = TargetKind.Pin;
            r.Pin = int.Parse(target[4..], CultureInfo.InvariantCulture);
            if (r.Pin >= hw.Gpio.PinCount) return $"'{target}': the simulated board has pins 0..{hw.Gpio.PinCount - 1}";
            if (!Level(step.Value, set, out r.Level)) return $"'{step.Value}' is not a level: high, low{(set ? ", float" : "")}";
            return null;
        }

        // pwmC.N
        if (target.StartsWith("pwm", StringComparison.OrdinalIgnoreCase) && target.Length > 3 && char.IsAsciiDigit(target[3]))
        {
            if (hw == null) return $"'{target}': PWM channels need simulated hardware (--io FILE)";
            var parts = target[3..].Split('.');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int chip) || !int.TryParse(parts[1], out int channel))
                return $"'{target}' is not a PWM channel such as pwm0.1 (chip 0, channel 1)";
            if (!expect) return $"'{target}' is an output: it can only be expected";
            r.Kind = TargetKind.Pwm;
            r.Pwm = hw.FindPwm(chip, channel);
            if (r.Pwm == null) return $"'{target}': the I/O configuration uses no PWM chip {chip} channel {channel}";
            if (!DutyValue(step.Value, out r.Number)) return $"'{step.Value}' is not a duty: 0..10000 or a percentage such as 50%";
            return null;
        }

        // chip@address[.channel]
        int at = target.IndexOf('@');
        if (at > 0)
        {
            if (hw == null || config == null) return $"'{target}': chips need simulated hardware (--io FILE)";
            int dot = target.IndexOf('.', at);
            string name = dot < 0 ? target : target[..dot];
            string channel = dot < 0 ? "" : target[(dot + 1)..];
            var entry = config.I2c.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (entry == null)
                return $"'{name}': the I/O configuration has no such chip (it has: {string.Join(", ", config.I2c.Select(c => c.Name).DefaultIfEmpty("none"))})";
            r.Chip = hw.FindChip(entry.Bus, entry.Address);
            if (r.Chip == null) return $"'{name}': the chip was not opened";
            if (step.Action is StepAction.Fail or StepAction.Recover)
            {
                if (channel.Length > 0) return $"'{step.Action.ToString().ToLowerInvariant()}' takes a chip, not a channel: '{name}'";
                r.Kind = TargetKind.Chip;
                return null;
            }
            if (channel.Length == 0) return $"'{target}': name a channel, e.g. {name}.{(entry.Device == "bme280" ? "temperature" : "A0")}";
            switch (entry.Device)
            {
                case "ads1115":
                    r.Kind = TargetKind.Ads1115;
                    if (!expect && channel.ToUpperInvariant() is not ("A0" or "A1" or "A2" or "A3")) return $"ads1115 inputs are A0..A3, not '{channel}'";
                    if (expect) return "an ADC input cannot be expected: expect the variable it feeds";
                    r.Channel = channel[1] - '0';
                    if (!Quantity(step.Value, out r.Number, ("mV", 0.001), ("V", 1))) return $"'{step.Value}' is not a voltage such as 1.65V or 800mV";
                    return null;
                case "bme280":
                    r.Kind = TargetKind.Bme280;
                    if (expect) return "a sensor input cannot be expected: expect the variable it feeds";
                    switch (channel.ToLowerInvariant())
                    {
                        case "temperature": r.Channel = 0; return Quantity(step.Value, out r.Number, ("°C", 1), ("C", 1)) ? null : $"'{step.Value}' is not a temperature such as 21.5 or 21.5C";
                        case "humidity": r.Channel = 1; return Quantity(step.Value, out r.Number, ("%", 1)) ? null : $"'{step.Value}' is not a relative humidity such as 45%";
                        case "pressure": r.Channel = 2; return Quantity(step.Value, out r.Number, ("hPa", 100), ("Pa", 1)) ? null : $"'{step.Value}' is not a pressure such as 101325Pa or 1013.25hPa";
                        default: return $"bme280 channels are temperature, humidity, pressure, not '{channel}'";
                    }
                case "mcp23017":
                {
                    r.Kind = TargetKind.Mcp23017;
                    int? pin = I2c.Mcp23017Driver.Pin(channel);
                    if (pin == null) return $"mcp23017 pins are A0..A7 and B0..B7, not '{channel}'";
                    r.Channel = pin.Value;
                    return Level(step.Value, set, out r.Level) ? null : $"'{step.Value}' is not a level: high, low{(set ? ", float" : "")}";
                }
                case "pca9685":
                    r.Kind = TargetKind.Pca9685;
                    if (!expect) return "pca9685 channels are outputs: they can only be expected";
                    if (!int.TryParse(channel, out r.Channel) || r.Channel is < 0 or > 15) return $"pca9685 channels are 0..15, not '{channel}'";
                    return DutyValue(step.Value, out r.Number) ? null : $"'{step.Value}' is not a duty: 0..10000 or a percentage such as 50%";
                default:
                    return $"'{entry.Device}' chips cannot be used in scenarios";
            }
        }

        // a variable or a direct address
        if (step.Action is StepAction.Fail or StepAction.Recover) return $"'{step.Action.ToString().ToLowerInvariant()}' takes a chip such as ads1115@0x48";
        r.Kind = TargetKind.Variable;
        var loc = DirectVariables.Resolve(image, memory, target, out string? verr);
        if (loc == null) return verr;
        r.Location = loc.Value;
        if (step.Tolerance != null)
        {
            if (!double.TryParse(step.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out r.Number))
                return $"'{step.Value}': a tolerance needs a plain number";
            return null;
        }
        return ValueWriter.Encode(image, r.Location.Type, r.Location.Bit >= 0, step.Value, out r.Bytes);
    }

    static bool Level(string text, bool allowFloat, out PinValue? level)
    {
        level = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "high" or "1" or "true" or "on": level = PinValue.High; return true;
            case "low" or "0" or "false" or "off": level = PinValue.Low; return true;
            case "float" or "none" or "open": return allowFloat;
            default: return false;
        }
    }

    static bool DutyValue(string text, out double units)
    {
        string t = text.Trim();
        if (t.EndsWith('%'))
        {
            bool ok = double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct);
            units = pct * 100;
            return ok && pct is >= 0 and <= 100;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out units) && units is >= 0 and <= 10000;
    }

    static bool Quantity(string text, out double value, params (string Unit, double Factor)[] units)
    {
        string t = text.Trim();
        double factor = 1;
        foreach (var (unit, f) in units)
            if (t.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) { t = t[..^unit.Length].Trim(); factor = f; break; }
        bool ok = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        value *= factor;
        return ok;
    }
}

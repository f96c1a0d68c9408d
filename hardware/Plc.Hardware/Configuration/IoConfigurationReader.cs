using System.Globalization;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Configuration;

/// <summary>
/// Reads an I/O configuration file (YAML, docs/io.md) into an <see cref="IoConfiguration"/>. Every problem of the
/// file is reported at once as an <see cref="IoDiagnostic"/>, sorted by position; bad input never throws.
/// </summary>
public static class IoConfigurationReader
{
    /// <summary>
    /// Reads the configuration in <paramref name="text"/>. Returns null only when the file cannot be understood at all
    /// (a YAML syntax error, or a document that is not a mapping). Otherwise returns the configuration with the entries
    /// that could be read; when <paramref name="diagnostics"/> received an error, it must not be used to drive I/O.
    /// </summary>
    public static IoConfiguration? Read(string path, string text, List<IoDiagnostic> diagnostics)
    {
        int first = diagnostics.Count;
        var result = new Reader(path, diagnostics).Run(text ?? "");
        var mine = diagnostics.GetRange(first, diagnostics.Count - first)
            .Select((d, i) => (d, i)).OrderBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i).Select(x => x.d).ToList();
        diagnostics.RemoveRange(first, mine.Count);
        diagnostics.AddRange(mine);
        return result;
    }

    /// <summary>Reads the file at <paramref name="path"/>; a file that cannot be read gives PLCIO002 at (1,1) and null.</summary>
    public static IoConfiguration? Load(string path, List<IoDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
                                      or System.Security.SecurityException)
        {
            diagnostics.Add(new IoDiagnostic(path, 1, 1, IoSeverity.Error, IoDiagnosticCodes.FileNotReadable,
                $"cannot read the I/O configuration: {e.Message}"));
            return null;
        }
        return Read(path, text, diagnostics);
    }

    static readonly string[] TopKeys = { "gpio", "pwm", "i2c" };
    static readonly string[] GpioKeys = { "address", "pin", "mode", "debounce", "safe", "invert" };
    static readonly string[] PwmKeys = { "address", "chip", "channel", "frequency", "safe" };
    static readonly string[] I2cKeys = { "device", "bus", "address", "inputs", "outputs", "safe", "period", "quality", "range", "frequency", "pullups" };
    static readonly string[] GpioModes = { "input", "input-pullup", "input-pulldown", "output" };

    sealed class Reader
    {
        readonly string path;
        readonly List<IoDiagnostic> diagnostics;
        readonly IoConfiguration config;

        /// <summary>Every address the file binds (also of entries with other errors), for the duplicate and overlap checks.</summary>
        readonly List<Bound> bound = new();
        readonly List<(int Pin, SourcePosition At)> pins = new();
        readonly List<(int Chip, int Channel, SourcePosition At)> pwmChannels = new();
        readonly List<(int Bus, int Address, SourcePosition At)> chips = new();

        sealed record Bound(ProcessAddress Address, string Text, SourcePosition At, string What);

        public Reader(string path, List<IoDiagnostic> diagnostics)
        {
            this.path = path;
            this.diagnostics = diagnostics;
            config = new IoConfiguration { Path = path };
        }

        void Report(SourcePosition at, string code, string message) =>
            diagnostics.Add(new IoDiagnostic(path, at.Line, at.Column, IoDiagnosticCodes.SeverityOf(code), code, message));

        public IoConfiguration? Run(string text)
        {
            if (!YamlTree.TryParse(text, out var root, out var error, out var errorAt, out var extraDocument))
            {
                SyntaxError(text, error ?? "the YAML cannot be read", errorAt);
                return null;
            }
            if (extraDocument is SourcePosition extra)
                Report(extra, IoDiagnosticCodes.SyntaxError,
                    "a second YAML document starts here; an I/O configuration is a single document (remove the '---')");
            if (root == null || root is YamlScalar { IsNull: true }) return config;
            if (root is not YamlMapping top)
            {
                Report(root.Position, IoDiagnosticCodes.WrongValueType,
                    "an I/O configuration is a mapping with the sections gpio, pwm and i2c, e.g. 'gpio:' on the first line");
                return null;
            }
            var keys = Keys(top, TopKeys, "at the top level");
            if (keys.TryGetValue("gpio", out var gpio))
                foreach (var e in Entries(gpio.Value, "gpio", "{ address: \"%IX0.0\", pin: 17, mode: input }")) ReadGpio(e);
            if (keys.TryGetValue("pwm", out var pwm))
                foreach (var e in Entries(pwm.Value, "pwm", "{ address: \"%QW0\", chip: 0, channel: 0, frequency: 1000 }")) ReadPwm(e);
            if (keys.TryGetValue("i2c", out var i2c))
                foreach (var e in Entries(i2c.Value, "i2c", "{ device: ads1115, bus: 1, address: 0x48, inputs: { \"%IW0\": A0 } }")) ReadI2c(e);
            CrossCheck();
            return config;
        }

        void SyntaxError(string text, string message, SourcePosition at)
        {
            string[] lines = text.Split('\n');
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
            {
                // YamlDotNet points at the start of the mapping; point at the tab instead.
                for (int l = 0; l < lines.Length; l++)
                {
                    int c = 0;
                    while (c < lines[l].Length && lines[l][c] == ' ') c++;
                    if (c < lines[l].Length && lines[l][c] == '\t')
                    {
                        at = new SourcePosition(l + 1, c + 1);
                        break;
                    }
                }
                message += "; indent with spaces, not tabs";
            }
            else if (at.Column > 1 && at.Line - 1 < lines.Length && at.Column - 1 < lines[at.Line - 1].Length
                     && lines[at.Line - 1][at.Column - 1] == '%')   // (in column 1 it starts a directive)
                message += "; a direct address must be quoted: \"%IX0.0\"";
            Report(at, IoDiagnosticCodes.SyntaxError, message);
        }

        // ---- structure ----

        sealed record Entry(YamlScalar Key, YamlNode Value);

        /// <summary>The keys of a mapping (lower case): reports keys that are not names, given twice or not allowed.</summary>
        Dictionary<string, Entry> Keys(YamlMapping m, string[] allowed, string where)
        {
            var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in m.Pairs)
            {
                if (keyNode is not YamlScalar key || key.IsNull)
                {
                    Report(keyNode.Position, IoDiagnosticCodes.WrongValueType, $"a key must be a name, such as {allowed[0]}");
                    continue;
                }
                string name = key.Value.Trim().ToLowerInvariant();
                if (result.TryGetValue(name, out var earlier))
                {
                    Report(key.Position, IoDiagnosticCodes.DuplicateKey,
                        $"'{key.Value}' is given twice {where} (first at line {earlier.Key.Position.Line})");
                    continue;
                }
                if (!allowed.Contains(name))
                {
                    Report(key.Position, IoDiagnosticCodes.UnknownKey,
                        $"unknown key '{key.Value}' {where}{DidYouMean(name, allowed)}; the keys are {string.Join(", ", allowed)}");
                    continue;
                }
                result[name] = new Entry(key, value);
            }
            return result;
        }

        /// <summary>The entries of a section: a list of mappings (an empty section is no entries).</summary>
        IEnumerable<YamlMapping> Entries(YamlNode section, string name, string example)
        {
            if (section is YamlScalar { IsNull: true }) yield break;
            if (section is not YamlSequence list)
            {
                Report(section.Position, IoDiagnosticCodes.WrongValueType,
                    $"{name} must be a list of entries, each starting with '- ', e.g. - {example}");
                yield break;
            }
            foreach (var item in list.Items)
            {
                if (item is YamlMapping m) yield return m;
                else Report(item.Position, IoDiagnosticCodes.WrongValueType, $"{(name == "i2c" ? "an" : "a")} {name} entry must be a mapping such as {example}");
            }
        }

        YamlNode? Require(Dictionary<string, Entry> keys, string key, YamlMapping entry, string entryName, string meaning)
        {
            if (keys.TryGetValue(key, out var e)) return e.Value;
            Report(entry.Position, IoDiagnosticCodes.MissingKey, $"{entryName} needs '{key}' ({meaning})");
            return null;
        }

        static Dictionary<string, SourcePosition> Positions(Dictionary<string, Entry> keys)
        {
            var d = new Dictionary<string, SourcePosition>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, e) in keys) d[k] = e.Key.Position;
            return d;
        }

        void NotApplicable(Dictionary<string, Entry> keys, string key, string why)
        {
            if (!keys.TryGetValue(key, out var e)) return;
            Report(e.Key.Position, IoDiagnosticCodes.NotApplicable, why);
            keys.Remove(key);
        }

        // ---- values ----

        YamlScalar? Scalar(YamlNode n, string what)
        {
            if (n is YamlScalar s && !s.IsNull) return s;
            Report(n.Position, IoDiagnosticCodes.WrongValueType, n switch
            {
                YamlScalar => $"{what} needs a value",
                YamlSequence => $"{what} must be a single value, not a list",
                _ => $"{what} must be a single value, not a mapping",
            });
            return null;
        }

        bool Int(YamlNode n, string what, long min, long max, string range, out int value)
        {
            value = 0;
            var s = Scalar(n, what);
            if (s == null) return false;
            string t = s.Value.Trim();
            switch (ParseInteger(t, out long v))
            {
                case Number.Invalid:
                    Report(s.Position, IoDiagnosticCodes.InvalidNumber, $"{what} must be a whole number, not '{s.Value}'");
                    return false;
                case Number.TooLarge:
                    Report(s.Position, IoDiagnosticCodes.OutOfRange, $"{what} {t} is out of range: {range}");
                    return false;
            }
            if (v < min || v > max)
            {
                Report(s.Position, IoDiagnosticCodes.OutOfRange, $"{what} {t} is out of range: {range}");
                return false;
            }
            value = (int)v;
            return true;
        }

        bool Bool(YamlNode n, string what, out bool value)
        {
            value = false;
            var s = Scalar(n, what);
            if (s == null) return false;
            switch (s.Value.Trim().ToLowerInvariant())
            {
                case "true": value = true; return true;
                case "false": return true;
                default:
                    Report(s.Position, IoDiagnosticCodes.WrongValueType, $"{what} must be true or false, not '{s.Value}'");
                    return false;
            }
        }

        bool Duration(YamlNode n, string what, bool zeroAllowed, out long ns)
        {
            ns = 0;
            var s = Scalar(n, what);
            if (s == null) return false;
            string t = s.Value.Trim();
            int hash = t.IndexOf('#');
            string prefix = hash < 0 ? "" : t[..hash].ToUpperInvariant();
            bool good = (hash < 0 || prefix is "T" or "TIME" or "LT" or "LTIME")
                        && LiteralParser.TryParse(new Chars(t), ElementaryKind.LTime, out ns);
            if (!good)
            {
                string hint = t.Length > 0 && t.All(char.IsAsciiDigit) ? " (a unit is needed: ms, s ...)" : "";
                Report(s.Position, IoDiagnosticCodes.InvalidDuration, $"{what} must be a duration such as T#20ms or 20ms, not '{s.Value}'{hint}");
                return false;
            }
            if (ns < 0 || (ns == 0 && !zeroAllowed))
            {
                Report(s.Position, IoDiagnosticCodes.OutOfRange, $"{what} {t} is out of range: it must be {(zeroAllowed ? "0 or more" : "more than 0")}");
                return false;
            }
            return true;
        }

        bool Address(YamlNode n, string what, out ProcessAddress address, out string text)
        {
            address = default;
            text = "";
            var s = Scalar(n, what);
            if (s == null) return false;
            text = s.Value.Trim();
            var a = ProcessAddress.Parse(s.Value, out string? error);
            if (a == null)
            {
                Report(s.Position, IoDiagnosticCodes.NotAnAddress, error ?? $"'{s.Value}' is not a direct address");
                return false;
            }
            address = a.Value;
            return true;
        }

        bool Fits(ProcessAddress a, string text, SourcePosition at, ProcessArea area, string sizes, string use, string needs)
        {
            if (Devices.Fits(a, area, sizes)) return true;
            Report(at, IoDiagnosticCodes.WrongAddressKind, $"{text} does not fit {use}: it needs {needs}");
            return false;
        }

        void Bind(ProcessAddress a, string text, SourcePosition at, string what) => bound.Add(new Bound(a, text, at, what));

        // ---- sections ----

        void ReadGpio(YamlMapping e)
        {
            var k = Keys(e, GpioKeys, "in a gpio entry");
            const string entry = "a gpio entry";
            bool ok = true;

            ProcessAddress address = default;
            string addressText = "";
            SourcePosition addressAt = e.Position;
            var an = Require(k, "address", e, entry, "the variable's direct address, e.g. \"%IX0.0\"");
            bool haveAddress = an != null && Address(an, "the address", out address, out addressText);
            if (an != null) addressAt = an.Position;

            int pin = -1;
            var pn = Require(k, "pin", e, entry, "the BCM GPIO number, e.g. 17");
            if (pn != null && Int(pn, "pin", 0, 63, "GPIO pins are 0..63 (BCM numbering)", out pin)) pins.Add((pin, pn.Position));
            else { ok = false; pin = -1; }

            GpioMode? mode = null;
            var mn = Require(k, "mode", e, entry, "input, input-pullup, input-pulldown or output");
            if (mn != null && Scalar(mn, "mode") is { } ms)
            {
                mode = ms.Value.Trim().ToLowerInvariant() switch
                {
                    "input" => GpioMode.Input,
                    "input-pullup" => GpioMode.InputPullUp,
                    "input-pulldown" => GpioMode.InputPullDown,
                    "output" => GpioMode.Output,
                    _ => null,
                };
                if (mode == null)
                    Report(ms.Position, IoDiagnosticCodes.UnknownGpioMode,
                        $"unknown gpio mode '{ms.Value}'{DidYouMean(ms.Value.Trim().ToLowerInvariant(), GpioModes)}; the modes are {string.Join(", ", GpioModes)}");
            }
            ok &= haveAddress && mode != null;

            bool input = mode != GpioMode.Output;
            if (mode == GpioMode.Output)
            {
                NotApplicable(k, "debounce", "debounce applies to inputs only; this pin is an output");
                NotApplicable(k, "invert", "invert applies to inputs only; this pin is an output");
            }
            else if (mode != null)
                NotApplicable(k, "safe", "safe applies to outputs only (the value an output takes on a fault or stop); this pin is an input");

            if (haveAddress)
            {
                string what = pin >= 0 ? $"gpio pin {pin}" : "a gpio pin";
                if (mode == null) Bind(address, addressText, addressAt, what);
                else if (input ? Fits(address, addressText, addressAt, ProcessArea.Input, "X", "a gpio input", "a %IX bit address such as %IX0.0")
                               : Fits(address, addressText, addressAt, ProcessArea.Output, "X", "a gpio output", "a %QX bit address such as %QX0.0"))
                    Bind(address, addressText, addressAt, what);
                else ok = false;
            }

            long debounce = 0;
            bool safe = false, invert = false;
            if (k.TryGetValue("debounce", out var d)) ok &= Duration(d.Value, "debounce", true, out debounce);
            if (k.TryGetValue("safe", out var s)) ok &= Bool(s.Value, "safe", out safe);
            if (k.TryGetValue("invert", out var i)) ok &= Bool(i.Value, "invert", out invert);

            if (!ok) return;
            config.Gpio.Add(new GpioEntry
            {
                Address = address,
                AddressText = addressText,
                Pin = pin,
                Mode = mode!.Value,
                DebounceNs = debounce,
                Safe = safe,
                Invert = invert,
                Position = e.Position,
                AddressPosition = addressAt,
                KeyPositions = Positions(k),
            });
        }

        void ReadPwm(YamlMapping e)
        {
            var k = Keys(e, PwmKeys, "in a pwm entry");
            const string entry = "a pwm entry";
            bool ok = true;

            ProcessAddress address = default;
            string addressText = "";
            SourcePosition addressAt = e.Position;
            var an = Require(k, "address", e, entry, "the variable's direct address, e.g. \"%QW0\"");
            bool addressOk = an != null && Address(an, "the address", out address, out addressText)
                && Fits(address, addressText, an.Position, ProcessArea.Output, "W", "a pwm channel", "a %QW word address such as %QW0");
            if (an != null) addressAt = an.Position;
            ok &= addressOk;

            int chip = 0, channel = 0, frequency = 0, safe = 0;
            var cn = Require(k, "chip", e, entry, "the PWM chip, 0 for /sys/class/pwm/pwmchip0");
            bool chipOk = cn != null && Int(cn, "chip", 0, int.MaxValue, "it must be 0 or more", out chip);
            ok &= chipOk;
            var hn = Require(k, "channel", e, entry, "the channel of the chip, e.g. 0");
            bool channelOk = hn != null && Int(hn, "channel", 0, int.MaxValue, "it must be 0 or more", out channel);
            ok &= channelOk;
            if (chipOk && channelOk) pwmChannels.Add((chip, channel, hn!.Position));
            if (addressOk) Bind(address, addressText, addressAt, chipOk && channelOk ? $"pwm chip {chip} channel {channel}" : "a pwm channel");
            var fn = Require(k, "frequency", e, entry, "in Hz, e.g. 1000");
            ok &= fn != null && Int(fn, "frequency", 1, int.MaxValue, "it must be at least 1 Hz", out frequency);
            if (k.TryGetValue("safe", out var s))
                ok &= Int(s.Value, "safe", 0, 10000, "the duty is 0..10000 (0..100.00 %)", out safe);

            if (!ok) return;
            config.Pwm.Add(new PwmEntry
            {
                Address = address,
                AddressText = addressText,
                Chip = chip,
                Channel = channel,
                Frequency = frequency,
                Safe = safe,
                Position = e.Position,
                AddressPosition = addressAt,
                KeyPositions = Positions(k),
            });
        }

        sealed class PendingChannel
        {
            public ProcessAddress Address;
            public string Text = "";
            public string Channel = "";
            public SourcePosition At;
            public double Safe;
        }

        void ReadI2c(YamlMapping e)
        {
            var k = Keys(e, I2cKeys, "in an i2c entry");
            const string entry = "an i2c entry";
            bool ok = true;

            DeviceSpec? device = null;
            var dn = Require(k, "device", e, entry, "ads1115, bme280, mcp23017 or pca9685");
            if (dn != null && Scalar(dn, "device") is { } ds)
            {
                device = Devices.Find(ds.Value);
                if (device == null)
                {
                    var names = Devices.All.Select(x => x.Name).ToArray();
                    Report(ds.Position, IoDiagnosticCodes.UnknownDevice,
                        $"unknown device '{ds.Value}'{DidYouMean(ds.Value.Trim().ToLowerInvariant(), names)}; the supported devices are {string.Join(", ", names)}");
                }
            }
            ok &= device != null;
            if (device != null)
            {
                string a = device.Article;
                if (!device.HasInputs)
                {
                    NotApplicable(k, "inputs", $"{a} {device.Name} has no inputs");
                    NotApplicable(k, "period", $"period is how often inputs are read; {a} {device.Name} has no inputs");
                }
                if (!device.HasOutputs)
                {
                    NotApplicable(k, "outputs", $"{a} {device.Name} has no outputs");
                    NotApplicable(k, "safe", $"safe values are for outputs; {a} {device.Name} has only inputs");
                }
                foreach (var option in new[] { "range", "frequency", "pullups" })
                    if (option != device.Option)
                        NotApplicable(k, option, $"{option} applies to {Devices.All.First(x => x.Option == option).Name} only, not to {a} {device.Name}");
            }

            int bus = 0, address = 0;
            var bn = Require(k, "bus", e, entry, "the I2C bus number, 1 for /dev/i2c-1");
            bool busOk = bn != null && Int(bn, "bus", 0, int.MaxValue, "it must be 0 or more", out bus);
            var an = Require(k, "address", e, entry, "the chip's 7-bit I2C address, e.g. 0x48");
            bool addressOk = an != null && Int(an, "the I2C address", 0, 127, "I2C addresses have 7 bits (0x00..0x7F)", out address);
            ok &= busOk && addressOk;
            if (busOk && addressOk) chips.Add((bus, address, an!.Position));
            if (addressOk && device != null && (address < device.LowAddress || address > device.HighAddress))
                Report(an!.Position, IoDiagnosticCodes.UnusualI2cAddress,
                    $"{device.Article} {device.Name} answers at {device.AddressPins}, not at 0x{address:x2}");
            string name = device != null && addressOk ? $"{device.Name}@0x{address:x2}" : "this i2c device";

            ProcessAddress? quality = null;
            string? qualityText = null;
            SourcePosition qualityAt = default;
            if (k.TryGetValue("quality", out var q))
            {
                qualityAt = q.Value.Position;
                if (Address(q.Value, "quality", out var qa, out var qt)
                    && Fits(qa, qt, qualityAt, ProcessArea.Input, "X", "a quality flag", "a %IX bit address such as %IX10.0 (a BOOL)"))
                {
                    quality = qa;
                    qualityText = qt;
                    Bind(qa, qt, qualityAt, $"the quality flag of {name}");
                }
                else ok = false;
            }
            if (device == null) return;

            long period = device.DefaultPeriodNs;
            if (k.TryGetValue("period", out var p)) ok &= Duration(p.Value, "period", false, out period);

            var channels = new Dictionary<string, PendingChannel>(StringComparer.Ordinal);
            var inputs = new List<PendingChannel>();
            var outputs = new List<PendingChannel>();
            var writtenInputs = new List<ProcessAddress>();
            var writtenOutputs = new List<ProcessAddress>();
            if (k.TryGetValue("inputs", out var ins)) ok &= Channels(ins.Value, device, false, name, inputs, writtenInputs, channels);
            if (k.TryGetValue("outputs", out var outs)) ok &= Channels(outs.Value, device, true, name, outputs, writtenOutputs, channels);
            if (k.TryGetValue("safe", out var safe)) ok &= SafeValues(safe.Value, device, name, outputs, writtenInputs, writtenOutputs);

            double range = 0;
            int frequency = 0;
            var pullups = new List<string>();
            if (device == Devices.Ads1115)
            {
                range = Devices.Ads1115DefaultRange;
                if (k.TryGetValue("range", out var r)) ok &= Range(r.Value, out range);
            }
            else if (device == Devices.Pca9685)
            {
                frequency = Devices.Pca9685DefaultFrequency;
                if (k.TryGetValue("frequency", out var f))
                    ok &= Int(f.Value, "frequency", Devices.Pca9685MinFrequency, Devices.Pca9685MaxFrequency,
                        "a pca9685 makes 24..1526 Hz", out frequency);
            }
            else if (device == Devices.Mcp23017 && k.TryGetValue("pullups", out var pu))
                ok &= Pullups(pu.Value, name, outputs, pullups);

            if (!ok) return;
            var result = new I2cEntry
            {
                Device = device.Name,
                Bus = bus,
                Address = address,
                PeriodNs = device.HasInputs ? period : 0,
                Quality = quality,
                QualityText = qualityText,
                QualityPosition = qualityAt,
                RangeVolts = range,
                Frequency = frequency,
                Position = e.Position,
                KeyPositions = Positions(k),
            };
            foreach (var c in inputs)
                result.Inputs.Add(new I2cChannelBinding { Address = c.Address, AddressText = c.Text, Channel = c.Channel, Position = c.At });
            foreach (var c in outputs)
                result.Outputs.Add(new I2cChannelBinding { Address = c.Address, AddressText = c.Text, Channel = c.Channel, Safe = c.Safe, Position = c.At });
            if (device == Devices.Ads1115) result.Options["range"] = Devices.RangeText(range);
            if (device == Devices.Pca9685) result.Options["frequency"] = frequency.ToString(CultureInfo.InvariantCulture);
            if (pullups.Count > 0)
            {
                result.Pullups.AddRange(pullups);
                result.Options["pullups"] = string.Join(",", pullups);
            }
            config.I2c.Add(result);
        }

        /// <summary>An inputs or outputs mapping: direct address → channel name.</summary>
        bool Channels(YamlNode n, DeviceSpec device, bool output, string name, List<PendingChannel> into,
            List<ProcessAddress> written, Dictionary<string, PendingChannel> channels)
        {
            string key = output ? "outputs" : "inputs";
            if (n is YamlScalar { IsNull: true }) return true;
            if (n is not YamlMapping m)
            {
                string example = device.Name switch
                {
                    "ads1115" => "{ \"%IW0\": A0 }",
                    "bme280" => "{ \"%ID0\": temperature }",
                    "pca9685" => "{ \"%QW4\": 0 }",
                    _ => output ? "{ \"%QX1.0\": B0 }" : "{ \"%IX4.0\": A0 }",
                };
                Report(n.Position, IoDiagnosticCodes.WrongValueType, $"{key} must be a mapping from addresses to channels, e.g. {example}");
                return false;
            }
            bool ok = true;
            var seen = new Dictionary<string, SourcePosition>(StringComparer.OrdinalIgnoreCase);
            foreach (var (keyNode, value) in m.Pairs)
            {
                if (keyNode is YamlScalar ks && !ks.IsNull)
                {
                    if (seen.TryGetValue(ks.Value.Trim(), out var first))
                    {
                        Report(ks.Position, IoDiagnosticCodes.DuplicateKey, $"'{ks.Value}' is given twice in {key} (first at line {first.Line})");
                        ok = false;
                        continue;
                    }
                    seen[ks.Value.Trim()] = ks.Position;
                }
                bool good = Address(keyNode, $"a key of {key}", out var address, out string text);
                if (good) written.Add(address);
                good = good && (output
                    ? Fits(address, text, keyNode.Position, ProcessArea.Output, device.OutputSizes, $"an output of {device.Article} {device.Name}", device.OutputNeeds)
                    : Fits(address, text, keyNode.Position, ProcessArea.Input, device.InputSizes, $"an input of {device.Article} {device.Name}", device.InputNeeds));
                string? channel = null;
                if (Scalar(value, $"the channel of {(text.Length > 0 ? text : "this address")}") is { } cs)
                {
                    channel = device.Channel(cs.Value, output);
                    if (channel == null)
                        Report(cs.Position, IoDiagnosticCodes.UnknownChannel,
                            $"{device.Article} {device.Name} has no {(output ? "output" : "input")} channel '{cs.Value}'; its {key} are {device.ChannelList(output)}");
                    else if (channels.TryGetValue(channel, out var other))
                    {
                        Report(cs.Position, IoDiagnosticCodes.DuplicateChannel,
                            $"channel {channel} of {name} is bound twice: also to {other.Text} at line {other.At.Line}");
                        channel = null;
                    }
                }
                if (good) Bind(address, text, keyNode.Position, channel != null ? $"{channel} of {name}" : $"a channel of {name}");
                if (channel != null && text.Length > 0) channels[channel] = new PendingChannel { Text = text, At = keyNode.Position };
                if (good && channel != null) into.Add(new PendingChannel { Address = address, Text = text, Channel = channel, At = keyNode.Position });
                else ok = false;
            }
            return ok;
        }

        /// <summary>The safe mapping of a chip: output address → value on a fault or stop.</summary>
        bool SafeValues(YamlNode n, DeviceSpec device, string name, List<PendingChannel> outputs,
            List<ProcessAddress> writtenInputs, List<ProcessAddress> writtenOutputs)
        {
            if (n is YamlScalar { IsNull: true }) return true;
            bool bits = device.OutputSizes == "X";
            if (n is not YamlMapping m)
            {
                Report(n.Position, IoDiagnosticCodes.WrongValueType,
                    $"safe must be a mapping from output addresses to values, e.g. {(bits ? "{ \"%QX1.0\": true }" : "{ \"%QW4\": 0 }")}");
                return false;
            }
            bool ok = true;
            var seen = new HashSet<ProcessAddress>();
            foreach (var (keyNode, value) in m.Pairs)
            {
                if (!Address(keyNode, "a key of safe", out var address, out string text)) { ok = false; continue; }
                if (!seen.Add(address))
                {
                    Report(keyNode.Position, IoDiagnosticCodes.DuplicateKey, $"the safe value of {text} is given twice");
                    ok = false;
                    continue;
                }
                if (!writtenOutputs.Contains(address))
                {
                    Report(keyNode.Position, IoDiagnosticCodes.NotApplicable, writtenInputs.Contains(address)
                        ? $"{text} is an input of {name}; safe values are for outputs"
                        : $"{text} is not an output of {name}; safe values name the addresses under its outputs");
                    ok = false;
                    continue;
                }
                double v;
                if (bits)
                {
                    if (!Bool(value, $"the safe value of {text}", out bool b)) { ok = false; continue; }
                    v = b ? 1 : 0;
                }
                else
                {
                    if (!Int(value, $"the safe value of {text}", 0, 10000, "the duty is 0..10000 (0..100.00 %)", out int duty)) { ok = false; continue; }
                    v = duty;
                }
                foreach (var o in outputs)
                    if (o.Address == address) o.Safe = v;
            }
            return ok;
        }

        bool Range(YamlNode n, out double volts)
        {
            volts = Devices.Ads1115DefaultRange;
            var s = Scalar(n, "range");
            if (s == null) return false;
            string t = s.Value.Trim().Replace(" ", "", StringComparison.Ordinal);
            if (t.StartsWith('±')) t = t[1..];
            if (t.EndsWith("V", StringComparison.OrdinalIgnoreCase)) t = t[..^1];
            if (double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v))
                foreach (var r in Devices.Ads1115Ranges)
                    if (Math.Abs(r - v) < 1e-9) { volts = r; return true; }
            Report(s.Position, IoDiagnosticCodes.OutOfRange,
                $"range '{s.Value}' is not one of the ads1115's full-scale ranges: {string.Join(", ", Devices.Ads1115Ranges.Select(Devices.RangeText))}");
            return false;
        }

        bool Pullups(YamlNode n, string name, List<PendingChannel> outputs, List<string> into)
        {
            IEnumerable<YamlNode> items = n switch
            {
                YamlSequence q => q.Items,
                YamlScalar { IsNull: true } => Array.Empty<YamlNode>(),
                YamlScalar => new[] { n },
                _ => Array.Empty<YamlNode>(),
            };
            if (n is YamlMapping)
            {
                Report(n.Position, IoDiagnosticCodes.WrongValueType, "pullups must be a list of pins, e.g. [A0, A1]");
                return false;
            }
            bool ok = true;
            foreach (var item in items)
            {
                if (Scalar(item, "a pull-up pin") is not { } s) { ok = false; continue; }
                string? pin = Devices.Mcp23017.Channel(s.Value, false);
                if (pin == null)
                {
                    Report(s.Position, IoDiagnosticCodes.UnknownChannel, $"an mcp23017 has no pin '{s.Value}'; its pins are A0..A7 and B0..B7");
                    ok = false;
                }
                else if (outputs.Any(o => o.Channel == pin))
                {
                    Report(s.Position, IoDiagnosticCodes.NotApplicable, $"{pin} is an output of {name}; pull-ups are for inputs");
                    ok = false;
                }
                else if (!into.Contains(pin)) into.Add(pin);
            }
            return ok;
        }

        // ---- checks across entries ----

        void CrossCheck()
        {
            // In the order of the file (a chip's quality flag is read after its inputs but may be written before them).
            var sorted = bound.OrderBy(b => b.At.Line).ThenBy(b => b.At.Column).ToList();
            bound.Clear();
            bound.AddRange(sorted);
            for (int j = 0; j < bound.Count; j++)
            {
                var b = bound[j];
                // Two bindings share memory only when they are the same address (D29: bindings use bits, words,
                // double words and long words, and units of one space never partly overlap).
                Bound? same = null;
                for (int i = 0; i < j && same == null; i++)
                    if (bound[i].Address == b.Address || Overlap(bound[i].Address, b.Address)) same = bound[i];
                if (same != null)
                    Report(b.At, IoDiagnosticCodes.DuplicateAddress,
                        $"{b.Text} is bound twice: here to {b.What}, and at line {same.At.Line} to {same.What}");
            }
            for (int j = 0; j < pins.Count; j++)
                for (int i = 0; i < j; i++)
                    if (pins[i].Pin == pins[j].Pin)
                    {
                        Report(pins[j].At, IoDiagnosticCodes.DuplicatePin, $"GPIO pin {pins[j].Pin} is used twice (also at line {pins[i].At.Line})");
                        break;
                    }
            for (int j = 0; j < pwmChannels.Count; j++)
                for (int i = 0; i < j; i++)
                    if (pwmChannels[i].Chip == pwmChannels[j].Chip && pwmChannels[i].Channel == pwmChannels[j].Channel)
                    {
                        Report(pwmChannels[j].At, IoDiagnosticCodes.DuplicatePwmChannel,
                            $"pwm chip {pwmChannels[j].Chip} channel {pwmChannels[j].Channel} is used twice (also at line {pwmChannels[i].At.Line})");
                        break;
                    }
            for (int j = 0; j < chips.Count; j++)
                for (int i = 0; i < j; i++)
                    if (chips[i].Bus == chips[j].Bus && chips[i].Address == chips[j].Address)
                    {
                        Report(chips[j].At, IoDiagnosticCodes.DuplicateI2cDevice,
                            $"i2c bus {chips[j].Bus} already has a device at address 0x{chips[j].Address:x2} (line {chips[i].At.Line})");
                        break;
                    }
        }
    }

    /// <summary>Whether two different addresses share memory (D29: only within one space of one area: a bit and the
    /// byte that holds it; words, double words and long words each have their own space and never overlap).</summary>
    internal static bool Overlap(ProcessAddress a, ProcessAddress b)
    {
        if (a.IsBit && b.IsBit) return a.Area == b.Area && a.ByteOffset == b.ByteOffset && a.Bit == b.Bit;
        return a.Overlaps(b);
    }

    enum Number { Ok, Invalid, TooLarge }

    /// <summary>Decimal or 0x hexadecimal, optionally signed.</summary>
    static Number ParseInteger(string t, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (i < t.Length && (t[i] == '+' || t[i] == '-')) { negative = t[i] == '-'; i++; }
        int radix = 10;
        if (i + 1 < t.Length && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) { radix = 16; i += 2; }
        if (i >= t.Length) return Number.Invalid;
        bool tooLarge = false;
        for (; i < t.Length; i++)
        {
            int d = t[i] switch
            {
                >= '0' and <= '9' => t[i] - '0',
                >= 'a' and <= 'f' when radix == 16 => t[i] - 'a' + 10,
                >= 'A' and <= 'F' when radix == 16 => t[i] - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return Number.Invalid;
            if (value > (long.MaxValue - d) / radix) tooLarge = true;
            else value = value * radix + d;
        }
        if (tooLarge) return Number.TooLarge;
        if (negative) value = -value;
        return Number.Ok;
    }

    /// <summary>"; did you mean 'pin'?" when a name is close to one of the choices.</summary>
    static string DidYouMean(string name, string[] choices)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (var c in choices)
        {
            int d = Distance(name, c);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best != null ? $" (did you mean '{best}'?)" : "";
    }

    static int Distance(string a, string b)
    {
        if (a.Length > 40 || b.Length > 40) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    sealed class Chars : ICharSource
    {
        readonly string s;
        public Chars(string s) { this.s = s; }
        public int Length => s.Length;
        public int At(int index) => s[index];
    }
}

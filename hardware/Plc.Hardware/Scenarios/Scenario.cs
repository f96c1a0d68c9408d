using System.Globalization;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Scenarios;

public enum StepAction { Set, Expect, Fail, Recover }

/// <summary>One line of a scenario: <c>at TIME ACTION TARGET [VALUE]</c>.</summary>
public sealed class ScenarioStep
{
    public int Line { get; init; }
    public long TimeNs { get; init; }
    public StepAction Action { get; init; }
    public string Target { get; init; } = "";
    public string Value { get; init; } = "";
    /// <summary>Expect with "±TOL" (or "+-TOL"): numeric comparison within this tolerance.</summary>
    public double? Tolerance { get; init; }
    /// <summary>The text of the line, for reports.</summary>
    public string Text { get; init; } = "";
}

/// <summary>
/// A timeline for the simulator (docs/io.md, "Scenarios"): one step a line, <c>#</c> starts a comment.
/// <code>
/// at 20ms set gpio17 high
/// at 30ms expect gpio27 high
/// at 40ms set Main.mode 2
/// at 50ms set ads1115@0x48.A0 1.65V
/// at 60ms expect %QW0 5000
/// </code>
/// </summary>
public sealed class Scenario
{
    public string Path { get; init; } = "";
    public List<ScenarioStep> Steps { get; } = new();

    /// <summary>The time of the last step (0 when there is none).</summary>
    public long LastTimeNs => Steps.Count == 0 ? 0 : Steps.Max(s => s.TimeNs);

    /// <summary>Parses a scenario; every malformed line gives a message "path(line,col): error: ..." in
    /// <paramref name="errors"/> (all of them, not just the first).</summary>
    public static Scenario Parse(string path, string text, List<string> errors)
    {
        var scenario = new Scenario { Path = path };
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string raw = lines[n];
            int hash = raw.IndexOf('#');
            string line = (hash >= 0 ? raw[..hash] : raw).TrimEnd();
            if (line.Trim().Length == 0) continue;
            var words = Words(line);
            string Where(int w) => $"{path}({n + 1},{(w < words.Count ? words[w].Column : line.Length + 1)})";
            if (words[0].Text.ToLowerInvariant() != "at")
            {
                errors.Add($"{Where(0)}: error: a step starts with 'at TIME', e.g. 'at 20ms set gpio17 high'");
                continue;
            }
            if (words.Count < 2) { errors.Add($"{Where(1)}: error: 'at' needs a time, e.g. 20ms or T#1s"); continue; }
            long? time = Time(words[1].Text);
            if (time is not { } t || t < 0) { errors.Add($"{Where(1)}: error: '{words[1].Text}' is not a time such as 20ms, 1s500ms or T#2s"); continue; }
            if (words.Count < 3) { errors.Add($"{Where(2)}: error: an action must follow the time: set, expect, fail or recover"); continue; }
            StepAction? action = words[2].Text.ToLowerInvariant() switch
            {
                "set" => StepAction.Set,
                "expect" => StepAction.Expect,
                "fail" => StepAction.Fail,
                "recover" => StepAction.Recover,
                _ => null,
            };
            if (action == null) { errors.Add($"{Where(2)}: error: unknown action '{words[2].Text}' (set, expect, fail, recover)"); continue; }
            if (words.Count < 4) { errors.Add($"{Where(3)}: error: '{words[2].Text}' needs a target (a pin such as gpio17, a chip channel such as ads1115@0x48.A0, a variable or a direct address)"); continue; }
            string target = words[3].Text;
            bool needsValue = action is StepAction.Set or StepAction.Expect;
            string value = words.Count > 4 ? line[(words[4].Column - 1)..].Trim() : "";
            if (needsValue && value.Length == 0) { errors.Add($"{Where(4)}: error: '{words[2].Text} {target}' needs a value"); continue; }
            if (!needsValue && value.Length > 0) { errors.Add($"{Where(4)}: error: '{words[2].Text}' takes a chip and nothing more"); continue; }
            double? tolerance = null;
            if (action == StepAction.Expect)
            {
                int pm = value.IndexOf('±');
                int len = 1;
                if (pm < 0) { pm = value.IndexOf("+-", StringComparison.Ordinal); len = 2; }
                if (pm >= 0)
                {
                    string tol = value[(pm + len)..].Trim();
                    if (!double.TryParse(tol, NumberStyles.Float, CultureInfo.InvariantCulture, out double tv) || tv < 0)
                    {
                        errors.Add($"{path}({n + 1},{words[4].Column + pm}): error: '{tol}' is not a tolerance (a non-negative number)");
                        continue;
                    }
                    tolerance = tv;
                    value = value[..pm].Trim();
                }
            }
            scenario.Steps.Add(new ScenarioStep
            {
                Line = n + 1, TimeNs = t, Action = action.Value, Target = target, Value = value, Tolerance = tolerance, Text = line.Trim(),
            });
        }
        return scenario;
    }

    readonly record struct Word(string Text, int Column);

    static List<Word> Words(string line)
    {
        var words = new List<Word>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i >= line.Length) break;
            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            words.Add(new Word(line[start..i], start + 1));
        }
        return words;
    }

    /// <summary>20ms, 1s500ms, T#2s, TIME#100us (IEC duration syntax, with or without the prefix).</summary>
    public static long? Time(string text) => Durations.TryParse(text, out long ns) ? ns : null;
}

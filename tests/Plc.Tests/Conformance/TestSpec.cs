using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Plc.Tests.Conformance;

/// <summary>
/// The expectations written in a conformance file's comments:
/// <c>(* @cycles N *)</c>, <c>(* @cycle-time T#10ms *)</c>, <c>(* @duration T#500ms *)</c>,
/// <c>(* @expect Main.x = 42 *)</c>, <c>(* @expect Main.r ~ 3.14159 *)</c> (relative 1e-6),
/// <c>(* @error L [CODE] *)</c>, <c>(* @warning L CODE *)</c>, <c>(* @fault L [CODE] *)</c>.
/// </summary>
public sealed class TestSpec
{
    public int? Cycles;
    public string? CycleTime;
    public string? Duration;
    public List<(string Name, bool Approximate, string Value)> Expects { get; } = new();
    public List<(int Line, string? Code)> Errors { get; } = new();
    public List<(int Line, string Code)> Warnings { get; } = new();
    public (int Line, string? Code)? Fault;

    static readonly Regex Comment = new(@"\(\*(.*?)\*\)", RegexOptions.Singleline);
    static readonly Regex Annotation = new(@"@(cycles|cycle-time|duration|expect|error|warning|fault)\b[ \t]*([^\r\n]*)");
    static readonly Regex ExpectRegex = new(@"^(.+?)\s*(=|~)\s*(.+)$", RegexOptions.Singleline);

    public static TestSpec Parse(IEnumerable<string> files)
    {
        var spec = new TestSpec();
        foreach (var file in files)
        {
            foreach (Match comment in Comment.Matches(File.ReadAllText(file)))
            foreach (Match m in Annotation.Matches(comment.Groups[1].Value))
            {
                string kind = m.Groups[1].Value.ToLowerInvariant();
                string arg = m.Groups[2].Value.Trim();
                switch (kind)
                {
                    case "cycles": spec.Cycles = int.Parse(arg, CultureInfo.InvariantCulture); break;
                    case "cycle-time": spec.CycleTime = arg; break;
                    case "duration": spec.Duration = arg; break;
                    case "expect":
                    {
                        var e = ExpectRegex.Match(arg);
                        if (!e.Success) throw new InvalidDataException($"{file}: bad @expect '{arg}'");
                        spec.Expects.Add((e.Groups[1].Value.Trim(), e.Groups[2].Value == "~", e.Groups[3].Value.Trim()));
                        break;
                    }
                    case "error":
                    {
                        var parts = arg.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
                        spec.Errors.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : null));
                        break;
                    }
                    case "warning":
                    {
                        var parts = arg.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
                        spec.Warnings.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : ""));
                        break;
                    }
                    case "fault":
                    {
                        var parts = arg.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
                        spec.Fault = (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : null);
                        break;
                    }
                    default: throw new InvalidDataException($"{file}: unknown annotation @{kind}");
                }
            }
        }
        return spec;
    }
}

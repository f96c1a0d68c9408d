using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Plc.Hardware.Configuration;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Hardware.Configuration;

/// <summary>docs/io.md and <see cref="IoDiagnosticCodes"/> in lockstep, as DiagnosticDocsTests does for the compiler.</summary>
public class IoDocsTests
{
    static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "io.md"));

    [Fact]
    public void EveryCodeHasASectionWithItsTitle()
    {
        var missing = IoDiagnosticCodes.All
            .Where(c => !Regex.IsMatch(Doc, $@"^### {c.Code} — {Regex.Escape(c.Title)}( \(warning\))?$", RegexOptions.Multiline))
            .Select(c => $"### {c.Code} — {c.Title}").ToList();
        Assert.True(missing.Count == 0, "docs/io.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySectionIsACode()
    {
        var codes = IoDiagnosticCodes.All.Select(c => c.Code).ToHashSet();
        var stale = Regex.Matches(Doc, @"^#+ (PLCIO\d{3})\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(c => !codes.Contains(c)).ToList();
        Assert.True(stale.Count == 0, "docs/io.md documents codes that do not exist: " + string.Join(", ", stale));
    }

    [Fact]
    public void WarningsAreMarkedAsWarnings()
    {
        foreach (var c in IoDiagnosticCodes.All)
        {
            bool marked = Regex.IsMatch(Doc, $@"^### {c.Code} — .* \(warning\)$", RegexOptions.Multiline);
            Assert.True(marked == (c.Severity == IoSeverity.Warning), $"{c.Code}: the heading must say (warning) exactly for warnings");
        }
    }

    [Fact]
    public void CodesAreUniqueAndAllListed()
    {
        var codes = IoDiagnosticCodes.All.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var constants = typeof(IoDiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(constants.OrderBy(c => c), codes.OrderBy(c => c));
        Assert.All(codes, c => Assert.Matches(@"^PLCIO[01]\d\d$", c));
    }

    [Fact]
    public void TheDocumentedExampleReads()
    {
        // The first yaml block of docs/io.md is the issue's example: it must read without any diagnostic (D29).
        var yaml = Regex.Match(Doc, "```yaml\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var (config, diagnostics) = IoTestSupport.Read(yaml);
        Assert.NotNull(config);
        Assert.Empty(diagnostics);
        Assert.Equal((2, 1, 2), (config!.Gpio.Count, config.Pwm.Count, config.I2c.Count));
        // ... and fits the program shown right after it.
        var program = Regex.Match(Doc, "```\n(PROGRAM .*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Empty(IoTestSupport.Validate(config, IoTestSupport.Compile(program)));
    }
}

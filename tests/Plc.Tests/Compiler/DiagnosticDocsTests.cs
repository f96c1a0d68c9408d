using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Compiler.Diagnostics;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Compiler;

public class DiagnosticDocsTests
{
    static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));

    [Fact]
    public void EveryCodeHasASection()
    {
        var missing = DiagnosticCodes.All.Where(d => !Doc.Contains($"## {d.Code} — ")).Select(d => d.Code).ToList();
        Assert.True(missing.Count == 0, "docs/diagnostics.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySectionIsACode()
    {
        var codes = DiagnosticCodes.All.Select(d => d.Code).ToHashSet();
        var stale = Regex.Matches(Doc, @"^## (PLC\d{4}) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Where(c => !codes.Contains(c)).ToList();
        Assert.True(stale.Count == 0, "docs/diagnostics.md documents codes that do not exist: " + string.Join(", ", stale));
    }

    [Fact]
    public void CodesAreUnique()
    {
        var codes = DiagnosticCodes.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void EveryFaultCodeIsDocumented()
    {
        foreach (Plc.Runtime.Core.FaultCode f in System.Enum.GetValues(typeof(Plc.Runtime.Core.FaultCode)))
            if (f != Plc.Runtime.Core.FaultCode.None)
                Assert.Contains("| " + Plc.Runtime.Core.Fault.CodeTextOf(f) + " |", Doc);
    }
}

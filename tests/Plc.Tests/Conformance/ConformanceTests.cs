using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Plc.Tests.Conformance;

/// <summary>Every tests/conformance/*.st file, run through <c>plc sim</c> and checked against its annotations.</summary>
public class ConformanceTests
{
    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(RepositoryPaths.Conformance, "*.st").OrderBy(f => f).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Conformance(string file)
    {
        string path = Path.Combine(RepositoryPaths.Conformance, file);
        ProgramRun.Check(new[] { path }, TestSpec.Parse(new[] { path }));
    }

    /// <summary>The same files through the compiled tier (docs/performance.md): same values, same faults, same lines.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void ConformanceCompiled(string file)
    {
        string path = Path.Combine(RepositoryPaths.Conformance, file);
        ProgramRun.Check(new[] { path }, TestSpec.Parse(new[] { path }), "compiled");
    }

    /// <summary>The compiled tier really runs the suite (no program falls back to the interpreter), so
    /// ConformanceCompiled is not the interpreter checked twice.</summary>
    [Fact]
    public void EveryProgramOfTheSuiteCompiles()
    {
        int compiled = 0, programs = 0;
        var reasons = new List<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.Conformance, "*.st"))
        {
            var result = Plc.Compiler.Compilation.CompileFiles(new[] { path });
            if (!result.Success) continue;
            var v = Plc.Runtime.Core.Verifier.Verify(result.Image!);
            if (!v.Ok) continue;
            programs++;
            var it = new Plc.Runtime.Core.Interpreter(result.Image!, new Plc.Runtime.Hosting.DesktopHost(), v);
            if (Plc.Runtime.Compiled.CompiledTier.TryCreate(it, new Plc.Runtime.Hosting.DesktopHost(), out string? why) != null) compiled++;
            else reasons.Add(Path.GetFileName(path) + ": " + why);
        }
        Assert.True(programs > 400, $"{programs} programs");
        Assert.True(compiled == programs, $"{compiled} of {programs} compiled; the others:\n" + string.Join("\n", reasons));
    }

    [Fact]
    public void SuiteIsLargeEnough()
    {
        Assert.True(Directory.GetFiles(RepositoryPaths.Conformance, "*.st").Length >= 80);
    }
}

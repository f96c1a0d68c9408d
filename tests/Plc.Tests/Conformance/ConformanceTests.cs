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

    [Fact]
    public void SuiteIsLargeEnough()
    {
        Assert.True(Directory.GetFiles(RepositoryPaths.Conformance, "*.st").Length >= 80);
    }
}

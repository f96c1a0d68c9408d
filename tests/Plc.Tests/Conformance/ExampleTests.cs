using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Plc.Tests.Conformance;

/// <summary>Every examples/&lt;plant&gt;/ folder builds and simulates with the values written in its files.</summary>
public class ExampleTests
{
    public static IEnumerable<object[]> Plants() =>
        Directory.GetDirectories(RepositoryPaths.Examples).OrderBy(d => d).Select(d => new object[] { Path.GetFileName(d) });

    static string[] Sources(string plant) =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Examples, plant), "*.st").OrderBy(f => f, System.StringComparer.Ordinal).ToArray();

    [Theory]
    [MemberData(nameof(Plants))]
    public void ExampleSimulatesAsDocumented(string plant)
    {
        var files = Sources(plant);
        Assert.NotEmpty(files);
        var spec = TestSpec.Parse(files);
        Assert.True(spec.Expects.Count >= 3, $"{plant}: an example should state at least three expected values");
        ProgramRun.Check(files, spec);
    }

    [Theory]
    [MemberData(nameof(Plants))]
    public void ExampleHasReadme(string plant) =>
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Examples, plant, "README.md")));

    [Fact]
    public void AtLeastThreeExamples() => Assert.True(Plants().Count() >= 3);
}

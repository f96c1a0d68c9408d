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

    /// <summary>The plant's program (its ST files without the unit tests, *_test.st).</summary>
    static string[] Sources(string plant) => RepositoryPaths.ExampleSources(Path.Combine(RepositoryPaths.Examples, plant));

    public static IEnumerable<object[]> UnitTestFiles() =>
        Directory.GetFiles(RepositoryPaths.Examples, "*_test.st", SearchOption.AllDirectories).OrderBy(f => f, System.StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(RepositoryPaths.Examples, f) });

    /// <summary>An example's ST unit tests (with the files its "(* with: ... *)" line names) all pass under plc test.</summary>
    [Theory]
    [MemberData(nameof(UnitTestFiles))]
    public void ExampleUnitTestsPass(string file)
    {
        string path = Path.Combine(RepositoryPaths.Examples, file);
        var with = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(path), @"\(\* with: ([^*]+) \*\)");
        Assert.True(with.Success, $"{file}: a '(* with: ... *)' line names the files it tests");
        var inputs = with.Groups[1].Value.Split(',').Select(s => Path.Combine(Path.GetDirectoryName(path)!, s.Trim())).Append(path).ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Plc.Cli.CommandLine.Run(new[] { "test" }.Concat(inputs).ToArray(), stdout, stderr);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var summary = System.Text.RegularExpressions.Regex.Match(stdout.ToString(), @"(\d+) passed, 0 failed");
        Assert.True(summary.Success && int.Parse(summary.Groups[1].Value) >= 3, stdout.ToString());
    }

    [Fact]
    public void AtLeastOneExampleHasUnitTests() => Assert.NotEmpty(UnitTestFiles());

    [Theory]
    [MemberData(nameof(Plants))]
    public void ExampleSimulatesAsDocumented(string plant)
    {
        var files = Sources(plant);
        Assert.NotEmpty(files);
        string folder = Path.Combine(RepositoryPaths.Examples, plant);
        string io = Path.Combine(folder, "io.yaml"), scenario = Path.Combine(folder, "scenario.txt");
        if (File.Exists(io) && File.Exists(scenario))
        {
            // A plant wired through an I/O file: its scenario runs against the simulated hardware, as CI's users would.
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var args = files.Concat(new[] { "--io", io, "--scenario", scenario }).ToArray();
            int exit = Plc.Cli.CommandLine.Run(new[] { "sim" }.Concat(args).ToArray(), stdout, stderr);
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            var held = System.Text.RegularExpressions.Regex.Match(stdout.ToString(), @"scenario: (\d+) of (\d+) expectations held");
            Assert.True(held.Success, stdout.ToString());
            Assert.Equal(held.Groups[2].Value, held.Groups[1].Value);
            Assert.True(int.Parse(held.Groups[2].Value) >= 3, $"{plant}: a scenario should check at least three values");
            return;
        }
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

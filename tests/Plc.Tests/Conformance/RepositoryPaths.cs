using System;
using System.IO;
using System.Linq;

namespace Plc.Tests.Conformance;

/// <summary>Finds the repository root (the folder with Plc.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Plc.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Plc.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Conformance => Path.Combine(Root, "tests", "conformance");
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>An example's program: its ST files without its unit tests (*_test.st, run by plc test), in name order.</summary>
    public static string[] ExampleSources(string folder) =>
        Array.FindAll(Directory.GetFiles(folder, "*.st"), f => !f.EndsWith("_test.st", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
}

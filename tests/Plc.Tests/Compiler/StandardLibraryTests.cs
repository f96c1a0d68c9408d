using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Compiler;
using Plc.Compiler.Ast;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>The ST standard library (stdlib/*.st): compiles cleanly, and every public name is documented and tested.</summary>
public class StandardLibraryTests
{
    /// <summary>Public names: the library's POUs and type names, without the internal helpers (two underscores).</summary>
    static List<string> PublicNames() =>
        StandardLibrary.Files.SelectMany(f => f.Declarations).SelectMany(d => d switch
        {
            PouDeclaration p => new[] { p.Name.Name },
            TypeDeclaration t => t.Types.Select(x => x.Name.Name).ToArray(),
            _ => Array.Empty<string>(),
        }).Where(n => !n.StartsWith("__", StringComparison.Ordinal)).ToList();

    [Fact]
    public void LibraryParsesWithoutDiagnostics() => Assert.Empty(StandardLibrary.ParseDiagnostics);

    [Fact]
    public void LibraryBindsWithoutDiagnostics()
    {
        // The library is bound with every program: any warning in it would show in every build.
        var result = Compilation.Compile(new[] { new SourceText("main.st", "PROGRAM Main VAR x : INT; END_VAR x := 1; END_PROGRAM") });
        Assert.True(result.Success);
        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void EveryNameIsInTheDocTable()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "stdlib.md"));
        var documented = Regex.Matches(doc, @"^\| ([A-Za-z0-9_, ]+) \|", RegexOptions.Multiline)
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = PublicNames().Where(n => !documented.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "docs/stdlib.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryNameIsUsedByAConformanceTest()
    {
        string tests = string.Join("\n", Directory.GetFiles(RepositoryPaths.Conformance, "lib_*.st").Select(File.ReadAllText));
        var missing = PublicNames().Where(n => !Regex.IsMatch(tests, $@"\b{n}\b", RegexOptions.IgnoreCase)).ToList();
        Assert.True(missing.Count == 0, "no tests/conformance/lib_*.st uses: " + string.Join(", ", missing));
    }
}

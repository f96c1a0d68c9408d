using System.Collections.Generic;
using System.Linq;
using Plc.Compiler;
using Plc.Hardware.Configuration;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Hardware.Configuration;

static class IoTestSupport
{
    public const string File = "io.yaml";

    public static (IoConfiguration? Config, List<IoDiagnostic> Diagnostics) Read(string yaml)
    {
        var diagnostics = new List<IoDiagnostic>();
        var config = IoConfigurationReader.Read(File, yaml, diagnostics);
        return (config, diagnostics);
    }

    /// <summary>Reads a file that must have no diagnostics at all.</summary>
    public static IoConfiguration ReadClean(string yaml)
    {
        var (config, diagnostics) = Read(yaml);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        Assert.NotNull(config);
        return config!;
    }

    public static Image Compile(string source)
    {
        var result = Compilation.Compile(new[] { new SourceText("p.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Image!;
    }

    public static List<IoDiagnostic> Validate(IoConfiguration config, Image image)
    {
        var diagnostics = new List<IoDiagnostic>();
        IoConfigurationValidator.Validate(config, image, diagnostics);
        return diagnostics;
    }

    public static string Show(IEnumerable<IoDiagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));
}

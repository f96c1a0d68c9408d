using System;
using System.Collections.Generic;
using System.IO;
using Plc.Hardware.Configuration;
using Plc.Runtime.Core;

namespace Plc.Cli;

/// <summary>Reads and checks an I/O configuration (<c>--io FILE</c>) for a program, printing its diagnostics.</summary>
public static class IoSetup
{
    /// <summary>The configuration, or null after printing its errors (the caller exits with 1).</summary>
    public static IoConfiguration? Load(string path, Image image, TextWriter stderr)
    {
        if (!File.Exists(path)) throw new UsageException($"--io {path}: no such I/O configuration file");
        var diagnostics = new List<IoDiagnostic>();
        var config = IoConfigurationReader.Load(path, diagnostics);
        if (config != null) IoConfigurationValidator.Validate(config, image, diagnostics);
        int errors = 0;
        foreach (var d in diagnostics)
        {
            stderr.WriteLine(d.ToString());
            if (d.Severity == IoSeverity.Error) errors++;
        }
        if (errors > 0 || config == null)
        {
            stderr.WriteLine($"{Math.Max(errors, 1)} error{(errors == 1 ? "" : "s")} in the I/O configuration");
            return null;
        }
        return config;
    }
}

using System;
using System.IO;
using Plc.Runtime.Core;

namespace Plc.Cli;

/// <summary><c>plc build FILE.st... [-o OUT.plcx]</c></summary>
public static class BuildCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, new[] { "--output" }, new System.Collections.Generic.Dictionary<string, string> { ["-o"] = "--output" });
        if (a.Positional.Count == 0) throw new UsageException("build: no source files");
        var image = ProgramLoader.Load(a.Positional, stderr, out int exit);
        if (image == null) return exit;
        string output = a.Get("--output") ?? Path.ChangeExtension(a.Positional[0], ".plcx");
        byte[] bytes = ImageWriter.Write(image);
        try { File.WriteAllBytes(output, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{output}: error: cannot write image: {e.Message}");
            return CommandLine.CompileError;
        }
        stdout.WriteLine($"{output}: {bytes.Length} bytes, {image.Pous.Length} POUs, {image.Tasks.Length} task(s), memory {image.MemorySize} bytes");
        return CommandLine.Ok;
    }
}

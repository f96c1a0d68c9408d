using System;
using System.Collections.Generic;
using System.IO;
using Plc.Compiler;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;

namespace Plc.Cli;

/// <summary>Gets an image from the command line's inputs: ST source files (compiled) or one image file.</summary>
public static class ProgramLoader
{
    public static bool IsImageFile(string path)
    {
        if (path.EndsWith(".plcx", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var f = File.OpenRead(path);
            var head = new byte[4];
            return f.Read(head, 0, 4) == 4 && BitConverter.ToUInt32(head, 0) == Image.Magic;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Compiles or reads the inputs; prints diagnostics (all of them) to stderr. Null on failure
    /// (exitCode says why).</summary>
    public static Image? Load(IReadOnlyList<string> inputs, TextWriter stderr, out int exitCode) => Load(inputs, stderr, out exitCode, out _);

    /// <param name="attributes">The variables marked by attribute pragmas (none for an image file).</param>
    public static Image? Load(IReadOnlyList<string> inputs, TextWriter stderr, out int exitCode,
        out IReadOnlyList<Plc.Compiler.Attributes.VariableAttribute> attributes)
    {
        attributes = Array.Empty<Plc.Compiler.Attributes.VariableAttribute>();
        exitCode = CommandLine.Ok;
        if (inputs.Count == 0) throw new UsageException("no input files");
        if (inputs.Count == 1 && File.Exists(inputs[0]) && IsImageFile(inputs[0]))
            return ReadImage(inputs[0], stderr, out exitCode);
        foreach (var path in inputs)
            if (!File.Exists(path)) throw new UsageException($"file not found: {path}");

        var result = Compilation.CompileFiles(inputs);
        foreach (var d in result.Diagnostics) stderr.WriteLine(d.ToString());
        if (!result.Success)
        {
            int errors = result.ErrorCount;
            stderr.WriteLine($"{errors} error{(errors == 1 ? "" : "s")}");
            exitCode = CommandLine.CompileError;
            return null;
        }
        attributes = result.VariableAttributes;
        return result.Image;
    }

    static Image? ReadImage(string path, TextWriter stderr, out int exitCode)
    {
        exitCode = CommandLine.CompileError;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{path}: error: cannot read image: {e.Message}");
            return null;
        }
        try
        {
            var image = ImageReader.Read(bytes);
            exitCode = CommandLine.Ok;
            return image;
        }
        catch (ImageFormatException e)
        {
            stderr.WriteLine($"{path}: error: {e.Message}");
            return null;
        }
    }

    /// <summary>Runs the verifier; prints why an image is rejected.</summary>
    public static VerificationResult? Verify(Image image, string name, TextWriter stderr)
    {
        var v = Verifier.Verify(image);
        if (v.Ok) return v;
        stderr.WriteLine($"{name}: error: image rejected by the verifier: {v.Error}");
        return null;
    }

    /// <summary>
    /// What sim, run and bench start with: the compiled (or read) and verified image, or null with the exit code;
    /// every <c>--print</c> name must denote a variable (else a usage error).
    /// </summary>
    public static (Image Image, VerificationResult Verified)? LoadForRun(IReadOnlyList<string> inputs, IEnumerable<string> printNames,
        TextWriter stderr, out int exitCode) => LoadForRun(inputs, printNames, stderr, out exitCode, out _);

    /// <param name="attributes">The variables marked by attribute pragmas (none for an image file).</param>
    public static (Image Image, VerificationResult Verified)? LoadForRun(IReadOnlyList<string> inputs, IEnumerable<string> printNames,
        TextWriter stderr, out int exitCode, out IReadOnlyList<Plc.Compiler.Attributes.VariableAttribute> attributes)
    {
        var image = Load(inputs, stderr, out exitCode, out attributes);
        if (image == null) return null;
        var verified = Verify(image, inputs[0], stderr);
        if (verified == null) { exitCode = CommandLine.CompileError; return null; }
        var probe = new VariablePrinter(image, image.InitialMemory);
        foreach (var name in printNames)
            if (probe.Check(name) is { } error) throw new UsageException(error);
        return (image, verified);
    }
}

using System;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>Compiling, running and inspecting small programs for the retain tests; a temporary directory per test.</summary>
public sealed class RetainFixture : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "plc-retain-" + Guid.NewGuid().ToString("N"));

    public RetainFixture() { System.IO.Directory.CreateDirectory(Directory); }

    public string File(string name = "program.retain") => Path.Combine(Directory, name);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    public static Image Compile(string source)
    {
        var result = Compilation.Compile(new[] { new SourceText("p.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Image!;
    }

    /// <summary>Runs scans of the first task; returns the interpreter (its memory holds the state).</summary>
    public static Interpreter Run(Image image, int scans, Interpreter? interpreter = null)
    {
        if (interpreter == null)
        {
            var v = Verifier.Verify(image);
            Assert.True(v.Ok, v.Error);
            interpreter = new Interpreter(image, new DesktopHost(), v);
        }
        for (int i = 0; i < scans; i++) Assert.True(interpreter.Run(image.Tasks[0].Body, 0, i * 10_000_000L));
        return interpreter;
    }

    /// <summary>Memory holding the initial values, as at a cold start.</summary>
    public static byte[] Fresh(Image image) => (byte[])image.InitialMemory.Clone();

    public static string Show(Image image, byte[] memory, string path)
    {
        var loc = VariablePath.Resolve(image, memory, path, out var error);
        Assert.True(loc != null, error);
        return new ValueFormatter(image, memory).Format(loc!.Value);
    }

    public static long Int(Image image, byte[] memory, string path)
    {
        var loc = VariablePath.Resolve(image, memory, path, out var error);
        Assert.True(loc != null, error);
        var t = image.Debug.Types[loc!.Value.Type];
        if (loc.Value.Bit >= 0) return (memory[loc.Value.Address] >> loc.Value.Bit) & 1;
        return new ValueFormatter(image, memory).ReadSlot(t.Elementary, loc.Value.Address);
    }

    public static void Set(Image image, byte[] memory, string path, long value)
    {
        var loc = VariablePath.Resolve(image, memory, path, out var error);
        Assert.True(loc != null, error);
        var t = image.Debug.Types[loc!.Value.Type];
        int a = loc.Value.Address;
        if (loc.Value.Bit >= 0)
        {
            memory[a] = (byte)(value != 0 ? memory[a] | (1 << loc.Value.Bit) : memory[a] & ~(1 << loc.Value.Bit));
            return;
        }
        for (int i = 0; i < t.Size && i < 8; i++) memory[a + i] = (byte)(value >> (8 * i));
    }

    public static string Describe(RetainLayout layout) =>
        string.Join("\n", layout.Variables.Select(v => $"{v.Path} {v.TypeSignature} {v.Size}{(v.Bit >= 0 ? " bit " + v.Bit : "")}{(v.Persistent ? " P" : "")}"));
}

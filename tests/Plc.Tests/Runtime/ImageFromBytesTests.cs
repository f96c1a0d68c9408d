using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Runtime;

/// <summary>
/// Loading an image from a byte array, the way a host without a file system (a nanoFramework board) gets its
/// program: from <c>Resources.GetBytes(...)</c>, a byte[]. The portable core's entry is
/// <see cref="ImageReader.Read"/>(byte[]), then <see cref="Verifier.Verify"/>, then an <see cref="Interpreter"/>;
/// these tests drive exactly that path, with a minimal host that stands in for a board's (docs/nanoframework.md).
/// The image comes from the compiler at test time and from a checked-in image embedded as a .NET resource
/// (Runtime/Assets/blinker.plcx, built by <c>plc build blinker.st</c>).
/// </summary>
public class ImageFromBytesTests
{
    const long Ms = 1_000_000;
    const string ImageResource = "Plc.Tests.Assets.blinker.plcx";
    const string SourceResource = "Plc.Tests.Assets.blinker.st";

    /// <summary>What a board host must give the core: math its mscorlib lacks, and a watchdog (here: never).</summary>
    sealed class BoardHost : IRuntimeHost
    {
        public double Pow(double x, double y) => System.Math.Pow(x, y);
        public double Math(MathFunction function, double x, double y) => HostMath.Evaluate(function, x, y);
        public bool WatchdogExpired() => false;
    }

    static byte[] ResourceBytes(string name)
    {
        using var stream = typeof(ImageFromBytesTests).Assembly.GetManifestResourceStream(name);
        Assert.True(stream != null, "resource " + name + " is not embedded in the test assembly");
        var buffer = new MemoryStream();
        stream!.CopyTo(buffer);
        return buffer.ToArray();
    }

    static byte[] CompileToBytes(string path, string source)
    {
        var result = Compilation.Compile(new[] { new SourceText(path, source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return ImageWriter.Write(result.Image!);
    }

    /// <summary>The board's scan loop, reduced to what the core offers: bytes → image → verified → interpreter,
    /// then the task's body at each release. Returns the interpreter and the scans at which %QX0.0 changed.</summary>
    static (Interpreter Interpreter, List<int> LedChanges) LoadAndScan(byte[] bytes, int scans)
    {
        Image image = ImageReader.Read(bytes);
        VerificationResult verified = Verifier.Verify(image);
        Assert.True(verified.Ok, verified.Error);
        var interpreter = new Interpreter(image, new BoardHost(), verified);

        Assert.Single(image.Tasks);
        TaskInfo task = image.Tasks[0];
        Assert.Equal(10 * Ms, task.IntervalNs);
        Assert.Equal(1, image.Outputs.Size);

        var changes = new List<int>();
        bool led = false;
        for (int k = 0; k < scans; k++)
        {
            bool ok = interpreter.Run(task.Body, 0, k * task.IntervalNs);
            Assert.True(ok, interpreter.Fault.ToString());
            bool now = (interpreter.Memory[image.Outputs.Address] & 1) != 0;   // %QX0.0, as a GPIO driver reads it
            if (now != led) changes.Add(k);
            led = now;
        }
        return (interpreter, changes);
    }

    static string Value(Image image, byte[] memory, string path)
    {
        var location = VariablePath.Resolve(image, memory, path, out var error);
        Assert.True(location != null, error);
        return new ValueFormatter(image, memory).Format(location!.Value);
    }

    /// <summary>The values worked out at the top of blinker.st, after 30 scans.</summary>
    static void AssertBlinkerAfter30Scans(Interpreter interpreter, List<int> ledChanges)
    {
        var image = interpreter.Image;
        var memory = interpreter.Memory;
        Assert.Equal("30", Value(image, memory, "Blinker.Scans"));
        Assert.Equal("4", Value(image, memory, "Blinker.Toggles"));
        Assert.Equal("FALSE", Value(image, memory, "Blinker.Led"));
        Assert.Equal("465", Value(image, memory, "Blinker.Checksum"));
        Assert.Equal("7.5", Value(image, memory, "Blinker.Duty"));
        // Toggles at 50, 120, 190, 260 ms: scans 5, 12, 19, 26.
        Assert.Equal(new[] { 5, 12, 19, 26 }, ledChanges);
    }

    [Fact]
    public void An_image_written_to_bytes_loads_from_the_byte_array_and_runs()
    {
        byte[] bytes = CompileToBytes("blinker.st", Encoding.UTF8.GetString(ResourceBytes(SourceResource)));
        var (interpreter, changes) = LoadAndScan(bytes, 30);
        AssertBlinkerAfter30Scans(interpreter, changes);
    }

    [Fact]
    public void A_checked_in_image_loads_from_an_embedded_resource_and_runs()
    {
        byte[] bytes = ResourceBytes(ImageResource);
        Assert.Equal(Image.Magic, BitConverter.ToUInt32(bytes, 0));
        var (interpreter, changes) = LoadAndScan(bytes, 30);
        AssertBlinkerAfter30Scans(interpreter, changes);
    }

    [Fact]
    public void The_checked_in_image_is_what_the_compiler_builds_from_the_checked_in_source()
    {
        // If this fails, the compiler's output changed (or blinker.st did): rebuild the image in
        // tests/Plc.Tests/Runtime/Assets with `plc build blinker.st -o blinker.plcx` and check it in.
        byte[] rebuilt = CompileToBytes("blinker.st", Encoding.UTF8.GetString(ResourceBytes(SourceResource)));
        byte[] checkedIn = ResourceBytes(ImageResource);
        Assert.True(rebuilt.AsSpan().SequenceEqual(checkedIn),
            $"Runtime/Assets/blinker.plcx ({checkedIn.Length} bytes) is stale: rebuilding blinker.st gives {rebuilt.Length} " +
            "bytes that differ. Run `plc build blinker.st -o blinker.plcx` in tests/Plc.Tests/Runtime/Assets.");
    }

    [Fact]
    public void The_core_path_and_the_desktop_simulator_agree_on_the_resource_image()
    {
        byte[] bytes = ResourceBytes(ImageResource);
        var (interpreter, _) = LoadAndScan(bytes, 30);

        Image image = ImageReader.Read(bytes);
        var simulator = new Simulator(image, Verifier.Verify(image), new SimulationOptions { Cycles = 30 });
        Assert.False(simulator.Run().Faulted);
        Assert.Equal(interpreter.Memory, simulator.Interpreter.Memory);
    }

    [Fact]
    public void A_damaged_byte_array_is_refused_before_anything_runs()
    {
        byte[] bytes = ResourceBytes(ImageResource);
        bytes[bytes.Length - 1] ^= 0x01;   // a flipped bit in flash or in transfer
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(bytes));
        Assert.Contains("checksum", e.Message);
    }
}

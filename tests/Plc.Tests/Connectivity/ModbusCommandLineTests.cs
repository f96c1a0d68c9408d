using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Plc.Cli;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary><c>plc run --modbus [ADDRESS]</c>, <c>--modbus-read-only</c>, <c>--modbus-max-connections</c>: the optional
/// value, the defaults, the errors; and the located arrays the Modbus programs rely on.</summary>
[Collection(ModbusLoadCollection.Name)]
public sealed class ModbusCommandLineTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-modbus-cli-" + Guid.NewGuid().ToString("N"));
    readonly string source;

    public ModbusCommandLineTests()
    {
        Directory.CreateDirectory(dir);
        source = Path.Combine(dir, "p.st");
        File.WriteAllText(source, "PROGRAM Main VAR w AT %QW0 : WORD; END_VAR w := 16#1234; END_PROGRAM");
    }

    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    static readonly string[] Flags = { "--cold" };

    [Theory]
    [InlineData(new[] { "--modbus", "p.st" }, "", new[] { "p.st" })]
    [InlineData(new[] { "p.st", "--modbus" }, "", new[] { "p.st" })]
    [InlineData(new[] { "--modbus", "--cold", "p.st" }, "", new[] { "p.st" })]
    [InlineData(new[] { "--modbus", "5020", "p.st" }, "5020", new[] { "p.st" })]
    [InlineData(new[] { "--modbus", "127.0.0.1:5020", "p.st" }, "127.0.0.1:5020", new[] { "p.st" })]
    [InlineData(new[] { "--modbus", "[::1]:5020", "p.st" }, "[::1]:5020", new[] { "p.st" })]
    [InlineData(new[] { "--modbus=0.0.0.0:502", "p.st" }, "0.0.0.0:502", new[] { "p.st" })]
    [InlineData(new[] { "--modbus", "localhost:502", "p.st" }, "localhost:502", new[] { "p.st" })]   // rejected later
    [InlineData(new[] { "--modbus", "1.st" }, "", new[] { "1.st" })]          // a source file is never the value
    [InlineData(new[] { "--modbus", "2.plcx" }, "", new[] { "2.plcx" })]
    public void The_value_of_modbus_is_optional(string[] args, string value, string[] positional)
    {
        var a = new Arguments(args, Array.Empty<string>(), null, Flags, new[] { "--modbus" });
        Assert.Equal(value, a.Get("--modbus"));
        Assert.Equal(positional, a.Positional);
    }

    [Fact]
    public void Without_modbus_there_is_no_value_and_twice_is_an_error()
    {
        Assert.Null(new Arguments(new[] { "p.st" }, Array.Empty<string>(), null, Flags, new[] { "--modbus" }).Get("--modbus"));
        Assert.Throws<UsageException>(() => new Arguments(new[] { "--modbus", "--modbus", "p.st" }, Array.Empty<string>(), null, Flags, new[] { "--modbus" }));
    }

    (int Exit, string Out, string Err) Run(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    [Fact]
    public void Usage_errors_exit_2_with_a_clear_message()
    {
        var r = Run("run", source, "--modbus-read-only", "--duration", "T#0s");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--modbus-read-only needs --modbus", r.Err);
        r = Run("run", source, "--modbus", "--modbus-max-connections", "0", "--duration", "T#0s");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--modbus-max-connections: '0' is not a number from 1 to 10000", r.Err);
        r = Run("run", source, "--modbus", "70000", "--duration", "T#0s");
        Assert.Equal(2, r.Exit);
        r = Run("run", source, "--modbus", "localhost:5020", "--duration", "T#0s");
        Assert.Equal(2, r.Exit);
        Assert.Contains("'localhost:5020' is not PORT or HOST:PORT with a numeric address", r.Err);
    }

    [Fact]
    public void A_port_in_use_is_a_usage_error_that_says_so()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var r = Run("run", source, "--modbus", $"127.0.0.1:{port}", "--duration", "T#0s");
        Assert.Equal(2, r.Exit);
        Assert.Contains($"--modbus 127.0.0.1:{port}: cannot listen there", r.Err);
    }

    [Fact]
    public void The_help_lists_the_modbus_options()
    {
        var r = Run("--help");
        Assert.Contains("--modbus [ADDR]", r.Out);
        Assert.Contains("--modbus-read-only", r.Out);
        Assert.Contains("--modbus-max-connections N", r.Out);
    }

    [Fact]
    public void With_monitor_and_modbus_together_a_forced_value_wins_over_a_modbus_write()
    {
        string path = Path.Combine(dir, "f.st");
        File.WriteAllText(path, "PROGRAM Main VAR sp AT %MW0 : WORD; y AT %QW0 : WORD; END_VAR y := sp + 1; END_PROGRAM");
        string? failure = null;
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = RunCommand.Run(new[] { path, "--monitor", "0", "--modbus", "127.0.0.1:0", "--cycle-time", "T#1ms", "--no-tuning" }, o, e, p =>
        {
            try
            {
                using var monitor = new TcpClient();
                monitor.Connect(IPAddress.Loopback, p.Monitor!.Port);
                var stream = monitor.GetStream();
                var reader = new StreamReader(stream);
                var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                using var modbus = new RawModbusClient(p.Modbus!.LocalEndpoint);
                writer.WriteLine("force Main.sp 100");
                Assert.Equal("ok", reader.ReadLine());
                // FC6 writes 7 to holding register 1024 = %MW0 = Main.sp: accepted, but the force wins.
                Assert.Equal(new byte[] { 6, 0x04, 0x00, 0, 7 }, modbus.Request(new byte[] { 6, 0x04, 0x00, 0, 7 }));
                Assert.Equal(new byte[] { 3, 2, 0, 100 }, modbus.Request(new byte[] { 3, 0x04, 0x00, 0, 1 }));   // %MW0
                Assert.Equal(new byte[] { 3, 2, 0, 101 }, modbus.Request(new byte[] { 3, 0, 0, 0, 1 }));         // %QW0 = sp + 1
                writer.WriteLine("unforce Main.sp");
                Assert.Equal("ok", reader.ReadLine());
                modbus.Request(new byte[] { 6, 0x04, 0x00, 0, 7 });
                Assert.Equal(new byte[] { 3, 2, 0, 8 }, modbus.Request(new byte[] { 3, 0, 0, 0, 1 }));
            }
            catch (Exception x) { failure = x.ToString(); }
            finally { p.Stop(); }
        });
        Assert.True(failure == null, failure);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void A_located_array_takes_all_its_units_in_its_space()
    {
        // The binder counted a located array as one byte of its space before its type was laid out, so the next
        // space started inside the array (%IW0.. overlapped %IB1) and %MW arrays ran past the end of memory.
        var result = Compilation.Compile(new[] { new SourceText("a.st", @"
PROGRAM Main
VAR
    bytes AT %IB0 : ARRAY[0..1] OF BYTE;
    words AT %IW0 : ARRAY[0..15] OF WORD;
    marks AT %MW0 : ARRAY[0..9] OF WORD;
END_VAR
marks[9] := words[15];
END_PROGRAM") });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var image = result.Image!;
        Assert.Equal(2, image.Inputs.SpaceEnd(0) - image.Inputs.Spaces[0]);     // %IB0..%IB1
        Assert.Equal(32, image.Inputs.SpaceEnd(1) - image.Inputs.Spaces[1]);    // %IW0..%IW15
        Assert.Equal(20, image.Markers.SpaceEnd(1) - image.Markers.Spaces[1]);  // %MW0..%MW9
        Assert.True(image.Markers.Address + image.Markers.Size <= image.MemorySize);
        Assert.True(ProcessAddress.Parse("%MW9", out _)!.Value.AbsoluteAddress(image) > 0);
        Assert.Equal(-1, ProcessAddress.Parse("%MW10", out _)!.Value.AbsoluteAddress(image));
    }
}

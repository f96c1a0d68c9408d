using System;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// Real Modbus peers from Debian's packages against <c>plc run --modbus</c> on 127.0.0.1: pymodbus for every function
/// code and the exceptions, mbpoll reading and writing, libmodbus' random-test-client (unit 0xFF, FC23 included). The
/// values they check are what the ST program computes from what they wrote. Skipped, with the packages to install,
/// when a tool is absent; .ci/run installs them all.
/// </summary>
[Collection(ModbusLoadCollection.Name)]
public class ModbusPeerTests
{
    /// <summary>Without an I/O configuration the program sets its inputs itself, standing in for the I/O.</summary>
    public const string PeersProgram = @"
PROGRAM Main
VAR
    clientCoils AT %QB0 : ARRAY[0..1] OF BYTE;   (* coils 0..15: clients write them *)
    notCoil0 AT %QX2.0 : BOOL;                   (* coil 16 = NOT coil 0 *)
    input0 AT %IX0.0 : BOOL;                     (* discrete input 0 = TRUE *)
    input9 AT %IX1.1 : BOOL;                     (* discrete input 9 = coil 1 *)
    hr AT %QW0 : ARRAY[0..9] OF WORD;            (* holding registers 0..9: clients write them *)
    sum AT %QW10 : WORD;                         (* holding register 10 = hr[0] + hr[1] *)
    fixedWord AT %QW11 : WORD;                   (* holding register 11 = 16#1234 *)
    scans AT %QW12 : WORD;                       (* holding register 12 counts scans *)
    mw AT %MW0 : ARRAY[0..9] OF WORD;            (* holding registers 1024..1033 *)
    twice AT %MW10 : WORD;                       (* holding register 1034 = 2 * mw[0] *)
    ir AT %IW0 : ARRAY[0..3] OF WORD;            (* input registers 0..3 *)
END_VAR
notCoil0 := NOT clientCoils[0].0;
input0 := TRUE;
input9 := clientCoils[0].1;
sum := hr[0] + hr[1];
fixedWord := 16#1234;
scans := scans + 1;
twice := mw[0] * 2;
ir[0] := 16#ABCD;
ir[1] := sum;
ir[3] := 7;
END_PROGRAM";

    /// <summary>Coils and holding registers 0..98 that only clients write (random-test-client's range).</summary>
    const string StorageProgram = @"
PROGRAM Main
VAR
    coils AT %QB0 : ARRAY[0..12] OF BYTE;
    registers AT %QW0 : ARRAY[0..98] OF WORD;
    scans AT %MW0 : WORD;
END_VAR
scans := scans + 1;
END_PROGRAM";

    static readonly string[] Fast = { "--cycle-time", "T#1ms" };

    static string[] Options(params string[] extra)
    {
        var all = new System.Collections.Generic.List<string> { "--modbus", "127.0.0.1:0" };
        all.AddRange(Fast);
        all.AddRange(extra);
        return all.ToArray();
    }

    [PymodbusFact]
    public void Pymodbus_every_function_code_and_the_exceptions()
    {
        using var plc = new PlcRunner(PeersProgram, Options());
        string script = Path.Combine(AppContext.BaseDirectory, "Connectivity", "Peers", "pymodbus_client.py");
        var (exit, output, error) = ExternalTool.Run(ExternalTool.Python, new[] { script, plc.Port.ToString() }, TimeSpan.FromSeconds(120));
        var (plcExit, _, plcErr) = plc.Stop();
        Assert.True(exit == 0, $"pymodbus client failed ({exit}):\n{output}\n{error}\nplc: {plcErr}");
        Assert.Contains("PYMODBUS OK", output);
        Assert.Contains("FC23 read after write", output);
        Assert.Equal(0, plcExit);
    }

    [PymodbusFact]
    public void Pymodbus_against_a_read_only_server_gets_illegal_function_for_writes()
    {
        using var plc = new PlcRunner(PeersProgram, Options("--modbus-read-only"));
        const string script = @"
import sys
from pymodbus.client import ModbusTcpClient
c = ModbusTcpClient('127.0.0.1', port=int(sys.argv[1]), timeout=5)
assert c.connect()
r = c.write_register(0, 5); print('FC6', r.isError(), getattr(r, 'exception_code', None))
r = c.write_coils(0, [True]); print('FC15', r.isError(), getattr(r, 'exception_code', None))
r = c.read_holding_registers(11, 1); print('FC3', r.registers)
";
        var (exit, output, error) = ExternalTool.Run(ExternalTool.Python, new[] { "-c", script, plc.Port.ToString() }, TimeSpan.FromSeconds(60));
        var (_, _, plcErr) = plc.Stop();
        Assert.True(exit == 0, output + error);
        Assert.Contains("FC6 True 1", output);
        Assert.Contains("FC15 True 1", output);
        Assert.Contains("FC3 [4660]", output);
        Assert.Contains("(read-only)", plcErr);
    }

    static string Mbpoll(int port, params string[] args)
    {
        // -0: addresses as in the PDU (from 0), -1: poll once, -o: timeout in seconds.
        var all = new System.Collections.Generic.List<string> { "-0", "-1", "-o", "5", "-p", port.ToString() };
        all.AddRange(args);
        var (exit, output, error) = ExternalTool.Run(ExternalTool.Mbpoll, all.ToArray(), TimeSpan.FromSeconds(60));
        return $"exit {exit}\n{output}{error}";
    }

    [MbpollFact]
    public void Mbpoll_reads_and_writes()
    {
        using var plc = new PlcRunner(PeersProgram, Options());
        int port = plc.Port;
        // Holding register 11 is 16#1234 = 4660.
        string r = Mbpoll(port, "-t", "4", "-r", "11", "-c", "1", "127.0.0.1");
        Assert.Matches(@"\[11\]:\s+4660", r);
        // Write registers 1024, 1025 = 21, 22; the program sets 1034 to 42.
        r = Mbpoll(port, "-t", "4", "-r", "1024", "127.0.0.1", "21", "22");
        Assert.Contains("Written 2 references", r);
        r = Mbpoll(port, "-t", "4", "-r", "1034", "-c", "1", "127.0.0.1");
        Assert.Matches(@"\[1034\]:\s+42\b", r);
        // Coils: write coil 1, read it back as discrete input 9 (the program copies it).
        r = Mbpoll(port, "-t", "0", "-r", "1", "127.0.0.1", "1");
        Assert.Contains("Written 1 references", r);
        r = Mbpoll(port, "-t", "1", "-r", "8", "-c", "2", "127.0.0.1");
        Assert.Matches(@"\[8\]:\s+0", r);
        Assert.Matches(@"\[9\]:\s+1", r);
        // Input registers in hex: 16#ABCD.
        r = Mbpoll(port, "-t", "3:hex", "-r", "0", "-c", "1", "127.0.0.1");
        Assert.Matches(@"\[0\]:\s+0xABCD", r);
        // Beyond the map: mbpoll reports the exception.
        r = Mbpoll(port, "-t", "4", "-r", "3000", "-c", "1", "127.0.0.1");
        Assert.Contains("Illegal data address", r);
        plc.Stop();
    }

    static string Tail(string text, int n) => text.Length <= n ? text : text[^n..];

    [LibmodbusFact]
    public void Libmodbus_random_test_client_writes_and_reads_back_coils_and_registers()
    {
        using var plc = new PlcRunner(StorageProgram, Options());
        // The example connects to 127.0.0.1:1502; a copy with the port the server got (so parallel runs never clash).
        string source = File.ReadAllText(ExternalTool.RandomTestClientSource);
        Assert.Contains("modbus_new_tcp(\"127.0.0.1\", 1502)", source);
        string copy = Path.Combine(plc.Directory, "random-test-client.c");
        File.WriteAllText(copy, source.Replace("modbus_new_tcp(\"127.0.0.1\", 1502)", $"modbus_new_tcp(\"127.0.0.1\", {plc.Port})"));
        string binary = Path.Combine(plc.Directory, "random-test-client");
        var build = ExternalTool.Run(ExternalTool.Gcc, new[] { "-o", binary, copy, "-I/usr/include/modbus", "-lmodbus" }, TimeSpan.FromSeconds(120));
        Assert.True(build.Exit == 0, "gcc: " + build.Out + build.Err);
        var (exit, output, error) = ExternalTool.Run(binary, Array.Empty<string>(), TimeSpan.FromSeconds(240));
        var (plcExit, _, plcErr) = plc.Stop();
        Assert.True(exit == 0, $"random-test-client exit {exit}: {error}");
        // It prints "Test: SUCCESS" or "Test: N FAILS" (and the ERROR lines before).
        var errors = Regex.Matches(output, @"^ERROR.*\n.*$", RegexOptions.Multiline);
        Assert.True(errors.Count == 0, string.Join("\n", System.Linq.Enumerable.Select(errors, m => m.Value)) + "\n" + Tail(output, 3000));
        Assert.Contains("Test: SUCCESS", output);
        // Its debug output shows the frames: over TCP it sends unit 0xFF (its SERVER_ID 17 is for RTU only), e.g.
        // FC23 "[00][27][00][00][00][CB][FF][17]..." and the server answers them all.
        Assert.Matches(@"\[00\]\[[0-9A-F]{2}\]\[FF\]\[17\]", output);
        Assert.Equal(0, plcExit);
        Assert.Contains("plc: modbus on 127.0.0.1:", plcErr);
    }
}

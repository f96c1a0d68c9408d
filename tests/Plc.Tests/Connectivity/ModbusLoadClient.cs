using System;
using System.Net;
using System.Threading;

namespace Plc.Tests.Connectivity;

/// <summary>
/// A client for the load tests, on a thread of its own, against <see cref="ModbusLoadClient.Program"/>: it owns holding
/// registers and coils 16k..16k+15 and checks, after every write, what the program computed from it in the scan
/// that took the write: register 100+n = register n + 1, coil 64+n = coil n. Every function code goes through it.
/// </summary>
sealed class ModbusLoadClient
{
    /// <summary>The declarations of <see cref="Program"/> (inside its VAR block), for programs that add to it.</summary>
    public const string Declarations = @"
    inputs AT %QW0 : ARRAY[0..63] OF WORD;     (* holding registers 0..63: the clients write them *)
    outputs AT %QW100 : ARRAY[0..63] OF WORD;  (* holding registers 100..163 = inputs + 1 *)
    coils AT %QB0 : ARRAY[0..7] OF BYTE;       (* coils 0..63: the clients write them *)
    mirror AT %QB8 : ARRAY[0..7] OF BYTE;      (* coils 64..127 = coils 0..63 *)
    scans AT %MW0 : WORD;
    i : INT;
";

    /// <summary>The statements of <see cref="Program"/>.</summary>
    public const string Body = @"
FOR i := 0 TO 63 DO outputs[i] := inputs[i] + 1; END_FOR;
FOR i := 0 TO 7 DO mirror[i] := coils[i]; END_FOR;
scans := scans + 1;
";

    public const string Program = "PROGRAM Main\nVAR" + Declarations + "END_VAR" + Body + "END_PROGRAM";

    readonly IPEndPoint server;
    readonly int k;
    readonly Thread thread;
    volatile bool stop;
    public long Requests;
    public string? Failure;

    public ModbusLoadClient(IPEndPoint server, int index)
    {
        this.server = server;
        k = index;
        thread = new Thread(Run) { IsBackground = true, Name = "modbus load client " + index };
    }

    public void Start() => thread.Start();

    public void Stop()
    {
        stop = true;
        thread.Join(TimeSpan.FromSeconds(30));
    }

    static byte[] U16(int v) => new[] { (byte)(v >> 8), (byte)v };

    void Expect(bool ok, string what)
    {
        if (!ok && Failure == null) Failure = $"client {k}: {what}";
    }

    byte[] Call(RawModbusClient c, params byte[][] parts)
    {
        int n = 0;
        foreach (var p in parts) n += p.Length;
        var pdu = new byte[n];
        n = 0;
        foreach (var p in parts) { p.CopyTo(pdu, n); n += p.Length; }
        var r = c.Request(pdu, (byte)(k + 1));
        Interlocked.Increment(ref Requests);
        Expect((r[0] & 0x80) == 0, $"exception {r[^1]} for function {pdu[0]}");
        return r;
    }

    void Run()
    {
        var random = new Random(1000 + k);
        int baseAddress = 16 * k;
        try
        {
            using var c = new RawModbusClient(server, 10000);
            while (!stop && Failure == null)
            {
                // FC16 then FC3: outputs = inputs + 1.
                int count = random.Next(1, 17);
                var values = new int[count];
                var data = new byte[2 * count];
                for (int i = 0; i < count; i++) { values[i] = random.Next(65536); data[2 * i] = (byte)(values[i] >> 8); data[2 * i + 1] = (byte)values[i]; }
                Call(c, new byte[] { 16 }, U16(baseAddress), U16(count), new[] { (byte)(2 * count) }, data);
                var r = Call(c, new byte[] { 3 }, U16(100 + baseAddress), U16(count));
                for (int i = 0; i < count; i++)
                    Expect(((r[2 + 2 * i] << 8) | r[3 + 2 * i]) == ((values[i] + 1) & 0xFFFF), "FC16/FC3: register 100+n is not n+1");
                // FC6 then FC4 (nothing declared: 0) and FC3.
                int v = random.Next(65536);
                Call(c, new byte[] { 6 }, U16(baseAddress), U16(v));
                r = Call(c, new byte[] { 3 }, U16(100 + baseAddress), U16(1));
                Expect(((r[2] << 8) | r[3]) == ((v + 1) & 0xFFFF), "FC6/FC3");
                r = Call(c, new byte[] { 4 }, U16(0), U16(8));
                Expect(r[1] == 16 && Array.TrueForAll(r[2..], b => b == 0), "FC4 of undeclared input registers is not 0");
                // FC23: the write is scanned before the read.
                v = random.Next(65536);
                r = Call(c, new byte[] { 23 }, U16(100 + baseAddress), U16(1), U16(baseAddress), U16(1), new byte[] { 2 }, U16(v));
                Expect(((r[2] << 8) | r[3]) == ((v + 1) & 0xFFFF), "FC23: register 100+n is not n+1");
                // FC15 then FC1 of the mirror; FC5; FC2 (nothing declared: 0).
                int bits = random.Next(65536);
                Call(c, new byte[] { 15 }, U16(baseAddress), U16(16), new byte[] { 2, (byte)bits, (byte)(bits >> 8) });
                r = Call(c, new byte[] { 1 }, U16(64 + baseAddress), U16(16));
                Expect(r[2] == (byte)bits && r[3] == (byte)(bits >> 8), "FC15/FC1: the mirror differs");
                bool on = random.Next(2) == 1;
                Call(c, new byte[] { 5 }, U16(baseAddress + 3), on ? new byte[] { 0xFF, 0 } : new byte[] { 0, 0 });
                r = Call(c, new byte[] { 1 }, U16(64 + baseAddress + 3), U16(1));
                Expect(r[2] == (on ? 1 : 0), "FC5/FC1");
                r = Call(c, new byte[] { 2 }, U16(0), U16(16));
                Expect(r[2] == 0 && r[3] == 0, "FC2 of undeclared inputs is not 0");
            }
        }
        catch (Exception e) { Failure ??= $"client {k}: {e.GetType().Name}: {e.Message}"; }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Plc.Compiler;
using Plc.Connectivity.Modbus;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

// The scans run on the test thread while writes wait on the thread pool (ConfigureAwait(false)): blocking waits
// cannot deadlock here, and they keep the scan steps visible in order.
#pragma warning disable xUnit1031

namespace Plc.Tests.Connectivity;

/// <summary>
/// The map over a compiled program's process image (D30): which image bytes each Modbus address reads and writes,
/// big-endian on the wire against the image's little-endian words, addresses the program does not declare, writes
/// taken only between scans, and a scan side that allocates nothing.
/// </summary>
public class ModbusBridgeTests
{
    const string Source = @"
PROGRAM Main
VAR
    fixedWord AT %QW3 : WORD;      (* holding register 3 *)
    fromClient AT %QW5 : WORD;     (* holding register 5: a client writes it *)
    copy AT %MW2 : WORD;           (* holding register 1026 *)
    doubled AT %MW3 : WORD;        (* holding register 1027 *)
    inWord AT %IW1 : WORD;         (* input register 1 *)
    inBit AT %IX0.3 : BOOL;        (* discrete input 3 *)
    lamp AT %QX1.2 : BOOL;         (* coil 10 *)
    echo AT %QX1.3 : BOOL;         (* coil 11 *)
    fromCoil AT %QX2.0 : BOOL;     (* coil 16: a client writes it *)
    scans AT %MW0 : WORD;          (* holding register 1024 *)
END_VAR
fixedWord := 16#1234;
copy := fromClient;
doubled := inWord * 2;
lamp := TRUE;
echo := fromCoil;
scans := scans + 1;
END_PROGRAM";

    sealed class Rig
    {
        public readonly Image Image;
        public readonly Interpreter Interpreter;
        public readonly ModbusBridge Bridge;
        public Action<byte[]>? ReadInputs;
        long count;

        public Rig()
        {
            var result = Compilation.Compile(new[] { new SourceText("m.st", Source) });
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            Image = result.Image!;
            var verified = Verifier.Verify(Image);
            Assert.True(verified.Ok, verified.Error);
            Interpreter = new Interpreter(Image, new DesktopHost(), verified);
            Bridge = new ModbusBridge(Image);
        }

        public byte[] Memory => Interpreter.Memory;

        public void Scan()
        {
            ReadInputs?.Invoke(Memory);
            Bridge.BeforeScan(Memory);
            Assert.True(Interpreter.Run(Image.Tasks[0].Body, 0, count * 10_000_000L));
            count++;
            Bridge.Publish(Memory, count, count * 10_000_000L);
        }

        public int Address(string text) => ProcessAddress.Parse(text, out _)!.Value.AbsoluteAddress(Image);

        public byte[] Read(ModbusTable table, int start, int count)
        {
            bool bits = table is ModbusTable.Coils or ModbusTable.DiscreteInputs;
            var b = new byte[bits ? (count + 7) / 8 : 2 * count];
            Bridge.Read(table, start, count, b);
            return b;
        }

        /// <summary>Starts a write, runs scans until it completes (it waits for a published scan), returns its result.</summary>
        public byte Write(ModbusTable table, int start, int count, params byte[] values)
        {
            var task = Bridge.WriteAsync(new ModbusWrite(table, start, count, values), CancellationToken.None).AsTask();
            for (int i = 0; i < 200 && !task.IsCompleted; i++) { Scan(); task.Wait(20); }
            Assert.True(task.IsCompleted, "the write did not complete");
            return task.Result;
        }
    }

    [Fact]
    public void A_word_the_program_writes_goes_out_big_endian()
    {
        var rig = new Rig();
        Assert.False(rig.Bridge.Ready);   // the server accepts no client before the first scan
        rig.Scan();
        Assert.True(rig.Bridge.Ready);
        // 16#1234 is stored low byte first in the image (D29), sent high byte first (Modbus).
        int at = rig.Address("%QW3");
        Assert.Equal(new byte[] { 0x34, 0x12 }, rig.Memory[at..(at + 2)]);
        Assert.Equal(new byte[] { 0x12, 0x34 }, rig.Read(ModbusTable.HoldingRegisters, 3, 1));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x12, 0x34, 0x00, 0x00 }, rig.Read(ModbusTable.HoldingRegisters, 2, 3));
    }

    [Fact]
    public void A_register_a_client_writes_arrives_little_endian_in_the_image_and_the_program_uses_it()
    {
        var rig = new Rig();
        rig.Scan();
        Assert.Equal(ModbusException.None, rig.Write(ModbusTable.HoldingRegisters, 5, 1, 0xAB, 0xCD));
        int at = rig.Address("%QW5");
        Assert.Equal(new byte[] { 0xCD, 0xAB }, rig.Memory[at..(at + 2)]);
        // The program copied it to %MW2 = holding register 1024 + 2.
        Assert.Equal(new byte[] { 0xAB, 0xCD }, rig.Read(ModbusTable.HoldingRegisters, 1026, 1));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, rig.Read(ModbusTable.HoldingRegisters, 5, 1));
    }

    [Fact]
    public void Inputs_come_from_the_input_area()
    {
        var rig = new Rig();
        rig.ReadInputs = m =>
        {
            Memory.Write16(m, rig.Address("%IW1"), 0x0102);
            m[rig.Address("%IX0.0")] |= 1 << 3;   // %IX0.3
        };
        rig.Scan();
        Assert.Equal(new byte[] { 0x00, 0x00, 0x01, 0x02 }, rig.Read(ModbusTable.InputRegisters, 0, 2));
        Assert.Equal(new byte[] { 0x08 }, rig.Read(ModbusTable.DiscreteInputs, 0, 8));       // input 3 = bit 3
        Assert.Equal(new byte[] { 0x01 }, rig.Read(ModbusTable.DiscreteInputs, 3, 1));       // shifted to bit 0
        Assert.Equal(new byte[] { 0x02, 0x04 }, rig.Read(ModbusTable.HoldingRegisters, 1027, 1));   // %MW3 = 2 * 0x0102
    }

    [Fact]
    public void Coil_n_is_bit_n_mod_8_of_QX_n_div_8()
    {
        var rig = new Rig();
        rig.Scan();
        // lamp %QX1.2 = coil 10 is TRUE: coils 8..15 are 0000 0100.
        Assert.Equal(new byte[] { 0x04 }, rig.Read(ModbusTable.Coils, 8, 8));
        Assert.Equal(new byte[] { 0x00, 0x04 }, rig.Read(ModbusTable.Coils, 0, 16));
        Assert.Equal(new byte[] { 0x01 }, rig.Read(ModbusTable.Coils, 10, 1));
        // Writing coil 16 (%QX2.0): the program echoes it to coil 11 (%QX1.3).
        Assert.Equal(ModbusException.None, rig.Write(ModbusTable.Coils, 16, 1, 0x01));
        Assert.Equal(1, rig.Memory[rig.Address("%QX2.0")] & 1);
        Assert.Equal(new byte[] { 0x0C, 0x01 }, rig.Read(ModbusTable.Coils, 8, 9));
        // Several coils at once, across a byte boundary, without touching the neighbours: coils 15..17 := 0, 1, 0.
        Assert.Equal(ModbusException.None, rig.Write(ModbusTable.Coils, 15, 3, 0b010));
        Assert.Equal(0x01, rig.Memory[rig.Address("%QX2.0")]);
    }

    [Fact]
    public void Addresses_the_program_does_not_declare_read_0_and_ignore_writes()
    {
        var rig = new Rig();
        rig.Scan();
        Assert.Equal(new byte[4], rig.Read(ModbusTable.HoldingRegisters, 100, 2));
        Assert.Equal(new byte[2], rig.Read(ModbusTable.HoldingRegisters, 2047, 1));
        Assert.Equal(new byte[2], rig.Read(ModbusTable.InputRegisters, 1023, 1));
        Assert.Equal(new byte[250], rig.Read(ModbusTable.DiscreteInputs, 6192, 2000));
        Assert.Equal(ModbusException.None, rig.Write(ModbusTable.HoldingRegisters, 100, 1, 0x55, 0x55));
        Assert.Equal(ModbusException.None, rig.Write(ModbusTable.Coils, 8191, 1, 0x01));
        Assert.Equal(new byte[2], rig.Read(ModbusTable.HoldingRegisters, 100, 1));
        Assert.Equal(new byte[1], rig.Read(ModbusTable.Coils, 8191, 1));
        // Memory beyond the areas is untouched: the image is what the program computed.
        var again = new Rig();
        again.Scan();
        again.Scan();
        Assert.Equal(again.Memory[..rig.Image.Outputs.Address], rig.Memory[..rig.Image.Outputs.Address]);
    }

    [Fact]
    public void A_write_is_taken_between_scans_and_completes_only_after_a_published_scan()
    {
        var rig = new Rig();
        rig.Scan();
        int at = rig.Address("%QW5");
        var task = rig.Bridge.WriteAsync(new ModbusWrite(ModbusTable.HoldingRegisters, 5, 1, new byte[] { 0x00, 0x07 }), CancellationToken.None).AsTask();
        Thread.Sleep(30);
        Assert.False(task.IsCompleted);
        Assert.Equal(0, Memory.ReadU16(rig.Memory, at));                 // nothing touches memory outside a scan
        rig.Bridge.BeforeScan(rig.Memory);
        Assert.Equal(7, Memory.ReadU16(rig.Memory, at));                 // taken before the tasks run
        Thread.Sleep(30);
        Assert.False(task.IsCompleted);                                  // not yet published
        Assert.True(rig.Interpreter.Run(rig.Image.Tasks[0].Body, 0, 0));
        rig.Bridge.Publish(rig.Memory, 2, 0);
        Assert.True(task.Wait(2000));
        Assert.Equal(ModbusException.None, task.Result);
        Assert.Equal(new byte[] { 0x00, 0x07 }, rig.Read(ModbusTable.HoldingRegisters, 1026, 1));   // the program's copy
    }

    [Fact]
    public void A_write_that_no_scan_takes_fails_after_the_timeout()
    {
        var rig = new Rig();
        rig.Bridge.WriteTimeout = TimeSpan.FromMilliseconds(100);
        var task = rig.Bridge.WriteAsync(new ModbusWrite(ModbusTable.HoldingRegisters, 5, 1, new byte[] { 0, 1 }), CancellationToken.None).AsTask();
        Assert.True(task.Wait(5000));
        Assert.Equal(ModbusException.ServerDeviceFailure, task.Result);
    }

    [Fact]
    public void A_full_write_queue_answers_busy()
    {
        var rig = new Rig();
        rig.Bridge.WriteTimeout = TimeSpan.FromMilliseconds(200);
        var tasks = new Task<byte>[ModbusBridge.MaxPendingWrites + 1];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = rig.Bridge.WriteAsync(new ModbusWrite(ModbusTable.HoldingRegisters, 5, 1, new byte[] { 0, (byte)i }), CancellationToken.None).AsTask();
        Assert.True(tasks[^1].IsCompleted);
        Assert.Equal(ModbusException.ServerDeviceBusy, tasks[^1].Result);
        rig.Scan();   // takes all the others, in order: the last one wins
        Assert.True(Task.WaitAll(tasks, 5000));
        Assert.All(tasks[..^1], t => Assert.Equal(ModbusException.None, t.Result));
        Assert.Equal((ModbusBridge.MaxPendingWrites - 1) & 0xFF, Memory.ReadU16(rig.Memory, rig.Address("%QW5")));
    }

    [Fact]
    public void The_scan_side_allocates_nothing()
    {
        var rig = new Rig();
        for (int i = 0; i < 50; i++) rig.Scan();   // warm up (JIT)
        var pending = new Task<byte>[300];
        for (int i = 0; i < pending.Length; i++)   // queued on this thread before measuring
            pending[i] = rig.Bridge.WriteAsync(new ModbusWrite(i % 2 == 0 ? ModbusTable.Coils : ModbusTable.HoldingRegisters,
                i % 40, 3, new byte[] { 1, 2, 3, 4, 5, 6 }), CancellationToken.None).AsTask();
        var memory = rig.Memory;
        var bridge = rig.Bridge;
        int body = rig.Image.Tasks[0].Body;
        GC.Collect();   // an empty allocation context: another thread's GC cannot move the counter (see ScanAllocation)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int scan = 0; scan < 500; scan++)
        {
            bridge.BeforeScan(memory);
            rig.Interpreter.Run(body, 0, scan * 10_000_000L);
            bridge.ApplyForces(memory);
            bridge.Publish(memory, scan, scan * 10_000_000L);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(Task.WaitAll(pending, 5000));
    }
}

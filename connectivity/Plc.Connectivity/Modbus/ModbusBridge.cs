using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// The meeting point of the scan thread and the Modbus clients, with the discipline of the monitor's bridge
/// (docs/monitoring.md): the scan thread takes no lock, never waits and allocates nothing.
/// <para>
/// Writes: a client's write goes into a bounded lock-free queue (<see cref="BoundedQueue{T}"/>); the scan thread
/// applies every queued write in <see cref="BeforeScan"/>, after the inputs were read and before the tasks, each
/// request as a whole, in the order they came. The client's <see cref="WriteAsync"/> completes once a scan that took
/// the write has been published, so a read after the write's response sees the written value (or what the program
/// made of it in that scan).
/// </para>
/// <para>
/// Reads: <see cref="Publish"/> copies the mapped parts of the process image (%IX, %IW, %QX, %QW, %MW, see
/// <see cref="ModbusMap"/>) into a triple buffer; clients read the newest copy, never live memory, so every response
/// shows the image of one scan's end.
/// </para>
/// </summary>
public sealed class ModbusBridge : IScanMonitor, IModbusData
{
    /// <summary>Writes queued and not yet applied, at most (more are answered server busy). A power of two.</summary>
    public const int MaxPendingWrites = 1024;

    readonly ModbusMap map;
    readonly BoundedQueue<ModbusWrite?> writes = new(MaxPendingWrites);

    // Snapshot layout: the five regions one after the other.
    readonly int inputBitsAt, inputWordsAt, outputBitsAt, outputWordsAt, memoryWordsAt;

    // Triple buffer, as in MonitorBridge: the scan thread owns buffers[back], readers (under readLock) own
    // buffers[front], `shared` holds the third with Fresh set when it is newer than front.
    const int Fresh = 4, IndexMask = 3;
    readonly byte[][] buffers = new byte[3][];
    int shared = 1;
    int back;          // scan thread only
    int front = 2;     // readers only, under readLock
    readonly object readLock = new();

    long published;    // writes contained in the newest published snapshot
    long scans;        // scan cycles published
    int ready;         // 1 after the first Publish

    public ModbusBridge(Image image)
    {
        map = new ModbusMap(image);
        int at = 0;
        inputBitsAt = at; at += map.InputBits.Size;
        inputWordsAt = at; at += map.InputWords.Size;
        outputBitsAt = at; at += map.OutputBits.Size;
        outputWordsAt = at; at += map.OutputWords.Size;
        memoryWordsAt = at; at += map.MemoryWords.Size;
        var initial = new byte[Math.Max(image.MemorySize, image.InitialMemory.Length)];
        Buffer.BlockCopy(image.InitialMemory, 0, initial, 0, image.InitialMemory.Length);
        for (int k = 0; k < 3; k++)
        {
            buffers[k] = new byte[at];
            Capture(initial, buffers[k]);
        }
    }

    public ModbusMap Map => map;

    /// <summary>How long <see cref="WriteAsync"/> waits for the scan loop to take a write before it answers server
    /// device failure (the loop is stopped, or restarting after a fault).</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True once a scan has been published.</summary>
    public bool Ready => Volatile.Read(ref ready) != 0;

    /// <summary>Scan cycles published so far.</summary>
    public long Scans => Volatile.Read(ref scans);

    // =====================================================================================================
    // Scan thread
    // =====================================================================================================

    /// <summary>Scan thread, after the inputs were read: applies the writes queued since the last call, each request
    /// as a whole and exactly once, in order. No locks, no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeforeScan(byte[] memory)
    {
        while (writes.TryDequeue(out var w)) Apply(memory, w!);
    }

    /// <summary>Modbus has no forces.</summary>
    public void ApplyForces(byte[] memory) { }

    /// <summary>Scan thread, after the outputs were written: copies the mapped regions into a snapshot and hands it
    /// to the readers. No locks, no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Publish(byte[] memory, long scans, long nowNs)
    {
        Capture(memory, buffers[back]);
        back = Interlocked.Exchange(ref shared, back | Fresh) & IndexMask;
        Volatile.Write(ref published, writes.Taken);
        Volatile.Write(ref this.scans, scans);
        Volatile.Write(ref ready, 1);
    }

    void Capture(byte[] memory, byte[] snapshot)
    {
        Copy(memory, map.InputBits, snapshot, inputBitsAt);
        Copy(memory, map.InputWords, snapshot, inputWordsAt);
        Copy(memory, map.OutputBits, snapshot, outputBitsAt);
        Copy(memory, map.OutputWords, snapshot, outputWordsAt);
        Copy(memory, map.MemoryWords, snapshot, memoryWordsAt);
    }

    static void Copy(byte[] memory, ModbusMap.Region region, byte[] snapshot, int at)
    {
        if (region.Size > 0) Buffer.BlockCopy(memory, region.Address, snapshot, at, region.Size);
    }

    void Apply(byte[] memory, ModbusWrite w)
    {
        var values = w.Values;
        if (w.Table == ModbusTable.Coils)
        {
            var region = map.OutputBits;
            for (int i = 0; i < w.Count; i++)
            {
                int n = w.Start + i;
                int offset = n >> 3;
                if (offset >= region.Size) continue;          // not declared by the program: ignored
                int mask = 1 << (n & 7);
                if (((values[i >> 3] >> (i & 7)) & 1) != 0) memory[region.Address + offset] |= (byte)mask;
                else memory[region.Address + offset] &= (byte)~mask;
            }
        }
        else if (w.Table == ModbusTable.HoldingRegisters)
        {
            for (int i = 0; i < w.Count; i++)
            {
                int n = w.Start + i;
                var region = n < ModbusMap.OutputRegisters ? map.OutputWords : map.MemoryWords;
                int offset = 2 * (n < ModbusMap.OutputRegisters ? n : n - ModbusMap.OutputRegisters);
                if (offset + 2 > region.Size) continue;       // not declared by the program: ignored
                // On the wire big-endian (high byte first); in the image as the image stores words (Memory).
                Memory.Write16(memory, region.Address + offset, (values[2 * i] << 8) | values[2 * i + 1]);
            }
        }
    }

    // =====================================================================================================
    // Clients
    // =====================================================================================================

    /// <summary>The newest snapshot; call under readLock.</summary>
    byte[] Latest()
    {
        if ((Volatile.Read(ref shared) & Fresh) != 0) front = Interlocked.Exchange(ref shared, front) & IndexMask;
        return buffers[front];
    }

    /// <inheritdoc/>
    public void Read(ModbusTable table, int start, int count, Span<byte> destination)
    {
        if (!ModbusMap.InRange(table, start, count)) throw new ArgumentOutOfRangeException(nameof(count), "outside the Modbus map");
        lock (readLock)
        {
            var s = Latest();
            switch (table)
            {
                case ModbusTable.Coils:
                case ModbusTable.DiscreteInputs:
                {
                    bool coils = table == ModbusTable.Coils;
                    int at = coils ? outputBitsAt : inputBitsAt;
                    int size = coils ? map.OutputBits.Size : map.InputBits.Size;
                    destination.Slice(0, (count + 7) / 8).Clear();
                    for (int i = 0; i < count; i++)
                    {
                        int n = start + i;
                        int offset = n >> 3;
                        if (offset < size && ((s[at + offset] >> (n & 7)) & 1) != 0) destination[i >> 3] |= (byte)(1 << (i & 7));
                    }
                    break;
                }
                default:
                    for (int i = 0; i < count; i++)
                    {
                        int n = start + i;
                        int at, size, offset;
                        if (table == ModbusTable.InputRegisters) { at = inputWordsAt; size = map.InputWords.Size; offset = 2 * n; }
                        else if (n < ModbusMap.OutputRegisters) { at = outputWordsAt; size = map.OutputWords.Size; offset = 2 * n; }
                        else { at = memoryWordsAt; size = map.MemoryWords.Size; offset = 2 * (n - ModbusMap.OutputRegisters); }
                        int value = offset + 2 <= size ? Memory.ReadU16(s, at + offset) : 0;
                        destination[2 * i] = (byte)(value >> 8);
                        destination[2 * i + 1] = (byte)value;
                    }
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte> WriteAsync(ModbusWrite write, CancellationToken token)
    {
        if (write.Table is not (ModbusTable.Coils or ModbusTable.HoldingRegisters) || !ModbusMap.InRange(write.Table, write.Start, write.Count))
            return ModbusException.IllegalDataAddress;
        long ticket = writes.TryEnqueue(write);
        if (ticket < 0) return ModbusException.ServerDeviceBusy;
        long deadline = Environment.TickCount64 + (long)WriteTimeout.TotalMilliseconds;
        // Wait until a published snapshot contains the write. The scan thread cannot signal without locking or
        // allocating, so the client polls (once per millisecond timer tick, a scan period at most).
        while (Volatile.Read(ref published) <= ticket)
        {
            if (Environment.TickCount64 > deadline) return ModbusException.ServerDeviceFailure;
            await Task.Delay(1, token).ConfigureAwait(false);
        }
        return ModbusException.None;
    }
}

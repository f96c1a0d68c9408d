using System;
using System.Threading;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// A bounded lock-free queue of writes with many producers (client connections) and one consumer (the scan thread),
/// after Dmitry Vyukov's bounded MPMC queue, as the monitor's write queue: every slot carries a sequence number
/// that says whose turn it is; producers claim a position with a compare-and-swap; the consumer never locks, never
/// waits and allocates nothing. The position a write got is its ticket: once the consumer has taken
/// <c>position + 1</c> writes, this one is in.
/// </summary>
sealed class ModbusWriteQueue
{
    struct Slot
    {
        public long Sequence;
        public ModbusWrite? Item;
    }

    readonly Slot[] slots;
    readonly int mask;
    long enqueuePosition;   // producers, by compare-and-swap
    long dequeuePosition;   // the consumer only

    /// <param name="capacity">A power of two.</param>
    public ModbusWriteQueue(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0) throw new ArgumentException("capacity must be a power of two", nameof(capacity));
        slots = new Slot[capacity];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++) slots[i].Sequence = i;
    }

    /// <summary>How many writes the consumer has taken so far (the consumer thread's view).</summary>
    public long Taken => dequeuePosition;

    /// <summary>Any thread. The write's position (its ticket), or -1 when the queue is full.</summary>
    public long TryEnqueue(ModbusWrite item)
    {
        var spin = new SpinWait();
        long position = Volatile.Read(ref enqueuePosition);
        while (true)
        {
            ref Slot slot = ref slots[position & mask];
            long sequence = Volatile.Read(ref slot.Sequence);
            long difference = sequence - position;
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref enqueuePosition, position + 1, position) == position)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return position;
                }
            }
            else if (difference < 0) return -1;   // the consumer has not freed this slot: full
            spin.SpinOnce(-1);
            position = Volatile.Read(ref enqueuePosition);
        }
    }

    /// <summary>The consumer thread only. False when nothing is ready.</summary>
    public bool TryDequeue(out ModbusWrite? item)
    {
        long position = dequeuePosition;
        ref Slot slot = ref slots[position & mask];
        if (Volatile.Read(ref slot.Sequence) != position + 1) { item = null; return false; }
        item = slot.Item;
        slot.Item = null;
        Volatile.Write(ref slot.Sequence, position + slots.Length);
        dequeuePosition = position + 1;
        return true;
    }
}

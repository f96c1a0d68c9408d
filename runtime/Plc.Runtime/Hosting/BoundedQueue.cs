using System.Threading;

namespace Plc.Runtime.Hosting;

/// <summary>
/// A bounded lock-free queue with many producers (client threads) and one consumer (the scan thread), after Dmitry
/// Vyukov's bounded MPMC queue: every slot carries a sequence number that says whose turn it is. Producers claim a
/// position with a compare-and-swap; the consumer takes no lock, never waits and allocates nothing (unlike
/// <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>, which locks when it moves between segments).
/// A producer that has claimed a slot but not yet filled it holds up the consumer until the next call. The position
/// an item got is its ticket: once the consumer has taken <c>position + 1</c> items, this one is in. Used by the
/// monitoring bridge and the Modbus bridge for the writes they hand to the scan thread.
/// </summary>
public sealed class BoundedQueue<T>
{
    struct Slot
    {
        public long Sequence;
        public T Item;
    }

    readonly Slot[] slots;
    readonly int mask;
    long enqueuePosition;   // producers, by compare-and-swap
    long dequeuePosition;   // the consumer only

    /// <param name="capacity">A power of two.</param>
    public BoundedQueue(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0) throw new ArgumentException("capacity must be a power of two", nameof(capacity));
        slots = new Slot[capacity];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++) slots[i].Sequence = i;
    }

    public int Capacity => slots.Length;

    /// <summary>How many items the consumer has taken so far (the consumer thread's view).</summary>
    public long Taken => dequeuePosition;

    /// <summary>Any thread. The item's position (its ticket), or -1 when the queue is full.</summary>
    public long TryEnqueue(in T item)
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
    public bool TryDequeue(out T item)
    {
        long position = dequeuePosition;
        ref Slot slot = ref slots[position & mask];
        if (Volatile.Read(ref slot.Sequence) != position + 1) { item = default!; return false; }
        item = slot.Item;
        slot.Item = default!;
        Volatile.Write(ref slot.Sequence, position + slots.Length);
        dequeuePosition = position + 1;
        return true;
    }
}

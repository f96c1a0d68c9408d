namespace Plc.Runtime.Hosting.Monitoring;

/// <summary>A write waiting for the scan thread: where, and the pre-encoded bytes (<see cref="ValueWriter"/>).</summary>
readonly struct PendingWrite
{
    public readonly int Address, Bit;
    public readonly byte[] Bytes;
    public PendingWrite(int address, int bit, byte[] bytes) { Address = address; Bit = bit; Bytes = bytes; }
}

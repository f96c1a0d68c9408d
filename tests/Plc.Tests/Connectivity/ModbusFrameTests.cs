using System;
using Plc.Connectivity.Modbus;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>The MBAP framing: 7-byte header (transaction, protocol 0, length of unit + PDU, unit), big-endian.</summary>
public class ModbusFrameTests
{
    // Transaction 0x0001, protocol 0, length 6 (unit + 5 PDU bytes), unit 0x11, FC3 read 3 registers from 0x006B.
    static readonly byte[] ReadHolding = { 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x11, 0x03, 0x00, 0x6B, 0x00, 0x03 };

    [Fact]
    public void A_whole_frame_is_complete_with_its_length_and_every_prefix_is_incomplete()
    {
        Assert.Equal(FrameStatus.Complete, ModbusFrame.Check(ReadHolding, out int length));
        Assert.Equal(12, length);
        for (int n = 0; n < ReadHolding.Length; n++)
            Assert.Equal(FrameStatus.Incomplete, ModbusFrame.Check(ReadHolding.AsSpan(0, n), out _));
        Assert.Equal(0x0001, ModbusFrame.TransactionId(ReadHolding));
        Assert.Equal(0x11, ModbusFrame.UnitId(ReadHolding));
    }

    [Fact]
    public void Bytes_after_the_frame_belong_to_the_next_one()
    {
        var two = new byte[24];
        ReadHolding.CopyTo(two, 0);
        ReadHolding.CopyTo(two, 12);
        Assert.Equal(FrameStatus.Complete, ModbusFrame.Check(two.AsSpan(0, 17), out int length));
        Assert.Equal(12, length);
    }

    [Theory]
    [InlineData(0x00, 0x01)]   // protocol 1
    [InlineData(0x12, 0x34)]
    [InlineData(0x80, 0x00)]
    public void A_protocol_identifier_other_than_0_is_malformed_as_soon_as_it_arrives(byte hi, byte lo)
    {
        var f = (byte[])ReadHolding.Clone();
        f[2] = hi; f[3] = lo;
        Assert.Equal(FrameStatus.Malformed, ModbusFrame.Check(f.AsSpan(0, 4), out _));
        Assert.Equal(FrameStatus.Malformed, ModbusFrame.Check(f, out _));
    }

    [Theory]
    [InlineData(0)]       // no unit identifier
    [InlineData(1)]       // a unit identifier and no function code
    [InlineData(255)]     // a PDU of 254 bytes: one more than the longest
    [InlineData(0x0100)]
    [InlineData(0xFFFF)]
    public void A_length_field_outside_2_to_254_is_malformed(int field)
    {
        var f = (byte[])ReadHolding.Clone();
        f[4] = (byte)(field >> 8); f[5] = (byte)field;
        Assert.Equal(FrameStatus.Malformed, ModbusFrame.Check(f.AsSpan(0, 6), out _));
    }

    [Fact]
    public void The_longest_frame_is_260_bytes()
    {
        var f = new byte[261];
        f[4] = 0; f[5] = 254;   // unit + 253-byte PDU
        Assert.Equal(FrameStatus.Incomplete, ModbusFrame.Check(f.AsSpan(0, 259), out _));
        Assert.Equal(FrameStatus.Complete, ModbusFrame.Check(f, out int length));
        Assert.Equal(260, length);
        Assert.Equal(260, ModbusFrame.MaxFrameSize);
    }

    [Fact]
    public void The_response_header_echoes_transaction_and_unit_with_the_pdu_length_plus_one()
    {
        var r = new byte[12];
        int size = ModbusFrame.WriteHeader(r, 0xBEEF, 0x11, 5);
        Assert.Equal(12, size);
        Assert.Equal(new byte[] { 0xBE, 0xEF, 0x00, 0x00, 0x00, 0x06, 0x11 }, r[..7]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusFrame.WriteHeader(new byte[300], 1, 1, 254));
    }
}

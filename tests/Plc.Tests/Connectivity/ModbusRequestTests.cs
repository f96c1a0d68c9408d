using System;
using System.Linq;
using System.Threading;
using Plc.Connectivity.Modbus;
using Xunit;

namespace Plc.Tests.Connectivity;

/// <summary>
/// Every function code against plain tables, with the examples of the Modbus Application Protocol specification
/// v1.1b3 (section 6) as expected bytes, the quantity limits at and beyond their edges, byte counts that do not
/// match, addresses beyond the map, and the read-only switch.
/// </summary>
public class ModbusRequestTests
{
    readonly ArrayModbusData data = new();

    byte[] Handle(bool readOnly, params byte[] pdu)
    {
        var response = new byte[ModbusFrame.MaxPduSize];
        int n = new ModbusRequestHandler(data, readOnly).HandleAsync(pdu, response, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return response[..n];
    }

    byte[] Handle(params byte[] pdu) => Handle(false, pdu);

    static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    static void SetBits(bool[] table, int start, params int[] bits)
    {
        for (int i = 0; i < bits.Length; i++) table[start + i] = bits[i] != 0;
    }

    [Fact]
    public void Fc1_reads_coils_packed_lowest_address_in_bit_0_spec_example()
    {
        // The specification's coils 20..38 (numbered from 1) are addresses 19..37 (0x0013, 19 of them). Coils 27..20
        // are 1100 1101 = 0xCD, 35..28 0110 1011 = 0x6B, 38..36 101 = 0x05.
        SetBits(data.Coils, 19, 1, 0, 1, 1, 0, 0, 1, 1,  1, 1, 0, 1, 0, 1, 1, 0,  1, 0, 1);
        Assert.Equal(Bytes("01 03 CD 6B 05"), Handle(Bytes("01 0013 0013")));
    }

    [Fact]
    public void Fc2_reads_discrete_inputs_spec_example()
    {
        // Inputs 197..218 (from 1) are addresses 196..217 (0x00C4, 22): 0xAC, 0xDB, then 6 bits 11 0101 = 0x35.
        SetBits(data.DiscreteInputs, 196, 0, 0, 1, 1, 0, 1, 0, 1,  1, 1, 0, 1, 1, 0, 1, 1,  1, 0, 1, 0, 1, 1);
        Assert.Equal(Bytes("02 03 AC DB 35"), Handle(Bytes("02 00C4 0016")));
    }

    [Fact]
    public void Fc3_reads_holding_registers_big_endian_spec_example()
    {
        data.HoldingRegisters[107] = 0x022B; data.HoldingRegisters[108] = 0x0000; data.HoldingRegisters[109] = 0x0064;
        Assert.Equal(Bytes("03 06 022B 0000 0064"), Handle(Bytes("03 006B 0003")));
    }

    [Fact]
    public void Fc4_reads_input_registers_spec_example()
    {
        data.InputRegisters[8] = 0x000A;
        Assert.Equal(Bytes("04 02 000A"), Handle(Bytes("04 0008 0001")));
    }

    [Fact]
    public void Fc5_writes_one_coil_with_FF00_or_0000_and_echoes_the_request()
    {
        Assert.Equal(Bytes("05 00AC FF00"), Handle(Bytes("05 00AC FF00")));
        Assert.True(data.Coils[172]);
        Assert.Equal(Bytes("05 00AC 0000"), Handle(Bytes("05 00AC 0000")));
        Assert.False(data.Coils[172]);
        Assert.Equal(Bytes("85 03"), Handle(Bytes("05 00AC 0001")));   // any other value: illegal data value
        Assert.Equal(Bytes("85 03"), Handle(Bytes("05 00AC 00FF")));
        Assert.Equal(2, data.Writes);
    }

    [Fact]
    public void Fc6_writes_one_register_and_echoes_the_request()
    {
        Assert.Equal(Bytes("06 0001 0003"), Handle(Bytes("06 0001 0003")));
        Assert.Equal(0x0003, data.HoldingRegisters[1]);
        Assert.Equal(Bytes("06 07FF ABCD"), Handle(Bytes("06 07FF ABCD")));   // 2047: the last holding register (%MW1023)
        Assert.Equal(0xABCD, data.HoldingRegisters[2047]);
        Assert.Equal(Bytes("86 02"), Handle(Bytes("06 0800 0001")));           // 2048: beyond the map
    }

    [Fact]
    public void Fc15_writes_coils_spec_example()
    {
        // 10 coils from 20 (address 19): 0xCD = coils 27..20 = 1100 1101, 0x01 = coils 29..28 = 01.
        Assert.Equal(Bytes("0F 0013 000A"), Handle(Bytes("0F 0013 000A 02 CD 01")));
        Assert.Equal(new[] { true, false, true, true, false, false, true, true, true, false }, data.Coils[19..29]);
        Assert.False(data.Coils[18]);
        Assert.False(data.Coils[29]);
    }

    [Fact]
    public void Fc16_writes_registers_spec_example()
    {
        Assert.Equal(Bytes("10 0001 0002"), Handle(Bytes("10 0001 0002 04 000A 0102")));
        Assert.Equal(0x000A, data.HoldingRegisters[1]);
        Assert.Equal(0x0102, data.HoldingRegisters[2]);
    }

    [Fact]
    public void Fc23_writes_then_reads_spec_example()
    {
        ushort[] before = { 0x00FE, 0x0ACD, 0x0001, 0x0003, 0x000D, 0x00FF };
        before.CopyTo(data.HoldingRegisters, 3);
        Assert.Equal(Bytes("17 0C 00FE 0ACD 0001 0003 000D 00FF"), Handle(Bytes("17 0003 0006 000E 0003 06 00FF 00FF 00FF")));
        Assert.Equal(new ushort[] { 0x00FF, 0x00FF, 0x00FF }, data.HoldingRegisters[14..17]);
        // Overlapping ranges: the write comes first, so the read sees it.
        Assert.Equal(Bytes("17 04 1111 2222"), Handle(Bytes("17 0005 0002 0005 0002 04 1111 2222")));
    }

    [Theory]
    [InlineData("07")]            // read exception status (serial line only)
    [InlineData("08 0000 1234")]  // diagnostics
    [InlineData("16 0004 00F2 0025")]   // mask write register: not implemented
    [InlineData("2B 0E 01 00")]   // read device identification
    [InlineData("00")]
    [InlineData("FF")]
    public void Other_function_codes_answer_illegal_function(string pdu)
    {
        var p = Bytes(pdu);
        Assert.Equal(new byte[] { (byte)(p[0] | 0x80), 0x01 }, Handle(p));
        Assert.Equal(0, data.Writes);
    }

    [Theory]
    // FC1/2: 1..2000 bits
    [InlineData("01 0000 0000", "81 03")]
    [InlineData("01 0000 07D1", "81 03")]
    [InlineData("02 0000 07D1", "82 03")]
    [InlineData("01 0000 FFFF", "81 03")]
    // FC3/4: 1..125 registers
    [InlineData("03 0000 0000", "83 03")]
    [InlineData("03 0000 007E", "83 03")]
    [InlineData("04 0000 007E", "84 03")]
    // FC15: 1..1968 coils, byte count = ceil(n/8), PDU length = 6 + byte count
    [InlineData("0F 0000 0000 00", "8F 03")]
    [InlineData("0F 0000 000A 01 FF", "8F 03")]        // 10 coils need 2 bytes
    [InlineData("0F 0000 000A 02 FF", "8F 03")]        // says 2 bytes, brings 1
    [InlineData("0F 0000 000A 02 FF 03 00", "8F 03")]  // brings 3
    // FC16: 1..123 registers, byte count = 2n
    [InlineData("10 0000 0000 00", "90 03")]
    [InlineData("10 0000 0002 02 0001", "90 03")]
    [InlineData("10 0000 0002 04 0001", "90 03")]
    // FC23: read 1..125, write 1..121, byte count = 2 * write quantity
    [InlineData("17 0000 0000 0000 0001 02 0001", "97 03")]
    [InlineData("17 0000 007E 0000 0001 02 0001", "97 03")]
    [InlineData("17 0000 0001 0000 0000 00", "97 03")]
    [InlineData("17 0000 0001 0000 0001 04 0001 0002", "97 03")]
    // Wrong lengths
    [InlineData("03 0000 00", "83 03")]
    [InlineData("03 0000 0001 00", "83 03")]
    [InlineData("01", "81 03")]
    [InlineData("05 0000 FF", "85 03")]
    [InlineData("06 0000", "86 03")]
    [InlineData("0F 0000 0001", "8F 03")]
    [InlineData("17 0000 0001 0000 0001", "97 03")]
    public void Quantities_byte_counts_and_lengths_out_of_bounds_answer_illegal_data_value(string request, string expected)
    {
        Assert.Equal(Bytes(expected), Handle(Bytes(request)));
        Assert.Equal(0, data.Writes);
    }

    [Fact]
    public void The_largest_quantities_are_accepted()
    {
        Assert.Equal(2 + 250, Handle(Bytes("01 0000 07D0")).Length);   // 2000 coils: 250 bytes
        Assert.Equal(2 + 250, Handle(Bytes("02 0000 07D0")).Length);
        Assert.Equal(2 + 250, Handle(Bytes("03 0000 007D")).Length);   // 125 registers
        Assert.Equal(2 + 250, Handle(Bytes("04 0000 007D")).Length);
        var fc15 = new byte[] { 0x0F, 0x00, 0x00, 0x07, 0xB0, 246 }.Concat(Enumerable.Repeat((byte)0xFF, 246)).ToArray();   // 1968 coils
        Assert.Equal(Bytes("0F 0000 07B0"), Handle(fc15));
        Assert.True(data.Coils[1967]);
        Assert.False(data.Coils[1968]);
        var fc16 = new byte[] { 0x10, 0x00, 0x00, 0x00, 123, 246 }.Concat(Enumerable.Repeat((byte)0x01, 246)).ToArray();
        Assert.Equal(Bytes("10 0000 007B"), Handle(fc16));
        Assert.Equal(0x0101, data.HoldingRegisters[122]);
        var fc23 = new byte[] { 0x17, 0x00, 0x00, 0x00, 125, 0x00, 0x00, 0x00, 121, 242 }.Concat(Enumerable.Repeat((byte)0x02, 242)).ToArray();
        var r = Handle(fc23);
        Assert.Equal(2 + 250, r.Length);
        Assert.Equal(0x0202, (r[2 + 2 * 120] << 8) | r[3 + 2 * 120]);   // register 120 was written
        Assert.Equal(0x0101, (r[2 + 2 * 121] << 8) | r[3 + 2 * 121]);   // register 121 was not (FC16 above)
    }

    [Theory]
    [InlineData("01 1FFF 0001", null)]            // coil 8191: the last
    [InlineData("01 1FFF 0002", "81 02")]
    [InlineData("01 1F80 0081", "81 02")]          // 8064 + 129 = 8193
    [InlineData("02 2000 0001", "82 02")]
    [InlineData("02 FFFF 0001", "82 02")]
    [InlineData("04 03FF 0001", null)]             // input register 1023: the last
    [InlineData("04 03FF 0002", "84 02")]
    [InlineData("04 0400 0001", "84 02")]
    [InlineData("03 07FF 0001", null)]             // holding register 2047 (%MW1023): the last
    [InlineData("03 07F0 0011", "83 02")]
    [InlineData("03 FFFF 007D", "83 02")]          // 65535 + 125 does not wrap around
    [InlineData("05 2000 FF00", "85 02")]
    [InlineData("0F 1FFF 0002 01 03", "8F 02")]
    [InlineData("10 07FF 0002 04 0001 0002", "90 02")]
    [InlineData("17 07FF 0002 0000 0001 02 0001", "97 02")]
    [InlineData("17 0000 0001 07FF 0002 04 0001 0002", "97 02")]
    public void Addresses_beyond_the_map_answer_illegal_data_address(string request, string? expected)
    {
        var r = Handle(Bytes(request));
        if (expected == null) Assert.True(r[0] < 0x80, Convert.ToHexString(r));
        else
        {
            Assert.Equal(Bytes(expected), r);
            Assert.Equal(0, data.Writes);
        }
    }

    [Fact]
    public void A_quantity_error_wins_over_an_address_error()
    {
        // The specification checks the quantity first: 0x07D1 coils from 0xFFFF is an illegal value, not address.
        Assert.Equal(Bytes("81 03"), Handle(Bytes("01 FFFF 07D1")));
    }

    [Fact]
    public void Read_only_answers_every_write_with_illegal_function_and_still_reads()
    {
        data.HoldingRegisters[0] = 0x1234;
        Assert.Equal(Bytes("85 01"), Handle(true, Bytes("05 0000 FF00")));
        Assert.Equal(Bytes("86 01"), Handle(true, Bytes("06 0000 0001")));
        Assert.Equal(Bytes("8F 01"), Handle(true, Bytes("0F 0000 0001 01 01")));
        Assert.Equal(Bytes("90 01"), Handle(true, Bytes("10 0000 0001 02 0001")));
        Assert.Equal(Bytes("97 01"), Handle(true, Bytes("17 0000 0001 0000 0001 02 0001")));
        Assert.Equal(0, data.Writes);
        Assert.Equal(Bytes("03 02 1234"), Handle(true, Bytes("03 0000 0001")));
        Assert.False(data.Coils[0]);
    }
}

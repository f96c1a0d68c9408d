using System;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Connectivity.Modbus;

/// <summary>
/// Where each Modbus address lives in the process image (docs/semantics.md D30, docs/modbus.md), with OpenPLC's
/// numbering: coil n ↔ %QX(n/8).(n mod 8), discrete input n ↔ %IX(n/8).(n mod 8), input register n ↔ %IWn, holding
/// register n ↔ %QWn for n &lt; 1024 and %MW(n−1024) for 1024 ≤ n &lt; 2048. The tables have a fixed size (the
/// addresses above are the whole map; anything beyond is an illegal data address), whatever the program declares;
/// addresses the program does not declare read as 0 and ignore writes.
/// </summary>
public sealed class ModbusMap
{
    public const int Coils = 8192;
    public const int DiscreteInputs = 8192;
    public const int InputRegisters = 1024;
    /// <summary>Holding registers mapped to %QW: 0..1023.</summary>
    public const int OutputRegisters = 1024;
    /// <summary>Holding registers mapped to %MW: 1024..2047 are %MW0..%MW1023.</summary>
    public const int MemoryRegisters = 1024;
    public const int HoldingRegisters = OutputRegisters + MemoryRegisters;

    /// <summary>A region of the image that the map reaches: absolute memory address and size in bytes (0 when the
    /// program declares nothing there).</summary>
    public readonly struct Region
    {
        public readonly int Address, Size;
        public Region(int address, int size) { Address = address; Size = size; }
    }

    /// <summary>%IX/%IB bytes, %IW words, %QX/%QB bytes, %QW words, %MW words: the part of each space that the map
    /// covers and the program declares.</summary>
    public readonly Region InputBits, InputWords, OutputBits, OutputWords, MemoryWords;

    public ModbusMap(Image image)
    {
        InputBits = RegionOf(image.Inputs, 0, DiscreteInputs / 8);
        InputWords = RegionOf(image.Inputs, 1, InputRegisters * 2);
        OutputBits = RegionOf(image.Outputs, 0, Coils / 8);
        OutputWords = RegionOf(image.Outputs, 1, OutputRegisters * 2);
        MemoryWords = RegionOf(image.Markers, 1, MemoryRegisters * 2);
    }

    /// <summary>Space <paramref name="space"/> of an area, cut to <paramref name="mapped"/> bytes.</summary>
    static Region RegionOf(IoArea? area, int space, int mapped)
    {
        if (area == null || area.Spaces == null || area.Spaces.Length != Image.SpacesPerArea) return new Region(0, 0);
        int start = area.Spaces[space];
        int size = Math.Max(0, Math.Min(area.SpaceEnd(space) - start, mapped));
        return new Region(area.Address + start, size);
    }

    /// <summary>How many addresses the table has.</summary>
    public static int SizeOf(ModbusTable table) => table switch
    {
        ModbusTable.Coils => Coils,
        ModbusTable.DiscreteInputs => DiscreteInputs,
        ModbusTable.InputRegisters => InputRegisters,
        _ => HoldingRegisters,
    };

    /// <summary>Whether [start, start + count) lies in the table.</summary>
    public static bool InRange(ModbusTable table, int start, int count) =>
        start >= 0 && count >= 0 && (long)start + count <= SizeOf(table);

    /// <summary>The process address of a Modbus address, for documentation and messages: "%QX1.2", "%MW3".</summary>
    public static string ProcessAddressOf(ModbusTable table, int n) => table switch
    {
        ModbusTable.Coils => $"%QX{n / 8}.{n % 8}",
        ModbusTable.DiscreteInputs => $"%IX{n / 8}.{n % 8}",
        ModbusTable.InputRegisters => $"%IW{n}",
        _ => n < OutputRegisters ? $"%QW{n}" : $"%MW{n - OutputRegisters}",
    };
}

using System.Globalization;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

/// <summary>The three process image areas of docs/semantics.md D29, each with four address spaces.</summary>
public enum ProcessArea { Input, Output, Memory }

/// <summary>
/// A directly represented address such as <c>%IX0.1</c>, <c>%QW3</c>, <c>%ID1</c> or <c>%MB7</c> (D29): each area has
/// separate spaces for bits and bytes, words, double words and long words; the number after the size letter counts
/// units of that size in its space (<c>%IW1</c> is bytes 2–3 of the word space), a bit address <c>%IXn.b</c> is bit b
/// of byte n of the bit/byte space, and <c>%I5.2</c> (no size letter) is the same as <c>%IX5.2</c>.
/// </summary>
public readonly record struct ProcessAddress(ProcessArea Area, char SizeLetter, int ByteOffset, int Bit)
{
    /// <summary>Bytes the address covers: X 1 (one bit of it), B 1, W 2, D 4, L 8.</summary>
    public int Size => SizeLetter switch { 'B' => 1, 'W' => 2, 'D' => 4, 'L' => 8, _ => 1 };

    public bool IsBit => SizeLetter == 'X';

    public override string ToString() =>
        "%" + (Area switch { ProcessArea.Input => "I", ProcessArea.Output => "Q", _ => "M" }) + SizeLetter +
        (IsBit ? $"{ByteOffset}.{Bit}" : (ByteOffset / Size).ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses an address (case-insensitive, blanks around it ignored); null with a message when it is not one.</summary>
    public static ProcessAddress? Parse(string text, out string? error)
    {
        error = null;
        string s = text.Trim().ToUpperInvariant();
        int i = 0;
        if (s.Length < 3 || s[i++] != '%') return Fail(text, out error);
        ProcessArea area;
        switch (s[i++])
        {
            case 'I': area = ProcessArea.Input; break;
            case 'Q': area = ProcessArea.Output; break;
            case 'M': area = ProcessArea.Memory; break;
            default: return Fail(text, out error);
        }
        char size = 'X';
        bool explicitSize = false;
        if (i < s.Length && s[i] is 'X' or 'B' or 'W' or 'D' or 'L') { size = s[i++]; explicitSize = true; }
        if (!Number(s, ref i, out long n)) return Fail(text, out error);
        if (size == 'X' || !explicitSize)
        {
            if (i >= s.Length || s[i] != '.') return Fail(text, out error, "a bit address needs a bit number, e.g. %IX0.3");
            i++;
            if (!Number(s, ref i, out long bit) || bit > 7) return Fail(text, out error, "the bit number must be 0 to 7");
            if (i != s.Length || n > int.MaxValue) return Fail(text, out error);
            return new ProcessAddress(area, 'X', (int)n, (int)bit);
        }
        if (i != s.Length) return Fail(text, out error);
        int unit = size switch { 'B' => 1, 'W' => 2, 'D' => 4, _ => 8 };
        if (n > int.MaxValue / unit) return Fail(text, out error, "the address is too large");
        return new ProcessAddress(area, size, (int)n * unit, -1);
    }

    /// <summary>The area's range in the image: its first absolute memory address and its size in bytes.</summary>
    public static IoArea AreaOf(Image image, ProcessArea area) =>
        area switch { ProcessArea.Input => image.Inputs, ProcessArea.Output => image.Outputs, _ => image.Markers };

    /// <summary>The address space within the area (D29): 0 bits and bytes, 1 words, 2 double words, 3 long words.</summary>
    public int Space => SizeLetter switch { 'W' => 1, 'D' => 2, 'L' => 3, _ => 0 };

    /// <summary>The absolute memory address of the first byte, or -1 when the program's space does not reach that far.</summary>
    public int AbsoluteAddress(Image image)
    {
        var a = AreaOf(image, Area);
        int start = a.Spaces[Space];
        return (long)start + ByteOffset + Size <= a.SpaceEnd(Space) ? a.Address + start + ByteOffset : -1;
    }

    /// <summary>Whether two addresses share a byte of the same space (a bit and its byte, or equal units).</summary>
    public bool Overlaps(ProcessAddress other) =>
        Area == other.Area && Space == other.Space && ByteOffset < other.ByteOffset + other.Size && other.ByteOffset < ByteOffset + Size;

    static bool Number(string s, ref int i, out long n)
    {
        n = 0;
        int start = i;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            n = n * 10 + (s[i] - '0');
            if (n > int.MaxValue) return false;
            i++;
        }
        return i > start;
    }

    static ProcessAddress? Fail(string text, out string? error, string? why = null)
    {
        error = $"'{text}' is not a direct address such as %IX0.0, %IW2 or %QD1" + (why != null ? $": {why}" : "");
        return null;
    }
}

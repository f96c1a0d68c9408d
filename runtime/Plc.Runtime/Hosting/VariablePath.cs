using System.Globalization;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

/// <summary>A variable found by name: where it is and what type it has. Bit ≥ 0: a single bit (a BOOL).</summary>
public readonly record struct VariableLocation(int Address, int Bit, int Type);

/// <summary>
/// Resolves names such as <c>Main.x</c>, <c>Main.inst.Q</c>, <c>Main.arr[3].x</c>, <c>Main.m[1, 2]</c>,
/// <c>Main.w.3</c> (bit 3), <c>Main.r^</c> or a global's name against the image's debug section. Names are
/// case-insensitive. VAR_IN_OUT members and <c>^</c> follow the address currently stored in memory.
/// </summary>
public static class VariablePath
{
    public static VariableLocation? Resolve(Image image, byte[] memory, string path, out string? error)
    {
        error = null;
        var debug = image.Debug;
        int i = 0;
        string? first = Identifier(path, ref i);
        if (first == null) { error = $"'{path}' is not a variable name"; return null; }
        int s = debug.FindSymbol(first);
        if (s < 0) { error = $"unknown variable '{first}'"; return null; }
        var sym = debug.Symbols[s];
        int address = sym.Address, type = sym.Type;
        int bit = (sym.Flags & VarFlags.BitAddressed) != 0 ? sym.Bit : -1;
        string shown = first;

        while (i < path.Length)
        {
            char c = path[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (bit >= 0) { error = $"'{shown}' is a single bit"; return null; }
            if (type < 0 || type >= debug.Types.Length) { error = $"'{shown}' has no type information"; return null; }
            var t = debug.Types[type];
            if (c == '.')
            {
                i++;
                if (i < path.Length && char.IsAsciiDigit(path[i]))
                {
                    int start = i;
                    while (i < path.Length && char.IsAsciiDigit(path[i])) i++;
                    int n = int.Parse(path[start..i], CultureInfo.InvariantCulture);
                    if (!IsIntegral(t)) { error = $"'{shown}' is not an integer or bit string: no bit access"; return null; }
                    if (n >= t.Size * 8) { error = $"'{shown}' has bits 0..{t.Size * 8 - 1}"; return null; }
                    address += n / 8;
                    bit = n % 8;
                    shown += "." + n;
                    continue;
                }
                string? name = Identifier(path, ref i);
                if (name == null) { error = $"'{path}': a member name must follow '.'"; return null; }
                if (t.Kind is not (TypeKind.Struct or TypeKind.FunctionBlock or TypeKind.Program))
                {
                    error = $"'{shown}' has no member '{name}'";
                    return null;
                }
                MemberDesc? member = null;
                foreach (var m in t.Members)
                    if ((m.Flags & VarFlags.Hidden) == 0 && Text.EqualsIgnoreCase(m.Name, name)) { member = m; break; }
                if (member == null) { error = $"'{shown}' has no member '{name}'"; return null; }
                address = (member.Flags & VarFlags.Absolute) != 0 ? member.Offset : address + member.Offset;
                if ((member.Flags & VarFlags.InOut) != 0) address = ReadPointer(memory, address);
                if ((member.Flags & VarFlags.BitAddressed) != 0) bit = member.Bit;
                type = member.Type;
                shown += "." + member.Name;
            }
            else if (c == '[')
            {
                if (t.Kind != TypeKind.Array) { error = $"'{shown}' is not an array"; return null; }
                i++;
                long offset = 0;
                var elem = type >= 0 && t.Element < debug.Types.Length && t.Element >= 0 ? debug.Types[t.Element] : null;
                if (elem == null) { error = $"'{shown}' has no element type"; return null; }
                for (int d = 0; d < t.Lower.Length; d++)
                {
                    while (i < path.Length && path[i] == ' ') i++;
                    int start = i;
                    if (i < path.Length && (path[i] == '-' || path[i] == '+')) i++;
                    while (i < path.Length && char.IsAsciiDigit(path[i])) i++;
                    if (!long.TryParse(path[start..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long index))
                    { error = $"'{path}': an index must be an integer"; return null; }
                    if (index < t.Lower[d] || index > t.Upper[d])
                    { error = $"index {index} is outside the bounds {t.Lower[d]}..{t.Upper[d]} of '{shown}'"; return null; }
                    long stride = elem.Size;
                    for (int k = d + 1; k < t.Lower.Length; k++) stride *= t.Upper[k] - t.Lower[k] + 1;
                    offset += (index - t.Lower[d]) * stride;
                    while (i < path.Length && path[i] == ' ') i++;
                    if (d < t.Lower.Length - 1)
                    {
                        if (i >= path.Length || path[i] != ',') { error = $"'{shown}' has {t.Lower.Length} dimensions"; return null; }
                        i++;
                    }
                }
                if (i >= path.Length || path[i] != ']') { error = $"'{shown}' has {t.Lower.Length} dimension(s)"; return null; }
                i++;
                address += (int)offset;
                type = t.Element;
                shown += "[...]";
            }
            else if (c == '^')
            {
                if (t.Kind != TypeKind.Ref) { error = $"'{shown}' is not a reference"; return null; }
                i++;
                address = ReadPointer(memory, address);
                type = t.Element;
                shown += "^";
            }
            else
            {
                error = $"'{path}': unexpected '{c}'";
                return null;
            }
        }
        return new VariableLocation(address, bit, type);
    }

    static bool IsIntegral(TypeDesc t) => t.Kind is TypeKind.Elementary or TypeKind.Subrange && t.Elementary is
        ElementaryKind.SInt or ElementaryKind.Int or ElementaryKind.DInt or ElementaryKind.LInt or ElementaryKind.USInt
        or ElementaryKind.UInt or ElementaryKind.UDInt or ElementaryKind.ULInt or ElementaryKind.Byte or ElementaryKind.Word
        or ElementaryKind.DWord or ElementaryKind.LWord;

    static string? Identifier(string path, ref int i)
    {
        while (i < path.Length && path[i] == ' ') i++;
        int start = i;
        while (i < path.Length && (char.IsAsciiLetterOrDigit(path[i]) || path[i] == '_')) i++;
        if (i == start || char.IsAsciiDigit(path[start])) return null;
        return path[start..i];
    }

    internal static int ReadPointer(byte[] memory, int address) =>
        address >= 0 && address + 4 <= memory.Length ? BitConverter.ToInt32(memory, address) : 0;
}

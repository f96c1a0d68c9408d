using System.Text;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

/// <summary>
/// Shows values in memory in IEC 61131-3 literal syntax, as <c>plc sim --print</c> and monitoring do: elementary
/// values through <see cref="LiteralFormatter"/>, <c>'text'</c> and <c>"wide"</c> with $ escapes,
/// enumerations as <c>Type#Value</c>, references as <c>NULL</c> or <c>REF(Main.x)</c>, arrays as
/// <c>[1, 2, 3]</c> and structs and instances as <c>(x := 1, y := 2)</c>.
/// </summary>
public sealed class ValueFormatter
{
    readonly Image image;
    readonly byte[] memory;
    readonly char[] buffer = new char[LiteralFormatter.MaxLength];

    public ValueFormatter(Image image, byte[] memory) { this.image = image; this.memory = memory; }

    public string Format(VariableLocation v)
    {
        var sb = new StringBuilder();
        Append(sb, v.Address, v.Bit, v.Type, 0);
        return sb.ToString();
    }

    bool InMemory(int address, int size) => address >= 0 && size >= 0 && address <= memory.Length - size;

    void Append(StringBuilder sb, int address, int bit, int type, int depth)
    {
        if (bit >= 0)
        {
            sb.Append(InMemory(address, 1) && ((memory[address] >> bit) & 1) != 0 ? "TRUE" : "FALSE");
            return;
        }
        if (type < 0 || type >= image.Debug.Types.Length) { sb.Append('?'); return; }
        var t = image.Debug.Types[type];
        if (!InMemory(address, Math.Max(1, t.Size)))
        {
            sb.Append(address == 0 ? "NULL" : "<invalid address>");
            return;
        }
        switch (t.Kind)
        {
            case TypeKind.Elementary:
            case TypeKind.Subrange:
                AppendElementary(sb, t.Elementary, address);
                break;
            case TypeKind.Enum:
            {
                long value = ReadSlot(t.Elementary, address);
                for (int k = 0; k < t.EnumValues.Length; k++)
                {
                    if (t.EnumValues[k] != value) continue;
                    if (t.Name.Length > 0) sb.Append(t.Name).Append('#');
                    sb.Append(t.EnumNames[k]);
                    return;
                }
                AppendElementary(sb, t.Elementary, address);
                break;
            }
            case TypeKind.String:
            case TypeKind.WString:
            {
                bool wide = t.Kind == TypeKind.WString;
                sb.Append(wide ? '"' : '\'');
                for (int k = 0; k < t.Length; k++)
                {
                    int c = wide ? BitConverter.ToUInt16(memory, address + 2 * k) : memory[address + k];
                    if (c == 0) break;
                    int n = LiteralFormatter.EscapedChar(buffer, 0, c, wide);
                    sb.Append(buffer, 0, n);
                }
                sb.Append(wide ? '"' : '\'');
                break;
            }
            case TypeKind.Ref:
            {
                int target = VariablePath.ReadPointer(memory, address);
                if (target == 0) { sb.Append("NULL"); break; }
                string? name = new ReferenceFinder(image).Find(target, t.Element);
                if (name != null) sb.Append("REF(").Append(name).Append(')');
                else sb.Append("16#").Append(target.ToString("X8"));
                break;
            }
            case TypeKind.Array:
            {
                if (depth > 16 || t.Element < 0 || t.Element >= image.Debug.Types.Length) { sb.Append("[...]"); break; }
                int size = image.Debug.Types[t.Element].Size;
                long count = 1;
                for (int d = 0; d < t.Lower.Length; d++) count *= t.Upper[d] - t.Lower[d] + 1;
                sb.Append('[');
                for (long k = 0; k < count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    if (k >= 1000) { sb.Append("..."); break; }
                    Append(sb, address + (int)(k * size), -1, t.Element, depth + 1);
                }
                sb.Append(']');
                break;
            }
            default:
            {
                if (depth > 16) { sb.Append("(...)"); break; }
                sb.Append('(');
                bool first = true;
                foreach (var m in t.Members)
                {
                    if ((m.Flags & VarFlags.Hidden) != 0) continue;
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(m.Name).Append(" := ");
                    int a = (m.Flags & VarFlags.Absolute) != 0 ? m.Offset : address + m.Offset;
                    if ((m.Flags & VarFlags.InOut) != 0) a = VariablePath.ReadPointer(memory, a);
                    Append(sb, a, (m.Flags & VarFlags.BitAddressed) != 0 ? m.Bit : -1, m.Type, depth + 1);
                }
                sb.Append(')');
                break;
            }
        }
    }

    void AppendElementary(StringBuilder sb, ElementaryKind kind, int address)
    {
        int n = LiteralFormatter.Format(kind, ReadSlot(kind, address), buffer);
        sb.Append(buffer, 0, n);
    }

    /// <summary>The value-stack slot of an elementary value in memory.</summary>
    public long ReadSlot(ElementaryKind kind, int address) => kind switch
    {
        ElementaryKind.Bool => memory[address] != 0 ? 1 : 0,
        ElementaryKind.SInt => (sbyte)memory[address],
        ElementaryKind.USInt or ElementaryKind.Byte or ElementaryKind.Char => memory[address],
        ElementaryKind.Int => BitConverter.ToInt16(memory, address),
        ElementaryKind.UInt or ElementaryKind.Word or ElementaryKind.WChar => BitConverter.ToUInt16(memory, address),
        ElementaryKind.DInt => BitConverter.ToInt32(memory, address),
        ElementaryKind.UDInt or ElementaryKind.DWord => BitConverter.ToUInt32(memory, address),
        ElementaryKind.Real => BitConverter.DoubleToInt64Bits(BitConverter.ToSingle(memory, address)),
        _ => BitConverter.ToInt64(memory, address),
    };

    /// <summary>Finds the name of the variable at an address (for showing references).</summary>
    sealed class ReferenceFinder
    {
        readonly Image image;
        public ReferenceFinder(Image image) { this.image = image; }

        public string? Find(int address, int type)
        {
            foreach (var s in image.Debug.Symbols)
            {
                if ((s.Flags & VarFlags.Hidden) != 0) continue;
                var r = Walk(s.Name, s.Address, s.Type, address, type, 0);
                if (r != null) return r;
            }
            return null;
        }

        string? Walk(string name, int at, int type, int address, int wanted, int depth)
        {
            if (type < 0 || type >= image.Debug.Types.Length || depth > 16) return null;
            var t = image.Debug.Types[type];
            if (at == address && (type == wanted || wanted < 0 || SameShape(type, wanted))) return name;
            if (t.Kind is TypeKind.Struct or TypeKind.FunctionBlock or TypeKind.Program)
            {
                foreach (var m in t.Members)
                {
                    if ((m.Flags & (VarFlags.Hidden | VarFlags.InOut | VarFlags.BitAddressed)) != 0) continue;
                    int a = (m.Flags & VarFlags.Absolute) != 0 ? m.Offset : at + m.Offset;
                    int size = m.Type >= 0 && m.Type < image.Debug.Types.Length ? image.Debug.Types[m.Type].Size : 0;
                    if (address < a || address >= a + Math.Max(1, size)) continue;
                    var r = Walk(name + "." + m.Name, a, m.Type, address, wanted, depth + 1);
                    if (r != null) return r;
                }
            }
            else if (t.Kind == TypeKind.Array && t.Element >= 0 && t.Element < image.Debug.Types.Length)
            {
                int size = image.Debug.Types[t.Element].Size;
                if (size <= 0 || address < at || address >= at + t.Size) return null;
                long k = (address - at) / size;
                var index = new long[t.Lower.Length];
                long rest = k;
                for (int d = t.Lower.Length - 1; d >= 0; d--)
                {
                    long n = t.Upper[d] - t.Lower[d] + 1;
                    index[d] = t.Lower[d] + rest % n;
                    rest /= n;
                }
                return Walk(name + "[" + string.Join(", ", index) + "]", at + (int)(k * size), t.Element, address, wanted, depth + 1);
            }
            return null;
        }

        bool SameShape(int a, int b)
        {
            var x = image.Debug.Types[a];
            if (b < 0 || b >= image.Debug.Types.Length) return false;
            var y = image.Debug.Types[b];
            return x.Kind == y.Kind && x.Elementary == y.Elementary && x.Size == y.Size && x.Name == y.Name && x.Length == y.Length;
        }
    }
}

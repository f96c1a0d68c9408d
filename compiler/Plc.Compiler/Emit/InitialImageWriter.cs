using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>
/// Writes the initial memory image: every variable's initial value (its own, else its type's default), string
/// constants, and initial values of directly represented variables in the process image areas.
/// </summary>
public sealed class InitialImageWriter
{
    readonly byte[] mem;
    readonly MemoryMap memory;

    InitialImageWriter(byte[] mem, MemoryMap memory) { this.mem = mem; this.memory = memory; }

    public static byte[] Write(BoundProgram program, MemoryMap memory, int size)
    {
        var w = new InitialImageWriter(new byte[size], memory);
        foreach (var (address, text, wide) in memory.Strings) w.WriteString(address, text, wide, text.Length);
        foreach (var g in program.Globals.Members)
        {
            if (g.Storage == StorageKind.Located) w.WriteLocated(g);
            else w.WriteValue(memory.GlobalsAddress + g.Offset, g.Type, g.Initial);
        }
        // Only the functions and methods in the image have a frame (MemoryMap).
        foreach (var pou in program.Pous.Where(p => p.HasStaticFrame && p.FrameAddress >= 0))
            w.WriteMembers(pou.FrameAddress, pou.Frame, null);
        // VAR_STAT: initialised once, here, never by a call (D35).
        foreach (var pou in program.Pous.Where(p => p.HasStatics))
            w.WriteMembers(pou.StaticsAddress, pou.Statics, null);
        foreach (var instance in program.Instances)
            w.WriteMembers(instance.Address, instance.Program.Frame, null);
        return w.mem;
    }

    void WriteLocated(VariableSymbol v)
    {
        if (v.Initial == null) return;
        var loc = v.Location!;
        int address = memory.Address(loc);
        if (loc.IsBit)
        {
            if (v.Initial is BoundScalarInit si && si.Value.IsInteger && si.Value.Integer != 0)
                mem[address] |= (byte)(1 << loc.Bit);
            return;
        }
        WriteValue(address, v.Type, v.Initial);
    }

    /// <summary>Members of a struct, function block or program instance at an address, with optional overrides.</summary>
    void WriteMembers(int address, StructType type, BoundStructInit? overrides)
    {
        if (type.IsUnion) { WriteUnion(address, type, overrides); return; }
        foreach (var m in type.Members)
        {
            // The class number of a block in a hierarchy: the block's own, also in the member it inherits (D34).
            if (type.Pou is { ClassMember: { } cm } cls && m == cm)
            {
                WriteInt(address + m.Offset, cls.ClassId, 4);
                continue;
            }
            BoundInitializer? init = m.Initial;
            if (overrides != null)
                foreach (var (member, value) in overrides.Fields)
                    if (member == m) init = value;
            if (m.Storage == StorageKind.Located)
            {
                if (init != null && init != m.Initial) WriteLocatedValue(m, init);
                else WriteLocated(m);
                continue;
            }
            if (m.Kind == VariableKind.InOut) continue;
            if (init != m.Initial && init is BoundStructInit partial && m.Initial is BoundStructInit own && m.Type is StructType { IsUnion: false } st)
            {
                // (p := (y := 99)) over a member declared p : Point := (x := 10, y := 20): the member keeps its own
                // initial values for the fields the override does not list (x = 10), then takes the override.
                WriteMembers(address + m.Offset, st, own);
                WriteListed(address + m.Offset, partial);
                continue;
            }
            WriteValue(address + m.Offset, m.Type, init);
        }
    }

    /// <summary>Writes only the fields an initializer lists (recursively merging nested struct initializers).</summary>
    void WriteListed(int address, BoundStructInit init)
    {
        foreach (var (member, value) in init.Fields)
        {
            if (member.Storage == StorageKind.Located) { WriteLocatedValue(member, value); continue; }
            if (value is BoundStructInit nested && member.Type is StructType { IsUnion: false }) WriteListed(address + member.Offset, nested);
            else WriteValue(address + member.Offset, member.Type, value);
        }
    }

    /// <summary>A UNION takes the value of one member (D37): the one its initializer names, else the one with a
    /// declared initial value, else the first member's default; its other bytes are zero.</summary>
    void WriteUnion(int address, StructType union, BoundStructInit? overrides)
    {
        Array.Clear(mem, address, union.Size);
        if (overrides is { Fields.Length: > 0 })
        {
            var (member, value) = overrides.Fields[0];
            WriteValue(address + member.Offset, member.Type, value);
            return;
        }
        var chosen = union.Members.FirstOrDefault(m => m.InitialSyntax != null) ?? union.Members.FirstOrDefault();
        if (chosen != null) WriteValue(address + chosen.Offset, chosen.Type, chosen.Initial);
    }

    void WriteLocatedValue(VariableSymbol v, BoundInitializer init)
    {
        var loc = v.Location!;
        int address = memory.Address(loc);
        if (loc.IsBit)
        {
            if (init is BoundScalarInit si && si.Value.IsInteger && si.Value.Integer != 0) mem[address] |= (byte)(1 << loc.Bit);
            return;
        }
        WriteValue(address, v.Type, init);
    }

    void WriteValue(int address, PlcType type, BoundInitializer? init)
    {
        switch (init)
        {
            case null:
                WriteDefault(address, type);
                return;
            case BoundScalarInit si when type is StringType st:
                WriteString(address, si.Value.Text ?? "", st.Wide, st.Length);
                return;
            case BoundScalarInit si:
                WriteScalar(address, type, si.Value);
                return;
            case BoundArrayInit ai when type is ArrayType at:
            {
                int size = at.Element.Size;
                long count = at.ElementCount;
                for (long k = 0; k < count; k++)
                {
                    var element = k < ai.Elements.Length ? ai.Elements[(int)k] ?? at.ElementDefault : at.ElementDefault;
                    WriteValue(address + (int)(k * size), at.Element, element);
                }
                return;
            }
            case BoundStructInit si when type is StructType st:
                WriteMembers(address, st, si);
                return;
        }
    }

    void WriteDefault(int address, PlcType type)
    {
        switch (type)
        {
            case EnumType e when e.Values.Count > 0 && e.Values[0].Value != 0:
                WriteScalar(address, type, Constant.Of((Int128)e.Values[0].Value));
                return;
            case SubrangeType s when s.Lower > 0 || s.Upper < 0:
                WriteScalar(address, type, Constant.Of((Int128)s.Lower));
                return;
            case StructType st:
                WriteMembers(address, st, null);
                return;
            case ArrayType at:
                if (at.ElementDefault == null && HasZeroDefault(at.Element)) return;
                long count = at.ElementCount;
                for (long k = 0; k < count; k++)
                    WriteValue(address + (int)(k * at.Element.Size), at.Element, at.ElementDefault);
                return;
        }
    }

    static bool HasZeroDefault(PlcType type) => type switch
    {
        EnumType e => e.Values.Count == 0 || e.Values[0].Value == 0,
        SubrangeType s => !(s.Lower > 0 || s.Upper < 0),
        StructType { IsUnion: true } => false,
        StructType st => st.Members.All(m => m.Initial == null && (m.Storage == StorageKind.Located || m.Kind == VariableKind.InOut || HasZeroDefault(m.Type))),
        ArrayType at => at.ElementDefault == null && HasZeroDefault(at.Element),
        _ => true,
    };

    void WriteScalar(int address, PlcType type, Constant value)
    {
        long slot = ConstantEvaluator.ToSlot(value, type);
        var t = Lowering.Scalar(type)!;
        switch (t.StackKind)
        {
            case StackKind.F:
                WriteInt(address, BitConverter.SingleToInt32Bits((float)BitConverter.Int64BitsToDouble(slot)), 4);
                break;
            case StackKind.D:
            case StackKind.L:
                WriteInt(address, slot, 8);
                break;
            default:
                WriteInt(address, slot, type is RefType or NullType ? 4 : t.Size);
                break;
        }
    }

    void WriteInt(int address, long value, int size)
    {
        for (int i = 0; i < size; i++) mem[address + i] = (byte)(value >> (8 * i));
    }

    void WriteString(int address, string text, bool wide, int maxLength)
    {
        int n = Math.Min(text.Length, maxLength);
        for (int i = 0; i < n; i++)
        {
            char ch = text[i];
            if (wide) { mem[address + 2 * i] = (byte)ch; mem[address + 2 * i + 1] = (byte)(ch >> 8); }
            else mem[address + i] = ch <= 0xFF ? (byte)ch : (byte)'?';
        }
    }
}

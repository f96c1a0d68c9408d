using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>Builds the image's debug section: source lines, types, and the symbols (globals, program instances).</summary>
public sealed class DebugInfoBuilder
{
    readonly List<TypeDesc> types = new();
    readonly Dictionary<PlcType, int> typeIndex = new(ReferenceEqualityComparer.Instance);
    readonly MemoryMap memory;

    DebugInfoBuilder(MemoryMap memory) { this.memory = memory; }

    public static DebugInfo Build(BoundProgram program, MemoryMap memory, IReadOnlyList<string> files, LineEntry[] lines)
    {
        var b = new DebugInfoBuilder(memory);
        var symbols = new List<SymbolDesc>();
        foreach (var g in program.Globals.Members)
        {
            var s = new SymbolDesc
            {
                Name = g.Name,
                Type = b.TypeOf(g.Type),
                Flags = Flags(g) | VarFlags.Global,
            };
            if (g.Storage == StorageKind.Located)
            {
                var location = g.Location!;
                s.Address = memory.Address(location);
                s.Bit = location.IsBit ? location.Bit : 0;
                s.Location = location.Text;
            }
            else s.Address = memory.GlobalsAddress + g.Offset;
            symbols.Add(s);
        }
        foreach (var instance in program.Instances)
        {
            symbols.Add(new SymbolDesc
            {
                Name = instance.Name,
                Address = instance.Address,
                Type = b.TypeOf(instance.Program.Frame),
                Flags = instance.Retain switch
                {
                    Ast.RetainKind.Retain => VarFlags.Retain,
                    Ast.RetainKind.Persistent => VarFlags.Persistent,
                    _ => 0,
                },
            });
        }
        // The VAR_STAT variables of a POU, one copy for the program (D35): a symbol named after the POU, so they are
        // monitored, printed and retained as Pou.name (no global or program instance has a POU's name, PLC1003).
        foreach (var pou in program.Pous.Where(p => p.HasStatics))
            symbols.Add(new SymbolDesc { Name = pou.Name, Address = pou.StaticsAddress, Type = b.TypeOf(pou.Statics) });
        foreach (var t in program.NamedTypes) b.TypeOf(t);
        return new DebugInfo
        {
            Files = files.ToArray(),
            Lines = lines,
            Types = b.types.ToArray(),
            Symbols = symbols.ToArray(),
        };
    }

    static int Flags(VariableSymbol v)
    {
        int f = 0;
        if (v.IsConstant) f |= VarFlags.Constant;
        if (v.Retain == Ast.RetainKind.Retain) f |= VarFlags.Retain;
        if (v.Retain == Ast.RetainKind.Persistent) f |= VarFlags.Persistent | VarFlags.Retain;
        switch (v.Kind)
        {
            case VariableKind.Input: f |= VarFlags.Input; break;
            case VariableKind.Output: f |= VarFlags.Output; break;
            case VariableKind.InOut: f |= VarFlags.InOut; break;
            case VariableKind.Temp: f |= VarFlags.Temp; break;
            case VariableKind.Hidden: f |= VarFlags.Hidden; break;
        }
        // An ARRAY[*] parameter's bounds live in its descriptor, which no monitor reads: it is not shown (D42).
        if (v.Type is VarLengthArrayType) f |= VarFlags.Hidden;
        if (v.Storage == StorageKind.Located)
        {
            f |= VarFlags.Absolute;
            if (v.Location!.IsBit) f |= VarFlags.BitAddressed;
        }
        return f;
    }

    int TypeOf(PlcType type)
    {
        if (typeIndex.TryGetValue(type, out int i)) return i;
        var d = new TypeDesc { Size = type.Size };
        i = types.Count;
        types.Add(d);
        typeIndex[type] = i;
        switch (type)
        {
            case ElementaryType e:
                d.Kind = TypeKind.Elementary;
                d.Elementary = e.Kind;
                d.Name = e.Name;
                break;
            case StringType s:
                d.Kind = s.Wide ? TypeKind.WString : TypeKind.String;
                d.Length = s.Length;
                d.Name = s.Name;
                break;
            case ArrayType a:
                d.Kind = TypeKind.Array;
                d.Lower = a.Dimensions.Select(x => x.Lower).ToArray();
                d.Upper = a.Dimensions.Select(x => x.Upper).ToArray();
                d.Element = TypeOf(a.Element);
                break;
            case EnumType en:
                d.Kind = TypeKind.Enum;
                d.Name = en.Name;
                d.Elementary = en.Base.Kind;
                d.EnumNames = en.Values.Select(v => v.Name).ToArray();
                d.EnumValues = en.Values.Select(v => v.Value).ToArray();
                break;
            case SubrangeType sr:
                d.Kind = TypeKind.Subrange;
                d.Elementary = sr.Base.Kind;
                d.Low = sr.Lower;
                d.High = sr.Upper;
                break;
            case RefType r:
                d.Kind = TypeKind.Ref;
                d.Element = TypeOf(r.Target);
                break;
            case ReferenceType r:
                d.Kind = TypeKind.Ref;
                d.Element = TypeOf(r.Target);
                break;
            case PointerType:
                // Shown and written as the address it holds (D32).
                d.Kind = TypeKind.Elementary;
                d.Elementary = ElementaryKind.DWord;
                break;
            case StructType st:
                d.Kind = st.Pou == null ? TypeKind.Struct : st.Pou.Kind == Ast.PouKind.Program ? TypeKind.Program : TypeKind.FunctionBlock;
                d.Name = st.Name;
                d.Members = st.Members.Select(m => Member(m)).ToArray();
                break;
            default:
                d.Kind = TypeKind.Elementary;
                d.Elementary = ElementaryKind.DInt;
                break;
        }
        return i;
    }

    MemberDesc Member(VariableSymbol m)
    {
        var d = new MemberDesc
        {
            Name = m.Name,
            Type = TypeOf(m.Type),
            Flags = Flags(m),
            Offset = m.Offset,
        };
        if (m.Storage == StorageKind.Located)
        {
            var location = m.Location!;
            d.Offset = memory.Address(location);
            d.Bit = location.IsBit ? location.Bit : 0;
            d.Location = location.Text;
        }
        return d;
    }
}

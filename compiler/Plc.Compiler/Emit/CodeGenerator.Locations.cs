using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>How a location is addressed: absolute, relative to the current instance, or from an address that the
/// code has pushed on the stack. Offset is added in every case; Bit selects one bit of the byte.</summary>
public enum LocationMode { Absolute, This, Stack }

public readonly record struct Location(LocationMode Mode, int Offset, int Bit = -1)
{
    public Location Plus(int bytes) => this with { Offset = Offset + bytes };
}

public sealed partial class CodeGenerator
{
    /// <summary>Emits whatever code computes the address of a location and says how to reach it.</summary>
    Location EmitAddress(BoundExpression e)
    {
        switch (e)
        {
            case BoundVariable v: return VariableLocation(v.Variable);
            case BoundProgramInstance p: return new Location(LocationMode.Absolute, p.Instance.Address);
            case BoundDirectAddress d: return DirectLocationOf(d.Location);
            case BoundStringLiteral s: return new Location(LocationMode.Absolute, memory.StringConstant(s.Value, s.StringType.Wide));
            case BoundMember m:
            {
                if (m.Member.Storage == StorageKind.Located) return DirectLocationOf(m.Member.Location!);
                var baseLoc = EmitAddress(m.Instance);
                var slot = baseLoc.Plus(m.Member.Offset);
                if (m.Member.Kind == VariableKind.InOut)
                {
                    Load(slot, ElementaryType.DInt);
                    return new Location(LocationMode.Stack, 0);
                }
                return slot;
            }
            case BoundIndex ix: return IndexLocation(ix);
            case BoundBitAccess b:
            {
                var loc = EmitAddress(b.Target);
                return new Location(loc.Mode, loc.Offset + b.Bit / 8, b.Bit % 8);
            }
            case BoundDereference d:
                EmitValue(d.Reference);
                return new Location(LocationMode.Stack, 0);
            case BoundAnyValue any:
            {
                // pValue, diSize, TypeClass (stdlib/system.st: offsets 0, 4, 8).
                var t = VariableLocation(any.Temp);
                Materialize(EmitAddress(any.Value));
                Store(t, ElementaryType.DInt);
                code.Emit(Opcode.PushI, any.Value.Type.Size);
                Store(t.Plus(4), ElementaryType.DInt);
                code.Emit(Opcode.PushI, any.TypeClass);
                Store(t.Plus(8), ElementaryType.DInt);
                return t;
            }
            case BoundArrayDescriptor descriptor:
                return ArrayDescriptorLocation(descriptor);
            case BoundCopy copy:
                EmitAssign(VariableLocation(copy.Temp), copy.Value, copy.Temp.Type);
                return VariableLocation(copy.Temp);
            case BoundCall call when call.ResultTemp != null:
                EmitCall(call);
                return VariableLocation(call.ResultTemp);
            case BoundIntrinsic bi when bi.Temp != null:
                EmitIntrinsic(bi);
                return VariableLocation(bi.Temp);
            case BoundStringConversion sc when sc.Temp != null:
                EmitStringConversion(sc);
                return VariableLocation(sc.Temp);
            case BoundConversion { Kind: ConversionKind.Implicit or ConversionKind.Identity } c when !c.Type.IsScalar:
                return EmitAddress(c.Operand);
            default:
                throw new InvalidOperationException($"not a location: {e.GetType().Name}");
        }
    }

    Location DirectLocationOf(DirectLocation d)
        => new(LocationMode.Absolute, memory.Address(d), d.IsBit ? d.Bit : -1);

    Location VariableLocation(VariableSymbol v)
    {
        if (v.Storage == StorageKind.Located) return DirectLocationOf(v.Location!);
        var slot = VariableSlot(v);
        if (v.Kind == VariableKind.InOut)
        {
            Load(slot, ElementaryType.DInt);
            return new Location(LocationMode.Stack, 0);
        }
        return slot;
    }

    /// <summary>Where a variable itself is kept: for a VAR_IN_OUT its address slot (or an ARRAY[*]'s descriptor).</summary>
    Location VariableSlot(VariableSymbol v) => v.Storage switch
    {
        StorageKind.Global => new Location(LocationMode.Absolute, memory.GlobalsAddress + v.Offset),
        StorageKind.Frame => new Location(LocationMode.Absolute, v.Owner!.FrameAddress + v.Offset),
        StorageKind.Static => new Location(LocationMode.Absolute, v.Owner!.StaticsAddress + v.Offset),
        _ => new Location(LocationMode.This, v.Offset),
    };

    /// <summary>
    /// An element of an ARRAY[*] parameter (D42): from the address in its descriptor, each index is checked against
    /// the descriptor's bounds and scaled by the size of what it selects (the element size times the lengths of the
    /// later dimensions, computed from the descriptor too).
    /// </summary>
    Location VarLengthIndexLocation(BoundIndex ix, VariableSymbol parameter, VarLengthArrayType vla)
    {
        var slot = VariableSlot(parameter);
        Load(slot, ElementaryType.DInt);
        for (int k = 0; k < ix.Indices.Length; k++)
        {
            var index = ix.Indices[k];
            EmitValue(index);
            var t = Lowering.Scalar(index.Type)!;
            if (t.StackKind != StackKind.L) code.Emit(Lowering.IsUnsigned32(t) ? Opcode.U2L : Opcode.I2L);
            Load(slot.Plus(VarLengthArrayType.LowerOffset(k)), ElementaryType.DInt);
            Load(slot.Plus(VarLengthArrayType.UpperOffset(k)), ElementaryType.DInt);
            code.Emit(Opcode.PushI, vla.Element.Size);
            for (int j = k + 1; j < vla.Rank; j++)
            {
                Load(slot.Plus(VarLengthArrayType.UpperOffset(j)), ElementaryType.DInt);
                Load(slot.Plus(VarLengthArrayType.LowerOffset(j)), ElementaryType.DInt);
                code.Emit(Opcode.Sub_I);
                code.Emit(Opcode.PushI, 1);
                code.Emit(Opcode.Add_I);
                code.Emit(Opcode.Mul_I);
            }
            code.Emit(Opcode.IndexDyn);
        }
        return new Location(LocationMode.Stack, 0);
    }

    /// <summary>Fills the descriptor an ARRAY[*] VAR_IN_OUT receives, in the argument's temporary.</summary>
    Location ArrayDescriptorLocation(BoundArrayDescriptor d)
    {
        var temp = VariableLocation(d.Temp);
        if (d.Array.Type is VarLengthArrayType)
        {
            // Another ARRAY[*] parameter: its descriptor, field by field.
            var source = VariableSlot(((BoundVariable)d.Array).Variable);
            for (int offset = 0; offset < d.Descriptor.Size; offset += 4)
            {
                Load(source.Plus(offset), ElementaryType.DInt);
                Store(temp.Plus(offset), ElementaryType.DInt);
            }
            return temp;
        }
        var at = (ArrayType)d.Array.Type;
        Materialize(EmitAddress(d.Array));
        Store(temp, ElementaryType.DInt);
        for (int k = 0; k < at.Dimensions.Count; k++)
        {
            code.Emit(Opcode.PushI, at.Dimensions[k].Lower);
            Store(temp.Plus(VarLengthArrayType.LowerOffset(k)), ElementaryType.DInt);
            code.Emit(Opcode.PushI, at.Dimensions[k].Upper);
            Store(temp.Plus(VarLengthArrayType.UpperOffset(k)), ElementaryType.DInt);
        }
        return temp;
    }

    /// <summary>The address of a location that needs no code (task SINGLE variables).</summary>
    Location StaticAddress(BoundExpression e)
    {
        int before = code.Position;
        var loc = EmitAddress(e);
        if (code.Position != before || loc.Mode != LocationMode.Absolute)
            throw new InvalidOperationException("expected a static address");
        return loc;
    }

    Location IndexLocation(BoundIndex ix)
    {
        if (ix.Array.Type is VarLengthArrayType vla)
            return VarLengthIndexLocation(ix, ((BoundVariable)ix.Array).Variable, vla);
        var at = (ArrayType)ix.Array.Type;
        var baseLoc = EmitAddress(ix.Array);
        if (ix.Indices.All(i => i.ConstantValue != null))
        {
            long offset = 0;
            for (int k = 0; k < ix.Indices.Length; k++)
                offset += (long)(ix.Indices[k].ConstantValue!.Value.Integer - at.Dimensions[k].Lower) * at.Stride(k);
            return baseLoc.Plus((int)offset);
        }
        Materialize(baseLoc);
        for (int k = 0; k < ix.Indices.Length; k++)
        {
            var index = ix.Indices[k];
            var dim = at.Dimensions[k];
            EmitValue(index);
            var t = Lowering.Scalar(index.Type)!;
            if (t.StackKind == StackKind.L)
                code.Emit(Opcode.IndexL, dim.Lower, dim.Upper, at.Stride(k));
            else
            {
                if (Lowering.IsUnsigned32(t))
                {
                    // A UDINT index above 2^31 must not wrap into range: widen it and check it as a LINT.
                    code.Emit(Opcode.U2L);
                    code.Emit(Opcode.IndexL, dim.Lower, dim.Upper, at.Stride(k));
                }
                else code.Emit(Opcode.Index, dim.Lower, dim.Upper, at.Stride(k));
            }
        }
        return new Location(LocationMode.Stack, 0);
    }

    /// <summary>Pushes the address of a location (never a single bit).</summary>
    void Materialize(Location loc)
    {
        if (loc.Bit >= 0) throw new InvalidOperationException("a bit has no address");
        switch (loc.Mode)
        {
            case LocationMode.Absolute: code.Emit(Opcode.LeaG, loc.Offset); break;
            case LocationMode.This: code.Emit(Opcode.LeaT, loc.Offset); break;
            default: if (loc.Offset != 0) code.Emit(Opcode.AddI, loc.Offset); break;
        }
    }

    enum MemoryKind { I8, U8, I16, U16, I32, I64, F32, F64 }

    static MemoryKind MemoryKindOf(PlcType type)
    {
        var t = Lowering.Scalar(type) ?? throw new InvalidOperationException($"{type.Name} is not a scalar");
        return t.Kind switch
        {
            ElementaryKind.SInt => MemoryKind.I8,
            ElementaryKind.Bool or ElementaryKind.USInt or ElementaryKind.Byte or ElementaryKind.Char => MemoryKind.U8,
            ElementaryKind.Int => MemoryKind.I16,
            ElementaryKind.UInt or ElementaryKind.Word or ElementaryKind.WChar => MemoryKind.U16,
            ElementaryKind.DInt or ElementaryKind.UDInt or ElementaryKind.DWord => MemoryKind.I32,
            ElementaryKind.Real => MemoryKind.F32,
            ElementaryKind.LReal => MemoryKind.F64,
            _ => MemoryKind.I64,
        };
    }

    void Load(Location loc, PlcType type)
    {
        if (loc.Bit >= 0)
        {
            switch (loc.Mode)
            {
                case LocationMode.Absolute: code.Emit(Opcode.LdBitG, loc.Offset, loc.Bit); break;
                case LocationMode.This: code.Emit(Opcode.LdBitT, loc.Offset, loc.Bit); break;
                default: code.Emit(Opcode.LdBitX, loc.Offset, loc.Bit); break;
            }
            return;
        }
        int k = (int)MemoryKindOf(type);
        var op = loc.Mode switch
        {
            LocationMode.Absolute => (Opcode)((int)Opcode.LdG_I8 + k),
            LocationMode.This => (Opcode)((int)Opcode.LdT_I8 + k),
            _ => (Opcode)((int)Opcode.LdX_I8 + k),
        };
        code.Emit(op, loc.Offset);
    }

    /// <summary>Stores the value on top of the stack (for Stack locations the address lies beneath it).</summary>
    void Store(Location loc, PlcType type)
    {
        if (loc.Bit >= 0)
        {
            switch (loc.Mode)
            {
                case LocationMode.Absolute: code.Emit(Opcode.StBitG, loc.Offset, loc.Bit); break;
                case LocationMode.This: code.Emit(Opcode.StBitT, loc.Offset, loc.Bit); break;
                default: code.Emit(Opcode.StBitX, loc.Offset, loc.Bit); break;
            }
            return;
        }
        int k = MemoryKindOf(type) switch
        {
            MemoryKind.I8 or MemoryKind.U8 => 0,
            MemoryKind.I16 or MemoryKind.U16 => 1,
            MemoryKind.I32 => 2,
            MemoryKind.I64 => 3,
            MemoryKind.F32 => 4,
            _ => 5,
        };
        var op = loc.Mode switch
        {
            LocationMode.Absolute => (Opcode)((int)Opcode.StG_I8 + k),
            LocationMode.This => (Opcode)((int)Opcode.StT_I8 + k),
            _ => (Opcode)((int)Opcode.StX_I8 + k),
        };
        code.Emit(op, loc.Offset);
    }
}

using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// CODESYS pointers and references (docs/semantics.md D32): POINTER TO with ADR, SIZEOF, byte arithmetic and
// indexing; REFERENCE TO with REF= and __ISVALIDREF. Every dereference stays a checked indirect access in the
// bytecode, so a wild pointer is a runtime fault on its line, never a host crash.
public sealed partial class Binder
{
    /// <summary>A use of a REFERENCE TO variable or member means the variable it refers to.</summary>
    static BoundExpression AutoDereference(BoundExpression e)
        => e.Type is ReferenceType rt ? new BoundDereference(e.Span, e, rt.Target) : e;

    /// <summary>The reference slot itself when <paramref name="e"/> is the automatic dereference of one.</summary>
    static BoundExpression? ReferenceSlot(BoundExpression e)
        => e is BoundDereference { Reference: { Type: ReferenceType } slot } ? slot : null;

    /// <summary>ADR(x): the byte address of a variable, a DWORD as in CODESYS on a 32-bit target.</summary>
    BoundExpression BindAdr(CallExpression c, BindingContext ctx)
    {
        var arg = SingleArgument(c, "ADR");
        if (arg == null) return new BoundError(c.Span);
        var target = BindExpression(arg, ctx);
        if (target.Type is ErrorType) return target;
        if (!IsReferenceable(target, arg.Span, "ADR() needs a variable")) return new BoundError(c.Span);
        if (RootVariable(target) is { IsConstant: true } rv)
        {
            Report(DiagnosticCodes.CannotTakeReference, arg.Span, $"'{rv.Name}' is a constant: its address would let it be written");
            return new BoundError(c.Span);
        }
        return new BoundReference(c.Span, target, ElementaryType.DWord);
    }

    /// <summary>
    /// SIZEOF(x) or SIZEOF(T): the size in bytes of a variable's type or of a type, as the layout gives it. A
    /// constant (an integer literal) unless the type holds a function block or program instance, whose size is
    /// known only after all bodies are bound: then a UDINT filled in by the code generator.
    /// </summary>
    BoundExpression BindSizeOf(CallExpression c, BindingContext ctx)
    {
        var arg = SingleArgument(c, "SIZEOF");
        if (arg == null) return new BoundError(c.Span);
        PlcType type;
        if (arg is NameExpression n && !IsVariableName(n.Name.Name, ctx) && TypeNamed(n.Name.Name) is { } named)
            type = named;
        else
        {
            // Only the type of the expression counts: it is never evaluated, so no call in it runs.
            var e = BindExpression(arg, ctx);
            if (e.Type is ErrorType) return e;
            if (e.Type is LiteralType or NullType or VoidType)
            {
                Report(DiagnosticCodes.TypeMismatch, arg.Span, e.Type.Name, "a variable or a type (SIZEOF)");
                return new BoundError(c.Span);
            }
            type = e.Type;
        }
        if (type is ErrorType) return new BoundError(c.Span);
        if (type is VarLengthArrayType vla)
        {
            Report(DiagnosticCodes.TypeMismatch, arg.Span, vla.Name,
                "a variable or a type of known size (SIZEOF; an ARRAY[*] has (UPPER_BOUND - LOWER_BOUND + 1) * SIZEOF(element) bytes per dimension, D42)");
            return new BoundError(c.Span);
        }
        if (HasFixedLayout(type))
        {
            Layout.LayoutType(type, diagnostics);
            return new BoundLiteral(c.Span, LiteralType.Integer, Constant.Of((System.Int128)type.Size));
        }
        if (ctx.ConstantOnly)
        {
            Report(DiagnosticCodes.NotConstant, c.Span, $"SIZEOF({type.Name}) (the size of a function block or program instance is known only after its code)");
            return new BoundError(c.Span);
        }
        return new BoundSizeOf(c.Span, type);
    }

    PlcType? TypeNamed(string name)
    {
        if (BuiltinNames.TypeByName(name) is { } builtin) return builtin;
        if (global.Types.TryGetValue(name, out var entry)) return ResolveNamedType(entry);
        if (global.Pous.TryGetValue(name, out var pou) && pou.Kind != PouKind.Function) return pou.Frame;
        return null;
    }

    /// <summary>True when the type's layout depends on nothing that bodies still add (POU frames get temporaries
    /// while their bodies are bound). Resolves the member types of structs on the way.</summary>
    bool HasFixedLayout(PlcType type)
    {
        switch (type)
        {
            case ArrayType a: return HasFixedLayout(a.Element);
            case StructType s:
                if (s.Pou != null) return false;
                foreach (var m in s.Members.ToList())
                {
                    EnsureVariableType(m);
                    if (!HasFixedLayout(m.Type)) return false;
                }
                return true;
            default: return true;
        }
    }

    /// <summary>__ISVALIDREF(r): TRUE when the REFERENCE TO r is bound (not 0).</summary>
    BoundExpression BindIsValidRef(CallExpression c, BindingContext ctx)
    {
        var arg = SingleArgument(c, "__ISVALIDREF");
        if (arg == null) return new BoundError(c.Span);
        var e = BindExpression(arg, ctx);
        if (e.Type is ErrorType) return e;
        var slot = ReferenceSlot(e);
        if (slot == null)
        {
            Report(DiagnosticCodes.InvalidReferenceUse, arg.Span, $"__ISVALIDREF needs a REFERENCE TO variable, not {e.Type.Name}");
            return new BoundError(c.Span);
        }
        var zero = new BoundLiteral(c.Span, ElementaryType.DInt, Constant.Of((System.Int128)0));
        return new BoundBinary(c.Span, BinaryOp.Ne, slot, zero, ElementaryType.DInt, ElementaryType.Bool, null);
    }

    /// <summary><c>r REF= x;</c>: stores the address of x in the REFERENCE TO r (exactly x's type, as VAR_IN_OUT).</summary>
    BoundStatement? BindReferenceAssignment(ReferenceAssignmentStatement a, BindingContext ctx)
    {
        var target = BindExpression(a.Target, ctx);
        var value = BindExpression(a.Value, ctx);
        if (target.Type is ErrorType || value.Type is ErrorType) return null;
        var slot = ReferenceSlot(target);
        if (slot == null)
        {
            Report(DiagnosticCodes.InvalidReferenceUse, a.Target.Span, $"REF= needs a REFERENCE TO variable on its left, not {target.Type.Name}; use := to assign a value");
            return null;
        }
        if (!CheckAssignable(slot, a.Target.Span)) return null;
        var referenceType = (ReferenceType)slot.Type;
        var bound = BindReferenceTarget(value, referenceType, a.Value.Span);
        return bound == null ? null : new BoundAssignment(a.Span, slot, bound);
    }

    /// <summary>The address a REFERENCE TO takes from <paramref name="value"/> (REF= or a reference input), or
    /// null after reporting why it cannot.</summary>
    BoundExpression? BindReferenceTarget(BoundExpression value, ReferenceType type, SourceSpan span)
    {
        if (value.Type is NullType || value.Type is LiteralType && value.ConstantValue is { IsInteger: true } zero && zero.Integer == 0)
            return new BoundLiteral(span, type, Constant.Of((System.Int128)0));
        if (!IsReferenceable(value, span, "a reference needs a variable")) return null;
        if (!Types.IsSameOrDerived(value.Type, type.Target))
        {
            Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name, type.Target.Name + " (a reference needs exactly its type)");
            return null;
        }
        if (RootVariable(value) is { IsConstant: true } rv)
        {
            Report(DiagnosticCodes.AssignToConstant, span, rv.Name);
            return null;
        }
        return new BoundReference(span, value, type);
    }

    /// <summary>p[i] on a POINTER TO T: (p + i * SIZEOF(T))^, as CODESYS computes it.</summary>
    BoundExpression BindPointerIndex(IndexExpression ix, BoundExpression pointer, System.Collections.Generic.List<BoundExpression> indices)
    {
        var pt = (PointerType)pointer.Type;
        if (indices.Count != 1)
        {
            Report(DiagnosticCodes.WrongIndexCount, ix.Span, DescribeTarget(pointer), 1, indices.Count);
            return new BoundError(ix.Span);
        }
        var index = PointerOffsetOperand(indices[0]);
        if (index == null) return new BoundError(ix.Span);
        BoundExpression size = HasFixedLayout(pt.Target)
            ? SizeLiteral(ix.Span, pt.Target)
            : new BoundSizeOf(ix.Span, pt.Target);
        var offset = new BoundBinary(ix.Span, BinaryOp.Mul, index, size, ElementaryType.DInt, ElementaryType.DInt, null);
        var address = new BoundBinary(ix.Span, BinaryOp.Add, pointer, offset, ElementaryType.UDInt, pt, null);
        return new BoundDereference(ix.Span, address, pt.Target);
    }

    BoundExpression SizeLiteral(SourceSpan span, PlcType type)
    {
        Layout.LayoutType(type, diagnostics);
        return new BoundLiteral(span, ElementaryType.DInt, Constant.Of((System.Int128)type.Size));
    }

    /// <summary>An integer added to an address: a 32-bit value (wider integers are narrowed with the usual warning;
    /// an address that wraps is caught when it is dereferenced).</summary>
    BoundExpression? PointerOffsetOperand(BoundExpression e)
    {
        if (e.Type is LiteralType && e.ConstantValue is { IsInteger: true })
            return Convert(e, ElementaryType.DInt, e.Span);
        var t = Lowering.Scalar(e.Type);
        if (t is not { IsIntegral: true } || e.Type is EnumType or RefType or PointerType or ReferenceType or NullType)
        {
            Report(DiagnosticCodes.TypeMismatch, e.Span, e.Type.Name, "an integer offset");
            return null;
        }
        return t.StackKind == StackKind.L ? Convert(e, ElementaryType.DInt, e.Span) : e;
    }

    /// <summary>
    /// Operators with a POINTER TO operand, or null when neither operand is one: p + n, n + p and p - n (bytes, a
    /// pointer of p's type), p - q and p - ADR(x) (DINT bytes between them), and comparisons of addresses (unsigned) with
    /// pointers, NULL, ADR results and integers.
    /// </summary>
    BoundExpression? BindPointerBinary(SourceSpan span, BinaryOp op, BoundExpression left, BoundExpression right, System.Func<BoundExpression> mismatch)
    {
        if (left.Type is InterfaceType || right.Type is InterfaceType)
        {
            // Interfaces compare as the instances they hold: = and <> with another interface, NULL or 0.
            if (op is not (BinaryOp.Eq or BinaryOp.Ne)) return mismatch();
            var li = AddressOperand(left);
            var ri = AddressOperand(right);
            if (li == null || ri == null || left.Type is PointerType || right.Type is PointerType) return mismatch();
            return new BoundBinary(span, op, li, ri, ElementaryType.UDInt, ElementaryType.Bool, null);
        }
        if (left.Type is not PointerType && right.Type is not PointerType) return null;
        if (IsComparison(op))
        {
            var l = AddressOperand(left);
            var r = AddressOperand(right);
            if (l == null || r == null) return mismatch();
            return new BoundBinary(span, op, l, r, ElementaryType.UDInt, ElementaryType.Bool, null);
        }
        if (op == BinaryOp.Sub && left.Type is PointerType && (right.Type is PointerType || IsAdr(right)))
            return new BoundBinary(span, op, left, right, ElementaryType.UDInt, ElementaryType.DInt, null);
        if (op is BinaryOp.Add or BinaryOp.Sub && left.Type is PointerType lp)
        {
            var n = PointerOffsetOperand(right);
            return n == null ? new BoundError(span) : new BoundBinary(span, op, left, n, ElementaryType.UDInt, lp, null);
        }
        if (op == BinaryOp.Add && right.Type is PointerType rp)
        {
            var n = PointerOffsetOperand(left);
            return n == null ? new BoundError(span) : new BoundBinary(span, op, n, right, ElementaryType.UDInt, rp, null);
        }
        return mismatch();
    }

    static bool IsAdr(BoundExpression e) => e is BoundReference { Type: ElementaryType };

    /// <summary>An operand of an address comparison as a 32-bit value, or null when it is no address.</summary>
    BoundExpression? AddressOperand(BoundExpression e)
    {
        if (e.Type is PointerType or InterfaceType) return e;
        if (e.Type is NullType) return new BoundLiteral(e.Span, ElementaryType.UDInt, Constant.Of((System.Int128)0));
        if (e.Type is LiteralType && e.ConstantValue is { IsInteger: true } c)
            return c.Integer >= 0 && c.Integer <= uint.MaxValue ? new BoundLiteral(e.Span, ElementaryType.UDInt, c) : null;
        if (e.Type is ElementaryType { Kind: ElementaryKind.DWord or ElementaryKind.UDInt }) return e;
        return null;
    }
}

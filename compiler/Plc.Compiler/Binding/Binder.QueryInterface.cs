using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// __QUERYINTERFACE and __QUERYPOINTER (CODESYS, TwinCAT; docs/semantics.md D41): the type of the instance behind an
// interface, tested at run time on its class number against the classes the whole program has.
public sealed partial class Binder
{
    /// <summary>
    /// <c>__QUERYINTERFACE(source, dest)</c>: TRUE and <c>dest</c> refers to the instance when the instance behind
    /// <c>source</c> (an interface or a function block instance) implements dest's interface; else FALSE and
    /// <c>dest</c> is 0. <c>__QUERYPOINTER(source, p)</c>: the instance's address in the POINTER <c>p</c>; for a
    /// POINTER TO a function block only when the instance is of that block or one derived from it.
    /// </summary>
    BoundExpression BindQueryInterface(CallExpression c, BindingContext ctx, bool pointer)
    {
        string name = pointer ? "__QUERYPOINTER" : "__QUERYINTERFACE";
        if (!TwoPositionalArguments(c, name)) return new BoundError(c.Span);
        var source = BindExpression(c.Arguments[0].Value!, ctx);
        var dest = BindExpression(c.Arguments[1].Value!, ctx);
        if (source.Type is ErrorType || dest.Type is ErrorType) return new BoundError(c.Span);

        PouSymbol? block = source.Type is StructType { Pou: { Kind: PouKind.FunctionBlock } b } ? b : null;
        if (source.Type is not InterfaceType && block == null)
        {
            Report(DiagnosticCodes.TypeMismatch, c.Arguments[0].Span, source.Type.Name, "an interface or a function block instance");
            return new BoundError(c.Span);
        }
        if (block != null && !IsReferenceable(source, c.Arguments[0].Span, $"{name} needs a variable")) return new BoundError(c.Span);

        // The classes for which the query succeeds; null: any instance (an untyped pointer).
        ImmutableArray<int>? classes;
        if (!pointer)
        {
            if (dest.Type is not InterfaceType wanted)
            {
                Report(DiagnosticCodes.TypeMismatch, c.Arguments[1].Span, dest.Type.Name, "an interface variable");
                return new BoundError(c.Span);
            }
            classes = ConcreteClasses().Where(p => p.AllInterfaces().Contains(wanted.Interface)).Select(p => p.ClassId).ToImmutableArray();
        }
        else if (Types.Underlying(dest.Type) == ElementaryType.DWord || Types.Underlying(dest.Type) == ElementaryType.UDInt)
            classes = null;    // an address: PVOID, DWORD (what ADR gives)
        else if (dest.Type is not PointerType pt)
        {
            Report(DiagnosticCodes.TypeMismatch, c.Arguments[1].Span, dest.Type.Name, "a POINTER, PVOID or DWORD variable");
            return new BoundError(c.Span);
        }
        else if (pt.Target is StructType { Pou: { Kind: PouKind.FunctionBlock } target })
            classes = target.ClassId > 0
                ? target.SelfAndDerived().Where(p => !p.IsAbstract).Select(p => p.ClassId).ToImmutableArray()
                : ImmutableArray<int>.Empty;   // a block in no hierarchy implements no interface: never behind one
        else
            classes = null;
        if (!CheckAssignable(dest, c.Arguments[1].Span)) return new BoundError(c.Span);

        // A block instance without a class number (no EXTENDS, no IMPLEMENTS) is of exactly its block, which
        // implements no interface: the answer is known now. So is a query no class can answer.
        bool? known = null;
        if (block is { ClassId: 0 })
            known = pointer && (classes == null || dest.Type is PointerType { Target: StructType { Pou: { } t } } && t == block);
        else if (classes is { IsEmpty: true })
            known = false;
        return new BoundQueryInterface(c.Span, source, dest, classes, known, NewTemp(ctx, ElementaryType.DInt, c.Span));
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// ARRAY[*] parameters (docs/semantics.md D42): a VAR_IN_OUT that takes arrays of any bounds with its rank and
// element type, its bounds read at run time with LOWER_BOUND/UPPER_BOUND, each index checked against them.
public sealed partial class Binder
{
    /// <summary><c>a[i, j]</c> on an ARRAY[*] parameter: integer indices, one per dimension, checked when the code
    /// runs (the bounds are the argument's).</summary>
    BoundExpression BindVarLengthIndex(IndexExpression ix, BoundExpression target, VarLengthArrayType vla, List<BoundExpression> indices)
    {
        if (DescriptorOf(target) == null)
        {
            Report(DiagnosticCodes.UnsupportedConstruct, ix.Target.Span, "an ARRAY[*] parameter reached other than by its name (D42)");
            return new BoundError(ix.Span);
        }
        if (indices.Count != vla.Rank)
        {
            Report(DiagnosticCodes.WrongIndexCount, ix.Span, DescribeTarget(target), vla.Rank, indices.Count);
            return new BoundError(ix.Span);
        }
        var converted = ImmutableArray.CreateBuilder<BoundExpression>();
        foreach (var index in indices)
        {
            if (IntegerIndex(index) is not { } c) return new BoundError(ix.Span);
            converted.Add(c);
        }
        return new BoundIndex(ix.Span, target, converted.ToImmutable(), vla.Element);
    }

    /// <summary>The ARRAY[*] parameter whose descriptor an expression names, else null.</summary>
    static VariableSymbol? DescriptorOf(BoundExpression e) =>
        e is BoundVariable { Variable: { Kind: VariableKind.InOut, Type: VarLengthArrayType } v } ? v : null;

    /// <summary>
    /// The argument of an ARRAY[*] VAR_IN_OUT: an array variable of the same rank and exactly the element type (its
    /// declared bounds go with it), or another ARRAY[*] parameter (its descriptor is passed on).
    /// </summary>
    BoundArgument? BindArrayArgument(BoundExpression value, VariableSymbol param, VarLengthArrayType vla, SourceSpan span, BindingContext ctx)
    {
        bool fits = value.Type switch
        {
            ArrayType at => at.Dimensions.Count == vla.Rank && Types.Identical(at.Element, vla.Element),
            VarLengthArrayType other => other.Rank == vla.Rank && Types.Identical(other.Element, vla.Element),
            _ => false,
        };
        if (!fits)
        {
            Report(DiagnosticCodes.TypeMismatch, span, value.Type.Name,
                $"{vla.Name} (VAR_IN_OUT '{param.Name}' takes an array of {vla.Rank} dimension(s) of exactly {vla.Element.Name})");
            return null;
        }
        if (value.Type is VarLengthArrayType && DescriptorOf(value) == null)
        {
            Report(DiagnosticCodes.UnsupportedConstruct, span, "an ARRAY[*] parameter reached other than by its name (D42)");
            return null;
        }
        if (!IsReferenceable(value, span, $"VAR_IN_OUT '{param.Name}' needs a variable")) return null;
        if (!param.IsConstant && RootVariable(value) is { IsConstant: true } rv)
        {
            Report(DiagnosticCodes.AssignToConstant, span, rv.Name);
            return null;
        }
        return new BoundArgument(param, new BoundArrayDescriptor(span, value, vla, NewTemp(ctx, vla, span)), false);
    }

    /// <summary>LOWER_BOUND(a, n) / UPPER_BOUND(a, n): a DINT; a constant for an array of declared bounds, read from
    /// the descriptor for an ARRAY[*] parameter. n is a constant dimension number from 1.</summary>
    BoundExpression BindArrayBound(CallExpression c, BindingContext ctx, bool upper)
    {
        string name = upper ? "UPPER_BOUND" : "LOWER_BOUND";
        if (!TwoPositionalArguments(c, name)) return new BoundError(c.Span);
        var array = BindExpression(c.Arguments[0].Value!, ctx);
        if (array.Type is ErrorType) return array;
        int rank = array.Type switch { ArrayType at => at.Dimensions.Count, VarLengthArrayType v => v.Rank, _ => 0 };
        if (rank == 0)
        {
            Report(DiagnosticCodes.NotAnArray, c.Arguments[0].Span, DescribeTarget(array));
            return new BoundError(c.Span);
        }
        var dimension = EvaluateConstantInteger(c.Arguments[1].Value!, ctx.Scope, $"the dimension of {name}");
        if (dimension == null) return new BoundError(c.Span);
        if (dimension < 1 || dimension > rank)
        {
            Report(DiagnosticCodes.IndexOutOfBounds, c.Arguments[1].Span, dimension.Value.ToString(), 1, rank);
            return new BoundError(c.Span);
        }
        int k = (int)dimension.Value - 1;
        if (array.Type is ArrayType fixedArray)
        {
            var d = fixedArray.Dimensions[k];
            return new BoundLiteral(c.Span, ElementaryType.DInt, Constant.Of((System.Int128)(upper ? d.Upper : d.Lower)));
        }
        if (DescriptorOf(array) is not { } parameter)
        {
            Report(DiagnosticCodes.UnsupportedConstruct, c.Arguments[0].Span, "an ARRAY[*] parameter reached other than by its name (D42)");
            return new BoundError(c.Span);
        }
        return new BoundArrayBound(c.Span, parameter, k + 1, upper);
    }
}

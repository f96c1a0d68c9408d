using System.Collections.Immutable;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;

namespace Plc.Compiler.Binding;

// The generic standard functions (IEC 61131-3 Tables 23-29): typed from their arguments, lowered to instructions
// or natives. Operators in function form (ADD, GT, NOT ...) reuse the operators' binding.
public sealed partial class Binder
{
    BoundExpression? BindIntrinsic(CallExpression c, string name, BindingContext ctx)
    {
        var signature = Intrinsics.Find(name);
        if (signature == null) return null;
        var syntax = ArrangeArguments(c, signature);
        if (syntax == null) return new BoundError(c.Span);
        var args = syntax.Select(a => BindExpression(a, ctx)).ToList();
        if (args.Any(a => a.Type is ErrorType)) return new BoundError(c.Span);
        var span = c.Span;
        string upper = signature.Name;

        switch (upper)
        {
            case "ADD": return Chain(span, BinaryOp.Add, args);
            case "MUL": return Chain(span, BinaryOp.Mul, args);
            case "AND": return Chain(span, BinaryOp.And, args);
            case "OR": return Chain(span, BinaryOp.Or, args);
            case "XOR": return Chain(span, BinaryOp.Xor, args);
            case "SUB": return BindBinaryBound(span, BinaryOp.Sub, args[0], args[1]);
            case "DIV": return BindBinaryBound(span, BinaryOp.Div, args[0], args[1]);
            case "MOD": return BindBinaryBound(span, BinaryOp.Mod, args[0], args[1]);
            case "EXPT": return BindBinaryBound(span, BinaryOp.Power, args[0], args[1]);
            case "NOT": return BindUnaryBound(span, UnaryOperator.Not, args[0]);
            case "MOVE": return args[0];
            case "GT": return Comparisons(span, BinaryOp.Gt, args);
            case "GE": return Comparisons(span, BinaryOp.Ge, args);
            case "EQ": return Comparisons(span, BinaryOp.Eq, args);
            case "LE": return Comparisons(span, BinaryOp.Le, args);
            case "LT": return Comparisons(span, BinaryOp.Lt, args);
            case "NE": return BindBinaryBound(span, BinaryOp.Ne, args[0], args[1]);
            case "MUL_TIME": case "DIV_TIME": case "MUL_LTIME": case "DIV_LTIME":
            {
                // IEC Table 30: a duration times or divided by a number.
                var duration = upper.EndsWith("_LTIME") ? ElementaryType.LTime : ElementaryType.Time;
                var time = ConvertForAssignment(args[0], duration, args[0].Span);
                if (time.Type is ErrorType) return time;
                return BindBinaryBound(span, upper.StartsWith("MUL") ? BinaryOp.Mul : BinaryOp.Div, time, args[1]);
            }
            case "ABS": return BindAbs(span, args[0]);
            case "ATAN2": return BindMath(span, "ATAN2", MathFunction.Atan2, args);
            case "SEL":
            {
                var g = ConvertForAssignment(args[0], ElementaryType.Bool, args[0].Span);
                if (g.Type is ErrorType) return g;
                return BindChoice(span, upper, g, args.Skip(1).ToList(), ctx);
            }
            case "MUX":
            {
                var k = IntegerArgument(args[0], "MUX selector K");
                if (k == null) return new BoundError(span);
                return BindChoice(span, upper, k, args.Skip(1).ToList(), ctx);
            }
            case "MAX": return BindExtreme(span, IntrinsicKind.Max, upper, args);
            case "MIN": return BindExtreme(span, IntrinsicKind.Min, upper, args);
            case "LIMIT": return BindExtreme(span, IntrinsicKind.Limit, upper, args);
            case "SHL": return BindShift(span, IntrinsicKind.Shl, upper, args);
            case "SHR": return BindShift(span, IntrinsicKind.Shr, upper, args);
            case "ROL": return BindShift(span, IntrinsicKind.Rol, upper, args);
            case "ROR": return BindShift(span, IntrinsicKind.Ror, upper, args);
        }
        if (Intrinsics.MathFunctionOf(upper) is { } fn) return BindMath(span, upper, fn, args);
        return BindStringFunction(span, upper, args, ctx);
    }

    /// <summary>Puts the arguments of an intrinsic call in parameter order; reports misuse.</summary>
    List<Expression>? ArrangeArguments(CallExpression c, IntrinsicSignature s)
    {
        var result = new List<Expression?>();
        bool named = false, ok = true;
        int position = -1;
        foreach (var a in c.Arguments)
        {
            position++;
            if (a.Kind == ArgumentKind.Output || a.Negated)
            {
                Report(DiagnosticCodes.WrongArgumentDirection, a.Span, $"{s.Name} has no outputs");
                ok = false;
                continue;
            }
            if (a.Value == null) { ok = false; continue; }
            if (a.Kind == ArgumentKind.Positional)
            {
                if (named)
                {
                    // FIND(STR1 := s, '.') (TwinCAT accepts it): the argument stands for the parameter at its place.
                    if (!s.Extensible && position >= s.Parameters.Length)
                    {
                        Report(DiagnosticCodes.WrongArgumentCount, c.Span, s.Name, s.Parameters.Length.ToString(), c.Arguments.Length);
                        return null;
                    }
                    while (result.Count <= position) result.Add(null);
                    if (result[position] != null)
                    {
                        Report(DiagnosticCodes.MixedArgumentStyle, a.Span);
                        ok = false;
                        continue;
                    }
                    Report(DiagnosticCodes.PositionalByPlace, a.Span, position + 1, s.Name, Intrinsics.ParameterName(s, position));
                    result[position] = a.Value;
                    continue;
                }
                result.Add(a.Value);
                continue;
            }
            named = true;
            int index = -1;
            for (int k = 0; k < Math.Max(s.Parameters.Length, c.Arguments.Length + 1); k++)
            {
                if (!s.Extensible && k >= s.Parameters.Length) break;
                if (Intrinsics.NamesParameter(s, k, a.Name!.Name)) { index = k; break; }
            }
            if (index < 0)
            {
                Report(DiagnosticCodes.UnknownParameter, a.Name!.Span, s.Name, a.Name.Name);
                ok = false;
                continue;
            }
            while (result.Count <= index) result.Add(null);
            if (result[index] != null)
            {
                Report(DiagnosticCodes.DuplicateArgument, a.Span, a.Name!.Name);
                ok = false;
                continue;
            }
            result[index] = a.Value;
        }
        if (!ok) return null;
        int count = result.Count;
        bool countOk = s.Extensible ? count >= s.MinimumArguments && count <= 256 : count == s.Parameters.Length;
        if (!countOk || result.Any(r => r == null))
        {
            string expected = s.Extensible ? $"{s.MinimumArguments} or more" : s.Parameters.Length.ToString();
            Report(DiagnosticCodes.WrongArgumentCount, c.Span, s.Name, expected, c.Arguments.Length);
            return null;
        }
        return result!;
    }

    BoundExpression Chain(SourceSpan span, BinaryOp op, List<BoundExpression> args)
    {
        var acc = args[0];
        for (int k = 1; k < args.Count && acc.Type is not ErrorType; k++) acc = BindBinaryBound(span, op, acc, args[k]);
        return acc;
    }

    /// <summary>GT(a, b, c) = (a > b) AND (b > c).</summary>
    BoundExpression Comparisons(SourceSpan span, BinaryOp op, List<BoundExpression> args)
    {
        BoundExpression? result = null;
        for (int k = 0; k + 1 < args.Count; k++)
        {
            var pair = BindBinaryBound(span, op, args[k], args[k + 1]);
            if (pair.Type is ErrorType) return pair;
            result = result == null ? pair : BindBinaryBound(span, BinaryOp.And, result, pair);
        }
        return result!;
    }

    static bool IsNumericOperand(BoundExpression e) =>
        e.Type is LiteralType || Lowering.Scalar(e.Type) is { IsNumeric: true } && e.Type is not (EnumType or RefType or PointerType or NullType);

    BoundExpression BindAbs(SourceSpan span, BoundExpression x)
    {
        if (!IsNumericOperand(x))
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, "ABS", x.Type.Name);
            return new BoundError(span);
        }
        if (x.Type == LiteralType.Integer) return new BoundLiteral(span, x.Type, Constant.Of(Int128.Abs(x.ConstantValue!.Value.Integer)));
        if (x.Type == LiteralType.RealNumber) return new BoundLiteral(span, x.Type, Constant.Of(Math.Abs(x.ConstantValue!.Value.Real)));
        var t = Lowering.Scalar(x.Type)!;
        Constant? folded = null;
        if (x.ConstantValue is { } c)
        {
            bool negative = c.IsReal ? c.Real < 0 : c.Integer < 0;
            folded = c;
            if (negative)
            {
                var (o, v) = ConstantEvaluator.Apply(Lowering.Unary(UnaryOp.Negate, t)!, c, t, t);
                folded = o == ConstantEvaluator.Outcome.Ok ? v : null;
            }
        }
        return new BoundIntrinsic(span, IntrinsicKind.Abs, ImmutableArray.Create(x), t, null, default, folded);
    }

    BoundExpression BindMath(SourceSpan span, string name, MathFunction fn, List<BoundExpression> args)
    {
        foreach (var a in args)
            if (!IsNumericOperand(a))
            {
                Report(DiagnosticCodes.OperatorTypeMismatch, span, name, a.Type.Name);
                return new BoundError(span);
            }
        if (args.All(a => a.Type is LiteralType))
        {
            double x = args[0].ConstantValue!.Value.AsDouble, y = args.Count > 1 ? args[1].ConstantValue!.Value.AsDouble : 0;
            return new BoundLiteral(span, LiteralType.RealNumber, Constant.Of(Plc.Runtime.Hosting.HostMath.Evaluate(fn, x, y)));
        }
        // REAL when every typed argument is REAL, LREAL otherwise (an integer argument gives LREAL).
        bool single = args.All(a => a.Type is LiteralType || Lowering.Scalar(a.Type)!.Kind == ElementaryKind.Real);
        var type = single ? ElementaryType.Real : ElementaryType.LReal;
        var converted = args.Select(a => Convert(a, type, a.Span)).ToImmutableArray();
        Constant? folded = null;
        if (converted.All(a => a.ConstantValue is { }))
        {
            double x = converted[0].ConstantValue!.Value.AsDouble, y = converted.Length > 1 ? converted[1].ConstantValue!.Value.AsDouble : 0;
            double r = Plc.Runtime.Hosting.HostMath.Evaluate(fn, x, y);
            folded = Constant.Of(single ? (double)(float)r : r);
        }
        var kind = fn == MathFunction.Atan2 ? IntrinsicKind.Atan2 : IntrinsicKind.Math;
        return new BoundIntrinsic(span, kind, converted, type, null, fn, folded);
    }

    /// <summary>An integer argument (selector, count, position): literals become DINT, 64-bit values DINT.</summary>
    BoundExpression? IntegerArgument(BoundExpression e, string what)
    {
        if (e.Type == LiteralType.Integer) return Convert(e, ElementaryType.DInt, e.Span, allowOutOfRange: false);
        var t = Lowering.Scalar(e.Type);
        if (t is not { IsIntegral: true } || e.Type is EnumType or RefType or PointerType)
        {
            Report(DiagnosticCodes.TypeMismatch, e.Span, e.Type.Name, what + " (an integer)");
            return null;
        }
        return t.StackKind == StackKind.L ? Convert(e, ElementaryType.DInt, e.Span) : e;
    }

    /// <summary>The type several values are converted to (scalars: D3; strings: the longest of one width).</summary>
    PlcType? ChoiceType(List<BoundExpression> values)
    {
        if (values.All(v => v.Type is StringType))
        {
            var strings = values.Select(v => (StringType)v.Type).ToList();
            if (strings.Any(s => s.Wide != strings[0].Wide)) return null;
            return new StringType(strings[0].Wide, Math.Max(1, strings.Max(s => s.Length)));
        }
        if (values.Any(v => !v.Type.IsScalar && v.Type is not LiteralType)) return null;
        PlcType type = values[0].Type;
        Constant? value = values[0].ConstantValue;
        for (int k = 1; k < values.Count; k++)
        {
            if (type is EnumType && Types.Identical(type, values[k].Type)) continue;
            var common = Conversions.CommonType(type, value, values[k].Type, values[k].ConstantValue, out _);
            if (common == null || common is ErrorType) return null;
            type = common;
            value = null;
        }
        if (type == LiteralType.Integer) type = Conversions.TypeForIntegerLiteral(values.Max(v => v.ConstantValue!.Value.Integer));
        if (type == LiteralType.RealNumber) type = ElementaryType.LReal;
        return type;
    }

    /// <summary>SEL(G, IN0, IN1) and MUX(K, IN0, ...): all inputs evaluated, one chosen (MUX faults outside).</summary>
    BoundExpression BindChoice(SourceSpan span, string name, BoundExpression selector, List<BoundExpression> values, BindingContext ctx)
    {
        var type = ChoiceType(values);
        if (type == null)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, name, string.Join(", ", values.Select(v => v.Type.Name).Distinct()));
            return new BoundError(span);
        }
        var converted = values.Select(v => type is StringType ? v : Convert(v, type, v.Span)).ToList();
        if (converted.Any(v => v.Type is ErrorType)) return new BoundError(span);
        Constant? folded = null;
        if (selector.ConstantValue is { IsInteger: true } k && k.Integer >= 0 && k.Integer < converted.Count
            && converted[(int)k.Integer].ConstantValue is { } chosen && type.IsScalar)
            folded = chosen;
        var temp = type is StringType ? NewTemp(ctx, type, span) : null;
        return new BoundIntrinsic(span, IntrinsicKind.Mux, converted.Prepend(selector).ToImmutableArray(), type, temp, default, folded);
    }

    /// <summary>MAX, MIN (extensible) and LIMIT(MN, IN, MX) on any scalar type with an order.</summary>
    BoundExpression BindExtreme(SourceSpan span, IntrinsicKind kind, string name, List<BoundExpression> args)
    {
        var type = args.Any(a => a.Type is StringType) ? null : ChoiceType(args);
        var t = type == null ? null : Lowering.Scalar(type);
        if (type == null || t == null || type is RefType or PointerType or NullType)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, name, string.Join(", ", args.Select(a => a.Type.Name).Distinct()));
            return new BoundError(span);
        }
        var converted = args.Select(a => Convert(a, type, a.Span)).ToImmutableArray();
        if (converted.Any(v => v.Type is ErrorType)) return new BoundError(span);
        Constant? folded = null;
        if (converted.All(a => a.ConstantValue is { }))
        {
            int Compare(Constant a, Constant b) => a.IsReal || b.IsReal ? a.AsDouble.CompareTo(b.AsDouble) : a.Integer.CompareTo(b.Integer);
            var values = converted.Select(a => a.ConstantValue!.Value).ToList();
            Constant Pick(Constant a, Constant b, bool max) => (max ? Compare(b, a) > 0 : Compare(b, a) < 0) ? b : a;
            folded = kind switch
            {
                IntrinsicKind.Max => values.Aggregate((a, b) => Pick(a, b, true)),
                IntrinsicKind.Min => values.Aggregate((a, b) => Pick(a, b, false)),
                _ => Pick(Pick(values[0], values[1], true), values[2], false),
            };
        }
        return new BoundIntrinsic(span, kind, converted, type is SubrangeType s ? s.Base : type, null, default, folded);
    }

    /// <summary>SHL, SHR, ROL, ROR on bit strings and integers; the width is the IN type's.</summary>
    BoundExpression BindShift(SourceSpan span, IntrinsicKind kind, string name, List<BoundExpression> args)
    {
        var input = args[0];
        if (input.Type == LiteralType.Integer)
        {
            var v = input.ConstantValue!.Value.Integer;
            input = Convert(input, v >= 0 && v <= uint.MaxValue ? ElementaryType.DWord : ElementaryType.LWord, input.Span);
        }
        var t = Lowering.Scalar(input.Type);
        if (t is not { IsIntegral: true } || input.Type is EnumType or RefType or PointerType or NullType)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, name, input.Type.Name);
            return new BoundError(span);
        }
        var n = IntegerArgument(args[1], name + " count N");
        if (n == null || input.Type is ErrorType) return new BoundError(span);
        return new BoundIntrinsic(span, kind, ImmutableArray.Create(input, n), t, null, default, null);
    }

    /// <summary>LEN, LEFT, RIGHT, MID, CONCAT, INSERT, DELETE, REPLACE, FIND on STRING and WSTRING.</summary>
    BoundExpression BindStringFunction(SourceSpan span, string name, List<BoundExpression> args, BindingContext ctx)
    {
        int[] stringArgs = name switch
        {
            "INSERT" or "REPLACE" or "FIND" => new[] { 0, 1 },
            "CONCAT" => Enumerable.Range(0, args.Count).ToArray(),
            _ => new[] { 0 },
        };
        var strings = new List<StringType>();
        foreach (int k in stringArgs)
        {
            if (args[k].Type is not StringType st)
            {
                Report(DiagnosticCodes.TypeMismatch, args[k].Span, args[k].Type.Name, $"STRING or WSTRING ({name})");
                return new BoundError(span);
            }
            if (!IsStringOperand(args[k]))
            {
                Report(DiagnosticCodes.TypeMismatch, args[k].Span, args[k].Type.Name, $"a string value ({name})");
                return new BoundError(span);
            }
            strings.Add(st);
        }
        bool wide = strings[0].Wide;
        if (strings.Any(s => s.Wide != wide))
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, name, "STRING and WSTRING");
            return new BoundError(span);
        }
        var converted = new List<BoundExpression>();
        for (int k = 0; k < args.Count; k++)
        {
            if (stringArgs.Contains(k)) { converted.Add(args[k]); continue; }
            var i = IntegerArgument(args[k], $"{name} {(k == args.Count - 1 && name is "MID" or "DELETE" or "REPLACE" or "INSERT" ? "position P" : "length L")}");
            if (i == null) return new BoundError(span);
            converted.Add(i);
        }
        var kind = name switch
        {
            "LEN" => IntrinsicKind.Len, "LEFT" => IntrinsicKind.Left, "RIGHT" => IntrinsicKind.Right, "MID" => IntrinsicKind.Mid,
            "CONCAT" => IntrinsicKind.Concat, "INSERT" => IntrinsicKind.Insert, "DELETE" => IntrinsicKind.Delete,
            "REPLACE" => IntrinsicKind.Replace, _ => IntrinsicKind.Find,
        };
        if (kind is IntrinsicKind.Len or IntrinsicKind.Find)
        {
            Constant? folded = null;
            if (converted.All(a => a.ConstantValue is { IsString: true }))
            {
                string a = converted[0].ConstantValue!.Value.Text!;
                folded = kind == IntrinsicKind.Len ? Constant.Of((Int128)a.Length)
                    : Constant.Of((Int128)(converted[1].ConstantValue!.Value.Text!.Length == 0 ? 0 : a.IndexOf(converted[1].ConstantValue!.Value.Text!, StringComparison.Ordinal) + 1));
            }
            return new BoundIntrinsic(span, kind, converted.ToImmutableArray(), ElementaryType.Int, null, default, folded);
        }
        int length = kind switch
        {
            IntrinsicKind.Concat or IntrinsicKind.Insert or IntrinsicKind.Replace => strings.Sum(s => s.Length),
            _ => strings[0].Length,
        };
        var type = new StringType(wide, Math.Clamp(length, 1, StringType.MaxLength));
        if (ctx.ConstantOnly)
        {
            Report(DiagnosticCodes.NotConstant, span, name);
            return new BoundError(span);
        }
        return new BoundIntrinsic(span, kind, converted.ToImmutableArray(), type, NewTemp(ctx, type, span), default, null);
    }

    static bool IsStringOperand(BoundExpression e) => e.IsLocation || e is BoundStringLiteral;
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Testing;

namespace Plc.Compiler.Binding;

// The assertions of `plc test` (docs/testing.md, D31): statements bound only in a test build.
//   ASSERT_EQUAL(expected, actual [, message])     every elementary type, strings and enumerations
//   ASSERT_NEAR(expected, actual, tolerance [, message])   |expected - actual| <= tolerance, in LREAL
//   ASSERT_TRUE(condition [, message]), ASSERT_FALSE(condition [, message])
// Each becomes: operands with side effects stored once in temporaries; IF NOT (check) THEN __TEST_FAIL(kind, file,
// line, column, message, expected as text, actual as text) ELSE __TEST_PASS() END_IF. The values are turned into
// text only on a failure.
public sealed partial class Binder
{
    static readonly string[] AssertionNames = { "ASSERT_EQUAL", "ASSERT_NEAR", "ASSERT_TRUE", "ASSERT_FALSE" };

    /// <summary>Names that exist only in a test build.</summary>
    static bool IsTestOnlyName(string name) => Names.Equal(name, TestRewriter.Advance) || AssertionNames.Any(a => Names.Equal(a, name));

    /// <summary>An assertion call statement of a test build, or null when <paramref name="s"/> is none (a program's own
    /// POU or variable of that name wins).</summary>
    bool IsAssertionCall(CallStatement s, BindingContext ctx, out string name)
    {
        name = "";
        if (!testing || s.Call.Callee is not NameExpression n) return false;
        string? found = AssertionNames.FirstOrDefault(a => Names.Equal(a, n.Name.Name));
        if (found == null || global.Pous.ContainsKey(found) || IsVariableName(found, ctx)) return false;
        name = found;
        return true;
    }

    /// <summary>Reports a test-only name used where it cannot be (outside a test build, ADVANCE not at the top of a
    /// test, an assertion as a value). True when <paramref name="name"/> is one of them.</summary>
    bool ReportTestOnlyName(CallExpression c, string name)
    {
        if (!IsTestOnlyName(name)) return false;
        if (!testing) Report(DiagnosticCodes.TestOnly, c.Callee.Span, name.ToUpperInvariant());
        else if (Names.Equal(name, TestRewriter.Advance))
            Report(DiagnosticCodes.AdvanceMisplaced, c.Span, "ADVANCE is a statement of its own, in the body of a test function block only (it ends a step of the test)");
        else Report(DiagnosticCodes.NotAValue, c.Span, name.ToUpperInvariant(), "an assertion (a statement of its own)");
        return true;
    }

    BoundStatement? BindAssertion(CallStatement s, string name, BindingContext ctx)
    {
        var span = s.Span;
        pendingTextCases.Clear();
        string[] parameters = name switch
        {
            "ASSERT_EQUAL" => new[] { "EXPECTED", "ACTUAL", "MESSAGE" },
            "ASSERT_NEAR" => new[] { "EXPECTED", "ACTUAL", "TOLERANCE", "MESSAGE" },
            _ => new[] { "CONDITION", "MESSAGE" },
        };
        var syntax = ArrangeAssertionArguments(s.Call, name, parameters);
        if (syntax == null) return null;

        var before = new List<BoundStatement>();
        BoundExpression? failed;
        BoundExpression expectedText, actualText;
        bool quoted = false;
        switch (name)
        {
            case "ASSERT_TRUE":
            case "ASSERT_FALSE":
            {
                var condition = ConvertForAssignment(BindExpression(syntax[0]!, ctx, ElementaryType.Bool), ElementaryType.Bool, syntax[0]!.Span);
                if (condition.Type is ErrorType) return null;
                bool wanted = name == "ASSERT_TRUE";
                failed = wanted ? BindUnaryBound(span, UnaryOperator.Not, condition) : condition;
                expectedText = Text(span, wanted ? "TRUE" : "FALSE");
                actualText = Text(span, wanted ? "FALSE" : "TRUE");
                break;
            }
            case "ASSERT_EQUAL":
            {
                var expected = BindExpression(syntax[0]!, ctx);
                var actual = BindExpression(syntax[1]!, ctx, expected.Type is LiteralType ? null : expected.Type);
                if (expected.Type is ErrorType || actual.Type is ErrorType) return null;
                // A literal takes the other side's type, so that it is compared and shown as that type.
                if (expected.Type is LiteralType && actual.Type is not LiteralType && actual.Type.IsScalar)
                    expected = Convert(expected, actual.Type, expected.Span);
                else if (actual.Type is LiteralType && expected.Type is not LiteralType && expected.Type.IsScalar)
                    actual = Convert(actual, expected.Type, actual.Span);
                if (expected.Type is ErrorType || actual.Type is ErrorType) return null;
                expected = Once(expected, ctx, before);
                actual = Once(actual, ctx, before);
                var equal = BindBinaryBound(span, BinaryOp.Eq, expected, actual);
                if (equal.Type is ErrorType) return null;
                failed = BindUnaryBound(span, UnaryOperator.Not, equal);
                expectedText = AsText(expected, ctx);
                actualText = AsText(actual, ctx);
                quoted = expected.Type is StringType;
                break;
            }
            default: // ASSERT_NEAR
            {
                BoundExpression Real(Expression e)
                {
                    var b = BindExpression(e, ctx, ElementaryType.LReal);
                    if (b.Type is ErrorType) return b;
                    if (!IsNumericOperand(b))
                    {
                        Report(DiagnosticCodes.OperatorTypeMismatch, e.Span, name, b.Type.Name);
                        return new BoundError(e.Span);
                    }
                    return Once(ConvertForAssignment(b, ElementaryType.LReal, e.Span), ctx, before);
                }
                var expected = Real(syntax[0]!);
                var actual = Real(syntax[1]!);
                var tolerance = Real(syntax[2]!);
                if (expected.Type is ErrorType || actual.Type is ErrorType || tolerance.Type is ErrorType) return null;
                var near = BindBinaryBound(span, BinaryOp.Le, BindAbs(span, BindBinaryBound(span, BinaryOp.Sub, expected, actual)), tolerance);
                if (near.Type is ErrorType) return null;
                failed = BindUnaryBound(span, UnaryOperator.Not, near);
                expectedText = AsText(expected, ctx);
                actualText = AsText(actual, ctx);
                break;
            }
        }
        if (failed.Type is ErrorType) return null;

        BoundExpression message = Text(span, "");
        var messageSyntax = syntax[parameters.Length - 1];
        if (messageSyntax != null)
        {
            var m = BindExpression(messageSyntax, ctx);
            if (m.Type is ErrorType) return null;
            if (m.Type is StringType { Wide: true }) m = ToString(m, ctx);
            message = ConvertForAssignment(m, new StringType(false, StringType.DefaultLength), messageSyntax.Span);
            if (message.Type is ErrorType) return null;
        }

        var fail = SupportCall(span, "__TEST_FAIL", ctx, Text(span, name), Integer(span, program.Files.IndexOf(span.Path)),
            Integer(span, span.Line), Integer(span, span.Column), message, expectedText, actualText,
            new BoundLiteral(span, ElementaryType.Bool, Constant.Of(quoted)));
        var pass = SupportCall(span, "__TEST_PASS", ctx);
        if (fail == null || pass == null) return null;
        var check = new BoundIf(span, ImmutableArray.Create((failed, new BoundBlock(span, ImmutableArray.Create(fail)))),
            new BoundBlock(span, ImmutableArray.Create(pass)));
        before.Add(check);
        return new BoundBlock(span, before.ToImmutableArray());
    }

    /// <summary>The arguments in parameter order (the last parameter, the message, may be missing).</summary>
    List<Expression?>? ArrangeAssertionArguments(CallExpression c, string name, string[] parameters)
    {
        var result = new Expression?[parameters.Length];
        bool named = false, ok = true;
        int positional = 0;
        foreach (var a in c.Arguments)
        {
            int index;
            if (a.Kind == ArgumentKind.Positional)
            {
                if (named) { Report(DiagnosticCodes.MixedArgumentStyle, a.Span); ok = false; continue; }
                if (positional >= parameters.Length)
                {
                    Report(DiagnosticCodes.WrongArgumentCount, a.Span, name, parameters.Length, c.Arguments.Length);
                    return null;
                }
                index = positional++;
            }
            else
            {
                named = true;
                index = a.Name == null ? -1 : System.Array.FindIndex(parameters, p => Names.Equal(p, a.Name.Name));
                if (index < 0 || a.Kind == ArgumentKind.Output)
                {
                    Report(DiagnosticCodes.UnknownParameter, a.Span, name, a.Name?.Name ?? "");
                    ok = false;
                    continue;
                }
                if (result[index] != null) { Report(DiagnosticCodes.DuplicateArgument, a.Span, parameters[index]); ok = false; continue; }
            }
            if (a.Value == null) { ok = false; continue; }
            result[index] = a.Value;
        }
        if (!ok) return null;
        int required = parameters.Length - 1;
        if (result.Take(required).Any(r => r == null))
        {
            Report(DiagnosticCodes.WrongArgumentCount, c.Span, name, required, c.Arguments.Length);
            return null;
        }
        return result.ToList();
    }

    /// <summary>The value itself when reading it twice is harmless (a constant, a variable); otherwise a temporary
    /// assigned once, before the check.</summary>
    BoundExpression Once(BoundExpression e, BindingContext ctx, List<BoundStatement> before)
    {
        if (e.Type is ErrorType || e.ConstantValue != null || e.Type is LiteralType || IsPlainRead(e)) return e;
        var temp = NewTemp(ctx, e.Type, e.Span);
        var target = new BoundVariable(e.Span, temp);
        before.Add(new BoundAssignment(e.Span, target, e));
        return target;
    }

    static bool IsPlainRead(BoundExpression e) => e switch
    {
        BoundVariable or BoundDirectAddress or BoundStringLiteral or BoundLiteral => true,
        BoundMember m => IsPlainRead(m.Instance),
        BoundBitAccess b => IsPlainRead(b.Target),
        BoundIndex i => IsPlainRead(i.Array) && i.Indices.All(IsPlainRead),
        BoundConversion c => IsPlainRead(c.Operand),
        _ => false,
    };

    /// <summary>A value as STRING for the failure message: its IEC text (enumerations by name).</summary>
    BoundExpression AsText(BoundExpression e, BindingContext ctx)
    {
        switch (e.Type)
        {
            case LiteralType when e.ConstantValue is { } c:
                return Text(e.Span, c.IsReal ? c.Real.ToString("R", CultureInfo.InvariantCulture) : c.Integer.ToString(CultureInfo.InvariantCulture));
            case StringType { Wide: false }:
                return e;
            case StringType:
                return ToString(e, ctx);
            case ElementaryType:
                return ToString(e, ctx);
            case SubrangeType sub:
                return ToString(new BoundConversion(e.Span, e, sub.Base, ConversionKind.Identity, null), ctx);
            case EnumType en:
                return EnumText(e, en, ctx);
            default:
                return Text(e.Span, "(" + e.Type.Name + ")");
        }
    }

    BoundExpression ToString(BoundExpression e, BindingContext ctx)
    {
        var to = new StringType(false, StringType.DefaultLength);
        return new BoundStringConversion(e.Span, e, to, NewTemp(ctx, to, e.Span));
    }

    /// <summary>CASE value OF v1: text := 'Type#Name1'; ... ELSE text := the number END_CASE, into a temporary.</summary>
    BoundExpression EnumText(BoundExpression e, EnumType type, BindingContext ctx)
    {
        var span = e.Span;
        var text = new BoundVariable(span, NewTemp(ctx, new StringType(false, StringType.DefaultLength), span));
        var clauses = type.Values.GroupBy(v => v.Value).Select(g => new BoundCaseClause(
            ImmutableArray.Create(((Int128)g.Key, (Int128)g.Key)),
            new BoundBlock(span, ImmutableArray.Create<BoundStatement>(new BoundAssignment(span, text, Text(span, type.Name + "#" + g.First().Name)))))).ToImmutableArray();
        var number = new BoundAssignment(span, text, ToString(new BoundConversion(span, e, type.Base, ConversionKind.Identity, null), ctx));
        var selectorTemp = NewTemp(ctx, type.Base, span);
        pendingTextCases.Add(new BoundCase(span, new BoundConversion(span, e, type.Base, ConversionKind.Identity, null), selectorTemp, clauses,
            new BoundBlock(span, ImmutableArray.Create<BoundStatement>(number))));
        return text;
    }

    readonly List<BoundStatement> pendingTextCases = new();

    static BoundStringLiteral Text(SourceSpan span, string value) => new(span, value, new StringType(false, System.Math.Max(1, value.Length)));

    static BoundLiteral Integer(SourceSpan span, long value) => new(span, LiteralType.Integer, Constant.Of((Int128)value));

    /// <summary>A call of a support function (Testing/TestSupport.st) with its inputs in declaration order.</summary>
    BoundStatement? SupportCall(SourceSpan span, string function, BindingContext ctx, params BoundExpression[] values)
    {
        if (!global.Pous.TryGetValue(function, out var pou)) return null;
        foreach (var p in pou.Parameters) EnsureVariableType(p);
        var inputs = pou.Parameters.Where(p => p.Kind == VariableKind.Input).ToList();
        var args = ImmutableArray.CreateBuilder<BoundArgument>();
        for (int k = 0; k < values.Length && k < inputs.Count; k++)
        {
            var v = ConvertForAssignment(values[k], inputs[k].Type, span);
            if (v.Type is ErrorType) return null;
            args.Add(new BoundArgument(inputs[k], v, false));
        }
        ctx.Pou?.RecordCall(pou, span);
        var call = new BoundCall(span, pou, args.ToImmutable(), VoidType.Instance, null);
        if (pendingTextCases.Count == 0) return new BoundCallStatement(span, call);
        // Enumeration names are chosen by CASE statements that must run before the call.
        var block = pendingTextCases.Append(new BoundCallStatement(span, call)).ToImmutableArray();
        pendingTextCases.Clear();
        return new BoundBlock(span, block);
    }
}

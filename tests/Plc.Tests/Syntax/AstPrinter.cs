using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Plc.Compiler.Ast;

namespace Plc.Tests.Syntax;

/// <summary>
/// Writes AST nodes in a compact, fully parenthesised notation, so tests can state the expected shape of a tree
/// in one readable string: <c>((-2) ** 2)</c>, <c>x := (a + 1);</c>, <c>call t(IN := b, Q => q);</c>.
/// </summary>
static class AstPrinter
{
    public static string Print(Expression? e) => e switch
    {
        null => "null",
        ErrorExpression => "<error>",
        NameExpression n => n.Name.Name,
        IntegerLiteral i => i.Value.ToString(CultureInfo.InvariantCulture),
        RealLiteral r => "real(" + r.Value.ToString("R", CultureInfo.InvariantCulture) + ")",
        BoolLiteral b => b.Value ? "TRUE" : "FALSE",
        NullLiteral => "NULL",
        StringLiteral s => (s.Wide ? "wstr(" : "str(") + s.Value + ")",
        DurationLiteral d => (d.Long ? "ltime(" : "time(") + d.Nanoseconds + ")",
        DateLiteral d => (d.Long ? "ldate(" : "date(") + d.Nanoseconds + ")",
        TimeOfDayLiteral t => (t.Long ? "ltod(" : "tod(") + t.Nanoseconds + ")",
        DateAndTimeLiteral t => (t.Long ? "ldt(" : "dt(") + t.Nanoseconds + ")",
        TypedLiteral t => t.TypeName.Name + "#" + Print(t.Value),
        QualifiedEnumValue q => q.TypeName.Name + "#" + q.ValueName.Name,
        UnaryExpression u => "(" + Unary(u.Operator) + Print(u.Operand) + ")",
        BinaryExpression b => "(" + Print(b.Left) + " " + Binary(b.Operator) + " " + Print(b.Right) + ")",
        MemberAccessExpression m => Print(m.Target) + "." + m.Member.Name,
        BitAccessExpression b => "bit(" + Print(b.Target) + ", " + b.Bit + ")",
        IndexExpression i => Print(i.Target) + "[" + string.Join(", ", i.Indices.Select(Print)) + "]",
        DereferenceExpression d => Print(d.Target) + "^",
        DirectAddressExpression d => d.Address.Text,
        CallExpression c => Print(c.Callee) + "(" + string.Join(", ", c.Arguments.Select(Print)) + ")",
        _ => "?" + e.GetType().Name,
    };

    public static string Print(Argument a) => a.Kind switch
    {
        ArgumentKind.Positional => Print(a.Value),
        ArgumentKind.Input => a.Name + " := " + Print(a.Value),
        _ => (a.Negated ? "NOT " : "") + a.Name + " =>" + (a.Value is null ? "" : " " + Print(a.Value)),
    };

    public static string Print(Statement s) => s switch
    {
        AssignmentStatement a => Print(a.Target) + " := " + Print(a.Value) + ";",
        ReferenceAssignmentStatement r => Print(r.Target) + " REF= " + Print(r.Value) + ";",
        CallStatement c => "call " + Print(c.Call) + ";",
        ExpressionStatement e => "expr " + Print(e.Expression) + ";",
        IfStatement i => "IF " + Print(i.Condition) + " THEN " + Print(i.Then)
            + string.Concat(i.Elsifs.Select(e => " ELSIF " + Print(e.Condition) + " THEN " + Print(e.Body)))
            + (i.Else is { } otherwise ? " ELSE " + Print(otherwise) : "") + " END_IF",
        CaseStatement c => "CASE " + Print(c.Selector) + " OF "
            + string.Concat(c.Clauses.Select(k => string.Join(", ", k.Labels.Select(Print)) + ": " + Print(k.Body) + " "))
            + (c.Else is { } otherwise ? "ELSE " + Print(otherwise) + " " : "") + "END_CASE",
        ForStatement f => "FOR " + Print(f.Variable) + " := " + Print(f.Start) + " TO " + Print(f.End)
            + (f.Step is null ? "" : " BY " + Print(f.Step)) + " DO " + Print(f.Body) + " END_FOR",
        WhileStatement w => "WHILE " + Print(w.Condition) + " DO " + Print(w.Body) + " END_WHILE",
        RepeatStatement r => "REPEAT " + Print(r.Body) + " UNTIL " + Print(r.Until) + " END_REPEAT",
        ExitStatement => "EXIT;",
        ContinueStatement => "CONTINUE;",
        ReturnStatement => "RETURN;",
        EmptyStatement => ";",
        LabelStatement l => l.Name + ":",
        JumpStatement j => "JMP " + j.Label + ";",
        _ => "?" + s.GetType().Name,
    };

    public static string Print(IEnumerable<Statement> statements) => "[" + string.Join(" ", statements.Select(Print)) + "]";

    public static string Print(CaseLabel l) => l.Upper is null ? Print(l.Value) : Print(l.Value) + ".." + Print(l.Upper);

    public static string Print(TypeReference? t) => t switch
    {
        null => "null",
        NamedTypeReference n => n.Name.Name,
        StringTypeReference s => (s.Wide ? "WSTRING" : "STRING") + (s.Length is null ? "" : "(" + Print(s.Length) + ")"),
        ArrayTypeReference a => "ARRAY[" + string.Join(", ", a.Ranges.Select(r => Print(r.Lower) + ".." + Print(r.Upper)))
            + "] OF " + Print(a.ElementType),
        RefTypeReference r => "REF_TO " + Print(r.Target),
        PointerTypeReference p => "POINTER TO " + Print(p.Target),
        ReferenceTypeReference r => "REFERENCE TO " + Print(r.Target),
        SubrangeTypeReference s => Print(s.Base) + "(" + Print(s.Lower) + ".." + Print(s.Upper) + ")",
        EnumTypeReference e => "(" + string.Join(", ", e.Values.Select(v => v.Name + (v.Value is null ? "" : " := " + Print(v.Value))))
            + ")" + (e.BaseType is null ? "" : " " + Print(e.BaseType)),
        StructTypeReference s => "STRUCT " + string.Concat(s.Members.Select(m => Print(m) + " ")) + "END_STRUCT",
        UnionTypeReference u => "UNION " + string.Concat(u.Members.Select(m => Print(m) + " ")) + "END_UNION",
        _ => "?" + t.GetType().Name,
    };

    public static string Print(Initializer? i) => i switch
    {
        null => "null",
        ExpressionInitializer e => Print(e.Value),
        ArrayInitializer a => "[" + string.Join(", ", a.Elements.Select(e => e.RepeatCount is null
            ? Print(e.Value) : Print(e.RepeatCount) + "(" + (e.Value is null ? "" : Print(e.Value)) + ")")) + "]",
        StructInitializer s => "(" + string.Join(", ", s.Fields.Select(f => f.Name + " := " + Print(f.Value))) + ")",
        _ => "?" + i.GetType().Name,
    };

    public static string Print(VarDeclaration v) => string.Join(", ", v.Names)
        + (v.Location is null ? "" : " AT " + v.Location.Text) + " : " + Print(v.Type)
        + (v.Initial is null ? "" : " := " + Print(v.Initial)) + ";";

    public static string Print(VarBlock b) => b.Kind + (b.Constant ? " CONSTANT" : "")
        + (b.Retain == RetainKind.None ? "" : " " + b.Retain) + " { " + string.Concat(b.Variables.Select(v => Print(v) + " ")) + "}";

    static string Unary(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        _ => "NOT ",
    };

    static string Binary(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.Xor => "XOR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "MOD",
        _ => "**",
    };
}

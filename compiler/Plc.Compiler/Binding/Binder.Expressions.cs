using System;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// Expressions: names, members, indices, literals, operators, implicit conversions and constant folding.
public sealed partial class Binder
{
    BoundExpression BindExpression(Expression e, BindingContext ctx, PlcType? expected = null)
    {
        switch (e)
        {
            case ErrorExpression: return new BoundError(e.Span);
            case IntegerLiteral i: return new BoundLiteral(e.Span, LiteralType.Integer, Constant.Of((Int128)i.Value));
            case RealLiteral r: return new BoundLiteral(e.Span, LiteralType.RealNumber, Constant.Of(r.Value));
            case BoolLiteral b: return new BoundLiteral(e.Span, ElementaryType.Bool, Constant.Of(b.Value));
            case StringLiteral s: return new BoundStringLiteral(e.Span, s.Value, new StringType(s.Wide, s.Value.Length));
            case DurationLiteral d: return new BoundLiteral(e.Span, d.Long ? ElementaryType.LTime : ElementaryType.Time, Constant.Of((Int128)d.Nanoseconds));
            case DateLiteral d: return new BoundLiteral(e.Span, d.Long ? ElementaryType.LDate : ElementaryType.Date, Constant.Of((Int128)d.Nanoseconds));
            case TimeOfDayLiteral d: return new BoundLiteral(e.Span, d.Long ? ElementaryType.LTod : ElementaryType.Tod, Constant.Of((Int128)d.Nanoseconds));
            case DateAndTimeLiteral d: return new BoundLiteral(e.Span, d.Long ? ElementaryType.Ldt : ElementaryType.Dt, Constant.Of((Int128)d.Nanoseconds));
            case NullLiteral: return new BoundLiteral(e.Span, NullType.Instance, Constant.Of((Int128)0));
            case TypedLiteral t: return BindTypedLiteral(t, ctx);
            case QualifiedEnumValue q: return BindQualifiedEnum(q.TypeName, q.ValueName, e.Span);
            case NameExpression n: return BindName(n, ctx, expected);
            case MemberAccessExpression m: return NotAMethodGroup(BindMember(m, ctx));
            case BitAccessExpression b: return BindBitAccess(b, ctx);
            case IndexExpression ix: return BindIndex(ix, ctx);
            case DereferenceExpression d: return BindDereference(d, ctx);
            case DirectAddressExpression da: return BindDirectAddress(da, ctx);
            case CallExpression c: return BindCallExpression(c, ctx);
            case UnaryExpression u: return BindUnary(u, ctx, expected);
            case AssignmentExpression a: return BindAssignmentExpression(a, ctx);
            case BinaryExpression b: return BindBinary(b, ctx);
            default: return new BoundError(e.Span);
        }
    }

    // ---- names ------------------------------------------------------------------------------------------------

    BoundExpression BindName(NameExpression n, BindingContext ctx, PlcType? expected)
    {
        var name = n.Name;
        if (IsMissing(name)) return new BoundError(n.Span);
        if (ctx.Scope != null && ctx.Scope.Variables.TryGetValue(name.Name, out var local))
            return VariableReference(local, n.Span);
        if (global.Globals.TryGetValue(name.Name, out var g))
        {
            if (g.List is { QualifiedOnly: true } list)
            {
                Report(DiagnosticCodes.QualifiedOnlyGlobal, n.Span, name.Name, list.Name.Name);
                return new BoundError(n.Span);
            }
            return VariableReference(g, n.Span);
        }
        if (global.EnumValues.TryGetValue(name.Name, out var values))
        {
            var candidates = values;
            if (values.Count > 1 && expected is EnumType et)
                candidates = values.Where(v => v.Type == et).ToList();
            if (candidates.Count == 1)
                return EnumLiteral(candidates[0], n.Span);
            Report(DiagnosticCodes.AmbiguousEnumValue, n.Span, name.Name, string.Join(", ", values.Select(v => v.Type.Name)));
            return new BoundError(n.Span);
        }
        if (BindOwnMember(n, ctx) is { } own) return own;
        if (ctx.Pou != null && tests.Contains(ctx.Pou.Name) && TestProgramInstance(name.Name) is { } programInstance)
            return new BoundProgramInstance(n.Span, programInstance);
        if (global.Pous.TryGetValue(name.Name, out var pou))
        {
            Report(DiagnosticCodes.NotAValue, n.Span, name.Name, "a " + PouKindText(pou.Kind));
            return new BoundError(n.Span);
        }
        if (global.Types.ContainsKey(name.Name) || ElementaryType.Find(name.Name) != null)
        {
            Report(DiagnosticCodes.NotAValue, n.Span, name.Name, "a type");
            return new BoundError(n.Span);
        }
        Report(DiagnosticCodes.UndeclaredName, n.Span, name.Name);
        return new BoundError(n.Span);
    }

    BoundExpression VariableReference(VariableSymbol v, Diagnostics.SourceSpan span)
    {
        v.Used = true;
        EnsureVariableType(v);
        if (v.IsConstant && v.Kind != VariableKind.InOut) EnsureConstantValue(v);
        if (v.Location != null) program.UseArea(v.Location, v.Type.Size);
        return AutoDereference(new BoundVariable(span, v));
    }

    static BoundExpression EnumLiteral(EnumValueSymbol v, Diagnostics.SourceSpan span)
        => new BoundLiteral(span, v.Type, Constant.Of((Int128)v.Value));

    BoundExpression BindQualifiedEnum(Identifier typeName, Identifier valueName, Diagnostics.SourceSpan span)
    {
        if (IsMissing(typeName) || IsMissing(valueName)) return new BoundError(span);
        if (!global.Types.TryGetValue(typeName.Name, out var entry))
        {
            Report(DiagnosticCodes.UnknownType, typeName.Span, typeName.Name);
            return new BoundError(span);
        }
        if (ResolveNamedType(entry) is not EnumType et)
        {
            Report(DiagnosticCodes.InvalidLiteral, span, $"'{typeName.Name}' is not an enumeration");
            return new BoundError(span);
        }
        var v = et.Find(valueName.Name);
        if (v == null)
        {
            Report(DiagnosticCodes.NoSuchMember, valueName.Span, et.Name, valueName.Name);
            return new BoundError(span);
        }
        return EnumLiteral(v, span);
    }

    BoundExpression BindTypedLiteral(TypedLiteral t, BindingContext ctx)
    {
        if (IsMissing(t.TypeName)) return new BoundError(t.Span);
        if (t.Value is NameExpression ne)
            return BindQualifiedEnum(t.TypeName, ne.Name, t.Span);
        var elementary = ElementaryType.Find(t.TypeName.Name);
        var value = BindExpression(t.Value, ctx);
        if (value.Type is ErrorType) return value;
        if (Names.Equal(t.TypeName.Name, "STRING") || Names.Equal(t.TypeName.Name, "WSTRING"))
        {
            bool wide = Names.Equal(t.TypeName.Name, "WSTRING");
            if (value is BoundStringLiteral sl)
                return new BoundStringLiteral(t.Span, sl.Value, new StringType(wide, sl.Value.Length));
            Report(DiagnosticCodes.InvalidLiteral, t.Span, $"{t.TypeName.Name}# needs a string literal");
            return new BoundError(t.Span);
        }
        if (elementary == null)
        {
            if (global.Types.TryGetValue(t.TypeName.Name, out var entry) && ResolveNamedType(entry) is { } named && named is not ErrorType)
                return Convert(value, named, t.Span);
            Report(DiagnosticCodes.UnknownType, t.TypeName.Span, t.TypeName.Name);
            return new BoundError(t.Span);
        }
        if (elementary.IsChar)
        {
            if (value is BoundStringLiteral cs && cs.Value.Length == 1)
                return new BoundLiteral(t.Span, elementary, Constant.Of((Int128)cs.Value[0]));
            Report(DiagnosticCodes.InvalidLiteral, t.Span, $"{elementary.Name}# needs a string of exactly one character");
            return new BoundError(t.Span);
        }
        if (value.ConstantValue is not { } c)
        {
            Report(DiagnosticCodes.InvalidLiteral, t.Span, $"{elementary.Name}# must be followed by a literal");
            return new BoundError(t.Span);
        }
        if (elementary.IsBool && value.Type == LiteralType.Integer)
        {
            if (c.Integer == 0 || c.Integer == 1) return new BoundLiteral(t.Span, elementary, c);
            Report(DiagnosticCodes.ConstantOutOfRange, t.Span, c.ToString(), "BOOL");
            return new BoundError(t.Span);
        }
        return Convert(value, elementary, t.Span);
    }

    void EnsureConstantValue(VariableSymbol v)
    {
        if (!v.IsConstant || v.InitialBound) return;
        BindVariableInitial(v);
    }

    // ---- members, indices, references ---------------------------------------------------------------------------

    BoundExpression BindMember(MemberAccessExpression m, BindingContext ctx)
    {
        if (IsMissing(m.Member)) return new BoundError(m.Span);
        // GVL_Main.x: a variable of a named global variable list.
        if (m.Target is NameExpression ln && GlobalListNamed(ln.Name.Name, ctx) is { } list)
        {
            if (list.Variables.TryGetValue(m.Member.Name, out var listed)) return VariableReference(listed, m.Span);
            Report(DiagnosticCodes.NoSuchMember, m.Member.Span, list.Name.Name, m.Member.Name);
            return new BoundError(m.Span);
        }
        // Color.Red: an enumeration value qualified CODESYS-style.
        if (m.Target is NameExpression tn && !IsVariableName(tn.Name.Name, ctx)
            && global.Types.TryGetValue(tn.Name.Name, out var entry) && ResolveNamedType(entry) is EnumType et)
        {
            var ev = et.Find(m.Member.Name);
            if (ev != null) return EnumLiteral(ev, m.Span);
            Report(DiagnosticCodes.NoSuchMember, m.Member.Span, et.Name, m.Member.Name);
            return new BoundError(m.Span);
        }
        var target = BindExpression(m.Target, ctx);
        if (target.Type is ErrorType) return target;
        if (target.Type is StructType st)
        {
            var member = st.FindMember(m.Member.Name);
            // A method, property or action of a block instance.
            if ((member == null || member.Hidden) && st.Pou is { } owner && BindMemberOfBlock(m, target, owner, ctx) is { } ofBlock)
                return ofBlock;
            if (member == null && st.Pou?.Statics.FindMember(m.Member.Name) is { } staticMember)
            {
                // VAR_STAT is visible only inside its POU (CODESYS), like its VAR.
                Report(DiagnosticCodes.MemberNotAccessible, m.Member.Span, staticMember.Name, st.Pou.Name, "accessed");
                return new BoundError(m.Span);
            }
            if (member == null || member.Hidden)
            {
                Report(DiagnosticCodes.NoSuchMember, m.Member.Span, DescribeTarget(target), m.Member.Name);
                return new BoundError(m.Span);
            }
            // A test sees every variable of a program instance, as a monitor does (D31); a block's own methods
            // see every variable of it through THIS^.
            SourceSpan? readFromOutside = null;
            if (st.Pou != null && member.Kind is VariableKind.Local or VariableKind.Temp && !(target is BoundProgramInstance && member.Kind == VariableKind.Local && testing)
                && InstanceOwner(ctx) != st.Pou)
            {
                // A local VAR may be read from outside, as TwinCAT allows (with a warning, like its SA0102); writes,
                // calls and addresses through such an access are errors (D11). VAR_TEMP has no value between calls.
                if (member.Kind == VariableKind.Temp || member.Type is ReferenceType)
                {
                    Report(DiagnosticCodes.MemberNotAccessible, m.Member.Span, m.Member.Name, st.Pou.Name, "accessed");
                    return new BoundError(m.Span);
                }
                Report(DiagnosticCodes.LocalReadFromOutside, m.Member.Span, m.Member.Name, st.Pou.Name);
                readFromOutside = m.Member.Span;
            }
            EnsureVariableType(member);
            member.Used = true;
            if (member.Location != null) program.UseArea(member.Location, member.Type.Size);
            return AutoDereference(new BoundMember(m.Span, target, member) { ReadFromOutsideAt = readFromOutside });
        }
        if (target.Type is InterfaceType it)
        {
            if (it.Interface.FindMethod(m.Member.Name) is { } prototype) return new BoundMethodReference(m.Span, target, prototype);
            if (it.Interface.FindProperty(m.Member.Name) is { } property) return BindPropertyRead(m.Span, m.Member, target, property, ctx);
        }
        Report(DiagnosticCodes.NoSuchMember, m.Member.Span, DescribeTarget(target), m.Member.Name);
        return new BoundError(m.Span);
    }

    /// <summary>The global variable list of this name, unless the name means something else here: a variable (local
    /// or global), a POU or a type of that name comes first, as a local variable hides a global (docs/compatibility.md).</summary>
    GlobalVariableList? GlobalListNamed(string name, BindingContext ctx)
    {
        if (!global.Lists.TryGetValue(name, out var list)) return null;
        if (IsVariableName(name, ctx) || global.Pous.ContainsKey(name) || global.Types.ContainsKey(name)) return null;
        return list;
    }

    bool IsVariableName(string name, BindingContext ctx)
        => ctx.Scope != null && ctx.Scope.Variables.ContainsKey(name) || global.Globals.ContainsKey(name);

    static string DescribeTarget(BoundExpression e) => e switch
    {
        BoundVariable v => v.Variable.Name,
        BoundMember m => DescribeTarget(m.Instance) + "." + m.Member.Name,
        _ => e.Type.Name,
    };

    BoundExpression BindBitAccess(BitAccessExpression b, BindingContext ctx)
    {
        var target = BindExpression(b.Target, ctx);
        if (target.Type is ErrorType) return target;
        var t = Lowering.Scalar(target.Type);
        if (t == null || !(t.IsIntegral) || target.Type is EnumType or RefType or PointerType)
        {
            Report(DiagnosticCodes.InvalidBitAccess, b.Span, $"bit access needs an integer or bit-string value, not {target.Type.Name}");
            return new BoundError(b.Span);
        }
        if (b.Bit < 0 || b.Bit >= t.Bits)
        {
            Report(DiagnosticCodes.InvalidBitAccess, b.Span, $"{t.Name} has bits 0..{t.Bits - 1}, not {b.Bit}");
            return new BoundError(b.Span);
        }
        if (!target.IsLocation || target is BoundCall or BoundStringConversion)
        {
            Report(DiagnosticCodes.InvalidBitAccess, b.Span, "bit access needs a variable");
            return new BoundError(b.Span);
        }
        return new BoundBitAccess(b.Span, target, b.Bit);
    }

    /// <summary>An array index: an integer (a literal as DINT); null after reporting anything else.</summary>
    BoundExpression? IntegerIndex(BoundExpression index)
    {
        if (index.Type == LiteralType.Integer) return Convert(index, ElementaryType.DInt, index.Span, allowOutOfRange: true);
        if (Lowering.Scalar(index.Type) is { IsIntegral: true } && index.Type is not (RefType or PointerType)) return index;
        Report(DiagnosticCodes.TypeMismatch, index.Span, index.Type.Name, "an integer index");
        return null;
    }

    BoundExpression BindIndex(IndexExpression ix, BindingContext ctx)
    {
        var target = BindExpression(ix.Target, ctx);
        var indices = ix.Indices.Select(i => BindExpression(i, ctx)).ToList();
        if (target.Type is ErrorType || indices.Any(i => i.Type is ErrorType)) return new BoundError(ix.Span);
        if (target.Type is PointerType) return BindPointerIndex(ix, target, indices);
        if (target.Type is VarLengthArrayType vla) return BindVarLengthIndex(ix, target, vla, indices);
        if (target.Type is not ArrayType at)
        {
            Report(DiagnosticCodes.NotAnArray, ix.Target.Span, DescribeTarget(target));
            return new BoundError(ix.Span);
        }
        if (indices.Count != at.Dimensions.Count)
        {
            Report(DiagnosticCodes.WrongIndexCount, ix.Span, DescribeTarget(target), at.Dimensions.Count, indices.Count);
            return new BoundError(ix.Span);
        }
        var converted = ImmutableArray.CreateBuilder<BoundExpression>();
        bool bad = false;
        for (int k = 0; k < indices.Count; k++)
        {
            var dim = at.Dimensions[k];
            if (IntegerIndex(indices[k]) is not { } c)
            {
                bad = true;
                continue;
            }
            if (c.ConstantValue is { IsInteger: true } cv && (cv.Integer < dim.Lower || cv.Integer > dim.Upper))
            {
                Report(DiagnosticCodes.IndexOutOfBounds, c.Span, cv.Integer.ToString(), dim.Lower, dim.Upper);
                bad = true;
            }
            converted.Add(c);
        }
        if (bad) return new BoundError(ix.Span);
        return new BoundIndex(ix.Span, target, converted.ToImmutable(), at.Element);
    }

    BoundExpression BindDereference(DereferenceExpression d, BindingContext ctx)
    {
        var target = BindExpression(d.Target, ctx);
        if (target.Type is ErrorType) return target;
        if (target.Type is RefType rt) return new BoundDereference(d.Span, target, rt.Target);
        if (target.Type is PointerType pt) return new BoundDereference(d.Span, target, pt.Target);
        if (target.Type is NullType)
        {
            Report(DiagnosticCodes.NotAReference, d.Span, "NULL");
            return new BoundError(d.Span);
        }
        Report(DiagnosticCodes.NotAReference, d.Span, DescribeTarget(target));
        return new BoundError(d.Span);
    }

    BoundExpression BindDirectAddress(DirectAddressExpression da, BindingContext ctx)
    {
        var loc = DirectLocation.Parse(da.Address.Text, out string? error);
        if (loc == null)
        {
            Report(DiagnosticCodes.InvalidLocation, da.Span, error!);
            return new BoundError(da.Span);
        }
        if (ctx.ConstantOnly)
        {
            Report(DiagnosticCodes.NotConstant, da.Span, $"'{loc.Text}'");
            return new BoundError(da.Span);
        }
        PlcType type = loc.SizeLetter switch
        {
            'B' => ElementaryType.Byte, 'W' => ElementaryType.Word, 'D' => ElementaryType.DWord, 'L' => ElementaryType.LWord,
            _ => ElementaryType.Bool,
        };
        program.UseArea(loc, type.Size);
        return new BoundDirectAddress(da.Span, loc, type);
    }

    // ---- operators ----------------------------------------------------------------------------------------------

    BoundExpression BindUnary(UnaryExpression u, BindingContext ctx, PlcType? expected)
        => BindUnaryBound(u.Span, u.Operator, BindExpression(u.Operand, ctx, expected));

    /// <summary>A unary operator on an operand already bound (also NOT(x) in function form).</summary>
    BoundExpression BindUnaryBound(SourceSpan span, UnaryOperator op, BoundExpression operand)
    {
        if (operand.Type is ErrorType) return operand;
        if (op == UnaryOperator.Plus)
        {
            if (operand.Type is LiteralType || Lowering.Scalar(operand.Type) is { IsNumeric: true } || Lowering.Scalar(operand.Type) is { IsDuration: true })
                return operand;
            Report(DiagnosticCodes.OperatorTypeMismatch, span, "unary +", operand.Type.Name);
            return new BoundError(span);
        }
        if (op == UnaryOperator.Negate)
        {
            if (operand.Type == LiteralType.Integer && operand.ConstantValue is { } ci)
                return new BoundLiteral(span, LiteralType.Integer, Constant.Of(-ci.Integer));
            if (operand.Type == LiteralType.RealNumber && operand.ConstantValue is { } cr)
                return new BoundLiteral(span, LiteralType.RealNumber, Constant.Of(-cr.Real));
            var t = Lowering.Scalar(operand.Type);
            if (t == null || !(t.IsNumeric || t.IsBitString || t.IsDuration) || operand.Type is EnumType or RefType or PointerType or NullType)
            {
                Report(DiagnosticCodes.OperatorTypeMismatch, span, "unary -", operand.Type.Name);
                return new BoundError(span);
            }
            return MakeUnary(span, UnaryOp.Negate, operand, t);
        }
        // NOT
        if (operand.Type == LiteralType.Integer) operand = Convert(operand, Conversions.TypeForIntegerLiteral(operand.ConstantValue!.Value.Integer), span);
        var nt = Lowering.Scalar(operand.Type);
        if (nt == null || !(nt.IsBool || nt.IsIntegral) || operand.Type is EnumType or RefType or PointerType or NullType)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, "NOT", operand.Type.Name);
            return new BoundError(span);
        }
        return MakeUnary(span, UnaryOp.Not, operand, nt);
    }

    BoundExpression MakeUnary(Diagnostics.SourceSpan span, UnaryOp op, BoundExpression operand, ElementaryType t)
    {
        Constant? folded = null;
        var steps = Lowering.Unary(op, t);
        if (steps != null && operand.ConstantValue is { } c)
        {
            var (o, v) = ConstantEvaluator.Apply(steps, c, operand.Type, operand.Type);
            if (o == ConstantEvaluator.Outcome.Ok) folded = v;
        }
        return new BoundUnary(span, op, operand, operand.Type is SubrangeType s ? s.Base : operand.Type, folded);
    }

    static BinaryOp MapOperator(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => BinaryOp.Or, BinaryOperator.Xor => BinaryOp.Xor, BinaryOperator.And => BinaryOp.And,
        BinaryOperator.Equal => BinaryOp.Eq, BinaryOperator.NotEqual => BinaryOp.Ne, BinaryOperator.Less => BinaryOp.Lt,
        BinaryOperator.LessOrEqual => BinaryOp.Le, BinaryOperator.Greater => BinaryOp.Gt, BinaryOperator.GreaterOrEqual => BinaryOp.Ge,
        BinaryOperator.Add => BinaryOp.Add, BinaryOperator.Subtract => BinaryOp.Sub, BinaryOperator.Multiply => BinaryOp.Mul,
        BinaryOperator.Divide => BinaryOp.Div, BinaryOperator.Modulo => BinaryOp.Mod, _ => BinaryOp.Power,
    };

    static string OperatorText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/", BinaryOp.Mod => "MOD",
        BinaryOp.Power => "**", BinaryOp.And => "AND", BinaryOp.Or => "OR", BinaryOp.Xor => "XOR", BinaryOp.Eq => "=",
        BinaryOp.Ne => "<>", BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", _ => ">=",
    };

    static bool IsComparison(BinaryOp op) => op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge;

    BoundExpression BindBinary(BinaryExpression b, BindingContext ctx)
    {
        if (b.Operator is BinaryOperator.AndThen or BinaryOperator.OrElse) return BindShortCircuit(b, ctx);
        var op = MapOperator(b.Operator);
        var left = BindExpression(b.Left, ctx);
        var right = BindExpression(b.Right, ctx, left.Type is EnumType ? left.Type : null);
        return BindBinaryBound(b.Span, op, left, right);
    }

    /// <summary>AND_THEN / OR_ELSE (CODESYS): BOOL operands, the right one evaluated only when the left one does not
    /// decide the result.</summary>
    BoundExpression BindShortCircuit(BinaryExpression b, BindingContext ctx)
    {
        var left = BindExpression(b.Left, ctx);
        var right = BindExpression(b.Right, ctx);
        if (left.Type is ErrorType || right.Type is ErrorType) return new BoundError(b.Span);
        bool and = b.Operator == BinaryOperator.AndThen;
        if (Types.Underlying(left.Type) is not ElementaryType { IsBool: true } || Types.Underlying(right.Type) is not ElementaryType { IsBool: true })
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, b.Span, and ? "AND_THEN" : "OR_ELSE",
                left.Type.Name == right.Type.Name ? left.Type.Name : $"{left.Type.Name} and {right.Type.Name}");
            return new BoundError(b.Span);
        }
        return new BoundShortCircuit(b.Span, and, left, right);
    }

    /// <summary>An operator applied to operands already bound (also used by ADD(...), GT(...) and the other
    /// standard functions that are operators in function form).</summary>
    BoundExpression BindBinaryBound(SourceSpan span, BinaryOp op, BoundExpression left, BoundExpression right)
    {
        if (left.Type is ErrorType || right.Type is ErrorType) return new BoundError(span);
        if (left.Type is VoidType || right.Type is VoidType)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, OperatorText(op), "a call without a result");
            return new BoundError(span);
        }
        BoundExpression Mismatch()
        {
            string types = Types.Identical(left.Type, right.Type) || left.Type.Name == right.Type.Name
                ? left.Type.Name : $"{left.Type.Name} and {right.Type.Name}";
            Report(DiagnosticCodes.OperatorTypeMismatch, span, OperatorText(op), types);
            return new BoundError(span);
        }

        // Strings: comparison only.
        if (left.Type is StringType ls || right.Type is StringType)
        {
            if (left.Type is StringType l2 && right.Type is StringType r2 && l2.Wide == r2.Wide && IsComparison(op))
            {
                Constant? folded = null;
                if (left.ConstantValue is { IsString: true } a && right.ConstantValue is { IsString: true } c)
                {
                    int cmp = Math.Sign(string.CompareOrdinal(a.Text, c.Text));
                    folded = Constant.Of(op switch
                    {
                        BinaryOp.Eq => cmp == 0, BinaryOp.Ne => cmp != 0, BinaryOp.Lt => cmp < 0,
                        BinaryOp.Le => cmp <= 0, BinaryOp.Gt => cmp > 0, _ => cmp >= 0,
                    });
                }
                return new BoundBinary(span, op, left, right, left.Type, ElementaryType.Bool, folded);
            }
            return Mismatch();
        }

        if (BindPointerBinary(span, op, left, right, Mismatch) is { } pointerResult) return pointerResult;

        // References: = and <> with NULL or a reference to the same type.
        if (left.Type is RefType or NullType || right.Type is RefType or NullType)
        {
            if (op is not (BinaryOp.Eq or BinaryOp.Ne)) return Mismatch();
            bool ok = left.Type is NullType || right.Type is NullType || Types.Identical(left.Type, right.Type);
            if (!ok) return Mismatch();
            return new BoundBinary(span, op, left, right, ElementaryType.DInt, ElementaryType.Bool, null);
        }

        // Enumerations: values of one enumeration compare as such; next to an integer an enumeration is its value
        // (D2, D16); values of two different enumerations never mix.
        if (left.Type is EnumType || right.Type is EnumType)
        {
            if (ReferenceEquals(left.Type, right.Type) && IsComparison(op))
                return FinishBinary(span, op, left, right, ((EnumType)left.Type).Base, ElementaryType.Bool);
            if (left.Type is EnumType && right.Type is EnumType && !ReferenceEquals(left.Type, right.Type)) return Mismatch();
            if (left.Type is EnumType le) left = Convert(left, le.Base, left.Span);
            if (right.Type is EnumType re) right = Convert(right, re.Base, right.Span);
        }

        var lt = Lowering.Scalar(left.Type);
        var rt = Lowering.Scalar(right.Type);
        bool leftTime = lt is { IsDuration: true } or { IsDateTime: true };
        bool rightTime = rt is { IsDuration: true } or { IsDateTime: true };
        if (leftTime || rightTime) return BindTimeBinary(span, op, left, right, Mismatch);

        if (op == BinaryOp.Power) return BindPower(span, left, right, Mismatch);

        if (op is BinaryOp.And or BinaryOp.Or or BinaryOp.Xor)
        {
            if (lt is { IsBool: true } && rt is { IsBool: true })
                return FinishBinary(span, op, left, right, ElementaryType.Bool, ElementaryType.Bool);
            if ((lt is { IsBool: true }) != (rt is { IsBool: true }) && !(left.Type is LiteralType || right.Type is LiteralType))
                return Mismatch();
        }

        var common = Conversions.CommonType(left.Type, left.ConstantValue, right.Type, right.ConstantValue, out bool mixed);
        if (common == null) return Mismatch();
        if (common is ElementaryType ce)
        {
            if (ce.IsBool && !IsComparison(op) && op is not (BinaryOp.And or BinaryOp.Or or BinaryOp.Xor)) return Mismatch();
            if (ce.IsReal && op is BinaryOp.Mod or BinaryOp.And or BinaryOp.Or or BinaryOp.Xor) return Mismatch();
            if (ce.IsChar && !IsComparison(op)) return Mismatch();
        }
        if (mixed)
            Report(DiagnosticCodes.SignedUnsignedMix, span, left.Type.Name, right.Type.Name, common.Name);

        if (common is LiteralType literal)
            return FoldLiterals(span, op, left, right, literal);

        var resultType = IsComparison(op) ? (PlcType)ElementaryType.Bool : common;
        return FinishBinary(span, op, Convert(left, common, left.Span), Convert(right, common, right.Span), (ElementaryType)common, resultType);
    }

    BoundExpression FoldLiterals(Diagnostics.SourceSpan span, BinaryOp op, BoundExpression left, BoundExpression right, LiteralType literal)
    {
        var a = left.ConstantValue!.Value;
        var c = right.ConstantValue!.Value;
        if (literal == LiteralType.Integer && a.IsInteger && c.IsInteger)
        {
            Int128 x = a.Integer, y = c.Integer;
            if ((op is BinaryOp.Div or BinaryOp.Mod) && y == 0)
            {
                Report(DiagnosticCodes.DivisionByConstantZero, span);
                return new BoundError(span);
            }
            Int128? r = op switch
            {
                BinaryOp.Add => x + y, BinaryOp.Sub => x - y, BinaryOp.Mul => x * y, BinaryOp.Div => x / y,
                BinaryOp.Mod => x % y, BinaryOp.And => x & y, BinaryOp.Or => x | y, BinaryOp.Xor => x ^ y,
                _ => null,
            };
            if (r != null) return new BoundLiteral(span, LiteralType.Integer, Constant.Of(r.Value));
            bool? cmp = op switch
            {
                BinaryOp.Eq => x == y, BinaryOp.Ne => x != y, BinaryOp.Lt => x < y, BinaryOp.Le => x <= y,
                BinaryOp.Gt => x > y, BinaryOp.Ge => x >= y, _ => null,
            };
            if (cmp != null) return new BoundLiteral(span, ElementaryType.Bool, Constant.Of(cmp.Value));
        }
        double p = a.AsDouble, q = c.AsDouble;
        if (op is BinaryOp.Div && q == 0)
        {
            Report(DiagnosticCodes.DivisionByConstantZero, span);
            return new BoundError(span);
        }
        double? d = op switch
        {
            BinaryOp.Add => p + q, BinaryOp.Sub => p - q, BinaryOp.Mul => p * q, BinaryOp.Div => p / q, _ => null,
        };
        if (d != null) return new BoundLiteral(span, LiteralType.RealNumber, Constant.Of(d.Value));
        bool? rc = op switch
        {
            BinaryOp.Eq => p == q, BinaryOp.Ne => p != q, BinaryOp.Lt => p < q, BinaryOp.Le => p <= q,
            BinaryOp.Gt => p > q, BinaryOp.Ge => p >= q, _ => null,
        };
        if (rc != null) return new BoundLiteral(span, ElementaryType.Bool, Constant.Of(rc.Value));
        Report(DiagnosticCodes.OperatorTypeMismatch, span, OperatorText(op), "real literals");
        return new BoundError(span);
    }

    /// <summary>Builds a binary node on operands already of the operand type; folds constants.</summary>
    BoundExpression FinishBinary(Diagnostics.SourceSpan span, BinaryOp op, BoundExpression left, BoundExpression right,
        ElementaryType operandType, PlcType resultType)
    {
        if (left.Type is ErrorType || right.Type is ErrorType) return new BoundError(span);
        var opcode = Lowering.Binary(op, operandType);
        if (opcode == null)
        {
            Report(DiagnosticCodes.OperatorTypeMismatch, span, OperatorText(op), operandType.Name);
            return new BoundError(span);
        }
        if (op is BinaryOp.Div or BinaryOp.Mod && right.ConstantValue is { } rc && (rc.IsInteger ? rc.Integer == 0 : rc.Real == 0))
        {
            Report(DiagnosticCodes.DivisionByConstantZero, span);
            return new BoundError(span);
        }
        Constant? folded = null;
        if (left.ConstantValue is { } a && right.ConstantValue is { } c && !a.IsString && !c.IsString)
        {
            var (o, v) = ConstantEvaluator.Apply(opcode.Value, a, c, operandType, resultType);
            if (o == ConstantEvaluator.Outcome.Ok) folded = v;
        }
        return new BoundBinary(span, op, left, right, operandType, resultType, folded);
    }

    BoundExpression BindPower(SourceSpan span, BoundExpression left, BoundExpression right, Func<BoundExpression> mismatch)
    {
        var lt = Lowering.Scalar(left.Type);
        var rt = Lowering.Scalar(right.Type);
        bool leftNumeric = left.Type is LiteralType || lt is { IsNumeric: true };
        bool rightNumeric = right.Type is LiteralType || rt is { IsNumeric: true };
        if (!leftNumeric || !rightNumeric || left.Type is EnumType || right.Type is EnumType) return mismatch();
        if (left.Type is LiteralType && right.Type is LiteralType)
        {
            double v = Math.Pow(left.ConstantValue!.Value.AsDouble, right.ConstantValue!.Value.AsDouble);
            return new BoundLiteral(span, LiteralType.RealNumber, Constant.Of(v));
        }
        ElementaryType resultType = lt is { Kind: ElementaryKind.Real } ? ElementaryType.Real : ElementaryType.LReal;
        if (left.Type == LiteralType.RealNumber && rt is { Kind: ElementaryKind.Real }) resultType = ElementaryType.Real;
        return FinishBinary(span, BinaryOp.Power, Convert(left, resultType, left.Span), Convert(right, resultType, right.Span), resultType, resultType);
    }

    /// <summary>Arithmetic and comparison on TIME, LTIME, DATE, TOD, DT and their long forms (IEC Table 30).</summary>
    BoundExpression BindTimeBinary(SourceSpan span, BinaryOp op, BoundExpression left, BoundExpression right, Func<BoundExpression> mismatch)
    {
        var lt = Lowering.Scalar(left.Type);
        var rt = Lowering.Scalar(right.Type);
        static bool IsLong(ElementaryType? t) => t != null && t.Kind is ElementaryKind.LTime or ElementaryKind.LDate
            or ElementaryKind.LTimeOfDay or ElementaryKind.LDateAndTime;
        static ElementaryKind Family(ElementaryType t) => t.Kind switch
        {
            ElementaryKind.LTime => ElementaryKind.Time, ElementaryKind.LDate => ElementaryKind.Date,
            ElementaryKind.LTimeOfDay => ElementaryKind.TimeOfDay, ElementaryKind.LDateAndTime => ElementaryKind.DateAndTime,
            _ => t.Kind,
        };
        bool anyLong = IsLong(lt) || IsLong(rt);
        ElementaryType Pick(ElementaryKind family) => family switch
        {
            ElementaryKind.Time => anyLong ? ElementaryType.LTime : ElementaryType.Time,
            ElementaryKind.Date => anyLong ? ElementaryType.LDate : ElementaryType.Date,
            ElementaryKind.TimeOfDay => anyLong ? ElementaryType.LTod : ElementaryType.Tod,
            _ => anyLong ? ElementaryType.Ldt : ElementaryType.Dt,
        };
        bool leftTime = lt is { IsDuration: true } or { IsDateTime: true };
        bool rightTime = rt is { IsDuration: true } or { IsDateTime: true };

        if (leftTime && rightTime)
        {
            var lf = Family(lt!);
            var rf = Family(rt!);
            if (IsComparison(op))
            {
                if (lf != rf) return mismatch();
                var t = Pick(lf);
                return FinishBinary(span, op, Convert(left, t, left.Span), Convert(right, t, right.Span), t, ElementaryType.Bool);
            }
            PlcType? result = (op, lf, rf) switch
            {
                (BinaryOp.Add, ElementaryKind.Time, ElementaryKind.Time) => Pick(ElementaryKind.Time),
                (BinaryOp.Sub, ElementaryKind.Time, ElementaryKind.Time) => Pick(ElementaryKind.Time),
                (BinaryOp.Add, ElementaryKind.TimeOfDay, ElementaryKind.Time) => Pick(ElementaryKind.TimeOfDay),
                (BinaryOp.Add, ElementaryKind.DateAndTime, ElementaryKind.Time) => Pick(ElementaryKind.DateAndTime),
                (BinaryOp.Sub, ElementaryKind.TimeOfDay, ElementaryKind.Time) => Pick(ElementaryKind.TimeOfDay),
                (BinaryOp.Sub, ElementaryKind.DateAndTime, ElementaryKind.Time) => Pick(ElementaryKind.DateAndTime),
                (BinaryOp.Sub, ElementaryKind.Date, ElementaryKind.Date) => Pick(ElementaryKind.Time),
                (BinaryOp.Sub, ElementaryKind.TimeOfDay, ElementaryKind.TimeOfDay) => Pick(ElementaryKind.Time),
                (BinaryOp.Sub, ElementaryKind.DateAndTime, ElementaryKind.DateAndTime) => Pick(ElementaryKind.Time),
                _ => null,
            };
            if (result == null) return mismatch();
            // Every time and date type is a nanosecond count: the operation is 64-bit integer arithmetic.
            var l = Convert(left, Pick(lf), left.Span);
            var r = Convert(right, Pick(rf), right.Span);
            var sum = FinishBinary(span, op, l, r, ElementaryType.LInt, result);
            if (sum.Type is not ElementaryType { Kind: ElementaryKind.TimeOfDay or ElementaryKind.LTimeOfDay }) return sum;
            // A time of day is cyclic: TOD#23:00:00 + T#2h = TOD#01:00:00.
            Constant? wrapped = null;
            if (sum.ConstantValue is { } c)
            {
                var (o, v) = ConstantEvaluator.Apply(Lowering.WrapDay(), c, ElementaryType.LInt, sum.Type);
                if (o == ConstantEvaluator.Outcome.Ok) wrapped = v;
            }
            return new BoundConversion(span, sum, sum.Type, ConversionKind.WrapDay, wrapped);
        }

        // TIME * number, TIME / number, number * TIME.
        if (op is BinaryOp.Mul or BinaryOp.Div)
        {
            var time = leftTime ? left : right;
            var number = leftTime ? right : left;
            var tt = leftTime ? lt! : rt!;
            if (!tt.IsDuration || (op == BinaryOp.Div && !leftTime)) return mismatch();
            var nt = Lowering.Scalar(number.Type);
            bool numberIsReal = number.Type == LiteralType.RealNumber || nt is { IsReal: true };
            bool numberIsInt = number.Type == LiteralType.Integer || nt is { IsInteger: true };
            if (number.Type is EnumType || !(numberIsReal || numberIsInt)) return mismatch();
            var durationType = Pick(ElementaryKind.Time);
            var timeValue = Convert(time, durationType, time.Span);
            if (numberIsInt)
            {
                var n = Convert(number, ElementaryType.LInt, number.Span);
                var l = leftTime ? timeValue : n;
                var r = leftTime ? n : timeValue;
                return FinishBinary(span, op, l, r, ElementaryType.LInt, durationType);
            }
            // Real factor: computed in LREAL on the nanosecond count, rounded back to a duration.
            var ns = new BoundConversion(time.Span, timeValue, ElementaryType.LReal, ConversionKind.Reinterpret, null);
            var f = Convert(number, ElementaryType.LReal, number.Span);
            var product = FinishBinary(span, op, leftTime ? ns : f, leftTime ? f : ns, ElementaryType.LReal, ElementaryType.LReal);
            if (product.Type is ErrorType) return product;
            Constant? folded = null;
            if (product.ConstantValue is { } pc)
                folded = Constant.Of((Int128)(long)Constant.RealToInteger(pc.Real, ElementaryType.LInt, false));
            return new BoundConversion(span, product, durationType, ConversionKind.Reinterpret, folded);
        }
        return mismatch();
    }
}

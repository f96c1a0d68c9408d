using System.Collections.Generic;
using System.Collections.Immutable;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// The bound tree: every name resolved, every expression typed, implicit conversions explicit. The code
// generator reads only this.

public abstract record BoundNode(SourceSpan Span);

// ---------------------------------------------------------------------------------------------------------------
// Expressions

public abstract record BoundExpression(SourceSpan Span, PlcType Type) : BoundNode(Span)
{
    /// <summary>Value when the expression is a compile-time constant.</summary>
    public virtual Constant? ConstantValue => null;
    /// <summary>Denotes a memory location (can be assigned, can have REF taken).</summary>
    public virtual bool IsLocation => false;
}

public sealed record BoundError(SourceSpan Span) : BoundExpression(Span, ErrorType.Instance);

public sealed record BoundLiteral(SourceSpan Span, PlcType Type, Constant Value) : BoundExpression(Span, Type)
{
    public override Constant? ConstantValue => Value;
}

/// <summary>A named variable: a local, parameter, instance member in the POU's own body, or global.</summary>
public sealed record BoundVariable(SourceSpan Span, VariableSymbol Variable) : BoundExpression(Span, Variable.Type)
{
    // A VAR_IN_OUT CONSTANT is read-only but not a compile-time value: it is whatever the caller passed.
    public override Constant? ConstantValue => Variable.IsConstant && Variable.Kind != VariableKind.InOut ? Variable.ConstantValue : null;
    public override bool IsLocation => true;
}

/// <summary>A member of a struct value or of a function block / program instance.</summary>
public sealed record BoundMember(SourceSpan Span, BoundExpression Instance, VariableSymbol Member) : BoundExpression(Span, Member.Type)
{
    public override bool IsLocation => true;
    /// <summary>Set (where the member's name stands) for a block's local VAR read from outside (TwinCAT allows
    /// reads, D11): never written, called or addressed through this access.</summary>
    public SourceSpan? ReadFromOutsideAt { get; init; }
}

public sealed record BoundIndex(SourceSpan Span, BoundExpression Array, ImmutableArray<BoundExpression> Indices, PlcType ElementType)
    : BoundExpression(Span, ElementType)
{
    public override bool IsLocation => true;
}

/// <summary>One bit of an integral value: <c>x.3</c>.</summary>
public sealed record BoundBitAccess(SourceSpan Span, BoundExpression Target, int Bit) : BoundExpression(Span, ElementaryType.Bool)
{
    public override bool IsLocation => Target.IsLocation;
}

public sealed record BoundDereference(SourceSpan Span, BoundExpression Reference, PlcType TargetType) : BoundExpression(Span, TargetType)
{
    public override bool IsLocation => true;
}

/// <summary>A directly represented variable used without declaration (%QX0.0 := ...).</summary>
public sealed record BoundDirectAddress(SourceSpan Span, DirectLocation Location, PlcType AddressType) : BoundExpression(Span, AddressType)
{
    public override bool IsLocation => true;
}

public enum UnaryOp { Negate, Not }

public sealed record BoundUnary(SourceSpan Span, UnaryOp Op, BoundExpression Operand, PlcType Type, Constant? Folded)
    : BoundExpression(Span, Type)
{
    public override Constant? ConstantValue => Folded;
}

public enum BinaryOp { Add, Sub, Mul, Div, Mod, Power, And, Or, Xor, Eq, Ne, Lt, Le, Gt, Ge }

/// <summary>A binary operation. Both operands have been converted to OperandType; the result has Type.</summary>
public sealed record BoundBinary(SourceSpan Span, BinaryOp Op, BoundExpression Left, BoundExpression Right,
    PlcType OperandType, PlcType Type, Constant? Folded) : BoundExpression(Span, Type)
{
    public override Constant? ConstantValue => Folded;
}

public enum ConversionKind
{
    /// <summary>Same representation, nothing to do.</summary>
    Identity,
    /// <summary>An implicit conversion inserted by the binder (no normalisation of the operand).</summary>
    Implicit,
    /// <summary>An explicit conversion function <c>X_TO_Y</c>: the operand is first wrapped to its own type.</summary>
    Explicit,
    /// <summary>TRUNC: real to integer toward zero.</summary>
    Truncate,
    /// <summary>A time or date value taken as its nanosecond count (LINT/LREAL) or back.</summary>
    Reinterpret,
    /// <summary>A time of day brought back into one day (TOD ± TIME wraps at midnight).</summary>
    WrapDay,
}

public sealed record BoundConversion(SourceSpan Span, BoundExpression Operand, PlcType Type, ConversionKind Kind, Constant? Folded)
    : BoundExpression(Span, Type)
{
    public override Constant? ConstantValue => Folded;
}

/// <summary>A call of a user function. Arguments are listed per parameter (null: not given).</summary>
public sealed record BoundCall(SourceSpan Span, PouSymbol Function, ImmutableArray<BoundArgument> Arguments, PlcType Type,
    VariableSymbol? ResultTemp) : BoundExpression(Span, Type)
{
    /// <summary>A METHOD, property accessor or ACTION: the instance it runs on (this) — for an interface, the
    /// interface value (the instance's address).</summary>
    public BoundExpression? Instance { get; init; }
    /// <summary>Dispatched on the instance's class (interfaces, overridden methods through THIS or pointers).</summary>
    public MethodDispatch? Dispatch { get; init; }
    /// <summary>Aggregate results are copied to ResultTemp right after the call.</summary>
    public override bool IsLocation => ResultTemp != null;
}

/// <summary>An input (Value) or in-out (Value is a location) or output (Value is the target location) argument.</summary>
public sealed record BoundArgument(VariableSymbol Parameter, BoundExpression? Value, bool Negated);

/// <summary>REF(x): the address of a location.</summary>
public sealed record BoundReference(SourceSpan Span, BoundExpression Target, PlcType Type) : BoundExpression(Span, Type);

/// <summary>A value stored into a temporary, which then stands for it as a location (a VAR_IN_OUT CONSTANT argument
/// that is not a variable).</summary>
public sealed record BoundCopy(SourceSpan Span, BoundExpression Value, VariableSymbol Temp) : BoundExpression(Span, Temp.Type)
{
    public override bool IsLocation => true;
}

/// <summary>The AnyType of an ANY input (D40), filled in a temporary: the address of Value, its size and TypeClass.</summary>
public sealed record BoundAnyValue(SourceSpan Span, BoundExpression Value, int TypeClass, VariableSymbol Temp) : BoundExpression(Span, Temp.Type)
{
    public override bool IsLocation => true;
}

/// <summary>AND_THEN (And) or OR_ELSE: Right is evaluated only when Left does not decide the result.</summary>
public sealed record BoundShortCircuit(SourceSpan Span, bool And, BoundExpression Left, BoundExpression Right) : BoundExpression(Span, ElementaryType.Bool);

/// <summary>THIS: a POINTER TO the instance the current function block, method or action runs on.</summary>
public sealed record BoundThis(SourceSpan Span, PlcType Type) : BoundExpression(Span, Type)
{
    /// <summary>SUPER: the same instance seen as the base block, whose methods it calls without dispatch.</summary>
    public bool Super { get; init; }
}

/// <summary>A method named but not (yet) called: <c>inst.Start</c> before its argument list.</summary>
public sealed record BoundMethodReference(SourceSpan Span, BoundExpression Instance, PouSymbol Method) : BoundExpression(Span, VoidType.Instance);

/// <summary>SIZEOF of a type whose size is known only after layout (it holds a function block or program instance).</summary>
public sealed record BoundSizeOf(SourceSpan Span, PlcType Of) : BoundExpression(Span, ElementaryType.UDInt);

/// <summary>A conversion to STRING/WSTRING or from one, done by a native function into a temporary.</summary>
public sealed record BoundStringConversion(SourceSpan Span, BoundExpression Operand, PlcType Type, VariableSymbol? Temp)
    : BoundExpression(Span, Type)
{
    public override bool IsLocation => Temp != null;
}

/// <summary><c>(Target := Value)</c> inside an expression (D43): Value (already converted) goes to Temp, then to
/// Target; the expression's value is Temp's.</summary>
public sealed record BoundAssignmentValue(SourceSpan Span, BoundExpression Target, BoundExpression Value, VariableSymbol Temp)
    : BoundExpression(Span, Target.Type);

/// <summary>
/// The descriptor an <c>ARRAY[*]</c> VAR_IN_OUT receives (D42): Array's address and the bounds of each dimension,
/// written into Temp (a fixed array: its declared bounds; another ARRAY[*] parameter: its descriptor, copied).
/// </summary>
public sealed record BoundArrayDescriptor(SourceSpan Span, BoundExpression Array, VarLengthArrayType Descriptor, VariableSymbol Temp)
    : BoundExpression(Span, Descriptor)
{
    public override bool IsLocation => true;
}

/// <summary>LOWER_BOUND(Array, Dimension) or UPPER_BOUND of an ARRAY[*] parameter, read from its descriptor
/// (Dimension counts from 1).</summary>
public sealed record BoundArrayBound(SourceSpan Span, VariableSymbol Array, int Dimension, bool Upper) : BoundExpression(Span, ElementaryType.DInt);

/// <summary>
/// <c>__QUERYINTERFACE(Source, Destination)</c> or <c>__QUERYPOINTER</c> (D41), a BOOL: the instance address from
/// Source (an interface's value, or a block instance's address) goes to Temp; when it is not 0 and the class number
/// read from the instance is one of Classes (null: any), Destination takes the address and the result is TRUE,
/// else Destination takes 0 and the result is FALSE. Known: the answer when the compiler already knows it.
/// </summary>
public sealed record BoundQueryInterface(SourceSpan Span, BoundExpression Source, BoundExpression Destination,
    ImmutableArray<int>? Classes, bool? Known, VariableSymbol Temp) : BoundExpression(Span, ElementaryType.Bool);

/// <summary>A generic standard function built into the compiler (ABS, SQRT, MAX, MUX, SHL, LEFT, CONCAT ...).
/// String results go to Temp. Function selects the math function of Kind Math.</summary>
public sealed record BoundIntrinsic(SourceSpan Span, IntrinsicKind Kind, ImmutableArray<BoundExpression> Arguments, PlcType Type,
    VariableSymbol? Temp, Plc.Runtime.Core.MathFunction Function, Constant? Folded) : BoundExpression(Span, Type)
{
    public override Constant? ConstantValue => Folded;
    public override bool IsLocation => Temp != null;
}

/// <summary><c>__SCAN_TIME()</c>: the start time of the current scan on the scheduler's clock (TIME).</summary>
public sealed record BoundScanTime(SourceSpan Span) : BoundExpression(Span, ElementaryType.Time);

/// <summary>A program instance of the configuration (in task code).</summary>
public sealed record BoundProgramInstance(SourceSpan Span, ProgramInstanceSymbol Instance) : BoundExpression(Span, Instance.Program.Frame)
{
    public override bool IsLocation => true;
}

/// <summary>A STRING/WSTRING literal: placed in constant memory.</summary>
public sealed record BoundStringLiteral(SourceSpan Span, string Value, StringType StringType) : BoundExpression(Span, StringType)
{
    public override Constant? ConstantValue => Constant.Of(Value);
}

// ---------------------------------------------------------------------------------------------------------------
// Statements

public abstract record BoundStatement(SourceSpan Span) : BoundNode(Span);

public sealed record BoundBlock(SourceSpan Span, ImmutableArray<BoundStatement> Statements) : BoundStatement(Span);

public sealed record BoundAssignment(SourceSpan Span, BoundExpression Target, BoundExpression Value) : BoundStatement(Span);

/// <summary>A call of a function block instance (or a program instance from a task).</summary>
/// <summary>A call of a function block instance (or a program instance from a task). InstanceTemp holds the
/// instance address when it is computed at run time (array element, reference, VAR_IN_OUT).</summary>
public sealed record BoundFbCall(SourceSpan Span, BoundExpression Instance, PouSymbol Block, ImmutableArray<BoundArgument> Arguments,
    VariableSymbol? InstanceTemp) : BoundStatement(Span)
{
    /// <summary>Through a pointer, reference or VAR_IN_OUT of a block that others extend: the body to run for each
    /// class (D34); null when the block is known exactly.</summary>
    public ImmutableArray<DispatchTarget>? Bodies { get; init; }
}

/// <summary>The code a dispatched call runs for instances of these classes.</summary>
public sealed record DispatchTarget(ImmutableArray<int> Classes, PouSymbol Target);

/// <summary>How a call is dispatched on the instance's class: the classes that may reach it, and temporaries for the
/// instance address, its class number, the evaluated inputs (aligned with the call's arguments; null for outputs)
/// and a scalar result.</summary>
public sealed record MethodDispatch(ImmutableArray<DispatchTarget> Targets, VariableSymbol Address, VariableSymbol Class,
    ImmutableArray<VariableSymbol?> ArgumentTemps, VariableSymbol? ScalarResult);

/// <summary>A function call whose result (if any) is discarded.</summary>
public sealed record BoundCallStatement(SourceSpan Span, BoundCall Call) : BoundStatement(Span);

public sealed record BoundIf(SourceSpan Span, ImmutableArray<(BoundExpression Condition, BoundBlock Body)> Branches, BoundBlock? Else)
    : BoundStatement(Span);

public sealed record BoundCaseClause(ImmutableArray<(Int128 Low, Int128 High)> Labels, BoundBlock Body);

public sealed record BoundCase(SourceSpan Span, BoundExpression Selector, VariableSymbol? SelectorTemp,
    ImmutableArray<BoundCaseClause> Clauses, BoundBlock? Else) : BoundStatement(Span);

/// <summary>FOR loop (semantics D9). EndTemp/StepTemp hold the evaluated bounds (null when constant).</summary>
public sealed record BoundFor(SourceSpan Span, BoundExpression Variable, BoundExpression Start, BoundExpression End,
    BoundExpression Step, VariableSymbol? EndTemp, VariableSymbol? StepTemp, BoundBlock Body) : BoundStatement(Span);

public sealed record BoundWhile(SourceSpan Span, BoundExpression Condition, BoundBlock Body) : BoundStatement(Span);

public sealed record BoundRepeat(SourceSpan Span, BoundBlock Body, BoundExpression Until) : BoundStatement(Span);

public sealed record BoundExit(SourceSpan Span) : BoundStatement(Span);

public sealed record BoundContinue(SourceSpan Span) : BoundStatement(Span);

public sealed record BoundReturn(SourceSpan Span) : BoundStatement(Span);

/// <summary>A jump target <c>name:</c> (D38).</summary>
public sealed record BoundLabel(SourceSpan Span, LabelSymbol Label) : BoundStatement(Span);

/// <summary><c>JMP name;</c> to a label of the same or an enclosing statement list (D38).</summary>
public sealed record BoundJump(SourceSpan Span, LabelSymbol Label) : BoundStatement(Span);

// ---------------------------------------------------------------------------------------------------------------
// Initial values (all constant)

public abstract record BoundInitializer(SourceSpan Span);

public sealed record BoundScalarInit(SourceSpan Span, PlcType Type, Constant Value) : BoundInitializer(Span);

public sealed record BoundArrayInit(SourceSpan Span, ImmutableArray<BoundInitializer?> Elements) : BoundInitializer(Span);

public sealed record BoundStructInit(SourceSpan Span, ImmutableArray<(VariableSymbol Member, BoundInitializer Value)> Fields)
    : BoundInitializer(Span);

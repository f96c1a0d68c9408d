using System.Collections.Immutable;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Ast;

// The compiler's own immutable syntax tree. It is built from the ANTLR parse tree by Syntax/SyntaxTreeBuilder
// and is all the binder ever sees: no ANTLR type appears here. After syntax errors the builder still produces a
// tree; the parts it could not read become ErrorExpression / null children, which the binder skips quietly.

public abstract record Node(SourceSpan Span);

/// <summary>An identifier as written. Structured Text is case-insensitive: compare with <see cref="Names"/>.</summary>
public sealed record Identifier(SourceSpan Span, string Name) : Node(Span)
{
    public override string ToString() => Name;
}

public sealed record SourceFile(string Path, ImmutableArray<Declaration> Declarations, ImmutableArray<Pragma> Pragmas);

/// <summary>A pragma <c>{ ... }</c> with its text between the braces.</summary>
public sealed record Pragma(SourceSpan Span, string Text) : Node(Span);

// ---------------------------------------------------------------------------------------------------------------
// Declarations

public abstract record Declaration(SourceSpan Span) : Node(Span);

/// <summary>Method: a METHOD, or a property's GET or SET (a method named after the property). Action: an ACTION.</summary>
public enum PouKind { Program, FunctionBlock, Function, Method, Action }

/// <summary>Who may call a method or property (IEC 61131-3 3rd edition; INTERNAL is PUBLIC in a single project).</summary>
public enum AccessLevel { Public, Private, Protected, Internal }

[System.Flags]
public enum MemberModifiers { None = 0, Abstract = 1, Final = 2, Override = 4 }

/// <summary>
/// PROGRAM, FUNCTION_BLOCK, FUNCTION, METHOD or ACTION. ReturnType only for functions and methods (null: no
/// result). A function block (or program) carries its methods, properties and actions, and what it extends and
/// implements.
/// </summary>
public sealed record PouDeclaration(
    SourceSpan Span, PouKind Kind, Identifier Name, TypeReference? ReturnType,
    ImmutableArray<VarBlock> VarBlocks, ImmutableArray<Statement> Body, SourceSpan EndSpan) : Declaration(Span)
{
    public AccessLevel Access { get; init; }
    public MemberModifiers Modifiers { get; init; }
    public Identifier? Extends { get; init; }
    public ImmutableArray<Identifier> Implements { get; init; } = ImmutableArray<Identifier>.Empty;
    public ImmutableArray<PouDeclaration> Methods { get; init; } = ImmutableArray<PouDeclaration>.Empty;
    public ImmutableArray<PropertyDeclaration> Properties { get; init; } = ImmutableArray<PropertyDeclaration>.Empty;
    public ImmutableArray<PouDeclaration> Actions { get; init; } = ImmutableArray<PouDeclaration>.Empty;
}

/// <summary>PROPERTY name : type with a GET (a method whose result is named after the property) and/or a SET (a
/// method whose input is named after the property).</summary>
public sealed record PropertyDeclaration(SourceSpan Span, Identifier Name, TypeReference Type, AccessLevel Access,
    MemberModifiers Modifiers, PouDeclaration? Getter, PouDeclaration? Setter) : Node(Span);

/// <summary>INTERFACE name [EXTENDS ...] with method and property prototypes (bodies empty).</summary>
public sealed record InterfaceDeclaration(SourceSpan Span, Identifier Name, ImmutableArray<Identifier> Extends,
    ImmutableArray<PouDeclaration> Methods, ImmutableArray<PropertyDeclaration> Properties, SourceSpan EndSpan) : Declaration(Span);

/// <summary>TYPE ... END_TYPE with one or more definitions.</summary>
public sealed record TypeDeclaration(SourceSpan Span, ImmutableArray<TypeDefinition> Types) : Declaration(Span);

public sealed record TypeDefinition(SourceSpan Span, Identifier Name, TypeReference Type, Initializer? Initial) : Node(Span)
{
    /// <summary>The STRUCT this one EXTENDS (D34).</summary>
    public Identifier? Extends { get; init; }
}

/// <summary>A VAR_GLOBAL block at the top level of a file (a global variable list, CODESYS style). <see cref="List"/>
/// names the list it belongs to when the file is a named one (a TwinCAT .TcGVL); a plain .st file's has none.</summary>
public sealed record GlobalVarDeclaration(SourceSpan Span, VarBlock Block) : Declaration(Span)
{
    public GlobalListName? List { get; init; }
}

/// <summary>The name of a global variable list: its variables can be written <c>Name.x</c>, and only so when
/// <see cref="QualifiedOnly"/> (<c>{attribute 'qualified_only'}</c>).</summary>
public sealed record GlobalListName(Identifier Name, bool QualifiedOnly);

public sealed record ConfigurationDeclaration(
    SourceSpan Span, Identifier Name, ImmutableArray<VarBlock> Globals, ImmutableArray<ResourceDeclaration> Resources,
    ImmutableArray<TaskDeclaration> Tasks, ImmutableArray<ProgramInstanceDeclaration> Programs) : Declaration(Span);

/// <summary>RESOURCE name ON type ... END_RESOURCE.</summary>
public sealed record ResourceDeclaration(
    SourceSpan Span, Identifier Name, Identifier? OnType, ImmutableArray<VarBlock> Globals,
    ImmutableArray<TaskDeclaration> Tasks, ImmutableArray<ProgramInstanceDeclaration> Programs) : Node(Span);

/// <summary>TASK name (INTERVAL := ..., PRIORITY := ..., SINGLE := ...). Settings are named arguments.</summary>
public sealed record TaskDeclaration(SourceSpan Span, Identifier Name, ImmutableArray<Argument> Settings) : Node(Span);

/// <summary>PROGRAM name [WITH task] : Type [(arguments)].</summary>
public sealed record ProgramInstanceDeclaration(
    SourceSpan Span, Identifier Name, Identifier? Task, Identifier ProgramType, ImmutableArray<Argument> Arguments,
    RetainKind Retain) : Node(Span);

// ---------------------------------------------------------------------------------------------------------------
// Variables

/// <summary>Static: VAR_STAT (CODESYS), one copy for the POU, kept between calls.</summary>
public enum VarKind { Var, Input, Output, InOut, Temp, Global, External, Static, Instance }

public enum RetainKind { None, Retain, NonRetain, Persistent }

/// <summary>VAR / VAR_INPUT / ... END_VAR with its qualifiers.</summary>
public sealed record VarBlock(SourceSpan Span, VarKind Kind, bool Constant, RetainKind Retain,
    ImmutableArray<VarDeclaration> Variables) : Node(Span);

/// <summary><c>a, b AT %IX0.0 : TYPE := init;</c></summary>
public sealed record VarDeclaration(SourceSpan Span, ImmutableArray<Identifier> Names, DirectAddress? Location,
    TypeReference Type, Initializer? Initial) : Node(Span);

/// <summary>A directly represented address as written, e.g. <c>%IX0.1</c>, <c>%QW3</c>, <c>%MD10</c>.</summary>
public sealed record DirectAddress(SourceSpan Span, string Text) : Node(Span);

// ---------------------------------------------------------------------------------------------------------------
// Types

public abstract record TypeReference(SourceSpan Span) : Node(Span);

/// <summary>A type by name: elementary (INT, TIME, ...) or declared (struct, enum, alias, function block).</summary>
public sealed record NamedTypeReference(SourceSpan Span, Identifier Name) : TypeReference(Span)
{
    /// <summary>A namespace written before the name (<c>SysFile.ACCESS_MODE</c>): a library this compiler does not have
    /// (the TwinCAT ones it has are taken off before parsing: Syntax/LibraryQualifiedNames.cs).</summary>
    public string? Qualifier { get; init; }
}

/// <summary>STRING, STRING(n), STRING[n], WSTRING...; Length null means the default length.</summary>
public sealed record StringTypeReference(SourceSpan Span, bool Wide, Expression? Length) : TypeReference(Span);

public sealed record ArrayTypeReference(SourceSpan Span, ImmutableArray<ArrayRange> Ranges, TypeReference ElementType)
    : TypeReference(Span);

/// <summary><c>lo..hi</c>, or <c>*</c> (both null): the bounds of the argument (<c>ARRAY[*] OF T</c>).</summary>
public sealed record ArrayRange(SourceSpan Span, Expression? Lower, Expression? Upper) : Node(Span)
{
    public bool IsVariable => Lower == null;
}

public sealed record RefTypeReference(SourceSpan Span, TypeReference Target) : TypeReference(Span);

/// <summary><c>POINTER TO T</c> (CODESYS): a byte address with arithmetic, dereferenced with <c>^</c>.</summary>
public sealed record PointerTypeReference(SourceSpan Span, TypeReference Target) : TypeReference(Span);

/// <summary><c>REFERENCE TO T</c> (CODESYS): an alias bound with <c>REF=</c>, used without <c>^</c>.</summary>
public sealed record ReferenceTypeReference(SourceSpan Span, TypeReference Target) : TypeReference(Span);

/// <summary><c>fb : FB(x := 1)</c> (CODESYS): an instance whose FB_init takes these arguments (D39).</summary>
public sealed record InstanceWithArgumentsTypeReference(SourceSpan Span, NamedTypeReference Block, ImmutableArray<Argument> Arguments)
    : TypeReference(Span);

/// <summary><c>INT(0..100)</c></summary>
public sealed record SubrangeTypeReference(SourceSpan Span, TypeReference Base, Expression Lower, Expression Upper)
    : TypeReference(Span);

/// <summary><c>(Red, Green := 5, Blue)</c> with an optional base type (before or after the list).</summary>
public sealed record EnumTypeReference(SourceSpan Span, ImmutableArray<EnumValueDeclaration> Values, TypeReference? BaseType)
    : TypeReference(Span);

public sealed record EnumValueDeclaration(SourceSpan Span, Identifier Name, Expression? Value) : Node(Span);

/// <summary>STRUCT ... END_STRUCT (only in TYPE declarations).</summary>
public sealed record StructTypeReference(SourceSpan Span, ImmutableArray<VarDeclaration> Members) : TypeReference(Span);

/// <summary>UNION ... END_UNION (only in TYPE declarations): every member at offset 0 (CODESYS).</summary>
public sealed record UnionTypeReference(SourceSpan Span, ImmutableArray<VarDeclaration> Members) : TypeReference(Span);

// ---------------------------------------------------------------------------------------------------------------
// Initial values

public abstract record Initializer(SourceSpan Span) : Node(Span);

public sealed record ExpressionInitializer(SourceSpan Span, Expression Value) : Initializer(Span);

/// <summary><c>r : REFERENCE TO T REF= x;</c> (CODESYS): the variable a REFERENCE TO is bound to when the program
/// starts.</summary>
public sealed record ReferenceInitializer(SourceSpan Span, Expression Value) : Initializer(Span);

/// <summary><c>[1, 2, 3(0), 2(7)]</c></summary>
public sealed record ArrayInitializer(SourceSpan Span, ImmutableArray<ArrayInitElement> Elements) : Initializer(Span);

/// <summary>One element: <c>value</c> (RepeatCount null) or <c>n(value)</c>; <c>n()</c> has Value null (default).</summary>
public sealed record ArrayInitElement(SourceSpan Span, Expression? RepeatCount, Initializer? Value) : Node(Span);

/// <summary><c>(x := 1, y := 2)</c></summary>
public sealed record StructInitializer(SourceSpan Span, ImmutableArray<StructInitField> Fields) : Initializer(Span);

public sealed record StructInitField(SourceSpan Span, Identifier Name, Initializer Value) : Node(Span);

// ---------------------------------------------------------------------------------------------------------------
// Statements

public abstract record Statement(SourceSpan Span) : Node(Span);

public sealed record AssignmentStatement(SourceSpan Span, Expression Target, Expression Value) : Statement(Span);

/// <summary><c>r REF= x;</c>: binds the REFERENCE TO variable <c>r</c> to the variable <c>x</c>.</summary>
public sealed record ReferenceAssignmentStatement(SourceSpan Span, Expression Target, Expression Value) : Statement(Span);

/// <summary>A call used as a statement: <c>f(x);</c> or <c>inst(IN := x);</c>.</summary>
public sealed record CallStatement(SourceSpan Span, CallExpression Call) : Statement(Span);

/// <summary>An expression written where a statement was expected (e.g. <c>x = 1;</c>): reported by the binder.</summary>
public sealed record ExpressionStatement(SourceSpan Span, Expression Expression) : Statement(Span);

public sealed record IfStatement(SourceSpan Span, Expression Condition, ImmutableArray<Statement> Then,
    ImmutableArray<ElsifClause> Elsifs, ImmutableArray<Statement>? Else) : Statement(Span);

public sealed record ElsifClause(SourceSpan Span, Expression Condition, ImmutableArray<Statement> Body) : Node(Span);

public sealed record CaseStatement(SourceSpan Span, Expression Selector, ImmutableArray<CaseClause> Clauses,
    ImmutableArray<Statement>? Else) : Statement(Span);

public sealed record CaseClause(SourceSpan Span, ImmutableArray<CaseLabel> Labels, ImmutableArray<Statement> Body) : Node(Span);

/// <summary><c>v</c> or <c>lo..hi</c> (Upper not null).</summary>
public sealed record CaseLabel(SourceSpan Span, Expression Value, Expression? Upper) : Node(Span);

public sealed record ForStatement(SourceSpan Span, Expression Variable, Expression Start, Expression End,
    Expression? Step, ImmutableArray<Statement> Body) : Statement(Span);

public sealed record WhileStatement(SourceSpan Span, Expression Condition, ImmutableArray<Statement> Body) : Statement(Span);

public sealed record RepeatStatement(SourceSpan Span, ImmutableArray<Statement> Body, Expression Until) : Statement(Span);

public sealed record ExitStatement(SourceSpan Span) : Statement(Span);

public sealed record ContinueStatement(SourceSpan Span) : Statement(Span);

public sealed record ReturnStatement(SourceSpan Span) : Statement(Span);

/// <summary><c>name:</c> (CODESYS): a jump target in a statement list, before the statement it names.</summary>
public sealed record LabelStatement(SourceSpan Span, Identifier Name) : Statement(Span);

/// <summary><c>JMP name;</c> (CODESYS): continues at the label <c>name:</c> of the same or an enclosing statement list.</summary>
public sealed record JumpStatement(SourceSpan Span, Identifier Label) : Statement(Span);

/// <summary>A lone <c>;</c>.</summary>
public sealed record EmptyStatement(SourceSpan Span) : Statement(Span);

// ---------------------------------------------------------------------------------------------------------------
// Expressions

public abstract record Expression(SourceSpan Span) : Node(Span);

/// <summary>Stands for a part of the source that could not be parsed. Binds to an error type silently.</summary>
public sealed record ErrorExpression(SourceSpan Span) : Expression(Span);

/// <summary>An integer literal: the magnitude as written (any base); a sign is a unary operator.</summary>
public sealed record IntegerLiteral(SourceSpan Span, ulong Value, string Text) : Expression(Span);

public sealed record RealLiteral(SourceSpan Span, double Value, string Text) : Expression(Span);

public sealed record BoolLiteral(SourceSpan Span, bool Value) : Expression(Span);

/// <summary>A string literal with escapes decoded. Wide: "..." (WSTRING); otherwise '...' (STRING).</summary>
public sealed record StringLiteral(SourceSpan Span, string Value, bool Wide) : Expression(Span);

/// <summary>T#..., TIME#..., LT#..., LTIME#... in nanoseconds (negative allowed).</summary>
public sealed record DurationLiteral(SourceSpan Span, bool Long, long Nanoseconds) : Expression(Span);

/// <summary>D#/DATE#/LD#/LDATE#: nanoseconds since 1970-01-01.</summary>
public sealed record DateLiteral(SourceSpan Span, bool Long, long Nanoseconds) : Expression(Span);

/// <summary>TOD#/TIME_OF_DAY#/LTOD#/LTIME_OF_DAY#: nanoseconds since midnight.</summary>
public sealed record TimeOfDayLiteral(SourceSpan Span, bool Long, long Nanoseconds) : Expression(Span);

/// <summary>DT#/DATE_AND_TIME#/LDT#/LDATE_AND_TIME#: nanoseconds since 1970-01-01-00:00:00.</summary>
public sealed record DateAndTimeLiteral(SourceSpan Span, bool Long, long Nanoseconds) : Expression(Span);

/// <summary>A literal with an elementary type prefix: <c>INT#-5</c>, <c>BOOL#1</c>, <c>REAL#2</c>, <c>WORD#16#FF</c>.
/// Value is a literal, or a negation of one.</summary>
public sealed record TypedLiteral(SourceSpan Span, Identifier TypeName, Expression Value) : Expression(Span);

/// <summary><c>Type#Value</c> for enumerations.</summary>
public sealed record QualifiedEnumValue(SourceSpan Span, Identifier TypeName, Identifier ValueName) : Expression(Span);

public sealed record NullLiteral(SourceSpan Span) : Expression(Span);

public sealed record NameExpression(SourceSpan Span, Identifier Name) : Expression(Span);

public sealed record MemberAccessExpression(SourceSpan Span, Expression Target, Identifier Member) : Expression(Span);

/// <summary><c>x.3</c>: one bit of an ANY_BIT or integer value.</summary>
public sealed record BitAccessExpression(SourceSpan Span, Expression Target, int Bit) : Expression(Span);

/// <summary><c>a[i, j]</c>. <c>a[i][j]</c> nests two of these.</summary>
public sealed record IndexExpression(SourceSpan Span, Expression Target, ImmutableArray<Expression> Indices) : Expression(Span);

/// <summary><c>r^</c></summary>
public sealed record DereferenceExpression(SourceSpan Span, Expression Target) : Expression(Span);

/// <summary>A directly represented variable used without declaration, e.g. <c>%QX0.0 := %IX0.1;</c>.</summary>
public sealed record DirectAddressExpression(SourceSpan Span, DirectAddress Address) : Expression(Span);

/// <summary>A call of a function, a function block instance or a built-in (REF, conversions ...).</summary>
public sealed record CallExpression(SourceSpan Span, Expression Callee, ImmutableArray<Argument> Arguments) : Expression(Span);

public enum ArgumentKind { Positional, Input, Output }

/// <summary>
/// <c>expr</c> (Positional), <c>name := expr</c> (Input), <c>name => target</c> (Output; Value may be null:
/// output not connected). Negated: <c>NOT name => target</c>.
/// </summary>
public sealed record Argument(SourceSpan Span, ArgumentKind Kind, Identifier? Name, Expression? Value, bool Negated)
    : Node(Span);

public enum UnaryOperator { Negate, Plus, Not }

public sealed record UnaryExpression(SourceSpan Span, UnaryOperator Operator, Expression Operand) : Expression(Span);

/// <summary><c>(n := F(x))</c> inside an expression (CODESYS, TwinCAT): assigns, and has the value assigned.</summary>
public sealed record AssignmentExpression(SourceSpan Span, Expression Target, Expression Value) : Expression(Span);

public enum BinaryOperator { Or, Xor, And, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Add, Subtract, Multiply, Divide, Modulo, Power, AndThen, OrElse }

public sealed record BinaryExpression(SourceSpan Span, BinaryOperator Operator, Expression Left, Expression Right)
    : Expression(Span);

public static class Names
{
    public static readonly System.StringComparer Comparer = System.StringComparer.OrdinalIgnoreCase;
    public static bool Equal(string a, string b) => string.Equals(a, b, System.StringComparison.OrdinalIgnoreCase);
}

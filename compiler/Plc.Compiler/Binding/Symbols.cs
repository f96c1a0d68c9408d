using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

public enum VariableKind { Local, Input, Output, InOut, Temp, Global, Result, Hidden }

/// <summary>Where a variable lives.</summary>
public enum StorageKind
{
    /// <summary>A member of a program or function block instance or of a struct: Offset from the instance.</summary>
    Member,
    /// <summary>A variable of a function: Offset within the function's static frame.</summary>
    Frame,
    /// <summary>A global variable: Offset within the globals block.</summary>
    Global,
    /// <summary>A directly represented variable (AT %I/%Q/%M): absolute, in the process image.</summary>
    Located,
    /// <summary>A VAR_STAT variable: Offset within its POU's one block of static variables (shared by every
    /// instance and call, D35).</summary>
    Static,
}

public enum ProcessArea { Input, Output, Memory }

/// <summary>A parsed direct address such as %IX1.3 or %QW2.</summary>
public sealed record DirectLocation(ProcessArea Area, char SizeLetter, int ByteOffset, int Bit, string Text)
{
    public bool IsBit => SizeLetter == 'X';
    public int ByteSize => SizeLetter switch { 'B' => 1, 'W' => 2, 'D' => 4, 'L' => 8, _ => 1 };
    /// <summary>The address space within the area (D29): 0 bits and bytes, 1 words, 2 double words, 3 long words.
    /// ByteOffset counts bytes from the start of that space.</summary>
    public int Space => SizeLetter switch { 'W' => 1, 'D' => 2, 'L' => 3, _ => 0 };

    /// <summary>Parses %IX0.0, %QW3, %MD1, %I0.0 (bit), ... or returns an error message.</summary>
    public static DirectLocation? Parse(string text, out string? error)
    {
        error = null;
        string t = text.ToUpperInvariant();
        if (t.Length < 3 || t[0] != '%') { error = $"'{text}' is not a direct address"; return null; }
        ProcessArea area;
        switch (t[1])
        {
            case 'I': area = ProcessArea.Input; break;
            case 'Q': area = ProcessArea.Output; break;
            case 'M': area = ProcessArea.Memory; break;
            default: error = $"'{text}': the area must be I, Q or M"; return null;
        }
        int i = 2;
        char size = 'X';
        bool explicitSize = false;
        if (i < t.Length && "XBWDL".IndexOf(t[i]) >= 0) { size = t[i]; i++; explicitSize = true; }
        string rest = t.Substring(i);
        if (rest.Contains('*')) { error = $"'{text}': incomplete addresses (%I*, %Q*) are not supported"; return null; }
        string[] parts = rest.Split('.');
        if (parts.Length == 0 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        { error = $"'{text}' is not a valid direct address"; return null; }
        if (!int.TryParse(parts[0], out int n) || n > 1_000_000) { error = $"'{text}': address too large"; return null; }
        if (size == 'X' || !explicitSize)
        {
            if (parts.Length != 2) { error = $"'{text}': a bit address needs a byte and a bit number, e.g. %IX0.3"; return null; }
            if (!int.TryParse(parts[1], out int bit) || bit > 7) { error = $"'{text}': bit number must be 0..7"; return null; }
            return new DirectLocation(area, 'X', n, bit, t);
        }
        if (parts.Length != 1) { error = $"'{text}': hierarchical addresses are not supported"; return null; }
        int unit = size switch { 'B' => 1, 'W' => 2, 'D' => 4, _ => 8 };
        return new DirectLocation(area, size, n * unit, -1, t);
    }
}

public sealed class VariableSymbol
{
    public string Name { get; }
    public SourceSpan Span { get; }
    public PlcType Type { get; set; }
    public VariableKind Kind { get; }
    public StorageKind Storage { get; set; }
    public bool IsConstant { get; set; }
    public RetainKind Retain { get; set; }
    public DirectLocation? Location { get; set; }
    public Initializer? InitialSyntax { get; set; }
    public BoundInitializer? Initial { get; set; }
    /// <summary>Offset in the containing instance, frame, struct or globals block (after layout).</summary>
    public int Offset { get; set; } = -1;
    /// <summary>The POU that declares it (null for struct members and globals).</summary>
    public PouSymbol? Owner { get; set; }
    /// <summary>Value of a CONSTANT with a constant initial value.</summary>
    public Constant? ConstantValue { get; set; }
    public bool Hidden => Kind == VariableKind.Hidden;
    /// <summary>The declaration it came from (null for compiler temporaries and results).</summary>
    public VarDeclaration? Declaration { get; set; }
    /// <summary>The type syntax, resolved lazily so that declarations may use constants declared later.</summary>
    public TypeReference? TypeSyntax { get; set; }
    public bool TypeResolved { get; set; }
    public bool Resolving { get; set; }
    public bool InitialBound { get; set; }
    /// <summary>VAR_TEMP of a program or function block: re-initialised on every call.</summary>
    public bool IsTemp => Kind == VariableKind.Temp;
    /// <summary>A function block instance declared <c>fb : FB(args)</c>: the arguments of its FB_init (D39).</summary>
    public ImmutableArray<Argument>? InitArguments { get; set; }
    /// <summary>An initial value that names variables (<c>p : POINTER TO INT := ADR(x)</c>, an instance for an
    /// interface, <c>r : REFERENCE TO INT REF= x</c>): bound where the declaration stands and assigned by the init
    /// code before the first scan (D39). For a REFERENCE TO it is the address the reference takes.</summary>
    public BoundExpression? DeferredInitial { get; set; }
    public bool Used { get; set; }
    /// <summary>The named global variable list a global belongs to (null: none, or not a global).</summary>
    public GlobalVariableList? List { get; set; }

    public VariableSymbol(string name, SourceSpan span, PlcType type, VariableKind kind, StorageKind storage)
    {
        Name = name; Span = span; Type = type; Kind = kind; Storage = storage;
    }

    public bool IsParameter => Kind is VariableKind.Input or VariableKind.Output or VariableKind.InOut;

    public override string ToString() => Name;
}

/// <summary>A jump label <c>name:</c> of a POU body (D38).</summary>
public sealed class LabelSymbol
{
    public string Name { get; }
    public SourceSpan Span { get; }
    public LabelSymbol(string name, SourceSpan span) { Name = name; Span = span; }
    public override string ToString() => Name;
}

public sealed class EnumValueSymbol
{
    public string Name { get; }
    public EnumType Type { get; }
    public long Value { get; set; }
    public SourceSpan Span { get; }
    public EnumValueSymbol(string name, EnumType type, SourceSpan span) { Name = name; Type = type; Span = span; }
}

/// <summary>
/// A PROGRAM, FUNCTION_BLOCK or FUNCTION; or a METHOD, property accessor or ACTION of one (Owner set). A method is a
/// function (its variables in a static frame, its result named after it) that runs with an instance of its owner as
/// this; an action is the owner's code under another name, with no variables of its own.
/// </summary>
public sealed class PouSymbol
{
    public string Name { get; }
    public PouKind Kind { get; }
    public PouDeclaration Syntax { get; }
    /// <summary>All variables (parameters, locals, temporaries, result, compiler temporaries), in layout order.
    /// For programs and function blocks this is the instance type; for functions the static frame.</summary>
    public StructType Frame { get; }
    public PlcType? ReturnType { get; set; }
    public VariableSymbol? Result { get; set; }
    public BoundBlock? Body { get; set; }
    /// <summary>Index in the image's POU table (set by the code generator).</summary>
    public int Index { get; set; } = -1;
    /// <summary>Functions: absolute address of the static frame (set by the memory map).</summary>
    public int FrameAddress { get; set; } = -1;
    /// <summary>The VAR_STAT variables: one copy for the whole program, not part of an instance or frame (D35).
    /// A plain struct (no Pou) named after the POU, so the debug section shows them as <c>Pou.name</c>.</summary>
    public StructType Statics { get; }
    /// <summary>Absolute address of <see cref="Statics"/> (set by the memory map; -1 when there are none).</summary>
    public int StaticsAddress { get; set; } = -1;
    public bool HasStatics => Statics.Members.Count > 0;
    /// <summary>Declared by the standard library: only put in an image when something uses it.</summary>
    public bool IsLibrary { get; init; }
    /// <summary>POUs called from this one, with the first call site (for recursion detection).</summary>
    public Dictionary<PouSymbol, SourceSpan> Calls { get; } = new();

    public void RecordCall(PouSymbol callee, SourceSpan at) => Calls.TryAdd(callee, at);

    public PouSymbol(string name, PouKind kind, PouDeclaration syntax)
    {
        Name = name; Kind = kind; Syntax = syntax;
        Frame = new StructType(name) { Pou = this };
        Statics = new StructType(name);
    }

    public IEnumerable<VariableSymbol> Variables => Frame.Members;
    /// <summary>Every variable the POU declares: its frame's and its static ones.</summary>
    public IEnumerable<VariableSymbol> DeclaredVariables => Frame.Members.Concat(Statics.Members);
    public IEnumerable<VariableSymbol> Parameters => Frame.Members.Where(v => v.IsParameter);
    public IEnumerable<VariableSymbol> Inputs => Frame.Members.Where(v => v.Kind == VariableKind.Input);
    public VariableSymbol? Find(string name) => Frame.FindMember(name);

    public bool IsFunction => Kind == PouKind.Function;

    // ---- object orientation
    /// <summary>The function block or program a METHOD, property accessor or ACTION belongs to.</summary>
    public PouSymbol? Owner { get; init; }
    /// <summary>Methods and actions by name (a function block's or program's).</summary>
    public Dictionary<string, PouSymbol> Methods { get; } = new(Names.Comparer);
    public Dictionary<string, PropertySymbol> Properties { get; } = new(Names.Comparer);
    public AccessLevel Access { get; init; }
    /// <summary>For a property's GET or SET: which one (the property has the method's name).</summary>
    public PropertyAccessor Accessor { get; init; }
    /// <summary>A METHOD, a property's GET or SET, or an ACTION: code that runs with an owner's instance as this.</summary>
    public bool IsMember => Owner != null;
    /// <summary>Variables in one static frame, reset on every call, and a result named after it (FUNCTION, METHOD).</summary>
    public bool HasStaticFrame => Kind is PouKind.Function or PouKind.Method;
    /// <summary>The name in the image, the disassembly and fault messages: <c>Motor.Start</c>, <c>Motor.Speed.GET</c>.</summary>
    public string QualifiedName { get => qualifiedName ?? Name; init => qualifiedName = value; }
    readonly string? qualifiedName;

    /// <summary>The function block this one EXTENDS.</summary>
    public PouSymbol? Base { get; set; }
    /// <summary>The interfaces named in IMPLEMENTS (not those of the base).</summary>
    public List<InterfaceSymbol> Implements { get; } = new();
    /// <summary>Blocks that EXTEND this one directly.</summary>
    public List<PouSymbol> Derived { get; } = new();
    public bool IsAbstract => Syntax.Modifiers.HasFlag(MemberModifiers.Abstract);
    /// <summary>Part of a class hierarchy (extends, is extended or implements): its instances carry a class number
    /// in a hidden first member (D34). 0 for other blocks.</summary>
    public int ClassId { get; set; }
    /// <summary>Class numbers of this block and every block derived from it: ClassId .. ClassIdLast.</summary>
    public int ClassIdLast { get; set; }
    /// <summary>The hidden class-number member of a hierarchy's root block (shared by every block derived from it).</summary>
    public VariableSymbol? ClassMember { get; set; }

    /// <summary>This block and the blocks it extends, nearest first.</summary>
    public IEnumerable<PouSymbol> SelfAndBases()
    {
        var seen = new HashSet<PouSymbol>();
        for (var p = this; p != null && seen.Add(p); p = p.Base) yield return p;
    }

    /// <summary>This block and every block derived from it, directly or not.</summary>
    public IEnumerable<PouSymbol> SelfAndDerived()
    {
        yield return this;
        foreach (var d in Derived)
            foreach (var x in d.SelfAndDerived()) yield return x;
    }

    /// <summary>The method or action of this name: its own, else the nearest base's (the one an instance of exactly
    /// this block runs).</summary>
    public PouSymbol? FindMethod(string name) =>
        SelfAndBases().Select(p => p.Methods.TryGetValue(name, out var m) ? m : null).FirstOrDefault(m => m != null);
    public PropertySymbol? FindProperty(string name) =>
        SelfAndBases().Select(p => p.Properties.TryGetValue(name, out var x) ? x : null).FirstOrDefault(x => x != null);
    /// <summary>Every interface this block implements, also through its bases and through interfaces they extend.</summary>
    public IEnumerable<InterfaceSymbol> AllInterfaces() =>
        SelfAndBases().SelectMany(p => p.Implements).SelectMany(i => i.SelfAndBases()).Distinct();

    public override string ToString() => Name;
}

/// <summary>An INTERFACE: method and property prototypes, and the interfaces it extends.</summary>
public sealed class InterfaceSymbol
{
    public string Name { get; }
    public InterfaceDeclaration Syntax { get; }
    public List<InterfaceSymbol> Bases { get; } = new();
    /// <summary>Prototypes: methods without body, declared like a block's (parameters in a frame of their own).</summary>
    public Dictionary<string, PouSymbol> Methods { get; } = new(Names.Comparer);
    public Dictionary<string, PropertySymbol> Properties { get; } = new(Names.Comparer);
    public InterfaceType Type { get; }
    public InterfaceSymbol(string name, InterfaceDeclaration syntax) { Name = name; Syntax = syntax; Type = new InterfaceType(this); }

    /// <summary>This interface and every interface it extends, directly or not.</summary>
    public IEnumerable<InterfaceSymbol> SelfAndBases()
    {
        var seen = new HashSet<InterfaceSymbol>();
        var work = new Stack<InterfaceSymbol>();
        work.Push(this);
        while (work.Count > 0)
        {
            var i = work.Pop();
            if (!seen.Add(i)) continue;
            yield return i;
            foreach (var b in i.Bases) work.Push(b);
        }
    }

    public PouSymbol? FindMethod(string name) => SelfAndBases().Select(i => i.Methods.TryGetValue(name, out var m) ? m : null).FirstOrDefault(m => m != null);
    public PropertySymbol? FindProperty(string name) => SelfAndBases().Select(i => i.Properties.TryGetValue(name, out var p) ? p : null).FirstOrDefault(p => p != null);
}

public enum PropertyAccessor { None, Get, Set }

/// <summary>A PROPERTY of a function block: a GET method, a SET method, or both.</summary>
public sealed class PropertySymbol
{
    public string Name { get; }
    public PropertyDeclaration Syntax { get; }
    public PouSymbol? Getter { get; set; }
    public PouSymbol? Setter { get; set; }
    public PropertySymbol(string name, PropertyDeclaration syntax) { Name = name; Syntax = syntax; }
}

/// <summary>A task of the configuration (or the implicit default task).</summary>
public sealed class TaskSymbol
{
    public const string DefaultTaskName = "__default";
    public string Name { get; }
    public SourceSpan Span { get; }
    public long IntervalNs { get; set; }
    /// <summary>WATCHDOG := T#..; 0 = the runtime default.</summary>
    public long WatchdogNs { get; set; }
    public int Priority { get; set; }
    public BoundExpression? Single { get; set; }
    public List<ProgramInstanceSymbol> Programs { get; } = new();
    public int Index { get; set; }
    public TaskSymbol(string name, SourceSpan span) { Name = name; Span = span; }
}

/// <summary>A program instance: <c>PROGRAM inst WITH task : Type (args)</c>, or implicit.</summary>
public sealed class ProgramInstanceSymbol
{
    public string Name { get; }
    public PouSymbol Program { get; }
    public SourceSpan Span { get; }
    public RetainKind Retain { get; set; }
    public List<BoundStatement> InputAssignments { get; } = new();
    public List<BoundStatement> OutputAssignments { get; } = new();
    /// <summary>Absolute address of the instance (set by the memory map).</summary>
    public int Address { get; set; } = -1;
    public ProgramInstanceSymbol(string name, PouSymbol program, SourceSpan span) { Name = name; Program = program; Span = span; }
}

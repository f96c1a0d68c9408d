using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// Phase 3: resolving type syntax into types, lazily, so that declarations may refer to constants and types
// declared anywhere.
public sealed partial class Binder
{
    void ResolveAllTypes()
    {
        foreach (var entry in global.Types.Values) ResolveNamedType(entry);
        foreach (var g in global.Globals.Values) EnsureVariableType(g);
        foreach (var pou in program.Pous)
            foreach (var v in pou.DeclaredVariables.ToList()) EnsureVariableType(v);
        CheckExternals();
        foreach (var pou in program.Pous)
            if (pou.Result != null) pou.ReturnType = pou.Result.Type;
    }

    /// <summary>Resolves a variable's declared type (once).</summary>
    void EnsureVariableType(VariableSymbol v)
    {
        if (v.TypeResolved || v.TypeSyntax == null) return;
        if (v.Resolving)
        {
            Report(DiagnosticCodes.InvalidDeclaration, v.Span, $"the declaration of '{v.Name}' depends on itself");
            v.TypeResolved = true;
            return;
        }
        v.Resolving = true;
        var scope = v.Owner != null && pouScopes.TryGetValue(v.Owner, out var s) ? s : null;
        var type = v.TypeSyntax is NamedTypeReference { Name: var anyName } && IsAnyTypeName(anyName.Name) && !global.Types.ContainsKey(anyName.Name)
            ? ResolveAnyParameter(v, anyName)
            : InstanceWithInitArguments(v) ?? ResolveType(v.TypeSyntax, scope, v.Kind == VariableKind.Result ? null : v.Name);
        v.Type = type;
        v.Resolving = false;
        v.TypeResolved = true;
        CheckVariableType(v);
    }

    void CheckVariableType(VariableSymbol v)
    {
        var t = v.Type;
        if (t is ErrorType) return;
        if (t is VarLengthArrayType && !(v.Kind == VariableKind.InOut && v.Owner is { Kind: PouKind.Function or PouKind.FunctionBlock or PouKind.Method }))
        {
            Report(DiagnosticCodes.InvalidDeclaration, v.TypeSyntax?.Span ?? v.Span,
                "ARRAY[*] is only the type of a VAR_IN_OUT of a function, function block or method: the argument brings its bounds (D42)");
            v.Type = ErrorType.Instance;
            return;
        }
        if (t is StructType st && st.Pou != null)
        {
            if (st.Pou.Kind == PouKind.Program)
            {
                Report(DiagnosticCodes.InvalidDeclaration, v.Span, $"'{st.Pou.Name}' is a PROGRAM; programs are instantiated by the configuration, not declared as variables");
                v.Type = ErrorType.Instance;
            }
            else if (st.Pou.IsAbstract && v.Kind != VariableKind.InOut)
            {
                Report(DiagnosticCodes.InvalidHierarchy, v.Span, $"'{st.Pou.Name}' is ABSTRACT: declare an instance of a block that extends it");
                v.Type = ErrorType.Instance;
            }
        }
        if (t is ReferenceType && v.Kind is VariableKind.InOut or VariableKind.Output)
        {
            Report(DiagnosticCodes.InvalidDeclaration, v.Span, v.Kind switch
            {
                VariableKind.Output => "a VAR_OUTPUT cannot be a REFERENCE TO; use a POINTER TO, or a VAR_IN_OUT",
                _ => "a VAR_IN_OUT is already a reference; declare it with the referenced type",
            });
            v.Type = ErrorType.Instance;
            return;
        }
        if (v.Location != null && t is not ErrorType)
        {
            var loc = v.Location;
            // Every declared address counts for the size of its area, used or not: its initial value is written
            // there and it can be printed and monitored.
            program.UseArea(loc, loc.IsBit ? 1 : t.Size);
            bool ok = Types.Underlying(t) switch
            {
                ElementaryType e when loc.IsBit => e.IsBool,
                ElementaryType e => !e.IsBool && e.Size == loc.ByteSize || e.IsBool && loc.SizeLetter == 'B',
                EnumType e => !loc.IsBit && e.Size == loc.ByteSize,
                // An array or struct starts at the address and covers as many bytes as it needs
                // (IEC: INARY AT %IW6 : ARRAY [0..9] OF INT).
                ArrayType or StructType { Pou: null } => !loc.IsBit,
                _ => false,
            };
            if (!ok)
            {
                string need = loc.IsBit ? "BOOL" : $"a {loc.ByteSize}-byte elementary type, an array or a struct";
                Report(DiagnosticCodes.LocationTypeMismatch, v.Declaration?.Location?.Span ?? v.Span,
                    $"'{loc.Text}' needs {need}, not {t.Name}");
            }
        }
        if (v.Kind == VariableKind.Input && v.Owner is { IsFunction: false } && t is StructType { Pou: not null })
        {
            // An FB instance as VAR_INPUT is copied by value: allowed (CODESYS), nothing to check.
        }
    }

    /// <summary>Resolves type syntax. <paramref name="scope"/> gives the POU whose constants may appear in bounds.</summary>
    PlcType ResolveType(TypeReference syntax, PouScope? scope, string? variableName = null)
    {
        switch (syntax)
        {
            case NamedTypeReference { Qualifier: { } qualifier } named:
                Report(DiagnosticCodes.LibraryNameNotAvailable, named.Span,
                    $"namespace '{qualifier}' is not available here ('{qualifier}.{named.Name.Name}'); the libraries whose names can be qualified are {string.Join(", ", LibraryNamespaces.Libraries)} (docs/compatibility.md)");
                return ErrorType.Instance;
            case NamedTypeReference named:
                return ResolveTypeName(named.Name, scope);

            case StringTypeReference s:
            {
                int length = StringType.DefaultLength;
                if (s.Length != null)
                {
                    var n = EvaluateConstantInteger(s.Length, scope, "a string length");
                    if (n == null) return ErrorType.Instance;
                    if (n < 1 || n > StringType.MaxLength)
                    {
                        Report(DiagnosticCodes.InvalidDeclaration, s.Length.Span, $"string length must be 1..{StringType.MaxLength}, not {n}");
                        return ErrorType.Instance;
                    }
                    length = (int)n.Value;
                }
                return new StringType(s.Wide, length);
            }

            case ArrayTypeReference a when a.Ranges.Any(r => r.IsVariable):
            {
                if (!a.Ranges.All(r => r.IsVariable))
                {
                    Report(DiagnosticCodes.InvalidArrayBounds, a.Span, "either every dimension is '*' (ARRAY[*, *] OF T) or none");
                    return ErrorType.Instance;
                }
                var element = ResolveType(a.ElementType, scope);
                if (element is ErrorType) return element;
                if (element is ReferenceType or VarLengthArrayType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, a.ElementType.Span, $"an ARRAY[*] cannot hold {element.Name}");
                    return ErrorType.Instance;
                }
                return new VarLengthArrayType(element, a.Ranges.Length);
            }

            case ArrayTypeReference a:
            {
                var dims = new List<ArrayDimension>();
                bool bad = false;
                foreach (var range in a.Ranges)
                {
                    var lo = EvaluateConstantInteger(range.Lower!, scope, "an array bound");
                    var hi = EvaluateConstantInteger(range.Upper!, scope, "an array bound");
                    if (lo == null || hi == null) { bad = true; continue; }
                    if (lo < int.MinValue || lo > int.MaxValue || hi < int.MinValue || hi > int.MaxValue)
                    {
                        Report(DiagnosticCodes.InvalidArrayBounds, range.Span, $"array bounds must lie within DINT, not {lo}..{hi}");
                        bad = true; continue;
                    }
                    if (lo > hi)
                    {
                        Report(DiagnosticCodes.InvalidArrayBounds, range.Span, $"lower bound {lo} is greater than upper bound {hi}");
                        bad = true; continue;
                    }
                    if (hi - lo + 1 > 16 * 1024 * 1024)
                    {
                        Report(DiagnosticCodes.InvalidArrayBounds, range.Span, $"array dimension {lo}..{hi} is too large");
                        bad = true; continue;
                    }
                    dims.Add(new ArrayDimension((int)lo.Value, (int)hi.Value));
                }
                var element = ResolveType(a.ElementType, scope);
                if (element is VarLengthArrayType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, a.ElementType.Span, "ARRAY[*] is only the type of a VAR_IN_OUT, not an element type (D42)");
                    return ErrorType.Instance;
                }
                if (element is ReferenceType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, a.ElementType.Span, "an ARRAY OF REFERENCE is not allowed; use ARRAY OF POINTER TO or REF_TO");
                    return ErrorType.Instance;
                }
                if (bad || element is ErrorType || dims.Count == 0) return ErrorType.Instance;
                var arrayType = new ArrayType(element, dims);
                arrayType.ElementDefault = DefaultInitializerOf(a.ElementType, element);
                return arrayType;
            }

            case RefTypeReference r:
            {
                var target = ResolveType(r.Target, scope);
                if (target is VarLengthArrayType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, r.Span, "ARRAY[*] is only the type of a VAR_IN_OUT, not a reference's target (D42)");
                    return ErrorType.Instance;
                }
                return target is ErrorType ? target : new RefType(target);
            }

            case PointerTypeReference or ReferenceTypeReference:
            {
                bool pointer = syntax is PointerTypeReference;
                var target = ResolveType(pointer ? ((PointerTypeReference)syntax).Target : ((ReferenceTypeReference)syntax).Target, scope);
                if (target is ReferenceType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, syntax.Span, $"a {(pointer ? "POINTER" : "REFERENCE")} TO a REFERENCE is not allowed; use the referenced type");
                    return ErrorType.Instance;
                }
                if (target is ErrorType) return target;
                if (target is VarLengthArrayType)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, syntax.Span, "ARRAY[*] is only the type of a VAR_IN_OUT, not a pointer's target (D42)");
                    return ErrorType.Instance;
                }
                return pointer ? new PointerType(target) : new ReferenceType(target);
            }

            case SubrangeTypeReference sr:
            {
                var baseType = ResolveType(sr.Base, scope);
                if (baseType is ErrorType) return baseType;
                if (baseType is not ElementaryType be || !be.IsInteger)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, sr.Span, $"a subrange needs an integer base type, not {baseType.Name}");
                    return ErrorType.Instance;
                }
                var lo = EvaluateConstantInteger(sr.Lower, scope, "a subrange bound");
                var hi = EvaluateConstantInteger(sr.Upper, scope, "a subrange bound");
                if (lo == null || hi == null) return ErrorType.Instance;
                var (min, max) = be.IntegerRange;
                if (lo < min || hi > max || lo > hi || hi > long.MaxValue)
                {
                    Report(DiagnosticCodes.InvalidDeclaration, sr.Span, $"subrange {lo}..{hi} is empty or outside {be.Name}");
                    return ErrorType.Instance;
                }
                return new SubrangeType(be, (long)lo.Value, (long)hi.Value);
            }

            // fb : FB(args) where no variable is declared (an array element, a struct member, a type): not here.
            case InstanceWithArgumentsTypeReference withArguments:
                Report(DiagnosticCodes.UnsupportedConstruct, withArguments.Span, $"arguments for FB_init ('{withArguments.Block.Name.Name}(...)') other than in the declaration of a variable (D39)");
                return ErrorType.Instance;
            case EnumTypeReference { BaseType: NamedTypeReference { Qualifier: null } fbName } e
                when global.Pous.TryGetValue(fbName.Name.Name, out var block) && block.Kind == PouKind.FunctionBlock:
                Report(DiagnosticCodes.UnsupportedConstruct, e.Span, $"arguments for FB_init ('{block.Name}(...)') other than in the declaration of a variable (D39)");
                return ErrorType.Instance;
            case EnumTypeReference e:
                return ResolveEnum(e, variableName ?? "", scope);

            case StructTypeReference st:
                Report(DiagnosticCodes.UnsupportedConstruct, st.Span, "an inline STRUCT (declare it in TYPE ... END_TYPE)");
                return ErrorType.Instance;

            case UnionTypeReference un:
                Report(DiagnosticCodes.UnsupportedConstruct, un.Span, "an inline UNION (declare it in TYPE ... END_TYPE)");
                return ErrorType.Instance;

            default:
                return ErrorType.Instance;
        }
    }

    PlcType ResolveTypeName(Identifier name, PouScope? scope)
    {
        if (IsMissing(name)) return ErrorType.Instance;
        var elementary = ElementaryType.Find(name.Name);
        if (elementary != null) return elementary;
        if (Names.Equal(name.Name, "STRING")) return new StringType(false, StringType.DefaultLength);
        if (Names.Equal(name.Name, "WSTRING")) return new StringType(true, StringType.DefaultLength);
        if (global.Types.TryGetValue(name.Name, out var entry)) return ResolveNamedType(entry);
        if (global.Interfaces.TryGetValue(name.Name, out var itf)) return itf.Type;
        if (IsAnyTypeName(name.Name))
        {
            Report(DiagnosticCodes.InvalidDeclaration, name.Span, $"{name.Name.ToUpperInvariant()} is only allowed for a VAR_INPUT of a FUNCTION or METHOD");
            return ErrorType.Instance;
        }
        if (global.Pous.TryGetValue(name.Name, out var pou))
        {
            if (pou.Kind == PouKind.Function)
            {
                Report(DiagnosticCodes.NotAType, name.Span, name.Name);
                return ErrorType.Instance;
            }
            return pou.Frame;
        }
        Report(DiagnosticCodes.UnknownType, name.Span, name.Name);
        return ErrorType.Instance;
    }

    PlcType ResolveNamedType(NamedTypeEntry entry)
    {
        if (entry.Resolved != null) return entry.Resolved;
        if (entry.Resolving)
        {
            Report(DiagnosticCodes.RecursiveType, entry.Syntax.Name.Span, entry.Syntax.Name.Name);
            entry.Resolved = ErrorType.Instance;
            return entry.Resolved;
        }
        entry.Resolving = true;
        var def = entry.Syntax;
        PlcType type;
        switch (def.Type)
        {
            case StructTypeReference st:
                type = DeclareStruct(def.Name.Name, st.Span, st.Members, isUnion: false, BaseStruct(def));
                if (!entry.IsLibrary) program.NamedTypes.Add(type);
                break;
            case var _ when def.Extends is { } ext && !IsMissing(ext):
                Report(DiagnosticCodes.InvalidHierarchy, ext.Span, "only a STRUCT can EXTEND another type");
                type = ErrorType.Instance;
                break;
            case UnionTypeReference un:
                type = DeclareStruct(def.Name.Name, un.Span, un.Members, isUnion: true);
                if (!entry.IsLibrary) program.NamedTypes.Add(type);
                break;
            case EnumTypeReference en:
                type = ResolveEnum(en, def.Name.Name, null);
                if (!entry.IsLibrary) program.NamedTypes.Add(type);
                break;
            default:
                type = ResolveType(def.Type, null);
                break;
        }
        entry.Resolving = false;
        entry.Resolved ??= type;
        return entry.Resolved;
    }

    /// <summary>A STRUCT, or a UNION (<paramref name="isUnion"/>, D37), declared in TYPE ... END_TYPE.</summary>
    /// <summary>The STRUCT a definition EXTENDS, or null (reported when it names something else).</summary>
    StructType? BaseStruct(TypeDefinition def)
    {
        if (def.Extends is not { } ext || IsMissing(ext)) return null;
        var t = ResolveTypeName(ext, null);
        if (t is StructType { Pou: null, IsUnion: false } b) return b;
        if (t is not ErrorType) Report(DiagnosticCodes.InvalidHierarchy, ext.Span, $"'{ext.Name}' is not a STRUCT");
        return null;
    }

    StructType DeclareStruct(string name, SourceSpan span, System.Collections.Immutable.ImmutableArray<VarDeclaration> members, bool isUnion, StructType? baseStruct = null)
    {
        var st = new StructType(name) { DeclarationSpan = span, IsUnion = isUnion, Base = baseStruct };
        // A derived STRUCT starts with its base's members, at the base's offsets (D34).
        if (baseStruct != null) st.Members.AddRange(baseStruct.Members);
        string kind = isUnion ? "UNION" : "STRUCT";
        foreach (var decl in members)
        {
            foreach (var id in decl.Names)
            {
                if (IsMissing(id)) continue;
                if (st.FindMember(id.Name) is { } existing)
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, id.Span, id.Name, $" in {kind} '{name}' at {existing.Span}");
                    continue;
                }
                if (decl.Location != null)
                    Report(DiagnosticCodes.InvalidLocation, decl.Location.Span, $"{kind} members cannot have a direct address");
                var member = new VariableSymbol(id.Name, id.Span, ErrorType.Instance, VariableKind.Local, StorageKind.Member)
                {
                    Declaration = decl,
                    TypeSyntax = decl.Type,
                    InitialSyntax = decl.Initial,
                };
                st.Members.Add(member);
                structMembers.Add(member);
            }
        }
        foreach (var m in st.Members)
        {
            EnsureVariableType(m);
            // Function block instances inside a STRUCT are allowed (CODESYS) and laid out like members.
        }
        if (isUnion) CheckUnionMembers(st);
        return st;
    }

    /// <summary>D37: a union's bytes may be written through any member and read through any other, so a member
    /// may only hold types for which any bytes are a value; and only one member can give the initial value.</summary>
    void CheckUnionMembers(StructType union)
    {
        VariableSymbol? initialised = null;
        foreach (var m in union.Members)
        {
            if (m.Type is not ErrorType && NotReinterpretable(m.Type) is { } what)
                Report(DiagnosticCodes.InvalidDeclaration, m.Span,
                    $"UNION member '{m.Name}' {what}, which cannot be read from bytes written through another member");
            if (m.InitialSyntax == null) continue;
            if (initialised != null)
                Report(DiagnosticCodes.InvalidInitializer, m.InitialSyntax.Span,
                    $"only one member of a UNION can have an initial value; '{initialised.Name}' already has one");
            else initialised = m;
        }
    }

    /// <summary>Null when any bytes are a value of the type (integers, bit strings, reals, characters, times and
    /// dates, enumerations, and arrays and structs of them); else what in it is not: a BOOL (only 0 and 1), a string
    /// (needs its terminating NUL), a subrange (its range), a reference (an address), a function block instance.</summary>
    static string? NotReinterpretable(PlcType type) => type switch
    {
        ElementaryType { IsBool: true } => "is a BOOL",
        StringType s => $"is a {(s.Wide ? "WSTRING" : "STRING")}",
        SubrangeType sr => $"is a subrange ({sr.Name})",
        RefType or NullType => "is a reference",
        StructType { Pou: not null } fb => $"is a function block instance ({fb.Name})",
        StructType st => st.Members.Select(m => NotReinterpretable(m.Type)).FirstOrDefault(w => w != null) is { } w ? Holds(w) : null,
        ArrayType a => NotReinterpretable(a.Element) is { } w ? Holds(w) : null,
        _ => null,
    };

    static string Holds(string what) => what.StartsWith("is ", System.StringComparison.Ordinal) ? "holds " + what.Substring(3) : what;

    readonly List<VariableSymbol> structMembers = new();

    EnumType ResolveEnum(EnumTypeReference syntax, string name, PouScope? scope)
    {
        var en = new EnumType(name);
        if (syntax.BaseType != null)
        {
            var b = ResolveType(syntax.BaseType, scope);
            if (b is ElementaryType be && be.IsIntegral) en.Base = be;
            else if (b is not ErrorType)
                Report(DiagnosticCodes.InvalidDeclaration, syntax.BaseType.Span, $"an enumeration needs an integer base type, not {b.Name}");
        }
        System.Int128 next = 0;
        var (min, max) = en.Base.IntegerRange;
        foreach (var value in syntax.Values)
        {
            if (IsMissing(value.Name)) continue;
            if (en.Find(value.Name.Name) != null)
            {
                Report(DiagnosticCodes.DuplicateDeclaration, value.Name.Span, value.Name.Name, $" in enumeration '{name}'");
                continue;
            }
            if (value.Value != null)
            {
                var v = EvaluateConstantInteger(value.Value, scope, "an enumeration value");
                if (v != null) next = v.Value;
            }
            if (next < min || next > max)
            {
                Report(DiagnosticCodes.ConstantOutOfRange, value.Name.Span, next.ToString(), en.Base.Name);
                next = 0;
            }
            var sym = new EnumValueSymbol(value.Name.Name, en, value.Name.Span) { Value = (long)next };
            en.Values.Add(sym);
            global.AddEnumValue(sym);
            next++;
        }
        if (en.Values.Count == 0)
            Report(DiagnosticCodes.InvalidDeclaration, syntax.Span, "an enumeration needs at least one value");
        return en;
    }

    /// <summary>The initial value a declaration of this type syntax gets by default (from TYPE X : T := init).</summary>
    BoundInitializer? DefaultInitializerOf(TypeReference syntax, PlcType type)
    {
        if (syntax is not NamedTypeReference named || !global.Types.TryGetValue(named.Name.Name, out var entry)) return null;
        if (entry.DefaultBound) return entry.Default;
        entry.DefaultBound = true;
        if (entry.Syntax.Initial != null)
            entry.Default = BindInitializer(entry.Syntax.Initial, type, null);
        else if (entry.Syntax.Type is NamedTypeReference inner)
            entry.Default = DefaultInitializerOf(inner, type);
        return entry.Default;
    }

    /// <summary>Evaluates a constant integer expression (array bounds, string lengths, repeat counts ...).</summary>
    System.Int128? EvaluateConstantInteger(Expression expr, PouScope? scope, string what)
    {
        var ctx = BindingContext.ForConstants(scope);
        var bound = BindExpression(expr, ctx);
        if (bound.Type is ErrorType) return null;
        var value = bound.ConstantValue;
        var underlying = Types.Underlying(bound.Type);
        bool integral = bound.Type == LiteralType.Integer || underlying is ElementaryType { IsIntegral: true } || underlying is EnumType;
        if (value is not { IsInteger: true } c || !integral)
        {
            Report(DiagnosticCodes.NotConstant, expr.Span, what);
            return null;
        }
        return c.Integer;
    }
}

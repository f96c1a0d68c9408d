using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// Phase 1 and 2: every top-level name, then every POU's variables (types resolved later, lazily).
public sealed partial class Binder
{
    void DeclareTopLevel(SourceFile file)
    {
        foreach (var decl in file.Declarations)
        {
            switch (decl)
            {
                case PouDeclaration pou:
                    DeclarePou(pou);
                    break;
                case InterfaceDeclaration itf:
                    DeclareInterface(itf);
                    break;
                case TypeDeclaration types:
                    foreach (var def in types.Types) DeclareType(def);
                    break;
                case GlobalVarDeclaration g:
                    DeclareGlobals(g.Block, DeclareList(g.List));
                    break;
                case ConfigurationDeclaration c:
                    if (configurations.Count > 0)
                        Report(DiagnosticCodes.MultipleConfigurations, c.Name.Span, configurations[0].Name.Name);
                    else
                    {
                        configurations.Add(c);
                        foreach (var block in c.Globals) DeclareGlobals(block);
                        foreach (var r in c.Resources)
                            foreach (var block in r.Globals) DeclareGlobals(block);
                    }
                    break;
            }
        }
    }

    /// <summary>True (and reported) when a top-level name is already taken.</summary>
    bool CheckTopLevelName(Identifier name)
    {
        if (IsMissing(name)) return true;
        // A program may declare its own TON: the library's gives way silently.
        if (declaringLibrary && (global.Types.ContainsKey(name.Name) || global.Pous.ContainsKey(name.Name) || global.Globals.ContainsKey(name.Name) || global.Interfaces.ContainsKey(name.Name)))
            return true;
        if (ElementaryType.Find(name.Name) != null || BuiltinNames.IsReserved(name.Name))
        {
            Report(DiagnosticCodes.ReservedName, name.Span, name.Name);
            return true;
        }
        string? what = null;
        if (global.Types.TryGetValue(name.Name, out var t)) what = $" as a type at {t.Syntax.Span}";
        else if (global.Pous.TryGetValue(name.Name, out var p)) what = $" as a POU at {p.Syntax.Name.Span}";
        else if (global.Globals.TryGetValue(name.Name, out var g)) what = $" as a global variable at {g.Span}";
        else if (global.Interfaces.TryGetValue(name.Name, out var i)) what = $" as an interface at {i.Syntax.Name.Span}";
        if (what == null) return false;
        Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, what);
        return true;
    }

    void DeclarePou(PouDeclaration syntax)
    {
        if (CheckTopLevelName(syntax.Name)) return;
        var pou = new PouSymbol(syntax.Name.Name, syntax.Kind, syntax) { IsLibrary = declaringLibrary };
        global.Pous[pou.Name] = pou;
        program.Pous.Add(pou);
        DeclareMembers(pou);
    }

    void DeclareType(TypeDefinition def)
    {
        if (CheckTopLevelName(def.Name)) return;
        global.Types[def.Name.Name] = new NamedTypeEntry(def) { IsLibrary = declaringLibrary };
    }

    /// <summary>The named list a VAR_GLOBAL block belongs to: declared by its first block; a second file of the same
    /// name is PLC1003 (its variables are then globals of no list).</summary>
    GlobalVariableList? DeclareList(GlobalListName? name)
    {
        if (name == null || IsMissing(name.Name)) return null;
        if (global.Lists.TryGetValue(name.Name.Name, out var list))
        {
            if (list.Name.Span.Path == name.Name.Span.Path) return list;
            Report(DiagnosticCodes.DuplicateDeclaration, name.Name.Span, name.Name.Name, $" as a global variable list at {list.Name.Span}");
            return null;
        }
        list = new GlobalVariableList(name.Name, name.QualifiedOnly);
        global.Lists[list.Name.Name] = list;
        return list;
    }

    void DeclareGlobals(VarBlock block, GlobalVariableList? list = null)
    {
        if (block.Kind != VarKind.Global)
        {
            Report(DiagnosticCodes.InvalidDeclaration, block.Span, $"only VAR_GLOBAL is allowed here, not {KindText(block.Kind)}");
            return;
        }
        foreach (var decl in block.Variables)
        {
            foreach (var name in decl.Names)
            {
                if (IsMissing(name)) continue;
                if (ElementaryType.Find(name.Name) != null) { Report(DiagnosticCodes.ReservedName, name.Span, name.Name); continue; }
                if (global.Globals.TryGetValue(name.Name, out var existing))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" as a global variable at {existing.Span}");
                    continue;
                }
                if (global.Pous.TryGetValue(name.Name, out var pou))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" as a POU at {pou.Syntax.Name.Span}");
                    continue;
                }
                if (global.Types.TryGetValue(name.Name, out var type))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" as a type at {type.Syntax.Span}");
                    continue;
                }
                var v = NewDeclaredVariable(name, decl, block, VariableKind.Global, StorageKind.Global, owner: null);
                global.Globals[v.Name] = v;
                if (list != null) { v.List = list; list.Variables[v.Name] = v; }
                program.Globals.Members.Add(v);
            }
        }
    }

    VariableSymbol NewDeclaredVariable(Identifier name, VarDeclaration decl, VarBlock block, VariableKind kind, StorageKind storage, PouSymbol? owner)
    {
        var v = new VariableSymbol(name.Name, name.Span, ErrorType.Instance, kind, storage)
        {
            Declaration = decl,
            TypeSyntax = decl.Type,
            InitialSyntax = decl.Initial,
            IsConstant = block.Constant,
            Retain = block.Retain,
            Owner = owner,
        };
        if (decl.Location != null)
        {
            var loc = DirectLocation.Parse(decl.Location.Text, out string? error);
            if (loc == null) Report(DiagnosticCodes.InvalidLocation, decl.Location.Span, error!);
            else { v.Location = loc; v.Storage = StorageKind.Located; }
        }
        return v;
    }

    static string KindText(VarKind kind) => kind switch
    {
        VarKind.Var => "VAR",
        VarKind.Input => "VAR_INPUT",
        VarKind.Output => "VAR_OUTPUT",
        VarKind.InOut => "VAR_IN_OUT",
        VarKind.Temp => "VAR_TEMP",
        VarKind.Global => "VAR_GLOBAL",
        VarKind.Static => "VAR_STAT",
        VarKind.Instance => "VAR_INST",
        _ => "VAR_EXTERNAL",
    };

    void DeclarePouVariables(PouSymbol pou)
    {
        var scope = new PouScope(pou);
        pouScopes[pou] = scope;
        var syntax = pou.Syntax;
        StorageKind storage = pou.HasStaticFrame ? StorageKind.Frame : StorageKind.Member;
        variablesDeclared.Add(pou);
        DeclareInheritedVariables(pou, scope);

        foreach (var block in syntax.VarBlocks)
        {
            VariableKind kind;
            switch (block.Kind)
            {
                case VarKind.Var: kind = VariableKind.Local; break;
                case VarKind.Input: kind = VariableKind.Input; break;
                case VarKind.Output: kind = VariableKind.Output; break;
                case VarKind.InOut: kind = VariableKind.InOut; break;
                case VarKind.Temp: kind = VariableKind.Temp; break;
                case VarKind.Static when pou.Kind != PouKind.Program: kind = VariableKind.Local; break;
                case VarKind.Static:
                    Report(DiagnosticCodes.InvalidDeclaration, block.Span,
                        "VAR_STAT is not allowed in a PROGRAM: a program's VAR variables already keep their values between cycles");
                    continue;
                case VarKind.Instance when pou.Kind == PouKind.Method && pou.Owner != null && pou.Accessor == PropertyAccessor.None:
                    DeclareInstanceVariables(pou, scope, block);
                    continue;
                case VarKind.Instance:
                    Report(DiagnosticCodes.InvalidDeclaration, block.Span, "VAR_INST is only allowed in a METHOD of a function block");
                    continue;
                case VarKind.External:
                    DeclareExternals(scope, block);
                    continue;
                default:
                    Report(DiagnosticCodes.InvalidDeclaration, block.Span,
                        $"{KindText(block.Kind)} is not allowed inside a {PouKindText(pou.Kind)}; declare global variables at the top level or in a CONFIGURATION");
                    continue;
            }
            bool isStatic = block.Kind == VarKind.Static;
            if (pou.HasStaticFrame && !isStatic && block.Retain is RetainKind.Retain or RetainKind.Persistent)
                Report(DiagnosticCodes.InvalidDeclaration, block.Span, $"variables of a {PouKindText(pou.Kind)} cannot be RETAIN or PERSISTENT");
            foreach (var decl in block.Variables)
            {
                foreach (var name in decl.Names)
                {
                    if (IsMissing(name)) continue;
                    if (ElementaryType.Find(name.Name) != null) { Report(DiagnosticCodes.ReservedName, name.Span, name.Name); continue; }
                    if (scope.Variables.TryGetValue(name.Name, out var existing))
                    {
                        Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" in '{pou.Name}' at {existing.Span}");
                        continue;
                    }
                    // A function or method without a result has no variable of its own name: a local may take it.
                    if (pou.HasStaticFrame && pou.Syntax.ReturnType != null && Names.Equal(name.Name, pou.Name))
                    {
                        Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" as the {(pou.IsFunction ? "function" : "method")}'s own name (its result)");
                        continue;
                    }
                    var v = NewDeclaredVariable(name, decl, block, kind, isStatic ? StorageKind.Static : storage, pou);
                    if (v.Location != null && isStatic)
                    {
                        Report(DiagnosticCodes.InvalidLocation, decl.Location!.Span, "VAR_STAT cannot have a direct address");
                        v.Location = null; v.Storage = StorageKind.Static;
                    }
                    if (v.Location != null && kind is VariableKind.InOut or VariableKind.Temp)
                    {
                        Report(DiagnosticCodes.InvalidLocation, decl.Location!.Span, $"{KindText(block.Kind)} cannot have a direct address");
                        v.Location = null; v.Storage = storage;
                    }
                    if (v.Location != null && pou.HasStaticFrame)
                    {
                        Report(DiagnosticCodes.InvalidLocation, decl.Location!.Span, $"variables of a {PouKindText(pou.Kind)} cannot have a direct address");
                        v.Location = null; v.Storage = storage;
                    }
                    scope.Variables[v.Name] = v;
                    (isStatic ? pou.Statics : pou.Frame).Members.Add(v);
                }
            }
        }

        if (pou.HasStaticFrame)
        {
            var resultSpan = syntax.ReturnType?.Span ?? syntax.Name.Span;
            if (syntax.ReturnType != null)
            {
                var result = new VariableSymbol(pou.Name, resultSpan, ErrorType.Instance, VariableKind.Result, StorageKind.Frame)
                {
                    TypeSyntax = syntax.ReturnType,
                    Owner = pou,
                };
                pou.Result = result;
                scope.Variables[pou.Name] = result;
                pou.Frame.Members.Add(result);
            }
        }
        else if (syntax.ReturnType != null)
        {
            Report(DiagnosticCodes.InvalidDeclaration, syntax.ReturnType.Span, $"a {PouKindText(pou.Kind)} has no return type");
        }
        // A method or action sees its owner's variables, unless it declares its own of the same name.
        if (pou.Owner != null && pouScopes.TryGetValue(pou.Owner, out var ownerScope))
            foreach (var (name, v) in ownerScope.Variables)
                scope.Variables.TryAdd(name, v);
    }

    /// <summary>VAR_INST of a method (D33): variables of the method kept in each instance of its block, between
    /// calls, as hidden members of the block named Method__name.</summary>
    void DeclareInstanceVariables(PouSymbol method, PouScope scope, VarBlock block)
    {
        var owner = method.Owner!;
        if (block.Retain is RetainKind.Retain or RetainKind.Persistent || block.Constant)
            Report(DiagnosticCodes.InvalidDeclaration, block.Span, "VAR_INST cannot be CONSTANT, RETAIN or PERSISTENT here");
        foreach (var decl in block.Variables)
        {
            foreach (var name in decl.Names)
            {
                if (IsMissing(name)) continue;
                if (scope.Variables.TryGetValue(name.Name, out var existing))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" in '{method.QualifiedName}' at {existing.Span}");
                    continue;
                }
                var v = NewDeclaredVariable(new Identifier(name.Span, method.Name + "__" + name.Name), decl, block with { Constant = false, Retain = RetainKind.None },
                    VariableKind.Local, StorageKind.Member, owner);
                if (v.Location != null)
                {
                    Report(DiagnosticCodes.InvalidLocation, decl.Location!.Span, "VAR_INST cannot have a direct address");
                    v.Location = null; v.Storage = StorageKind.Member;
                }
                scope.Variables[name.Name] = v;
                owner.Frame.Members.Add(v);
            }
        }
    }

    void DeclareExternals(PouScope scope, VarBlock block)
    {
        foreach (var decl in block.Variables)
        {
            foreach (var name in decl.Names)
            {
                if (IsMissing(name)) continue;
                if (!global.Globals.TryGetValue(name.Name, out var g))
                {
                    Report(DiagnosticCodes.UndeclaredName, name.Span, name.Name);
                    continue;
                }
                if (scope.Variables.ContainsKey(name.Name))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Name, $" in '{scope.Pou.Name}'");
                    continue;
                }
                scope.Variables[name.Name] = g;
                pendingExternals.Add((decl, g, block.Constant, name));
            }
        }
    }

    readonly List<(VarDeclaration Decl, VariableSymbol Global, bool Constant, Identifier Name)> pendingExternals = new();

    /// <summary>After types are resolved: VAR_EXTERNAL must name the global's type (and CONSTANT for constants).</summary>
    void CheckExternals()
    {
        foreach (var (decl, g, constant, name) in pendingExternals)
        {
            var t = ResolveType(decl.Type, null);
            EnsureVariableType(g);
            if (t is ErrorType || g.Type is ErrorType) continue;
            if (!Types.Identical(t, g.Type))
                Report(DiagnosticCodes.ExternalMismatch, name.Span, name.Name, $"declared {t.Name}, the global is {g.Type.Name}");
            else if (g.IsConstant && !constant)
                Report(DiagnosticCodes.ExternalMismatch, name.Span, name.Name, "the global is CONSTANT, so VAR_EXTERNAL must be CONSTANT too");
        }
    }

    static string PouKindText(PouKind kind) => kind switch
    {
        PouKind.Program => "PROGRAM",
        PouKind.FunctionBlock => "FUNCTION_BLOCK",
        PouKind.Method => "METHOD",
        PouKind.Action => "ACTION",
        _ => "FUNCTION",
    };
}

using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// Interfaces, EXTENDS and IMPLEMENTS (docs/semantics.md D34): declaring interfaces, resolving what extends and
// implements what, numbering the classes of each hierarchy, and checking overrides and implementations.
public sealed partial class Binder
{
    void DeclareInterface(InterfaceDeclaration syntax)
    {
        if (CheckTopLevelName(syntax.Name)) return;
        var symbol = new InterfaceSymbol(syntax.Name.Name, syntax);
        global.Interfaces[symbol.Name] = symbol;
        foreach (var m in syntax.Methods)
        {
            if (IsMissing(m.Name)) continue;
            if (symbol.Methods.ContainsKey(m.Name.Name) || symbol.Properties.ContainsKey(m.Name.Name))
            {
                Report(DiagnosticCodes.DuplicateDeclaration, m.Name.Span, m.Name.Name, $" in '{symbol.Name}'");
                continue;
            }
            if (m.Body.Length > 0)
                Report(DiagnosticCodes.InvalidDeclaration, m.Body[0].Span, $"a method of an INTERFACE has no body ('{m.Name.Name}')");
            symbol.Methods[m.Name.Name] = new PouSymbol(m.Name.Name, PouKind.Method, m) { QualifiedName = symbol.Name + "." + m.Name.Name };
        }
        foreach (var p in syntax.Properties)
        {
            if (IsMissing(p.Name)) continue;
            if (symbol.Methods.ContainsKey(p.Name.Name) || symbol.Properties.ContainsKey(p.Name.Name))
            {
                Report(DiagnosticCodes.DuplicateDeclaration, p.Name.Span, p.Name.Name, $" in '{symbol.Name}'");
                continue;
            }
            var property = new PropertySymbol(p.Name.Name, p);
            if (p.Getter != null) property.Getter = new PouSymbol(p.Name.Name, PouKind.Method, p.Getter) { QualifiedName = $"{symbol.Name}.{p.Name.Name}.GET", Accessor = PropertyAccessor.Get };
            if (p.Setter != null) property.Setter = new PouSymbol(p.Name.Name, PouKind.Method, p.Setter) { QualifiedName = $"{symbol.Name}.{p.Name.Name}.SET", Accessor = PropertyAccessor.Set };
            if (property.Getter == null && property.Setter == null)
                Report(DiagnosticCodes.InvalidDeclaration, p.Name.Span, $"property '{p.Name.Name}' needs a GET or a SET");
            symbol.Properties[p.Name.Name] = property;
        }
    }

    IEnumerable<PouSymbol> InterfacePrototypes(InterfaceSymbol i) =>
        i.Methods.Values.Concat(i.Properties.Values.SelectMany(p => new[] { p.Getter, p.Setter }).OfType<PouSymbol>());

    /// <summary>After every top-level name is known: what each interface and block extends and implements, and the
    /// class numbers of each hierarchy.</summary>
    void ResolveHierarchy()
    {
        foreach (var i in global.Interfaces.Values)
        {
            foreach (var name in i.Syntax.Extends)
            {
                if (IsMissing(name)) continue;
                if (!global.Interfaces.TryGetValue(name.Name, out var b))
                {
                    Report(DiagnosticCodes.InvalidHierarchy, name.Span, $"'{name.Name}' is not an INTERFACE");
                    continue;
                }
                if (b.SelfAndBases().Contains(i))
                {
                    Report(DiagnosticCodes.InvalidHierarchy, name.Span, $"INTERFACE '{i.Name}' would extend itself through '{b.Name}'");
                    continue;
                }
                i.Bases.Add(b);
            }
        }
        foreach (var pou in program.Pous.Where(p => !p.IsMember))
        {
            var syntax = pou.Syntax;
            if (syntax.Extends is { } ext && !IsMissing(ext))
            {
                if (pou.Kind != PouKind.FunctionBlock)
                    Report(DiagnosticCodes.InvalidHierarchy, ext.Span, "only a FUNCTION_BLOCK can EXTEND another");
                else if (!global.Pous.TryGetValue(ext.Name, out var b) || b.Kind != PouKind.FunctionBlock)
                    Report(DiagnosticCodes.InvalidHierarchy, ext.Span, $"'{ext.Name}' is not a FUNCTION_BLOCK");
                else if (b.SelfAndBases().Contains(pou))
                    Report(DiagnosticCodes.InvalidHierarchy, ext.Span, $"'{pou.Name}' would extend itself through '{b.Name}'");
                else if (b.Syntax.Modifiers.HasFlag(MemberModifiers.Final))
                    Report(DiagnosticCodes.InvalidHierarchy, ext.Span, $"'{b.Name}' is FINAL and cannot be extended");
                else
                {
                    pou.Base = b;
                    b.Derived.Add(pou);
                }
            }
            foreach (var name in syntax.Implements)
            {
                if (IsMissing(name)) continue;
                if (pou.Kind != PouKind.FunctionBlock)
                    Report(DiagnosticCodes.InvalidHierarchy, name.Span, "only a FUNCTION_BLOCK can IMPLEMENT an interface");
                else if (!global.Interfaces.TryGetValue(name.Name, out var i))
                    Report(DiagnosticCodes.InvalidHierarchy, name.Span, $"'{name.Name}' is not an INTERFACE");
                else if (!pou.Implements.Contains(i)) pou.Implements.Add(i);
            }
        }
        // Class numbers: each hierarchy's blocks in depth-first order, so a block and everything derived from it
        // have consecutive numbers.
        int next = 1;
        foreach (var root in program.Pous.Where(p => !p.IsMember && p.Base == null && (p.Derived.Count > 0 || p.Implements.Count > 0)))
        {
            var member = new VariableSymbol("__class", root.Syntax.Name.Span, ElementaryType.DInt, VariableKind.Hidden, StorageKind.Member)
            {
                Owner = root,
                TypeResolved = true,
                InitialBound = true,
            };
            Number(root, member, ref next);
        }
    }

    static void Number(PouSymbol pou, VariableSymbol member, ref int next)
    {
        pou.ClassId = next++;
        pou.ClassMember = member;
        foreach (var d in pou.Derived) Number(d, member, ref next);
        pou.ClassIdLast = next - 1;
    }

    /// <summary>The variables a block inherits come first in its instance, at the base's offsets; the class number
    /// is the first member of a hierarchy's root.</summary>
    void DeclareInheritedVariables(PouSymbol pou, PouScope scope)
    {
        if (pou.Base is { } b)
        {
            DeclarePouVariablesOnce(b);
            // The base's methods first: their VAR_INST are members of the base's instance.
            foreach (var member in b.Methods.Values.Concat(b.Properties.Values.SelectMany(p => new[] { p.Getter, p.Setter }).OfType<PouSymbol>()))
                DeclarePouVariablesOnce(member);
            foreach (var m in b.Frame.Members.ToList())
            {
                pou.Frame.Members.Add(m);
                if (m.Hidden) continue;
                scope.Variables[m.Name] = m;
            }
        }
        else if (pou.ClassMember is { } cm)
            pou.Frame.Members.Add(cm);
    }

    readonly HashSet<PouSymbol> variablesDeclared = new();

    void DeclarePouVariablesOnce(PouSymbol pou)
    {
        if (variablesDeclared.Add(pou)) DeclarePouVariables(pou);
    }

    /// <summary>After types are resolved: overrides match what they override, nothing FINAL is overridden, concrete
    /// blocks have a body for every ABSTRACT method and every method and property of the interfaces they implement.</summary>
    void CheckHierarchy()
    {
        foreach (var pou in program.Pous.Where(p => !p.IsMember && p.Kind == PouKind.FunctionBlock))
        {
            foreach (var (name, method) in pou.Methods)
            {
                bool abstractMethod = method.Syntax.Modifiers.HasFlag(MemberModifiers.Abstract);
                if (abstractMethod && !pou.IsAbstract)
                    Report(DiagnosticCodes.InvalidHierarchy, method.Syntax.Name.Span, $"ABSTRACT method '{name}' needs an ABSTRACT FUNCTION_BLOCK");
                var overridden = pou.Base?.FindMethod(name);
                if (overridden == null)
                {
                    if (method.Syntax.Modifiers.HasFlag(MemberModifiers.Override))
                        Report(DiagnosticCodes.InvalidHierarchy, method.Syntax.Name.Span, $"'{name}' is OVERRIDE but '{pou.Base?.Name ?? pou.Name}' has no method '{name}'");
                    continue;
                }
                if (overridden.Syntax.Modifiers.HasFlag(MemberModifiers.Final))
                    Report(DiagnosticCodes.InvalidHierarchy, method.Syntax.Name.Span, $"'{overridden.QualifiedName}' is FINAL and cannot be overridden");
                else if ((overridden.Kind != method.Kind ? "one is an ACTION" : SignatureDifference(method, overridden)) is { } why)
                    Report(DiagnosticCodes.InvalidHierarchy, method.Syntax.Name.Span, $"'{method.QualifiedName}' does not match '{overridden.QualifiedName}' it overrides: {why}");
            }
            if (pou.IsAbstract) continue;
            foreach (var name in pou.SelfAndBases().SelectMany(p => p.Methods.Keys).Distinct(Names.Comparer))
                if (pou.FindMethod(name) is { } m && m.Syntax.Modifiers.HasFlag(MemberModifiers.Abstract))
                    Report(DiagnosticCodes.InvalidHierarchy, pou.Syntax.Name.Span, $"'{pou.Name}' must implement ABSTRACT method '{m.QualifiedName}' (or be ABSTRACT itself)");
            foreach (var i in pou.AllInterfaces())
            {
                foreach (var (name, proto) in i.Methods)
                {
                    var m = pou.FindMethod(name);
                    if (m == null || m.Kind != PouKind.Method)
                        Report(DiagnosticCodes.InvalidHierarchy, pou.Syntax.Name.Span, $"'{pou.Name}' does not implement method '{name}' of INTERFACE '{i.Name}'");
                    else if (SignatureDifference(m, proto) is { } why)
                        Report(DiagnosticCodes.InvalidHierarchy, m.Syntax.Name.Span, $"'{m.QualifiedName}' does not match '{proto.QualifiedName}': {why}");
                }
                foreach (var (name, proto) in i.Properties)
                {
                    var p = pou.FindProperty(name);
                    if (p == null)
                    {
                        Report(DiagnosticCodes.InvalidHierarchy, pou.Syntax.Name.Span, $"'{pou.Name}' does not implement property '{name}' of INTERFACE '{i.Name}'");
                        continue;
                    }
                    if (proto.Getter != null && (p.Getter == null || SignatureDifference(p.Getter, proto.Getter) != null)
                        || proto.Setter != null && (p.Setter == null || SignatureDifference(p.Setter, proto.Setter) != null))
                        Report(DiagnosticCodes.InvalidHierarchy, p.Syntax.Name.Span, $"property '{pou.Name}.{name}' does not match '{i.Name}.{name}' (its type, GET and SET)");
                }
            }
        }
    }

    /// <summary>Why two methods' signatures differ (parameters in order: name, kind, type; result), or null.</summary>
    string? SignatureDifference(PouSymbol a, PouSymbol b)
    {
        var pa = a.Parameters.ToList();
        var pb = b.Parameters.ToList();
        foreach (var p in pa.Concat(pb)) EnsureVariableType(p);
        if (a.Result != null) EnsureVariableType(a.Result);
        if (b.Result != null) EnsureVariableType(b.Result);
        if (pa.Count != pb.Count) return $"{pa.Count} parameters instead of {pb.Count}";
        for (int k = 0; k < pa.Count; k++)
        {
            if (!Names.Equal(pa[k].Name, pb[k].Name) || pa[k].Kind != pb[k].Kind)
                return $"parameter {k + 1} is '{pa[k].Name}' instead of '{pb[k].Name}'";
            if (!Types.Identical(pa[k].Type, pb[k].Type))
                return $"'{pa[k].Name}' is {pa[k].Type.Name} instead of {pb[k].Type.Name}";
        }
        var ra = a.Result?.Type;
        var rb = b.Result?.Type;
        if (ra == null != (rb == null) || ra != null && rb != null && !Types.Identical(ra, rb))
            return $"the result is {ra?.Name ?? "none"} instead of {rb?.Name ?? "none"}";
        return null;
    }
}

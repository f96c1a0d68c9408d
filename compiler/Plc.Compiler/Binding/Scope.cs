using System.Collections.Generic;
using Plc.Compiler.Ast;

namespace Plc.Compiler.Binding;

/// <summary>A named type declared in TYPE ... END_TYPE, resolved on first use.</summary>
public sealed class NamedTypeEntry
{
    public TypeDefinition Syntax { get; }
    public PlcType? Resolved { get; set; }
    /// <summary>Initial value that variables of this type get when they have none of their own.</summary>
    public BoundInitializer? Default { get; set; }
    public bool Resolving { get; set; }
    public bool DefaultBound { get; set; }
    public bool IsLibrary { get; init; }
    public NamedTypeEntry(TypeDefinition syntax) { Syntax = syntax; }
}

/// <summary>Everything declared at the top level of the program: types, POUs, globals, enumeration values.</summary>
public sealed class GlobalScope
{
    public Dictionary<string, NamedTypeEntry> Types { get; } = new(Names.Comparer);
    public Dictionary<string, PouSymbol> Pous { get; } = new(Names.Comparer);
    public Dictionary<string, InterfaceSymbol> Interfaces { get; } = new(Names.Comparer);
    public Dictionary<string, VariableSymbol> Globals { get; } = new(Names.Comparer);
    public Dictionary<string, List<EnumValueSymbol>> EnumValues { get; } = new(Names.Comparer);
    /// <summary>The named global variable lists (TwinCAT GVLs), by name.</summary>
    public Dictionary<string, GlobalVariableList> Lists { get; } = new(Names.Comparer);

    public void AddEnumValue(EnumValueSymbol value)
    {
        if (!EnumValues.TryGetValue(value.Name, out var list)) EnumValues[value.Name] = list = new List<EnumValueSymbol>();
        list.Add(value);
    }
}

/// <summary>A named global variable list: its variables, reachable as <c>Name.x</c> (and only so when
/// <see cref="QualifiedOnly"/>). Its variables are globals like any other (in <see cref="GlobalScope.Globals"/> too,
/// so a name is still declared once in the whole program).</summary>
public sealed class GlobalVariableList
{
    public Identifier Name { get; }
    public bool QualifiedOnly { get; }
    public Dictionary<string, VariableSymbol> Variables { get; } = new(Names.Comparer);
    public GlobalVariableList(Identifier name, bool qualifiedOnly) { Name = name; QualifiedOnly = qualifiedOnly; }
}

/// <summary>The variables visible in one POU: its own, plus VAR_EXTERNAL aliases of globals.</summary>
public sealed class PouScope
{
    public PouSymbol Pou { get; }
    public Dictionary<string, VariableSymbol> Variables { get; } = new(Names.Comparer);
    public PouScope(PouSymbol pou) { Pou = pou; }
}

using System.Collections.Generic;

namespace Plc.Compiler.Binding;

/// <summary>Where an expression or statement is being bound.</summary>
public sealed class BindingContext
{
    /// <summary>The POU whose variables are visible (null: only globals).</summary>
    public PouScope? Scope { get; init; }
    public PouSymbol? Pou => Scope?.Pou;
    /// <summary>Declarations (bounds, initial values): only constants may be used.</summary>
    public bool ConstantOnly { get; init; }
    /// <summary>Where compiler temporaries go (a POU frame or the globals block); null where none may be made.</summary>
    public StructType? TempOwner { get; init; }
    public int LoopDepth { get; set; }
    /// <summary>Control variables of the FOR loops around the current statement.</summary>
    public List<VariableSymbol> ForVariables { get; } = new();
    /// <summary>Every jump label of the POU body, by its statement (D38).</summary>
    public Dictionary<Ast.LabelStatement, LabelSymbol> Labels { get; } = new(ReferenceEqualityComparer.Instance);
    /// <summary>The labels a JMP here may reach: those of the current statement list and the lists around it,
    /// innermost last.</summary>
    public List<Dictionary<string, LabelSymbol>> ReachableLabels { get; } = new();

    public static BindingContext ForConstants(PouScope? scope) => new() { Scope = scope, ConstantOnly = true };
}

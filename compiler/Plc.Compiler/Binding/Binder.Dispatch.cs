using System.Collections.Immutable;
using System.Linq;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Binding;

// Which code a call on an instance runs (docs/semantics.md D34). The whole program is compiled at once, so every
// class that can reach a call is known: a call whose instance may be of several classes becomes a choice on the
// instance's class number, and any other number — memory scribbled through a pointer — is a runtime fault.
public sealed partial class Binder
{
    /// <summary>
    /// The implementation per class when <paramref name="member"/> called on <paramref name="instance"/> must be
    /// chosen at run time; null when one implementation is known at compile time. An interface call is always
    /// dispatched (its class is checked even when only one class implements it).
    /// </summary>
    ImmutableArray<DispatchTarget>? DispatchTargets(BoundExpression instance, PouSymbol member)
    {
        if (instance.Type is InterfaceType it)
        {
            var classes = ConcreteClasses().Where(p => p.AllInterfaces().Contains(it.Interface));
            return Group(classes, member);
        }
        if (instance.Type is not StructType { Pou: { ClassId: > 0 } block } || IsExactInstance(instance)) return null;
        var targets = Group(block.SelfAndDerived().Where(p => !p.IsAbstract), member);
        return targets.Select(t => t.Target).Distinct().Count() <= 1 ? null : targets;
    }

    /// <summary>The blocks an instance can be of at run time behind an interface: every non-abstract class.</summary>
    System.Collections.Generic.IEnumerable<PouSymbol> ConcreteClasses() =>
        program.Pous.Where(p => p is { IsMember: false, Kind: PouKind.FunctionBlock, IsAbstract: false, ClassId: > 0 });

    static ImmutableArray<DispatchTarget> Group(System.Collections.Generic.IEnumerable<PouSymbol> classes, PouSymbol member) =>
        classes.Select(c => (Class: c, Target: ImplementationIn(c, member)))
            .Where(x => x.Target != null)
            .GroupBy(x => x.Target!)
            .Select(g => new DispatchTarget(g.Select(x => x.Class.ClassId).ToImmutableArray(), g.Key))
            .ToImmutableArray();

    /// <summary>The method, action or property accessor an instance of exactly <paramref name="block"/> runs for
    /// <paramref name="member"/> (a method of a base or an interface prototype of the same name).</summary>
    static PouSymbol? ImplementationIn(PouSymbol block, PouSymbol member) => member.Accessor switch
    {
        PropertyAccessor.Get => block.FindProperty(member.Name)?.Getter,
        PropertyAccessor.Set => block.FindProperty(member.Name)?.Setter,
        _ => block.FindMethod(member.Name),
    };

    /// <summary>True when the instance is of exactly its declared block: a variable, member or array element that
    /// is declared with that type (not reached through a pointer, a reference, VAR_IN_OUT or THIS), or SUPER^.</summary>
    static bool IsExactInstance(BoundExpression e) => e switch
    {
        BoundVariable v => v.Variable.Kind != VariableKind.InOut,
        BoundMember m => m.Member.Kind != VariableKind.InOut,
        BoundIndex => true,
        BoundProgramInstance => true,
        BoundDereference { Reference: BoundThis { Super: true } } => true,
        _ => false,
    };

    bool IsInterfaceVariable(string name, BindingContext ctx) => VariableTypeOf(name, ctx) is InterfaceType;

    /// <summary>The body to run per class for a call of a block reached through a pointer, reference or VAR_IN_OUT
    /// of a block that others extend; null when the block is known exactly or nothing extends it.</summary>
    static ImmutableArray<DispatchTarget>? BodyTargets(BoundExpression instance, PouSymbol block)
    {
        if (block.ClassId == 0 || block.Derived.Count == 0 || IsExactInstance(instance)) return null;
        return block.SelfAndDerived().Where(p => !p.IsAbstract)
            .Select(p => new DispatchTarget(ImmutableArray.Create(p.ClassId), p)).ToImmutableArray();
    }
}

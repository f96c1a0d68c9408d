using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Xunit;

namespace Plc.Tests.Syntax;

/// <summary>
/// Checks what the binder relies on in any tree the parser returns, even after errors: no null where the AST type
/// is not nullable, no default (uninitialised) immutable array, and every span in the file with line and column
/// from 1.
/// </summary>
static class AstInvariants
{
    static readonly NullabilityInfoContext Nullability = new();

    public static void Check(SourceFile file)
    {
        Assert.NotNull(file.Path);
        var pending = new Stack<(object Value, string Where)>();
        foreach (Declaration declaration in Items(file.Declarations, "Declarations"))
            pending.Push((declaration, "Declarations"));
        foreach (Pragma pragma in Items(file.Pragmas, "Pragmas"))
            pending.Push((pragma, "Pragmas"));

        while (pending.Count > 0)
        {
            (object node, string where) = pending.Pop();
            foreach (PropertyInfo property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.Name == "EqualityContract")
                    continue;
                string at = where + "." + node.GetType().Name + "." + property.Name;
                object? value = property.GetValue(node);
                if (value is null)
                {
                    Assert.True(Nullability.Create(property).ReadState != NullabilityState.NotNull, $"{at} is null");
                    continue;
                }
                switch (value)
                {
                    case SourceSpan span:
                        Assert.True(span.Line >= 1 && span.Column >= 1, $"{at} has position {span}");
                        Assert.Equal(file.Path, span.Path);
                        break;
                    case Node child:
                        pending.Push((child, at));
                        break;
                    case string text:
                        Assert.NotNull(text);
                        break;
                    case IEnumerable items when value.GetType().IsGenericType:
                        foreach (object? item in Items(items, at))
                        {
                            Assert.True(item is not null, $"{at} contains null");
                            pending.Push((item!, at));
                        }
                        break;
                }
            }
        }
    }

    // The elements of an ImmutableArray<T> (boxed), which must not be default.
    static IEnumerable Items(object array, string where)
    {
        PropertyInfo? isDefault = array.GetType().GetProperty("IsDefault");
        Assert.True(isDefault is null || !(bool)isDefault.GetValue(array)!, $"{where} is a default ImmutableArray");
        return (IEnumerable)array;
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Plc.Compiler.Ast;

/// <summary>Walks statements with the statement lists nested in them (IF, CASE, FOR, WHILE, REPEAT bodies).</summary>
public static class StatementTree
{
    /// <summary>The statements of the lists directly inside <paramref name="s"/> (not deeper).</summary>
    public static IEnumerable<ImmutableArray<Statement>> NestedLists(Statement s)
    {
        switch (s)
        {
            case IfStatement i:
                yield return i.Then;
                foreach (var e in i.Elsifs) yield return e.Body;
                if (i.Else is { } otherwise) yield return otherwise;
                break;
            case CaseStatement c:
                foreach (var k in c.Clauses) yield return k.Body;
                if (c.Else is { } otherwise2) yield return otherwise2;
                break;
            case ForStatement f: yield return f.Body; break;
            case WhileStatement w: yield return w.Body; break;
            case RepeatStatement r: yield return r.Body; break;
        }
    }

    /// <summary>Every statement of the lists, at any depth, in source order.</summary>
    public static IEnumerable<Statement> All(IEnumerable<Statement> statements)
    {
        foreach (var s in statements)
        {
            yield return s;
            foreach (var nested in NestedLists(s).SelectMany(list => All(list)))
                yield return nested;
        }
    }
}

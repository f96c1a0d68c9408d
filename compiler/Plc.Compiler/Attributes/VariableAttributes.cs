using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Plc.Compiler.Ast;
using Plc.Compiler.Binding;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Attributes;

/// <summary>A variable marked with <c>{attribute 'NAME'}</c>: its name as plc run and the monitor know it
/// (<c>Main.x</c> for a program instance's variable, the name for a global) and where the pragma is.</summary>
public sealed record VariableAttribute(string Variable, string Attribute, SourceSpan Span);

/// <summary>
/// Finds the attribute pragmas that mark variables, CODESYS style: <c>{attribute 'NAME'}</c> inside a VAR block of a
/// PROGRAM or in a VAR_GLOBAL block, before the declaration it applies to (after the previous declaration of the same
/// block, or after the block's keyword for the first one). Only the <see cref="Recognised"/> names are collected:
/// <c>mqtt</c> (publish the variable, docs/mqtt.md) and <c>mqtt_write</c> (publish it and accept writes to it).
/// A pragma in a FUNCTION_BLOCK or FUNCTION, or anywhere else, is not one of these and keeps its "pragma ignored" note.
/// </summary>
public static class VariableAttributes
{
    /// <summary>The attribute names that mark variables.</summary>
    public static readonly ImmutableArray<string> Recognised = ImmutableArray.Create("mqtt", "mqtt_write");

    static readonly Regex Attribute = new(@"^\s*attribute\s+'([A-Za-z_][A-Za-z0-9_]*)'\s*$", RegexOptions.CultureInvariant);

    /// <summary>A marked declaration before binding: the program type (null for a global), the variable and the attribute.</summary>
    public sealed record Mark(string? Program, string Variable, string Attribute, SourceSpan Span);

    /// <summary>The recognised attribute pragmas attached to variable declarations, in source order.</summary>
    public static List<Mark> Find(IEnumerable<SourceFile> files)
    {
        var marks = new List<Mark>();
        foreach (var file in files)
        {
            var pragmas = new List<(Pragma Pragma, string Name)>();
            foreach (var p in file.Pragmas)
            {
                var m = Attribute.Match(p.Text);
                if (m.Success && Recognised.Contains(m.Groups[1].Value, StringComparer.OrdinalIgnoreCase))
                    pragmas.Add((p, m.Groups[1].Value.ToLowerInvariant()));
            }
            if (pragmas.Count == 0) continue;
            foreach (var d in file.Declarations)
            {
                switch (d)
                {
                    case PouDeclaration { Kind: PouKind.Program } pou:
                        foreach (var b in pou.VarBlocks) Collect(pou.Name.Name, b, pragmas, marks);
                        break;
                    case GlobalVarDeclaration g:
                        Collect(null, g.Block, pragmas, marks);
                        break;
                    case ConfigurationDeclaration c:
                        foreach (var b in c.Globals) Collect(null, b, pragmas, marks);
                        foreach (var r in c.Resources)
                            foreach (var b in r.Globals) Collect(null, b, pragmas, marks);
                        break;
                }
            }
        }
        return marks;
    }

    static void Collect(string? program, VarBlock block, List<(Pragma Pragma, string Name)> pragmas, List<Mark> marks)
    {
        // VAR_EXTERNAL only refers to a global: mark the global itself.
        if (block.Kind == VarKind.External) return;
        var after = block.Span;
        foreach (var v in block.Variables)
        {
            foreach (var (p, name) in pragmas)
            {
                if (!Before(after, p.Span) || !Before(p.Span, v.Span)) continue;
                foreach (var n in v.Names) marks.Add(new Mark(program, n.Name, name, p.Span));
            }
            after = v.Span;
        }
    }

    static bool Before(SourceSpan a, SourceSpan b) =>
        a.Path == b.Path && (a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column));

    /// <summary>The marks by the names the runtime knows: a program's variable once per instance of the program
    /// (<c>instance.variable</c>), a global by its name.</summary>
    public static IReadOnlyList<VariableAttribute> Resolve(IReadOnlyList<Mark> marks, BoundProgram program)
    {
        var result = new List<VariableAttribute>();
        foreach (var m in marks)
        {
            if (m.Program == null) { result.Add(new VariableAttribute(m.Variable, m.Attribute, m.Span)); continue; }
            foreach (var instance in program.Instances)
                if (Names.Equal(instance.Program.Name, m.Program))
                    result.Add(new VariableAttribute(instance.Name + "." + m.Variable, m.Attribute, m.Span));
        }
        return result;
    }
}

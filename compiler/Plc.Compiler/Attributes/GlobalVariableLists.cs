using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Attributes;

/// <summary>
/// Names the global variable list of a file that is one (a TwinCAT .TcGVL, whose Name the importer read;
/// docs/compatibility.md): every VAR_GLOBAL block of the file gets the name, so that its variables can be written
/// <c>GVL_Main.x</c>. An <c>{attribute 'qualified_only'}</c> pragma in such a file makes the list qualified-only (its
/// variables can only be written that way) and is acted on, so it loses its "pragma ignored" note. Files without a
/// list name (plain .st, CODESYS .EXP) are left as they are: their VAR_GLOBAL blocks belong to no named list, and a
/// qualified_only pragma there is ignored with the usual note.
/// </summary>
public static class GlobalVariableLists
{
    static readonly Regex QualifiedOnly = new(@"^\s*attribute\s+'qualified_only'\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static SourceFile Name(SourceFile file, string? listName, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(listName)) return file;
        var acted = file.Pragmas.Where(p => QualifiedOnly.IsMatch(p.Text)).Select(p => p.Span).ToHashSet();
        diagnostics.RemoveAll(d => d.Code == DiagnosticCodes.PragmaIgnored.Code && acted.Contains(d.Span));
        bool qualifiedOnly = acted.Count > 0;
        var declarations = file.Declarations.Select(d => d is GlobalVarDeclaration g
            ? g with { List = new GlobalListName(new Identifier(g.Span, listName), qualifiedOnly) }
            : d).ToImmutableArray();
        return file with { Declarations = declarations };
    }
}

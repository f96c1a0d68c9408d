using System.Collections.Generic;
using System.Linq;
using Antlr4.Runtime;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Syntax.Generated;

namespace Plc.Compiler.Syntax;

/// <summary>
/// A name with a TwinCAT library's namespace in front, <c>Tc2_System.T_MaxString</c> (docs/compatibility.md), is read
/// as the name alone when this compiler provides that name from that library (<see cref="LibraryNamespaces"/>): the
/// prefix and its '.' are taken off the token stream before parsing, so the qualified name works wherever the name
/// does — as a type, a function, a function block. Any other <c>Tc2_X.Name</c>/<c>Tc3_X.Name</c> is PLC1019 at the
/// prefix and stands for a missing name, so nothing else is reported about it.
/// </summary>
static class LibraryQualifiedNames
{
    public static void Resolve(string path, IList<IToken> tokens, DiagnosticBag diagnostics)
    {
        var code = tokens.Where(t => t.Channel == TokenConstants.DefaultChannel && t.Type != TokenConstants.EOF).ToList();
        for (int i = 0; i + 2 < code.Count; i++)
        {
            IToken prefix = code[i], dot = code[i + 1], name = code[i + 2];
            if (prefix.Type != StructuredTextLexer.IDENTIFIER || dot.Type != StructuredTextLexer.DOT
                || name.Type != StructuredTextLexer.IDENTIFIER || !LibraryNamespaces.LooksLikeLibrary(prefix.Text))
                continue;
            // x.Tc2_Foo.y is a member of x, whatever it is called.
            if (i > 0 && code[i - 1].Type == StructuredTextLexer.DOT) continue;

            if (LibraryNamespaces.Provides(prefix.Text, name.Text) && LibraryNamespaces.IsTypeClassValue(name.Text))
            {
                // A type class qualified with its library: the enumeration qualifies it instead.
                ((CommonToken)prefix).Text = "TYPE_CLASS";
                i += 2;
                continue;
            }
            Hide(prefix);
            Hide(dot);
            if (!LibraryNamespaces.Provides(prefix.Text, name.Text))
            {
                var span = new SourceSpan(path, prefix.Line, prefix.Column + 1);
                diagnostics.Report(DiagnosticCodes.LibraryNameNotAvailable, span, Explain(prefix.Text, name.Text));
                ((CommonToken)name).Text = SyntaxTreeBuilder.MissingName;
            }
            i += 2;
        }
    }

    static void Hide(IToken token) => ((CommonToken)token).Channel = TokenConstants.HiddenChannel;

    static string Explain(string library, string name)
    {
        if (!LibraryNamespaces.IsKnown(library))
            return $"library '{library}' is not available here ('{library}.{name}'); the libraries whose names can be " +
                $"qualified are {string.Join(", ", LibraryNamespaces.Libraries)} (docs/compatibility.md)";
        return $"'{name}' of library '{library}' is not available here (what this compiler provides from {library}: " +
            $"{string.Join(", ", LibraryNamespaces.NamesOf(library))}; docs/compatibility.md)";
    }
}

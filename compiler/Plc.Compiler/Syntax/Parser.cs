using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using Antlr4.Runtime;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Syntax.Generated;

namespace Plc.Compiler.Syntax;

/// <summary>
/// The syntax layer's entry point: Structured Text source → <see cref="SourceFile"/>. Reports lexical and syntax
/// errors, invalid literals and ignored pragmas into the bag, and always returns a tree: after errors the parts
/// that could not be read are <see cref="ErrorExpression"/>s, placeholder names or left out.
/// </summary>
public static class Parser
{
    /// <summary>The name of an identifier the parser had to invent after a syntax error (already reported); later
    /// passes should not report anything about it.</summary>
    public const string MissingName = SyntaxTreeBuilder.MissingName;

    /// <summary>Parses one source file. Never throws for any text.</summary>
    public static SourceFile Parse(string path, string text, DiagnosticBag diagnostics)
    {
        var listener = new SyntaxErrorListener(path, diagnostics);

        var lexer = new StructuredTextLexer(CharStreams.fromString(ReplaceLoneSurrogates(text)), TextWriter.Null, TextWriter.Null);
        lexer.RemoveErrorListeners();
        lexer.AddErrorListener(listener);
        var tokens = new CommonTokenStream(lexer);
        tokens.Fill();
        ImmutableArray<Pragma> pragmas = ScanLexicalTokens(path, tokens.GetTokens(), diagnostics, listener);
        LibraryQualifiedNames.Resolve(path, tokens.GetTokens(), diagnostics);

        var parser = new StructuredTextParser(tokens, TextWriter.Null, TextWriter.Null)
        {
            ErrorHandler = new SyntaxErrorStrategy(),
        };
        parser.RemoveErrorListeners();
        parser.AddErrorListener(listener);

        StructuredTextParser.CompilationUnitContext? unit;
        try
        {
            unit = parser.compilationUnit();
        }
        catch (NestingTooDeepException e)
        {
            listener.ReportOnce(DiagnosticCodes.SyntaxError, new SourceSpan(path, e.Token.Line, e.Token.Column + 1),
                "the code is nested too deeply here; the rest of the file is not read");
            unit = parser.Root as StructuredTextParser.CompilationUnitContext;
        }

        var builder = new SyntaxTreeBuilder(path, listener);
        return new SourceFile(path, builder.Declarations(unit), pragmas);
    }

    // ANTLR reads the text as code points and throws on a surrogate without its pair (not valid UTF-16); such a
    // char becomes U+FFFD, which the lexer reports as an invalid character at the same position.
    static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? result = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                result ??= new StringBuilder(text, 0, i, text.Length);
                result.Append('\uFFFD');
                continue;
            }
            result?.Append(c);
        }
        return result?.ToString() ?? text;
    }

    // Collects pragmas (each reported as a note) and reports what the lexer could not read: invalid characters
    // (one message for a run of them), unterminated comments, strings and pragmas.
    static ImmutableArray<Pragma> ScanLexicalTokens(string path, IList<IToken> tokens, DiagnosticBag diagnostics,
        SyntaxErrorListener errors)
    {
        var pragmas = ImmutableArray.CreateBuilder<Pragma>();
        IToken? previousInvalid = null;
        foreach (IToken token in tokens)
        {
            var span = new SourceSpan(path, token.Line, token.Column + 1);
            string text = token.Text ?? "";
            switch (token.Type)
            {
                case StructuredTextLexer.PRAGMA:
                    pragmas.Add(new Pragma(span, text.Substring(1, text.Length - 2)));
                    diagnostics.Report(DiagnosticCodes.PragmaIgnored, span, text);
                    break;
                case StructuredTextLexer.UNTERMINATED_PRAGMA:
                    pragmas.Add(new Pragma(span, text.Substring(1)));
                    errors.ReportOnce(DiagnosticCodes.SyntaxError, span, "pragma is not closed: '}' is missing before the end of the file");
                    break;
                case StructuredTextLexer.UNTERMINATED_COMMENT:
                    errors.ReportOnce(DiagnosticCodes.UnterminatedComment, span);
                    break;
                case StructuredTextLexer.UNTERMINATED_STRING:
                    errors.ReportOnce(DiagnosticCodes.InvalidLiteral, span,
                        $"string literal is not closed: add {text[0]} at its end, on the same line");
                    break;
                case StructuredTextLexer.ERROR_CHAR:
                    bool continuesRun = previousInvalid is not null && previousInvalid.TokenIndex == token.TokenIndex - 1
                        && previousInvalid.Line == token.Line;
                    if (!continuesRun)
                        errors.ReportOnce(DiagnosticCodes.InvalidCharacter, span, CharacterText.Describe(text));
                    previousInvalid = token;
                    break;
            }
        }
        return pragmas.ToImmutable();
    }
}

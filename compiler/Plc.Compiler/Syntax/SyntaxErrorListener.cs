using System.Collections.Generic;
using System.IO;
using Antlr4.Runtime;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Syntax;

/// <summary>
/// Turns parser errors into diagnostics (PLC0001) at 1-based line and column, and keeps the syntax layer to at
/// most one error per source position, so a recovery that stumbles twice over the same token is not repeated.
/// </summary>
sealed class SyntaxErrorListener : IAntlrErrorListener<IToken>, IAntlrErrorListener<int>
{
    readonly string path;
    readonly DiagnosticBag diagnostics;
    readonly HashSet<(int Line, int Column)> reported = new();

    public SyntaxErrorListener(string path, DiagnosticBag diagnostics)
    {
        this.path = path;
        this.diagnostics = diagnostics;
    }

    /// <summary>Parser errors; the message was written by <see cref="SyntaxErrorStrategy"/>.</summary>
    public void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line,
        int charPositionInLine, string msg, RecognitionException e)
        => Report(DiagnosticCodes.SyntaxError, line, charPositionInLine, msg);

    /// <summary>Lexer errors. The lexer has a catch-all rule (ERROR_CHAR), so this only guards against surprises.</summary>
    public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line,
        int charPositionInLine, string msg, RecognitionException e)
        => Report(DiagnosticCodes.SyntaxError, line, charPositionInLine, msg);

    /// <summary>
    /// Reports an error unless one was already reported at the same position: the lexical checks of the facade
    /// and the syntax tree builder report through here too, so each position gets at most one error.
    /// </summary>
    public void ReportOnce(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
    {
        if (reported.Add((span.Line, span.Column)))
            diagnostics.Report(descriptor, span, args);
    }

    void Report(DiagnosticDescriptor descriptor, int line, int charPositionInLine, string message)
        => ReportOnce(descriptor, new SourceSpan(path, line, charPositionInLine + 1), message);
}

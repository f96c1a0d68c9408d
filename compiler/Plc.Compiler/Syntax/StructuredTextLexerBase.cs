using System.IO;
using Antlr4.Runtime;
using Plc.Compiler.Syntax.Generated;

namespace Plc.Compiler.Syntax;

/// <summary>
/// Base class of the generated <see cref="StructuredTextLexer"/> (grammar option superClass): reads block comments,
/// which a lexer rule cannot do exactly because <c>(* ... *)</c> comments nest.
/// </summary>
public abstract class StructuredTextLexerBase : Lexer
{
    protected StructuredTextLexerBase(ICharStream input, TextWriter output, TextWriter errorOutput)
        : base(input, output, errorOutput)
    {
    }

    /// <summary>
    /// Called by the BLOCK_COMMENT rule after its opening <c>(*</c> or <c>/*</c>: consumes the rest of the comment,
    /// nested <c>(* *)</c> comments included (CODESYS style; <c>/* */</c> does not nest), and puts it on the hidden
    /// channel. A comment still open at the end of the file becomes an UNTERMINATED_COMMENT token.
    /// </summary>
    protected void ReadBlockComment()
    {
        ICharStream input = (ICharStream)InputStream;
        bool nestable = input.LA(-2) == '(';
        int depth = 1;
        Channel = Hidden;
        while (true)
        {
            int c = input.LA(1);
            if (c == IntStreamConstants.EOF)
            {
                Type = StructuredTextLexer.UNTERMINATED_COMMENT;
                return;
            }
            int next = input.LA(2);
            if (nestable && c == '(' && next == '*')
            {
                Advance(input, 2);
                depth++;
            }
            else if (c == '*' && next == (nestable ? ')' : '/'))
            {
                Advance(input, 2);
                if (--depth == 0)
                    return;
            }
            else
            {
                Advance(input, 1);
            }
        }
    }

    // Consumes through the interpreter so that line and column of the following tokens stay right.
    void Advance(ICharStream input, int count)
    {
        for (int i = 0; i < count; i++)
            Interpreter.Consume(input);
    }
}

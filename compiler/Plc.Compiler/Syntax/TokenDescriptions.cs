using System.Collections.Generic;
using System.Linq;
using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using Plc.Compiler.Syntax.Generated;
using T = Plc.Compiler.Syntax.Generated.StructuredTextLexer;

namespace Plc.Compiler.Syntax;

/// <summary>Words for tokens and sets of expected tokens in syntax error messages: <c>';'</c>, <c>a name</c>,
/// <c>an expression</c>, never ANTLR's token names.</summary>
static class TokenDescriptions
{
    const int MaxShownTextLength = 24;
    const int MaxListedAlternatives = 4;

    // Tokens that can start an expression; a set containing the typical ones is described as "an expression".
    static readonly int[] ExpressionStarts =
    {
        T.INTEGER, T.REAL_NUMBER, T.TRUE, T.FALSE, T.NULL, T.STRING_LITERAL, T.WSTRING_LITERAL, T.UNTERMINATED_STRING,
        T.DURATION_LITERAL, T.DATE_LITERAL, T.TIME_OF_DAY_LITERAL, T.DATE_AND_TIME_LITERAL, T.DIRECT_ADDRESS,
        T.IDENTIFIER, T.ON, T.TASK, T.WITH, T.POINTER, T.REFERENCE, T.STRING, T.WSTRING, T.LPAREN, T.MINUS, T.PLUS, T.NOT,
        T.GET, T.SET, T.EXTENDS, T.IMPLEMENTS, T.PUBLIC, T.PRIVATE, T.PROTECTED, T.INTERNAL, T.ABSTRACT, T.FINAL, T.OVERRIDE,
    };

    // Keywords that start a statement (besides expressions); a set containing them is described as "a statement".
    static readonly int[] StatementKeywords = { T.IF, T.CASE, T.FOR, T.WHILE, T.REPEAT, T.EXIT, T.CONTINUE, T.RETURN, T.JMP };

    // Operators that may continue an expression; they are left out of "expected ..." lists (every expression can
    // be followed by one), so that what is really missing stands out.
    static readonly int[] Continuations =
    {
        T.CARET, T.DOT, T.LBRACKET, T.LPAREN, T.POWER, T.STAR, T.SLASH, T.MOD, T.PLUS, T.MINUS, T.LESS, T.GREATER,
        T.LESS_EQUAL, T.GREATER_EQUAL, T.EQUAL, T.NOT_EQUAL, T.AND, T.AMPERSAND, T.XOR, T.OR, T.AND_THEN, T.OR_ELSE,
    };

    static readonly int[] NameTokens =
    {
        T.IDENTIFIER, T.ON, T.TASK, T.WITH, T.POINTER, T.REFERENCE, T.GET, T.SET, T.EXTENDS, T.IMPLEMENTS, T.PUBLIC,
        T.PRIVATE, T.PROTECTED, T.INTERNAL, T.ABSTRACT, T.FINAL, T.OVERRIDE,
    };

    /// <summary>The offending token as the user wrote it: <c>'then'</c>, or <c>end of file</c>.</summary>
    public static string Found(IToken token)
    {
        if (token.Type == TokenConstants.EOF)
            return "end of file";
        string text = token.Text ?? "";
        if (text.Length > MaxShownTextLength)
            text = text.Substring(0, MaxShownTextLength) + "...";
        return "'" + text.Replace("\r", "").Replace("\n", " ") + "'";
    }

    /// <summary>One expected token: <c>';'</c>, <c>'END_IF'</c>, <c>a name</c>, <c>an integer</c>.</summary>
    public static string Expected(int type, IVocabulary vocabulary)
    {
        switch (type)
        {
            case TokenConstants.EOF: return "end of file";
            case T.IDENTIFIER: return "a name";
            case T.INTEGER: return "an integer";
            case T.REAL_NUMBER: return "a number";
            case T.STRING_LITERAL: return "a string";
            case T.WSTRING_LITERAL: return "a wide string";
            case T.DURATION_LITERAL: return "a duration";
            case T.DATE_LITERAL: return "a date";
            case T.TIME_OF_DAY_LITERAL: return "a time of day";
            case T.DATE_AND_TIME_LITERAL: return "a date and time";
            case T.DIRECT_ADDRESS: return "a direct address";
        }
        string? literal = vocabulary.GetLiteralName(type);
        return literal ?? vocabulary.GetDisplayName(type);
    }

    /// <summary>
    /// The expected set in words, e.g. <c>an expression</c>, <c>'THEN'</c>, <c>a statement or 'END_IF'</c>; null
    /// when the set is too large to be useful in a message.
    /// </summary>
    public static string? ExpectedSet(IntervalSet expected, IVocabulary vocabulary)
    {
        var types = new SortedSet<int>(expected.ToList());
        var phrases = new List<string>();

        if (types.Contains(T.IF) && StatementKeywords.All(types.Contains))
        {
            phrases.Add("a statement");
            types.ExceptWith(StatementKeywords);
            types.ExceptWith(ExpressionStarts);
            types.Remove(T.SEMICOLON);
        }
        else if (types.Contains(T.INTEGER) && types.Contains(T.IDENTIFIER) && types.Contains(T.LPAREN))
        {
            phrases.Add("an expression");
            types.ExceptWith(ExpressionStarts);
        }
        else if (types.Contains(T.IDENTIFIER))
        {
            phrases.Add("a name");
            types.ExceptWith(NameTokens);
        }

        // If something besides the operators is expected, the operators are noise.
        if (types.Any(t => !Continuations.Contains(t)) || phrases.Count > 0)
            types.ExceptWith(Continuations);

        phrases.AddRange(types.Select(t => Expected(t, vocabulary)));
        if (phrases.Count == 0 || phrases.Count > MaxListedAlternatives)
            return null;
        if (phrases.Count == 1)
            return phrases[0];
        return string.Join(", ", phrases.Take(phrases.Count - 1)) + " or " + phrases[^1];
    }
}

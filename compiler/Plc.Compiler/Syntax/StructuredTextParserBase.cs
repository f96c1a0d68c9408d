using System;
using System.IO;
using Antlr4.Runtime;

namespace Plc.Compiler.Syntax;

/// <summary>
/// Base class of the generated parser (grammar option superClass). It bounds the nesting depth of rule
/// invocations so that absurdly nested input (thousands of parentheses or IFs) ends with a diagnostic instead of
/// overflowing the stack, which would kill the process; and it remembers the root of the parse tree, so that what
/// was parsed before such a stop can still be turned into a syntax tree.
/// </summary>
public abstract class StructuredTextParserBase : Antlr4.Runtime.Parser
{
    /// <summary>Maximum depth of nested rule invocations. A level of parentheses costs one, a nested statement two,
    /// so this allows far more nesting than any real program uses, and little enough stack for any thread.</summary>
    public const int MaxRuleDepth = 600;

    int depth;

    protected StructuredTextParserBase(ITokenStream input, TextWriter output, TextWriter errorOutput)
        : base(input, output, errorOutput)
    {
    }

    /// <summary>The context of the first rule entered (the start rule), even if parsing stopped early.</summary>
    internal ParserRuleContext? Root { get; private set; }

    public override void EnterRule(ParserRuleContext localctx, int state, int ruleIndex)
    {
        Enter(localctx);
        base.EnterRule(localctx, state, ruleIndex);
    }

    public override void EnterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence)
    {
        Enter(localctx);
        base.EnterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    public override void ExitRule()
    {
        base.ExitRule();
        depth--;
    }

    public override void UnrollRecursionContexts(ParserRuleContext parentContext)
    {
        base.UnrollRecursionContexts(parentContext);
        depth--;
    }

    void Enter(ParserRuleContext localctx)
    {
        // Thrown before the rule is entered, so the generated code's finally blocks unwind exactly the rules
        // that were entered.
        if (depth >= MaxRuleDepth)
            throw new NestingTooDeepException(CurrentToken);
        Root ??= localctx;
        depth++;
    }
}

/// <summary>Stops the parser when <see cref="StructuredTextParserBase.MaxRuleDepth"/> is reached.</summary>
sealed class NestingTooDeepException : Exception
{
    public NestingTooDeepException(IToken token) : base("the source is nested too deeply") => Token = token;

    /// <summary>The token at which the limit was reached.</summary>
    public IToken Token { get; }
}

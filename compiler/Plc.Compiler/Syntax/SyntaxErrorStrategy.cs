using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using Plc.Compiler.Syntax.Generated;
using AntlrParser = Antlr4.Runtime.Parser;

namespace Plc.Compiler.Syntax;

/// <summary>
/// ANTLR's default recovery (single token insertion and deletion, resynchronisation in loops) with messages a
/// plant engineer can read: <c>missing ';' before 'END_IF'</c>, <c>unexpected 'THEN'</c>,
/// <c>expected an expression but found ';'</c>; and recovery that stays inside lists (declarations, variables,
/// statements) when an unexpected token comes before the first element, where ANTLR would give up the whole list.
/// </summary>
sealed class SyntaxErrorStrategy : DefaultErrorStrategy
{
    /// <summary>
    /// At the loops of list rules (declarations, variables, statements ...), an unexpected token is reported and
    /// skipped, with what follows it up to a token that can continue or close the list, as ANTLR does between
    /// elements; ANTLR's own sync gives up the whole rule when the token comes before the first element, losing
    /// e.g. a whole program body for one stray token. Elsewhere nothing is done here: the next match then reports
    /// the error where it is, and repairs it by inserting a missing token or deleting an extra one when it can
    /// (<c>missing ':' before 'INT'</c>), which ANTLR's sync at the start of a subrule would prevent.
    /// </summary>
    public override void Sync(AntlrParser recognizer)
    {
        if (InErrorRecoveryMode(recognizer) || !IsListRule(recognizer.Context))
            return;
        ATNState state = recognizer.Interpreter.atn.states[recognizer.State];
        if (state.StateType is not (StateType.StarLoopEntry or StateType.StarLoopBack or StateType.PlusLoopBack
            or StateType.StarBlockStart or StateType.PlusBlockStart))
            return;
        int next = ((ITokenStream)recognizer.InputStream).LA(1);
        IntervalSet expected = recognizer.GetExpectedTokens();
        if (expected.Contains(next))
            return;
        // A token an enclosing rule can continue with (e.g. the next PROGRAM when END_PROGRAM is missing) ends the
        // list; the enclosing rule reports what is missing.
        IntervalSet recovery = GetErrorRecoverySet(recognizer);
        if (recovery.Contains(next))
            return;
        ReportUnwantedToken(recognizer);
        ConsumeUntil(recognizer, expected.Or(recovery));
    }

    static bool IsListRule(ParserRuleContext? context) => context is StructuredTextParser.CompilationUnitContext
        or StructuredTextParser.ProgramDeclarationContext or StructuredTextParser.FunctionBlockDeclarationContext
        or StructuredTextParser.FunctionDeclarationContext or StructuredTextParser.VarBlockContext
        or StructuredTextParser.TypeDeclarationContext or StructuredTextParser.StructTypeContext
        or StructuredTextParser.StatementListContext or StructuredTextParser.CaseBodyContext
        or StructuredTextParser.CaseStatementContext
        or StructuredTextParser.ConfigurationDeclarationContext or StructuredTextParser.ResourceDeclarationContext
        or StructuredTextParser.MethodDeclarationContext or StructuredTextParser.PropertyDeclarationContext
        or StructuredTextParser.PropertyAccessorContext or StructuredTextParser.ActionDeclarationContext
        or StructuredTextParser.InterfaceDeclarationContext or StructuredTextParser.BlockBodyContext;

    protected override void ReportNoViableAlternative(AntlrParser recognizer, NoViableAltException e)
    {
        IToken offending = e.OffendingToken;
        string? expected = e.StartToken == offending ? ExpectedInRule(recognizer) : null;
        string message = expected is null
            ? "unexpected " + TokenDescriptions.Found(offending)
            : "expected " + expected + " but found " + TokenDescriptions.Found(offending);
        recognizer.NotifyErrorListeners(offending, message, e);
    }

    protected override void ReportInputMismatch(AntlrParser recognizer, InputMismatchException e)
    {
        IToken offending = e.OffendingToken;
        string? expected = TokenDescriptions.ExpectedSet(e.GetExpectedTokens(), recognizer.Vocabulary) ?? ExpectedInRule(recognizer);
        string message = expected is null
            ? "unexpected " + TokenDescriptions.Found(offending)
            : "expected " + expected + " but found " + TokenDescriptions.Found(offending);
        recognizer.NotifyErrorListeners(offending, message, e);
    }

    protected override void ReportFailedPredicate(AntlrParser recognizer, FailedPredicateException e)
    {
        // The grammar has no semantic predicates of its own; precedence predicates never fail on their own.
        recognizer.NotifyErrorListeners(e.OffendingToken, "unexpected " + TokenDescriptions.Found(e.OffendingToken), e);
    }

    protected override void ReportUnwantedToken(AntlrParser recognizer)
    {
        if (InErrorRecoveryMode(recognizer))
            return;
        BeginErrorCondition(recognizer);
        IToken token = recognizer.CurrentToken;
        recognizer.NotifyErrorListeners(token, "unexpected " + TokenDescriptions.Found(token), null);
    }

    protected override void ReportMissingToken(AntlrParser recognizer)
    {
        if (InErrorRecoveryMode(recognizer))
            return;
        BeginErrorCondition(recognizer);
        IToken token = recognizer.CurrentToken;
        IntervalSet expecting = GetExpectedTokens(recognizer);
        string? missing = TokenDescriptions.ExpectedSet(expecting, recognizer.Vocabulary);
        string where = token.Type == TokenConstants.EOF ? "at the end of the file" : "before " + TokenDescriptions.Found(token);
        recognizer.NotifyErrorListeners(token,
            missing is null ? "unexpected " + TokenDescriptions.Found(token) : "missing " + missing + " " + where, null);
    }

    // What the current rule stands for, when that says more than a list of tokens.
    static string? ExpectedInRule(AntlrParser recognizer) => recognizer.Context switch
    {
        StructuredTextParser.ExpressionContext => "an expression",
        StructuredTextParser.LiteralContext => "a literal",
        StructuredTextParser.TypeSpecContext or StructuredTextParser.TypeDefinitionContext => "a type",
        StructuredTextParser.IdentifierContext => "a name",
        StructuredTextParser.InitializerContext => "an initial value",
        _ => null,
    };
}

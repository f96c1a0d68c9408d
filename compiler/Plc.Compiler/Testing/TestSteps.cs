using System.Collections.Immutable;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Testing;

/// <summary>
/// Cuts the body of a test at its <c>ADVANCE(d);</c> statements into steps (D31): the body becomes a state machine
/// <code>
/// WHILE TRUE DO
///     CASE __TEST_STEP OF
///         0: ...; __TEST_STEP := 3;                  (* a jump: the loop dispatches again *)
///         1: ...; __TEST_ADVANCING := TRUE; __TEST_ADVANCE := d; __TEST_STEP := 2; RETURN;   (* ADVANCE(d) *)
///         ...
///     ELSE RETURN;                                   (* the test has ended *)
///     END_CASE
/// END_WHILE
/// </code>
/// so one call of the test's instance runs up to the next ADVANCE. Statements without an ADVANCE inside stay as they
/// are; IF, CASE, FOR, WHILE and REPEAT with an ADVANCE inside become blocks with jumps (FOR keeps D9: start, end
/// and step evaluated once, no overflow of the control variable, which must be declared in the test or as a global
/// so its bounds can be kept in variables of its type). EXIT and CONTINUE of such a loop become jumps too.
/// </summary>
sealed class TestSteps
{
    public const string LoopEndPrefix = "__TEST_FOR_END_";
    public const string LoopStepPrefix = "__TEST_FOR_STEP_";
    const int Finished = -1;

    readonly DiagnosticBag diagnostics;
    readonly Func<string, TypeReference?> typeOfVariable;
    readonly SourceSpan span;
    readonly List<List<Statement>> blocks = new();
    readonly List<SourceSpan> advances = new();
    readonly List<VarDeclaration> temporaries = new();
    /// <summary>Jump targets of the enclosing loops that were cut into blocks: (exit, continue).</summary>
    readonly Stack<(int Exit, int Continue)> loops = new();
    int current;

    TestSteps(DiagnosticBag diagnostics, Func<string, TypeReference?> typeOfVariable, SourceSpan span)
    {
        this.diagnostics = diagnostics;
        this.typeOfVariable = typeOfVariable;
        this.span = span;
    }

    /// <summary>
    /// The test's body as a state machine, the hidden variables it needs (besides __TEST_STEP), and per state the
    /// ADVANCE that leads to it (SourceSpan.None for the others).
    /// </summary>
    public static (ImmutableArray<Statement> Body, ImmutableArray<VarDeclaration> Variables, ImmutableArray<SourceSpan> Advances) Cut(
        PouDeclaration test, DiagnosticBag diagnostics, Func<string, TypeReference?> typeOfVariable)
    {
        // The cut moves statements into the branches of a CASE, so a label would end up out of its JMP's reach.
        foreach (var s in StatementTree.All(test.Body).Where(s => s is LabelStatement or JumpStatement))
            diagnostics.Report(DiagnosticCodes.AdvanceMisplaced, s.Span,
                "JMP and jump labels cannot be used in a test that uses ADVANCE (its body is cut into steps at each ADVANCE)");
        var steps = new TestSteps(diagnostics, typeOfVariable, test.Name.Span);
        steps.current = steps.NewBlock();
        steps.Lower(test.Body);
        steps.Emit(Assign(steps.span, TestRewriter.StepVariable, Integer(steps.span, Finished)));
        steps.Emit(new ReturnStatement(steps.span));
        return (steps.StateMachine(), steps.temporaries.ToImmutableArray(), steps.advances.ToImmutableArray());
    }

    /// <summary>True when <paramref name="s"/> is or contains an ADVANCE statement.</summary>
    public static bool ContainsAdvance(Statement s) => s switch
    {
        CallStatement c => IsAdvance(c),
        IfStatement i => i.Then.Any(ContainsAdvance) || i.Elsifs.Any(e => e.Body.Any(ContainsAdvance)) || (i.Else?.Any(ContainsAdvance) ?? false),
        CaseStatement c => c.Clauses.Any(k => k.Body.Any(ContainsAdvance)) || (c.Else?.Any(ContainsAdvance) ?? false),
        ForStatement f => f.Body.Any(ContainsAdvance),
        WhileStatement w => w.Body.Any(ContainsAdvance),
        RepeatStatement r => r.Body.Any(ContainsAdvance),
        _ => false,
    };

    public static bool IsAdvance(Statement s) => s is CallStatement c && IsAdvance(c);

    static bool IsAdvance(CallStatement c) => c.Call.Callee is NameExpression n && Names.Equal(n.Name.Name, TestRewriter.Advance);

    /// <summary>EXIT or CONTINUE in <paramref name="s"/> that belongs to a loop around it (not to a loop inside it).</summary>
    static bool ContainsFreeJump(Statement s) => s switch
    {
        ExitStatement or ContinueStatement => true,
        IfStatement i => i.Then.Any(ContainsFreeJump) || i.Elsifs.Any(e => e.Body.Any(ContainsFreeJump)) || (i.Else?.Any(ContainsFreeJump) ?? false),
        CaseStatement c => c.Clauses.Any(k => k.Body.Any(ContainsFreeJump)) || (c.Else?.Any(ContainsFreeJump) ?? false),
        _ => false,
    };

    int NewBlock()
    {
        blocks.Add(new List<Statement>());
        advances.Add(SourceSpan.None);
        return blocks.Count - 1;
    }

    void Emit(Statement s) => blocks[current].Add(s);

    /// <summary>Ends the current block with a jump to <paramref name="target"/>.</summary>
    void Jump(SourceSpan at, int target) => Emit(Assign(at, TestRewriter.StepVariable, Integer(at, target)));

    void Lower(ImmutableArray<Statement> statements)
    {
        foreach (var s in statements) Lower(s);
    }

    void Lower(Statement s)
    {
        bool cut = ContainsAdvance(s) || (loops.Count > 0 && ContainsFreeJump(s));
        if (!cut)
        {
            // Left whole. An EXIT or CONTINUE outside every loop would otherwise leave the state machine's own loop.
            if (loops.Count == 0 && ContainsFreeJump(s))
                ReportFreeJumps(s);
            Emit(s);
            return;
        }
        switch (s)
        {
            case CallStatement c: Advance(c); break;
            case ExitStatement e: Jump(e.Span, loops.Peek().Exit); current = NewBlock(); break;          // unreachable rest
            case ContinueStatement k: Jump(k.Span, loops.Peek().Continue); current = NewBlock(); break;
            case IfStatement i: If(i); break;
            case CaseStatement c: Case(c); break;
            case WhileStatement w: While(w); break;
            case RepeatStatement r: Repeat(r); break;
            case ForStatement f: For(f); break;
            default: Emit(s); break;
        }
    }

    void ReportFreeJumps(Statement s)
    {
        switch (s)
        {
            case ExitStatement e: diagnostics.Report(DiagnosticCodes.ExitOutsideLoop, e.Span); break;
            case ContinueStatement c: diagnostics.Report(DiagnosticCodes.ContinueOutsideLoop, c.Span); break;
            case IfStatement i:
                foreach (var x in i.Then.Concat(i.Elsifs.SelectMany(e => e.Body)).Concat(i.Else ?? ImmutableArray<Statement>.Empty)) ReportFreeJumps(x);
                break;
            case CaseStatement c:
                foreach (var x in c.Clauses.SelectMany(k => k.Body).Concat(c.Else ?? ImmutableArray<Statement>.Empty)) ReportFreeJumps(x);
                break;
        }
    }

    void Advance(CallStatement advance)
    {
        var at = advance.Span;
        // ADVANCE(d) or ADVANCE(IN := d): one duration.
        Expression duration;
        if (advance.Call.Arguments is [{ Kind: ArgumentKind.Positional, Value: { } v }])
            duration = v;
        else if (advance.Call.Arguments is [{ Kind: ArgumentKind.Input, Name: { } n, Value: { } w }] && Names.Equal(n.Name, "IN"))
            duration = w;
        else
        {
            diagnostics.Report(DiagnosticCodes.WrongArgumentCount, at, TestRewriter.Advance, 1, advance.Call.Arguments.Length);
            duration = new ErrorExpression(at);
        }
        int next = NewBlock();
        advances[next] = at;
        Emit(Assign(at, TestRewriter.AdvancingVariable, new BoolLiteral(at, true)));
        Emit(Assign(at, TestRewriter.AdvanceVariable, duration));
        Jump(at, next);
        Emit(new ReturnStatement(at));
        current = next;
    }

    void If(IfStatement i)
    {
        int join = NewBlock();
        var conditions = new List<(Expression Condition, ImmutableArray<Statement> Body, SourceSpan Span)> { (i.Condition, i.Then, i.Span) };
        conditions.AddRange(i.Elsifs.Select(e => (e.Condition, e.Body, e.Span)));
        var targets = conditions.Select(_ => NewBlock()).ToList();
        int? otherwise = i.Else != null ? NewBlock() : null;
        // IF c1 THEN step := t1; ELSIF c2 THEN step := t2; ELSE step := else or join; END_IF
        var elsifs = ImmutableArray.CreateBuilder<ElsifClause>();
        for (int k = 1; k < conditions.Count; k++)
            elsifs.Add(new ElsifClause(conditions[k].Span, conditions[k].Condition, ImmutableArray.Create(Goto(conditions[k].Span, targets[k]))));
        Emit(new IfStatement(i.Span, i.Condition, ImmutableArray.Create(Goto(i.Span, targets[0])), elsifs.ToImmutable(),
            ImmutableArray.Create(Goto(i.Span, otherwise ?? join))));
        for (int k = 0; k < conditions.Count; k++) Branch(targets[k], conditions[k].Body, join, conditions[k].Span);
        if (otherwise is { } o) Branch(o, i.Else!.Value, join, i.Span);
        current = join;
    }

    void Case(CaseStatement c)
    {
        int join = NewBlock();
        var targets = c.Clauses.Select(_ => NewBlock()).ToList();
        int? otherwise = c.Else != null ? NewBlock() : null;
        var clauses = c.Clauses.Select((k, n) => k with { Body = ImmutableArray.Create(Goto(k.Span, targets[n])) }).ToImmutableArray();
        Emit(new CaseStatement(c.Span, c.Selector, clauses, ImmutableArray.Create(Goto(c.Span, otherwise ?? join))));
        for (int k = 0; k < c.Clauses.Length; k++) Branch(targets[k], c.Clauses[k].Body, join, c.Clauses[k].Span);
        if (otherwise is { } o) Branch(o, c.Else!.Value, join, c.Span);
        current = join;
    }

    /// <summary>Lowers a branch's statements into <paramref name="block"/> and jumps to <paramref name="join"/> after them.</summary>
    void Branch(int block, ImmutableArray<Statement> body, int join, SourceSpan at)
    {
        current = block;
        Lower(body);
        Jump(at, join);
    }

    void While(WhileStatement w)
    {
        int head = NewBlock(), body = NewBlock(), exit = NewBlock();
        Jump(w.Span, head);
        current = head;
        Emit(new IfStatement(w.Span, w.Condition, ImmutableArray.Create(Goto(w.Span, body)), ImmutableArray<ElsifClause>.Empty,
            ImmutableArray.Create(Goto(w.Span, exit))));
        loops.Push((exit, head));
        Branch(body, w.Body, head, w.Span);
        loops.Pop();
        current = exit;
    }

    void Repeat(RepeatStatement r)
    {
        int body = NewBlock(), check = NewBlock(), exit = NewBlock();
        Jump(r.Span, body);
        loops.Push((exit, check));
        Branch(body, r.Body, check, r.Span);
        loops.Pop();
        current = check;
        Emit(new IfStatement(r.Span, r.Until, ImmutableArray.Create(Goto(r.Span, exit)), ImmutableArray<ElsifClause>.Empty,
            ImmutableArray.Create(Goto(r.Span, body))));
        current = exit;
    }

    void For(ForStatement f)
    {
        var at = f.Span;
        var type = f.Variable is NameExpression n ? typeOfVariable(n.Name.Name) : null;
        if (type == null)
        {
            diagnostics.Report(DiagnosticCodes.AdvanceMisplaced, at,
                "a FOR loop with ADVANCE inside needs a control variable declared in the test (or as a global): its bounds are kept in variables of that type between the steps");
            return;
        }
        // D9 with the bounds kept in hidden variables of the control variable's type:
        //   v := start; end := e; step := s;
        //   head:  IF (step > 0 AND v > end) OR (step < 0 AND v < end) THEN exit ELSE body
        //   next:  IF the step would pass end (computed in LINT: no overflow) THEN v := v + step; exit
        //          ELSE v := v + step; head
        string end = LoopEndPrefix + temporaries.Count / 2, step = LoopStepPrefix + temporaries.Count / 2;
        temporaries.Add(new VarDeclaration(at, ImmutableArray.Create(new Identifier(at, end)), null, type, null));
        temporaries.Add(new VarDeclaration(at, ImmutableArray.Create(new Identifier(at, step)), null, type, null));
        Emit(new AssignmentStatement(at, f.Variable, f.Start));
        Emit(Assign(at, end, f.End));
        Emit(Assign(at, step, f.Step ?? Integer(at, 1)));
        int head = NewBlock(), body = NewBlock(), next = NewBlock(), exit = NewBlock();
        Jump(at, head);

        Expression V() => f.Variable;
        Expression N(string name) => Name(at, name);
        Expression Zero() => Integer(at, 0);
        Expression Long(Expression e) => new BinaryExpression(at, BinaryOperator.Add, new TypedLiteral(at, new Identifier(at, "LINT"), Integer(at, 0)), e);
        Expression And(Expression a, Expression b) => new BinaryExpression(at, BinaryOperator.And, a, b);
        Expression Or(Expression a, Expression b) => new BinaryExpression(at, BinaryOperator.Or, a, b);
        Expression Cmp(BinaryOperator op, Expression a, Expression b) => new BinaryExpression(at, op, a, b);
        Expression Sub(Expression a, Expression b) => new BinaryExpression(at, BinaryOperator.Subtract, a, b);

        current = head;
        var done = Or(And(Cmp(BinaryOperator.Greater, N(step), Zero()), Cmp(BinaryOperator.Greater, V(), N(end))),
                      And(Cmp(BinaryOperator.Less, N(step), Zero()), Cmp(BinaryOperator.Less, V(), N(end))));
        Emit(new IfStatement(at, done, ImmutableArray.Create(Goto(at, exit)), ImmutableArray<ElsifClause>.Empty, ImmutableArray.Create(Goto(at, body))));

        loops.Push((exit, next));
        Branch(body, f.Body, next, at);
        loops.Pop();

        current = next;
        var last = Or(And(Cmp(BinaryOperator.Greater, N(step), Zero()), Cmp(BinaryOperator.Less, Sub(Long(N(end)), V()), N(step))),
                      And(Cmp(BinaryOperator.Less, N(step), Zero()), Cmp(BinaryOperator.Less, Sub(Long(V()), N(end)), Sub(Long(Zero()), N(step)))));
        var stepOn = new AssignmentStatement(at, f.Variable, new BinaryExpression(at, BinaryOperator.Add, V(), N(step)));
        Emit(new IfStatement(at, last, ImmutableArray.Create<Statement>(stepOn, Goto(at, exit)), ImmutableArray<ElsifClause>.Empty,
            ImmutableArray.Create<Statement>(stepOn, Goto(at, head))));
        current = exit;
    }

    ImmutableArray<Statement> StateMachine()
    {
        var clauses = blocks.Select((b, k) => new CaseClause(span, ImmutableArray.Create(new CaseLabel(span, Integer(span, k), null)), b.ToImmutableArray()))
            .ToImmutableArray();
        var dispatch = new CaseStatement(span, Name(span, TestRewriter.StepVariable), clauses, ImmutableArray.Create<Statement>(new ReturnStatement(span)));
        return ImmutableArray.Create<Statement>(new WhileStatement(span, new BoolLiteral(span, true), ImmutableArray.Create<Statement>(dispatch)));
    }

    static Statement Goto(SourceSpan at, int target) => Assign(at, TestRewriter.StepVariable, Integer(at, target));
    static AssignmentStatement Assign(SourceSpan at, string name, Expression value) => new(at, Name(at, name), value);
    static NameExpression Name(SourceSpan at, string name) => new(at, new Identifier(at, name));

    static Expression Integer(SourceSpan at, int value) => value >= 0
        ? new IntegerLiteral(at, (ulong)value, value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : new UnaryExpression(at, UnaryOperator.Negate, new IntegerLiteral(at, (ulong)-value, (-value).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Testing;

/// <summary>A test found by <c>plc test</c>: a function block, the global instance the host runs it through, and
/// where its top-level ADVANCE statements are (step k ends at Advances[k]).</summary>
public sealed record UnitTest(string Name, SourceSpan Span, string InstanceName, ImmutableArray<SourceSpan> Advances);

/// <summary>
/// Prepares parsed files for <c>plc test</c> (docs/testing.md, decision D31):
/// <list type="bullet">
/// <item>finds the tests: function blocks whose name starts with <c>TEST_</c> or that carry <c>{attribute 'test'}</c>;</item>
/// <item>cuts each test's body at its top-level <c>ADVANCE(d);</c> statements into steps. The body becomes
/// <c>CASE __TEST_STEP OF 0: step0; __TEST_ADVANCING := TRUE; __TEST_ADVANCE := d; __TEST_STEP := 1; RETURN; 1: ... END_CASE</c>,
/// so one call of the instance runs one step, and the host runs the program's scans for d before the next call;</item>
/// <item>declares one global instance of every test (<c>__TESTCASE_name</c>) and adds the support code (the failure log,
/// <c>__TEST_PASS</c>, <c>__TEST_FAIL</c>).</item>
/// </list>
/// An ADVANCE anywhere else is left alone and reported by the binder (PLC3010). Nothing here types anything: the
/// assertions are bound by the binder in test mode.
/// </summary>
public static class TestRewriter
{
    public const string Advance = "ADVANCE";
    public const string StepVariable = "__TEST_STEP";
    public const string AdvancingVariable = "__TEST_ADVANCING";
    public const string AdvanceVariable = "__TEST_ADVANCE";
    public const string InstancePrefix = "__TESTCASE_";
    public const string SupportPath = "<plc test support>";
    public const string InstancesPath = "<plc test instances>";
    const string TestPrefix = "TEST_";

    static readonly Regex TestAttribute = new(@"^\s*attribute\s+'test'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    static readonly Lazy<string> support = new(() =>
    {
        using var stream = typeof(TestRewriter).Assembly.GetManifestResourceStream("testing/TestSupport.st")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The ST source of the support code.</summary>
    public static string SupportSource => support.Value;

    /// <summary>True for the pragma that marks a test: <c>{attribute 'test'}</c>.</summary>
    public static bool IsTestPragma(Pragma p) => TestAttribute.IsMatch(p.Text);

    /// <summary>The files with every test rewritten, followed by the support file and the test instances; the tests in
    /// source order.</summary>
    public static (List<SourceFile> Files, List<UnitTest> Tests) Rewrite(IReadOnlyList<SourceFile> files, DiagnosticBag diagnostics)
    {
        var result = new List<SourceFile>();
        var tests = new List<UnitTest>();
        foreach (var file in files)
        {
            var declarations = ImmutableArray.CreateBuilder<Declaration>();
            SourceSpan? previousEnd = null;
            foreach (var d in file.Declarations)
            {
                if (d is PouDeclaration { Kind: PouKind.FunctionBlock } fb && IsTest(fb, file.Pragmas, previousEnd))
                {
                    if (fb.VarBlocks.FirstOrDefault(b => b.Kind == VarKind.InOut) is { } inOut)
                    {
                        diagnostics.Report(DiagnosticCodes.InvalidTest, inOut.Span, fb.Name.Name, "it has VAR_IN_OUT, and nothing passes one when plc test calls a test");
                        declarations.Add(d);
                        previousEnd = fb.EndSpan;
                        continue;
                    }
                    declarations.Add(RewriteTest(fb, diagnostics));
                    var advances = fb.Body.Where(s => IsAdvance(s, out _)).Select(s => s.Span).ToImmutableArray();
                    tests.Add(new UnitTest(fb.Name.Name, fb.Name.Span, InstancePrefix + fb.Name.Name, advances));
                }
                else declarations.Add(d);
                previousEnd = d is PouDeclaration p ? p.EndSpan : d.Span;
            }
            result.Add(file with { Declarations = declarations.ToImmutable() });
        }
        result.Add(Syntax.Parser.Parse(SupportPath, SupportSource, diagnostics));
        result.Add(Instances(tests));
        return (result, tests);
    }

    static bool IsTest(PouDeclaration fb, ImmutableArray<Pragma> pragmas, SourceSpan? previousEnd)
    {
        if (fb.Name.Name.StartsWith(TestPrefix, StringComparison.OrdinalIgnoreCase)) return true;
        // {attribute 'test'} between the previous declaration and this one.
        foreach (var p in pragmas)
        {
            if (!IsTestPragma(p)) continue;
            if (Before(p.Span, fb.Span) && (previousEnd == null || Before(previousEnd.Value, p.Span))) return true;
        }
        return false;
    }

    static bool Before(SourceSpan a, SourceSpan b) => a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column);

    static bool IsAdvance(Statement s, out CallStatement call)
    {
        call = null!;
        if (s is CallStatement { Call.Callee: NameExpression n } c && Names.Equal(n.Name.Name, Advance))
        {
            call = c;
            return true;
        }
        return false;
    }

    static PouDeclaration RewriteTest(PouDeclaration fb, DiagnosticBag diagnostics)
    {
        if (!fb.Body.Any(s => IsAdvance(s, out _))) return fb;
        var span = fb.Name.Span;
        var clauses = ImmutableArray.CreateBuilder<CaseClause>();
        var segment = ImmutableArray.CreateBuilder<Statement>();
        int step = 0;
        foreach (var s in fb.Body)
        {
            if (!IsAdvance(s, out var advance)) { segment.Add(s); continue; }
            var at = advance.Span;
            // ADVANCE(d) or ADVANCE(IN := d): one duration.
            Expression duration;
            if (advance.Call.Arguments is [{ Kind: ArgumentKind.Positional, Value: { } v }]
                || (advance.Call.Arguments is [{ Kind: ArgumentKind.Input, Name.Name: var n, Value: { } w }] && Names.Equal(n, "IN") && (v = w) != null))
                duration = v;
            else
            {
                diagnostics.Report(DiagnosticCodes.WrongArgumentCount, at, Advance, 1, advance.Call.Arguments.Length);
                duration = new ErrorExpression(at);
            }
            segment.Add(Assign(at, AdvancingVariable, new BoolLiteral(at, true)));
            segment.Add(Assign(at, AdvanceVariable, duration));
            segment.Add(Assign(at, StepVariable, Integer(at, step + 1)));
            segment.Add(new ReturnStatement(at));
            clauses.Add(new CaseClause(at, ImmutableArray.Create(new CaseLabel(at, Integer(at, step), null)), segment.ToImmutable()));
            segment.Clear();
            step++;
        }
        clauses.Add(new CaseClause(span, ImmutableArray.Create(new CaseLabel(span, Integer(span, step), null)), segment.ToImmutable()));
        var body = ImmutableArray.Create<Statement>(new CaseStatement(span, Name(span, StepVariable), clauses.ToImmutable(), null));
        var stepBlock = new VarBlock(span, VarKind.Var, false, RetainKind.None, ImmutableArray.Create(
            new VarDeclaration(span, ImmutableArray.Create(new Identifier(span, StepVariable)), null,
                new NamedTypeReference(span, new Identifier(span, "DINT")), null)));
        return fb with { Body = body, VarBlocks = fb.VarBlocks.Add(stepBlock) };
    }

    static SourceFile Instances(List<UnitTest> tests)
    {
        var span = new SourceSpan(InstancesPath, 1, 1);
        var variables = tests.Select(t => new VarDeclaration(t.Span, ImmutableArray.Create(new Identifier(t.Span, t.InstanceName)), null,
            new NamedTypeReference(t.Span, new Identifier(t.Span, t.Name)), null)).ToImmutableArray();
        var declarations = variables.IsEmpty
            ? ImmutableArray<Declaration>.Empty
            : ImmutableArray.Create<Declaration>(new GlobalVarDeclaration(span, new VarBlock(span, VarKind.Global, false, RetainKind.None, variables)));
        return new SourceFile(InstancesPath, declarations, ImmutableArray<Pragma>.Empty);
    }

    static AssignmentStatement Assign(SourceSpan span, string name, Expression value) => new(span, Name(span, name), value);
    static NameExpression Name(SourceSpan span, string name) => new(span, new Identifier(span, name));
    static IntegerLiteral Integer(SourceSpan span, int value) => new(span, (ulong)value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

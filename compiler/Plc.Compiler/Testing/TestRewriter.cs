using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Testing;

/// <summary>A test found by <c>plc test</c>: a function block, the global instance the host runs it through, and
/// per step the ADVANCE that leads to it (Advances[__TEST_STEP] after a call that stopped at an ADVANCE).</summary>
public sealed record UnitTest(string Name, SourceSpan Span, string InstanceName, ImmutableArray<SourceSpan> Advances);

/// <summary>
/// Prepares parsed files for <c>plc test</c> (docs/testing.md, decision D31):
/// <list type="bullet">
/// <item>finds the tests: function blocks whose name starts with <c>TEST_</c> or that carry <c>{attribute 'test'}</c>;</item>
/// <item>cuts each test's body at its <c>ADVANCE(d);</c> statements into steps (<see cref="TestSteps"/>), so one call
/// of the instance runs one step, and the host runs the program's scans for d before the next call;</item>
/// <item>declares one global instance of every test (<c>__TESTCASE_name</c>) and adds the support code (the failure log,
/// <c>__TEST_PASS</c>, <c>__TEST_FAIL</c>).</item>
/// </list>
/// An ADVANCE outside a test's body is left alone and reported by the binder (PLC3010). Nothing here types anything:
/// the assertions are bound by the binder in test mode.
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
                    declarations.Add(RewriteTest(fb, files, diagnostics, out var advances));
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

    static PouDeclaration RewriteTest(PouDeclaration fb, IReadOnlyList<SourceFile> files, DiagnosticBag diagnostics, out ImmutableArray<SourceSpan> advances)
    {
        advances = ImmutableArray<SourceSpan>.Empty;
        if (!fb.Body.Any(TestSteps.ContainsAdvance)) return fb;
        var (body, variables, at) = TestSteps.Cut(fb, diagnostics, name => TypeOf(name, fb, files));
        advances = at;
        var span = fb.Name.Span;
        var hidden = new VarBlock(span, VarKind.Var, false, RetainKind.None, variables.Insert(0,
            new VarDeclaration(span, ImmutableArray.Create(new Identifier(span, StepVariable)), null,
                new NamedTypeReference(span, new Identifier(span, "DINT")), null)));
        return fb with { Body = body, VarBlocks = fb.VarBlocks.Add(hidden) };
    }

    /// <summary>The declared type of a variable of the test or a global (for the bounds of a FOR loop that is cut).</summary>
    static TypeReference? TypeOf(string name, PouDeclaration test, IReadOnlyList<SourceFile> files)
    {
        var blocks = test.VarBlocks.Concat(files.SelectMany(f => f.Declarations).OfType<GlobalVarDeclaration>().Select(g => g.Block));
        foreach (var block in blocks)
            foreach (var v in block.Variables)
                if (v.Names.Any(n => Names.Equal(n.Name, name))) return v.Type;
        return null;
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

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using Plc.Compiler.Syntax;
using Xunit;

namespace Plc.Tests.Syntax;

/// <summary>
/// Feeds the parser thousands of broken variants of valid programs (tokens deleted, duplicated, swapped or
/// replaced, random characters inserted, the text cut short) and checks that it never throws, always returns a
/// well-formed tree and finishes quickly. The random generator has a fixed seed, so a failure can be replayed.
/// </summary>
public class ParserRobustnessTests
{
    const int Iterations = 3_000;
    static readonly TimeSpan MaxTimePerParse = TimeSpan.FromSeconds(5);

    const string Sample = """
        {attribute 'qualified_only'}
        TYPE
            Color : (Red, Green := 5, Blue) DINT;
            Point : STRUCT x : REAL := 1.5; y : LREAL; END_STRUCT
            Percent : INT(0..100);
            Line : ARRAY[0..N-1, 1..2] OF Point := [(x := 1), 2((y := 2.0))];
            Ref : REF_TO Point;
        END_TYPE
        VAR_GLOBAL CONSTANT N : INT := 10; END_VAR
        FUNCTION Scale : REAL
        VAR_INPUT v : INT; f : REAL := 2.0E0; END_VAR
        VAR_TEMP t : TIME := T#1h_30m; END_VAR
            Scale := INT_TO_REAL(v) * f ** 2 - -1.0;
            IF v < 0 THEN RETURN; END_IF
        END_FUNCTION
        FUNCTION_BLOCK Blinker
        VAR_INPUT enable : BOOL; period : TIME := t#500ms; END_VAR
        VAR_OUTPUT q : BOOL; END_VAR
        VAR timer : TON; state : (Off, On_); END_VAR
            timer(IN := enable AND NOT timer.Q, PT := period, Q => , ET => );
            CASE state OF
                Off: IF timer.Q THEN state := On_; END_IF
                On_, 7..9: q := NOT q; state := Off;
            ELSE
                state := Off;
            END_CASE;
        END_FUNCTION_BLOCK
        PROGRAM Main
        VAR
            x, y AT %MW10 : INT := 5;
            b AT %IX0.0 : BOOL;
            s : STRING(80) := 'it$'s $N ok';
            w : WSTRING[10] := "wide $" $0041";
            arr : ARRAY[1..10] OF DINT := [1, 2, 3(0), 4()];
            blink : Blinker;
            d : DATE := D#2024-01-15;
            tod1 : TOD := TOD#12:30:15.25;
            dt1 : DT := DT#2024-01-15-12:30:00.5;
            p : Point := (x := 1.0, y := 2.0);
            r : REF_TO INT;
        END_VAR
            (* nested (* comment *) here *)
            x := -2 ** 2 + 16#FF MOD 3 / 2#1010 - 8#17; // trailing comment
            FOR x := 1 TO N BY 2 DO
                arr[x] := arr[x - 1] + DINT#-1;
                IF arr[x].3 OR %IX0.1 THEN EXIT; ELSIF x = 5 THEN CONTINUE; ELSE ; END_IF
            END_FOR
            WHILE y > 0 DO y := y - 1; END_WHILE
            REPEAT y := y + 1; UNTIL y >= 10 END_REPEAT
            blink(enable := TRUE, period := T#1s, q => b);
            r := REF(x); r^ := 3; %QX0.0 := b XOR Color#Red = Red;
            x = 1;
        END_PROGRAM
        CONFIGURATION Cell
            VAR_GLOBAL start : BOOL; END_VAR
            RESOURCE Cpu ON PLC
                TASK Fast (INTERVAL := T#10ms, PRIORITY := 1);
                TASK Once (SINGLE := start, PRIORITY := 0);
                PROGRAM RETAIN M WITH Fast : Main (x := 1, y => start);
            END_RESOURCE
        END_CONFIGURATION
        """;

    static readonly string[] Vocabulary =
    {
        "PROGRAM", "END_PROGRAM", "FUNCTION", "END_FUNCTION", "FUNCTION_BLOCK", "VAR", "VAR_INPUT", "END_VAR", "TYPE",
        "END_TYPE", "STRUCT", "END_STRUCT", "ARRAY", "OF", "IF", "THEN", "ELSIF", "ELSE", "END_IF", "CASE", "END_CASE",
        "FOR", "TO", "BY", "DO", "END_FOR", "WHILE", "END_WHILE", "REPEAT", "UNTIL", "END_REPEAT", "EXIT", "RETURN",
        "NOT", "AND", "OR", "MOD", "CONFIGURATION", "RESOURCE", "TASK", "WITH", "ON", "AT", "REF_TO", "STRING",
        ":=", "=>", "..", ":", ";", ",", ".", "(", ")", "[", "]", "^", "#", "**", "+", "-", "*", "/", "=", "<>", "<=",
        "(*", "*)", "/*", "{", "}", "'", "\"", "$", "%", "%IX", "%I*", "T#", "T#5", "16#", "1.", "1E", "D#2024-", "x", "42",
    };

    static readonly Regex TokenPattern = new(
        @"\s+|[A-Za-z_][A-Za-z0-9_]*(#[-+]?[0-9A-Za-z_.:\-]+)?|[0-9][0-9A-Za-z_#.]*|'(\$.|[^'$])*'|""(\$.|[^""$])*""|%[A-Za-z]+[0-9.*]*|\(\*|\*\)|:=|=>|\.\.|<=|>=|<>|\*\*|.",
        RegexOptions.Singleline);

    [Fact]
    public void SampleIsValid()
    {
        var diagnostics = new DiagnosticBag();
        SourceFile file = Parser.Parse("sample.st", Sample, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.Equal(6, file.Declarations.Length);
        AstInvariants.Check(file);
    }

    [Fact]
    public void MutatedSourcesNeverThrowAndAlwaysGiveAWellFormedTree()
    {
        var random = new Random(61131);
        string[] tokens = TokenPattern.Matches(Sample).Select(m => m.Value).ToArray();
        Assert.Equal(Sample, string.Concat(tokens));
        TimeSpan slowest = TimeSpan.Zero;
        int withErrors = 0;

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            string source = Mutate(tokens, random);
            var diagnostics = new DiagnosticBag();
            var watch = Stopwatch.StartNew();
            SourceFile file = Parser.Parse("fuzz.st", source, diagnostics);
            watch.Stop();

            if (watch.Elapsed > slowest)
                slowest = watch.Elapsed;
            Assert.True(watch.Elapsed < MaxTimePerParse, $"iteration {iteration} took {watch.Elapsed}:\n{source}");
            AstInvariants.Check(file);
            foreach (Diagnostic diagnostic in diagnostics.Items)
                Assert.True(diagnostic.Span.Line >= 1 && diagnostic.Span.Column >= 1 && diagnostic.Span.Path == "fuzz.st",
                    $"iteration {iteration}: bad position in {diagnostic}");
            if (diagnostics.HasErrors)
                withErrors++;
        }

        // Most mutations break the program; if they did not, the fuzzer would not be testing recovery.
        Assert.True(withErrors > Iterations / 2, $"only {withErrors} of {Iterations} mutated sources had errors");
    }

    [Fact]
    public void RandomTokenSoupNeverThrows()
    {
        var random = new Random(2013);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            var source = new StringBuilder();
            int length = random.Next(1, 300);
            for (int k = 0; k < length; k++)
                source.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(4) == 0 ? "\n" : " ");
            var diagnostics = new DiagnosticBag();
            var watch = Stopwatch.StartNew();
            SourceFile file = Parser.Parse("soup.st", source.ToString(), diagnostics);
            Assert.True(watch.Elapsed < MaxTimePerParse, $"iteration {iteration} took {watch.Elapsed}:\n{source}");
            AstInvariants.Check(file);
        }
    }

    static string Mutate(string[] tokens, Random random)
    {
        var list = new List<string>(tokens);
        int mutations = random.Next(1, 6);
        for (int m = 0; m < mutations && list.Count > 1; m++)
        {
            int i = random.Next(list.Count);
            switch (random.Next(7))
            {
                case 0:
                    list.RemoveAt(i);
                    break;
                case 1:
                    list.Insert(i, list[i]);
                    break;
                case 2:
                    int j = Math.Min(i + 1 + random.Next(3), list.Count - 1);
                    (list[i], list[j]) = (list[j], list[i]);
                    break;
                case 3:
                    list.Insert(i, " " + Vocabulary[random.Next(Vocabulary.Length)] + " ");
                    break;
                case 4:
                    list[i] = Vocabulary[random.Next(Vocabulary.Length)];
                    break;
                case 5:
                    list.Insert(i, RandomCharacters(random));
                    break;
                default:
                    int keep = random.Next(list.Count);
                    list.RemoveRange(keep, list.Count - keep);
                    break;
            }
        }
        return string.Concat(list);
    }

    // Anything a damaged file may contain: control characters, non-ASCII letters, lone surrogates, NUL.
    static string RandomCharacters(Random random)
    {
        var text = new StringBuilder();
        int length = random.Next(1, 6);
        for (int k = 0; k < length; k++)
        {
            text.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(32, 127),
                2 => (char)random.Next(0xD800, 0xE000),
                _ => (char)random.Next(127, 0x10000),
            });
        }
        return text.ToString();
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Tests.Conformance;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Compiler;

/// <summary>
/// No input may make the compiler throw: mutated versions of every example and conformance program (tokens
/// deleted, duplicated, swapped, replaced by other tokens of the corpus; lines dropped) must compile to a result
/// with diagnostics, and every image the compiler does produce must pass the verifier.
/// </summary>
public class CompilerRobustnessTests
{
    readonly ITestOutputHelper output;
    public CompilerRobustnessTests(ITestOutputHelper output) { this.output = output; }

    static readonly Regex Token = new(@"\(\*.*?\*\)|'[^']*'|""[^""]*""|[A-Za-z_][A-Za-z0-9_#.:-]*|%[A-Za-z0-9.]+|\d[\w.#]*|:=|=>|<=|>=|<>|\*\*|\.\.|\S", RegexOptions.Singleline);

    static List<string> Corpus()
    {
        var files = Directory.GetFiles(RepositoryPaths.Examples, "*.st", SearchOption.AllDirectories).ToList();
        if (Directory.Exists(RepositoryPaths.Conformance))
            files.AddRange(Directory.GetFiles(RepositoryPaths.Conformance, "*.st"));
        return files.OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToList();
    }

    static string Mutate(string source, List<string> vocabulary, Random rng)
    {
        var tokens = Token.Matches(source).Select(m => m.Value).ToList();
        if (tokens.Count == 0) return source;
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && tokens.Count > 0; e++)
        {
            int i = rng.Next(tokens.Count);
            switch (rng.Next(5))
            {
                case 0: tokens.RemoveAt(i); break;
                case 1: tokens.Insert(i, tokens[i]); break;
                case 2: { int j = rng.Next(tokens.Count); (tokens[i], tokens[j]) = (tokens[j], tokens[i]); break; }
                case 3: tokens[i] = vocabulary[rng.Next(vocabulary.Count)]; break;
                default: tokens.RemoveRange(i, Math.Min(tokens.Count - i, 1 + rng.Next(8))); break;
            }
        }
        return string.Join(" ", tokens);
    }

    [Fact]
    public void MutatedProgramsNeverCrashTheCompiler()
    {
        var corpus = Corpus();
        var vocabulary = corpus.SelectMany(s => Token.Matches(s).Select(m => m.Value)).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var rng = new Random(61131);
        int compiled = 0, rejected = 0;
        var sw = Stopwatch.StartNew();
        for (int iter = 0; iter < 3000; iter++)
        {
            string source = Mutate(corpus[rng.Next(corpus.Count)], vocabulary, rng);
            CompilationResult result;
            try { result = Compilation.Compile(new[] { new SourceText("fuzz.st", source) }); }
            catch (Exception ex) { throw new Xunit.Sdk.XunitException($"iteration {iter}: compiler threw {ex}\n--- source ---\n{source}"); }
            if (result.Success)
            {
                compiled++;
                var v = Verifier.Verify(result.Image!);
                Assert.True(v.Ok, $"iteration {iter}: the verifier rejected a compiled image: {v.Error}\n--- source ---\n{source}");
            }
            else
            {
                rejected++;
                Assert.NotEmpty(result.Diagnostics);
            }
        }
        output.WriteLine($"{compiled} compiled, {rejected} rejected, {sw.ElapsedMilliseconds} ms");
    }
}

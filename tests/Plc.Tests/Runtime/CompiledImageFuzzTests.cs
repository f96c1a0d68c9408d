using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Tests.Conformance;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Runtime;

/// <summary>
/// The fuzzing of <see cref="FuzzTests"/>, started from images the compiler produced for the example plants:
/// real code with calls, function blocks, strings and process image areas. Every mutant is rejected by the
/// verifier or runs without an exception escaping and without hanging.
/// </summary>
public class CompiledImageFuzzTests
{
    readonly ITestOutputHelper output;
    public CompiledImageFuzzTests(ITestOutputHelper output) { this.output = output; }

    static Image[] CompiledExamples() =>
        Directory.GetDirectories(RepositoryPaths.Examples).OrderBy(d => d, StringComparer.Ordinal).Select(d =>
        {
            var files = Plc.Tests.Conformance.RepositoryPaths.ExampleSources(d).ToList();
            var result = Compilation.CompileFiles(files);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return result.Image!;
        }).ToArray();

    [Fact]
    public void MutatedCompiledImagesNeverCrash()
    {
        var bases = CompiledExamples();
        var rng = new Random(4711);
        int accepted = 0, faults = 0;
        var sw = Stopwatch.StartNew();
        for (int iter = 0; iter < 30000; iter++)
        {
            var img = VerifierTests.Clone(bases[rng.Next(bases.Length)]);
            int count = 1 + rng.Next(3);
            for (int m = 0; m < count; m++)
            {
                try { FuzzTests.Mutate(img, rng); }
                catch (Exception) { /* a mutation that does not apply to this image */ }
            }
            VerificationResult v;
            try { v = Verifier.Verify(img); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the verifier threw {e}"); }
            if (!v.Ok) continue;
            accepted++;
            try
            {
                var host = new TestHost { ExpireAfterPolls = 3 };
                var it = new Interpreter(img, host, v);
                foreach (var task in img.Tasks)
                {
                    if (task.Body < 0 || task.Body >= img.Pous.Length) continue;
                    for (int scan = 0; scan < 3; scan++)
                    {
                        host.Polls = 0;
                        if (!it.Run(task.Body, 0, scan * 10_000_000L)) { faults++; break; }
                    }
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"iteration {iter}: running an accepted image threw {e}");
            }
        }
        output.WriteLine($"30000 mutants of {bases.Length} compiled images: {accepted} accepted, {faults} faulted, {sw.ElapsedMilliseconds} ms");
        Assert.True(accepted > 1000, $"only {accepted} mutants accepted: the fuzzer is not reaching the interpreter");
    }
}

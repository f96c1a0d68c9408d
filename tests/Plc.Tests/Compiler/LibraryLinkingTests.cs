using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Compiler;
using Plc.Compiler.Binding;
using Plc.Runtime.Core;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>The library costs nothing unless used; a program's own POU replaces the library's; every generic
/// standard function is exercised by some conformance program.</summary>
public class LibraryLinkingTests
{
    static Image Compile(string source)
    {
        var r = Compilation.Compile(new[] { new SourceText("p.st", source) });
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r.Image!;
    }

    [Fact]
    public void UnusedLibraryPousAreNotInTheImage()
    {
        var image = Compile("PROGRAM Main VAR x : INT; END_VAR x := x + 1; END_PROGRAM");
        Assert.Equal(new[] { "Main" }, image.Pous.Where(p => p.Kind != PouKind.TaskBody).Select(p => p.Name));
    }

    [Fact]
    public void UsedLibraryPousAreInTheImageWithWhatTheyCall()
    {
        var image = Compile("PROGRAM Main VAR t : TON; c : CTU; END_VAR t(IN := TRUE, PT := T#1s); END_PROGRAM");
        var names = image.Pous.Select(p => p.Name).ToList();
        Assert.Contains("TON", names);
        Assert.DoesNotContain("CTU", names);   // declared but never called: its instance needs memory, not code
        Assert.DoesNotContain("TOF", names);
    }

    [Fact]
    public void UnusedLibraryFunctionsTakeNoMemory()
    {
        // A function's static frame is only allocated when the image contains the function: F_LTrim's frame holds two
        // T_MaxString (256 bytes each), so with it the memory grows by at least 512 bytes, without it the whole
        // program (null guard, Main's two bytes, no other frame) stays far below that.
        var without = Compile("PROGRAM Main VAR x : INT; END_VAR x := x + 1; END_PROGRAM");
        var with = Compile("PROGRAM Main VAR x : INT; s : STRING; END_VAR s := F_LTrim(s); END_PROGRAM");
        Assert.True(without.MemorySize < 256, $"memory {without.MemorySize}");
        Assert.True(with.MemorySize - without.MemorySize >= 512 + 81, $"memory {with.MemorySize} vs {without.MemorySize}");
    }

    [Fact]
    public void ProgramsOwnPouReplacesTheLibrarys()
    {
        var image = Compile(@"
FUNCTION_BLOCK TON
VAR_INPUT IN : BOOL; END_VAR
VAR_OUTPUT Q : BOOL; END_VAR
Q := NOT IN;
END_FUNCTION_BLOCK
PROGRAM Main VAR t : TON; q : BOOL; END_VAR t(IN := FALSE); q := t.Q; END_PROGRAM");
        var v = Verifier.Verify(image);
        var it = new Interpreter(image, new Plc.Runtime.Hosting.DesktopHost(), v);
        Assert.True(it.Run(image.Tasks[0].Body, 0, 0));
        var q = Plc.Runtime.Hosting.VariablePath.Resolve(image, it.Memory, "Main.q", out _)!.Value;
        Assert.Equal(1, it.Memory[q.Address]);   // the program's TON (Q = NOT IN), not the timer
    }

    [Fact]
    public void EveryGenericFunctionIsUsedByAConformanceProgram()
    {
        var sources = Directory.GetFiles(RepositoryPaths.Conformance, "*.st").Select(File.ReadAllText).ToList();
        var missing = Intrinsics.All.Select(s => s.Name)
            .Where(n => !sources.Any(src => Regex.IsMatch(src, $@"\b{n}\s*\(", RegexOptions.IgnoreCase)))
            .ToList();
        Assert.True(missing.Count == 0, "no conformance program calls: " + string.Join(", ", missing));
    }
}

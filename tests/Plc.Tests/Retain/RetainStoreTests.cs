using System;
using System.IO;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>Capture, commit and load: warm start, cold start, a new image of the same program.</summary>
public sealed class RetainStoreTests : IDisposable
{
    readonly RetainFixture dir = new();
    public void Dispose() => dir.Dispose();

    static readonly Image Image = RetainFixture.Compile(RetainLayoutTests.Program);
    static readonly uint Id = RetainStore.ImageIdOf(Image);

    /// <summary>Runs three scans of the program and commits the retained values; returns the memory after them.</summary>
    byte[] RunThreeScansAndCommit(string file)
    {
        var interpreter = RetainFixture.Run(Image, 3);
        using var store = new RetainStore(file, RetainLayout.FromImage(Image), Id);
        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        Assert.Equal(1, store.WriteCount);
        Assert.True(store.DirectorySynced || !OperatingSystem.IsLinux());
        return interpreter.Memory;
    }

    [Fact]
    public void AWarmStartOfTheSameImageRestoresRetainAndPersistentVariables()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);

        var memory = RetainFixture.Fresh(Image);
        using var store = new RetainStore(file, RetainLayout.FromImage(Image), Id);
        var result = store.Load(memory);
        Assert.True(result.Loaded);
        Assert.False(result.Rejected);
        Assert.Empty(result.Messages);
        Assert.Equal(17, result.Restored);

        // Retained: the values after three scans.
        Assert.Equal(3, RetainFixture.Int(Image, memory, "Main.counter"));
        Assert.Equal(37, RetainFixture.Int(Image, memory, "g_total"));              // 7 + 3 * 10
        Assert.Equal("TRUE", RetainFixture.Show(Image, memory, "g_flag"));          // 3 MOD 2 = 1
        Assert.Equal("'run'", RetainFixture.Show(Image, memory, "g_name"));
        Assert.Equal("(x := 3, y := -3)", RetainFixture.Show(Image, memory, "Main.pos"));
        Assert.Equal("[100, 200, 300, 0, 0, 0, 0, 0, 0, 0]", RetainFixture.Show(Image, memory, "Main.table"));
        Assert.Equal("(inc := 1, CV := 3, total := 3, t := 0)", RetainFixture.Show(Image, memory, "Main.fb"));   // VAR_TEMP t: not kept
        Assert.Equal("[(inc := 0, CV := 0, total := 0, t := 0), (inc := 5, CV := 15, total := 15, t := 0)]", RetainFixture.Show(Image, memory, "Main.ctrs"));
        Assert.Equal(1003, RetainFixture.Int(Image, memory, "Main.shots"));
        Assert.Equal(6, RetainFixture.Int(Image, memory, "Main.free.total"));        // RETAIN inside a plain instance
        // Not retained: initial values.
        Assert.Equal(0, RetainFixture.Int(Image, memory, "Main.other"));
        Assert.Equal(0, RetainFixture.Int(Image, memory, "Main.free.CV"));
        Assert.Equal(0, RetainFixture.Int(Image, memory, "Main.free.inc"));
        Assert.Equal(0, RetainFixture.Int(Image, memory, "g_plain"));
        Assert.Equal("FALSE", RetainFixture.Show(Image, memory, "g_bit2"));         // the bit next to g_flag

        // Every byte outside the retained regions still holds its initial value.
        var retained = new bool[memory.Length];
        foreach (var v in store.Layout.Variables) for (int i = 0; i < v.Size; i++) retained[v.Address + i] = true;
        for (int a = 0; a < memory.Length; a++)
            if (!retained[a]) Assert.True(memory[a] == Image.InitialMemory[a], $"byte {a} changed");
    }

    [Fact]
    public void TheProgramContinuesFromTheRestoredValues()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);
        var v = Verifier.Verify(Image);
        var interpreter = new Interpreter(Image, new Plc.Runtime.Hosting.DesktopHost(), v);
        using (var store = new RetainStore(file, RetainLayout.FromImage(Image), Id))
            Assert.Equal(17, store.Load(interpreter.Memory).Restored);
        RetainFixture.Run(Image, 1, interpreter);
        Assert.Equal(4, RetainFixture.Int(Image, interpreter.Memory, "Main.counter"));
        Assert.Equal(47, RetainFixture.Int(Image, interpreter.Memory, "g_total"));
        Assert.Equal("FALSE", RetainFixture.Show(Image, interpreter.Memory, "g_flag"));   // 4 MOD 2 = 0
        Assert.Equal(1, RetainFixture.Int(Image, interpreter.Memory, "Main.other"));
        Assert.Equal(4, RetainFixture.Int(Image, interpreter.Memory, "Main.fb.CV"));
        Assert.Equal(400, RetainFixture.Int(Image, interpreter.Memory, "Main.table[4]"));
    }

    [Fact]
    public void AColdStartDoesNotLoadAndItsFirstCommitReplacesTheFile()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);

        // Cold start: no Load; the program starts from its initial values and one scan runs.
        var interpreter = RetainFixture.Run(Image, 1);
        Assert.Equal(1, RetainFixture.Int(Image, interpreter.Memory, "Main.counter"));
        using (var store = new RetainStore(file, RetainLayout.FromImage(Image), Id))
        {
            store.Capture(interpreter.Memory);
            Assert.True(store.Commit());
        }
        var memory = RetainFixture.Fresh(Image);
        using (var store = new RetainStore(file, RetainLayout.FromImage(Image), Id)) store.Load(memory);
        Assert.Equal(1, RetainFixture.Int(Image, memory, "Main.counter"));
        Assert.Equal(17, RetainFixture.Int(Image, memory, "g_total"));
    }

    [Fact]
    public void NoFileMeansInitialValuesWithoutAMessage()
    {
        var memory = RetainFixture.Fresh(Image);
        using var store = new RetainStore(dir.File(), RetainLayout.FromImage(Image), Id);
        var result = store.Load(memory);
        Assert.False(result.Loaded);
        Assert.False(result.Rejected);
        Assert.Equal(0, result.Restored);
        Assert.Empty(result.Messages);
        Assert.Equal(Image.InitialMemory, memory);
        Assert.False(store.Commit());                 // nothing captured yet: nothing to write
        Assert.False(File.Exists(dir.File()));
    }

    [Fact]
    public void TheSameProgramBuiltAgainHasTheSameIdAndAChangedOneAnother()
    {
        Assert.Equal(Id, RetainStore.ImageIdOf(RetainFixture.Compile(RetainLayoutTests.Program)));
        Assert.Equal(Id, RetainStore.ImageIdOf(ImageWriter.Write(Image)));
        Assert.NotEqual(Id, RetainStore.ImageIdOf(RetainFixture.Compile(RetainLayoutTests.Program.Replace("counter + 1", "counter + 2"))));
    }

    [Fact]
    public void ANewImageRestoresOnlyPersistentVariables()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);

        // The same program with a changed statement: a new build, another id, the same variables.
        var image2 = RetainFixture.Compile(RetainLayoutTests.Program.Replace("other := other + 1", "other := other + 2"));
        uint id2 = RetainStore.ImageIdOf(image2);
        Assert.NotEqual(Id, id2);
        var memory = RetainFixture.Fresh(image2);
        using var store = new RetainStore(file, RetainLayout.FromImage(image2), id2);
        var result = store.Load(memory);
        Assert.True(result.Loaded);
        Assert.Equal(2, result.Restored);
        Assert.Equal("'run'", RetainFixture.Show(image2, memory, "g_name"));
        Assert.Equal(1003, RetainFixture.Int(image2, memory, "Main.shots"));
        Assert.Equal(0, RetainFixture.Int(image2, memory, "Main.counter"));         // RETAIN only: initial
        Assert.Equal(7, RetainFixture.Int(image2, memory, "g_total"));
        Assert.Equal(0, RetainFixture.Int(image2, memory, "Main.fb.CV"));
        Assert.Contains(result.Messages, m => m.Contains("written by another image") && m.Contains("only PERSISTENT"));
        Assert.Contains(result.Messages, m => m.Contains("15 RETAIN variable(s) start with their initial values"));
    }

    [Fact]
    public void APersistentVariableWhoseTypeChangedIsResetWithAMessage()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);

        // shots becomes LINT, g_name keeps its type, a persistent variable is added and the RETAIN counter becomes
        // PERSISTENT (it was not persistent in the file: not restored).
        var image2 = RetainFixture.Compile(RetainLayoutTests.Program
            .Replace("shots : DINT := 1000;", "shots : LINT := 2000; added : INT := 5; counter : INT;")
            .Replace("    counter : INT;\n    pos", "    pos"));
        var layout2 = RetainLayout.FromImage(image2);
        Assert.Equal("LINT", layout2.Variables.Single(v => v.Path == "Main.shots").TypeSignature);
        Assert.True(layout2.Variables.Single(v => v.Path == "Main.counter").Persistent);
        var memory = RetainFixture.Fresh(image2);
        using var store = new RetainStore(file, layout2, RetainStore.ImageIdOf(image2));
        var result = store.Load(memory);
        Assert.True(result.Loaded);
        Assert.Equal(1, result.Restored);                                          // g_name
        Assert.Equal("'run'", RetainFixture.Show(image2, memory, "g_name"));
        Assert.Equal(2000, RetainFixture.Int(image2, memory, "Main.shots"));         // reset to its initial value
        Assert.Equal(5, RetainFixture.Int(image2, memory, "Main.added"));
        Assert.Equal(0, RetainFixture.Int(image2, memory, "Main.counter"));
        Assert.Contains("PERSISTENT variable 'Main.shots' changed type from DINT to LINT: it starts with its initial value", result.Messages);
        Assert.Contains("PERSISTENT variable 'Main.added' is not in the retain file: it starts with its initial value", result.Messages);
        Assert.Contains("PERSISTENT variable 'Main.counter' was not PERSISTENT in the previous image: it starts with its initial value", result.Messages);
    }

    [Fact]
    public void APersistentVariableThatIsGoneIsReportedAsDropped()
    {
        string file = dir.File();
        RunThreeScansAndCommit(file);
        var image2 = RetainFixture.Compile(RetainLayoutTests.Program.Replace("VAR_GLOBAL PERSISTENT", "VAR_GLOBAL"));
        var memory = RetainFixture.Fresh(image2);
        using var store = new RetainStore(file, RetainLayout.FromImage(image2), RetainStore.ImageIdOf(image2));
        var result = store.Load(memory);
        Assert.Equal(1, result.Restored);                                          // Main.shots
        Assert.Equal("'abc'", RetainFixture.Show(image2, memory, "g_name"));
        Assert.Contains("'g_name' from the retain file is no longer PERSISTENT: its value is dropped", result.Messages);
    }

    [Fact]
    public void PathsAndTypesMatchWhateverTheirCase()
    {
        string file = dir.File();
        var layout = RetainLayout.FromVariables(new[] { new RetainedVariable("Main.Speed", 8, 2, -1, "INT", true) });
        var memory = new byte[16];
        memory[8] = 0x34; memory[9] = 0x12;
        using (var store = new RetainStore(file, layout, 1)) { store.Capture(memory); store.Commit(); }
        var other = RetainLayout.FromVariables(new[] { new RetainedVariable("MAIN.speed", 10, 2, -1, "int", true) });
        var fresh = new byte[16];
        using (var store = new RetainStore(file, other, 2)) Assert.Equal(1, store.Load(fresh).Restored);
        Assert.Equal(0x34, fresh[10]);
        Assert.Equal(0x12, fresh[11]);
    }

    [Fact]
    public void BitVariablesAreStoredAsOneByteAndRestoredWithoutTouchingTheirNeighbours()
    {
        string file = dir.File();
        var layout = RetainLayout.FromVariables(new[]
        {
            new RetainedVariable("a", 8, 1, 1, "BOOL", false),
            new RetainedVariable("b", 8, 1, 6, "BOOL", false),
            new RetainedVariable("c", 9, 1, -1, "BOOL", false),
        });
        var memory = new byte[16];
        memory[8] = 0b0000_0010;    // a TRUE, b FALSE
        memory[9] = 1;
        using (var store = new RetainStore(file, layout, 1)) { store.Capture(memory); store.Commit(); }
        var contents = RetainFile.Read(File.ReadAllBytes(file));
        Assert.Equal(new byte[] { 1 }, contents.Entries[0].Value);
        Assert.Equal(new byte[] { 0 }, contents.Entries[1].Value);
        Assert.Equal(new byte[] { 1 }, contents.Entries[2].Value);

        var fresh = new byte[16];
        fresh[8] = 0b1100_0001;     // b and the neighbours 0 and 7 set
        using (var store = new RetainStore(file, layout, 1)) Assert.Equal(3, store.Load(fresh).Restored);
        Assert.Equal(0b1000_0011, fresh[8]);   // a set, b cleared, bits 0 and 7 untouched
        Assert.Equal(1, fresh[9]);
    }

    [Fact]
    public void MemoryTooSmallForTheLayoutIsAnError()
    {
        var layout = RetainLayout.FromVariables(new[] { new RetainedVariable("a", 12, 4, -1, "DINT", false) });
        using var store = new RetainStore(dir.File(), layout, 1);
        Assert.Throws<ArgumentException>(() => store.Capture(new byte[15]));
        Assert.Throws<ArgumentException>(() => store.Load(new byte[15]));
    }
}

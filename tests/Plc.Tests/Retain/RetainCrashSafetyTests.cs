using System;
using System.IO;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>A crash at any point of a commit leaves the previous file (or the new one), never a damaged one.</summary>
public sealed class RetainCrashSafetyTests : IDisposable
{
    readonly RetainFixture dir = new();
    public void Dispose() => dir.Dispose();

    const string Source = @"
VAR_GLOBAL RETAIN g_count : DINT; END_VAR
PROGRAM Main
VAR RETAIN log : ARRAY[1..50] OF DINT; END_VAR
g_count := g_count + 1;
log[(g_count - 1) MOD 50 + 1] := g_count;
END_PROGRAM";

    static readonly Image Image = RetainFixture.Compile(Source);
    static readonly uint Id = RetainStore.ImageIdOf(Image);
    static readonly RetainLayout Layout = RetainLayout.FromImage(Image);

    /// <summary>Commits the state after <paramref name="scans"/> scans; returns the file's bytes.</summary>
    byte[] CommitAfter(int scans, string file)
    {
        var interpreter = RetainFixture.Run(Image, scans);
        using var store = new RetainStore(file, Layout, Id);
        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        return File.ReadAllBytes(file);
    }

    long LoadCount(string file, out RetainLoadResult result)
    {
        var memory = RetainFixture.Fresh(Image);
        using var store = new RetainStore(file, Layout, Id);
        result = store.Load(memory);
        return RetainFixture.Int(Image, memory, "g_count");
    }

    [Fact]
    public void ACrashWhileWritingTheTemporaryFileKeepsThePreviousValues()
    {
        string file = dir.File();
        CommitAfter(1, file);
        var next = CommitAfter(2, dir.File("next.retain"));
        // The writer died after writing part of the new file: every prefix of it may be left behind.
        for (int n = 0; n <= next.Length; n += 7)
        {
            File.WriteAllBytes(file + ".tmp", next.AsSpan(0, n).ToArray());
            Assert.Equal(1, LoadCount(file, out var result));
            Assert.True(result.Loaded);
            Assert.Empty(result.Messages);
            Assert.False(File.Exists(file + ".tmp"));   // the leftover is cleaned up
        }
    }

    [Fact]
    public void ACrashBetweenWritingAndRenamingKeepsThePreviousValues()
    {
        string file = dir.File();
        CommitAfter(1, file);
        File.WriteAllBytes(file + ".tmp", CommitAfter(2, dir.File("next.retain")));
        Assert.Equal(1, LoadCount(file, out _));
    }

    [Fact]
    public void ACrashDuringTheVeryFirstCommitMeansInitialValues()
    {
        string file = dir.File();
        var next = CommitAfter(2, dir.File("next.retain"));
        File.WriteAllBytes(file + ".tmp", next.AsSpan(0, next.Length / 2).ToArray());
        Assert.Equal(0, LoadCount(file, out var result));
        Assert.False(result.Loaded);
        Assert.False(result.Rejected);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public void AFailedCommitLeavesTheOldFileAndIsRetriedByTheNextOne()
    {
        string file = dir.File();
        var before = CommitAfter(1, file);
        var interpreter = RetainFixture.Run(Image, 3);
        using var store = new RetainStore(file, Layout, Id);
        store.Capture(interpreter.Memory);
        Directory.CreateDirectory(file + ".tmp");   // the temporary file cannot be created
        var e = Record.Exception(() => store.Commit());
        Assert.True(e is IOException or UnauthorizedAccessException, e?.ToString());
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(1, LoadCount(file, out _));

        Directory.Delete(file + ".tmp");
        Assert.True(store.Commit());                // the same snapshot, written now
        Assert.Equal(3, LoadCount(file, out _));
        Assert.False(store.Commit());
    }

    [Fact]
    public void TheWriterKeepsRunningAfterAnErrorAndReportsIt()
    {
        string file = dir.File();
        var interpreter = RetainFixture.Run(Image, 4);
        using var store = new RetainStore(file, Layout, Id);
        Directory.CreateDirectory(file + ".tmp");
        store.Capture(interpreter.Memory);
        store.StartWriter(TimeSpan.FromMilliseconds(5));
        Assert.True(SpinUntil(() => store.LastError != null), "no error reported");
        Assert.Contains("cannot write the retain file", store.LastError);
        Directory.Delete(file + ".tmp");
        Assert.True(SpinUntil(() => store.WriteCount == 1 && store.LastError == null), "the writer did not recover");
        store.StopWriter();
        Assert.Equal(4, LoadCount(file, out _));
    }

    [Fact]
    public void NoTemporaryFileIsLeftBehindAndTheDirectoryHoldsOnlyTheRetainFile()
    {
        string file = dir.File();
        var interpreter = RetainFixture.Run(Image, 1);
        using var store = new RetainStore(file, Layout, Id);
        for (int i = 0; i < 5; i++)
        {
            RetainFixture.Run(Image, 1, interpreter);
            store.Capture(interpreter.Memory);
            Assert.True(store.Commit());
        }
        Assert.Equal(new[] { file }, Directory.GetFiles(dir.Directory));
        Assert.Equal(5, store.WriteCount);
    }

    internal static bool SpinUntil(Func<bool> condition, int timeoutMs = 5000) =>
        System.Threading.SpinWait.SpinUntil(() =>
        {
            if (condition()) return true;
            System.Threading.Thread.Sleep(1);
            return false;
        }, timeoutMs);
}

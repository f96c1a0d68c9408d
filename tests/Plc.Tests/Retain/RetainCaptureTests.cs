using System;
using System.IO;
using System.Linq;
using System.Threading;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Retain;
using Xunit;

namespace Plc.Tests.Retain;

/// <summary>Capture on the scan thread costs a copy and nothing else; commits never see half a snapshot.</summary>
public sealed class RetainCaptureTests : IDisposable
{
    readonly RetainFixture dir = new();
    public void Dispose() => dir.Dispose();

    const string Source = @"
VAR_GLOBAL RETAIN
    a : DINT;
    flag AT %MX0.0 : BOOL;
END_VAR
PROGRAM Main
VAR RETAIN
    pad : ARRAY[1..2000] OF DINT;   (* 8 KB between a and b: a capture takes a while *)
    b : DINT;
    s : STRING(20);
END_VAR
a := a + 1;
flag := NOT flag;
pad[(a MOD 2000) + 1] := a;
b := a;
END_PROGRAM";

    static readonly Image Image = RetainFixture.Compile(Source);
    static readonly uint Id = RetainStore.ImageIdOf(Image);
    static readonly RetainLayout Layout = RetainLayout.FromImage(Image);

    [Fact]
    public void CaptureAllocatesNothing()
    {
        var interpreter = RetainFixture.Run(Image, 1);
        using var store = new RetainStore(dir.File(), Layout, Id);
        var memory = interpreter.Memory;
        for (int i = 0; i < 100; i++) store.Capture(memory);   // warm up (JIT)
        GC.Collect();   // an empty allocation context: another thread's GC cannot move the counter (see ScanAllocation)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) store.Capture(memory);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void CommitWritesOnlyWhenTheCapturedValuesChanged()
    {
        string file = dir.File();
        var interpreter = RetainFixture.Run(Image, 1);
        using var store = new RetainStore(file, Layout, Id);
        Assert.False(store.Commit());                       // nothing captured
        Assert.False(File.Exists(file));
        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        Assert.False(store.Commit());                       // no new capture
        var stamp = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, stamp.AddHours(-1));
        store.Capture(interpreter.Memory);
        store.Capture(interpreter.Memory);
        Assert.False(store.Commit());                       // captured, but equal to what is on disk
        Assert.Equal(stamp.AddHours(-1), File.GetLastWriteTimeUtc(file));
        interpreter.Memory[UnusedByte()] ^= 0xFF; // a change outside the retained variables
        store.Capture(interpreter.Memory);
        Assert.False(store.Commit());
        RetainFixture.Run(Image, 1, interpreter);
        store.Capture(interpreter.Memory);
        Assert.True(store.Commit());
        Assert.False(store.Flush());
        Assert.Equal(2, store.WriteCount);
    }

    /// <summary>A byte of memory outside every retained variable (the NULL guard is never used).</summary>
    static int UnusedByte() => 0;

    [Fact]
    public void TheBackgroundWriterCommitsChangesAndFlushWritesTheLastOne()
    {
        string file = dir.File();
        var interpreter = RetainFixture.Run(Image, 1);
        using (var store = new RetainStore(file, Layout, Id))
        {
            store.StartWriter(TimeSpan.FromMilliseconds(5));
            Assert.Throws<InvalidOperationException>(() => store.StartWriter(TimeSpan.FromMilliseconds(5)));
            store.Capture(interpreter.Memory);
            Assert.True(RetainCrashSafetyTests.SpinUntil(() => store.WriteCount == 1));
            Thread.Sleep(30);
            Assert.Equal(1, store.WriteCount);              // nothing changed: nothing more written
            RetainFixture.Run(Image, 9, interpreter);
            store.Capture(interpreter.Memory);
            store.Flush();                                  // a clean stop: the last capture is on disk now
            Assert.Equal(10, ReadA(file));
            RetainFixture.Run(Image, 1, interpreter);
            store.Capture(interpreter.Memory);
        }                                                   // Dispose stops the writer and commits
        Assert.Equal(11, ReadA(file));
    }

    static long ReadA(string file)
    {
        var memory = RetainFixture.Fresh(Image);
        using var store = new RetainStore(file, Layout, Id);
        Assert.True(store.Load(memory).Loaded);
        return RetainFixture.Int(Image, memory, "a");
    }

    [Fact]
    public void ConcurrentCapturesAndCommitsNeverWriteATornSnapshot()
    {
        string file = dir.File();
        var interpreter = RetainFixture.Run(Image, 1);
        using var store = new RetainStore(file, Layout, Id);
        int aIndex = Index("a"), bIndex = Index("Main.b"), flagIndex = Index("flag");
        bool done = false;
        int commits = 0, checks = 0;
        Exception? failure = null;
        var writer = new Thread(() =>
        {
            try
            {
                long last = 0;
                while (!Volatile.Read(ref done))
                {
                    if (!store.Commit()) continue;
                    Interlocked.Increment(ref commits);
                    // Every file is one whole snapshot: b = a, flag = a is odd, and a never goes back.
                    var entries = RetainFile.Read(File.ReadAllBytes(file)).Entries;
                    int a = BitConverter.ToInt32(entries[aIndex].Value), b = BitConverter.ToInt32(entries[bIndex].Value);
                    if (a != b) throw new Exception($"torn snapshot: a = {a}, b = {b}");
                    if (entries[flagIndex].Value[0] != (a & 1)) throw new Exception($"torn snapshot: a = {a}, flag = {entries[flagIndex].Value[0]}");
                    if (a < last) throw new Exception($"an older snapshot after a newer one: {a} after {last}");
                    last = a;
                    checks++;
                }
            }
            catch (Exception e) { failure = e; }
        });
        writer.Start();
        int body = Image.Tasks[0].Body;
        var deadline = DateTime.UtcNow.AddSeconds(1.5);
        int scans = 1;
        while ((scans < 5000 || Volatile.Read(ref commits) < 2000) && DateTime.UtcNow < deadline && failure == null)
        {
            interpreter.Run(body, 0, scans * 1_000_000L);
            scans++;
            store.Capture(interpreter.Memory);
        }
        Volatile.Write(ref done, true);
        writer.Join();
        Assert.Null(failure);
        Assert.True(commits >= 20, $"only {commits} commits in {scans} scans");
        Assert.Equal(commits, checks);

        store.Flush();
        var memory = RetainFixture.Fresh(Image);
        using var reader = new RetainStore(file, Layout, Id);
        reader.Load(memory);
        Assert.Equal(scans, RetainFixture.Int(Image, memory, "a"));
        Assert.Equal(scans, RetainFixture.Int(Image, memory, "Main.b"));
    }

    [Fact]
    public void ConcurrentCapturesOfAUniformPatternAlwaysCommitAUniformFile()
    {
        // Memory filled with one byte value per "scan"; a torn snapshot would mix two values.
        var layout = RetainLayout.FromVariables(Enumerable.Range(0, 64).Select(i =>
            new RetainedVariable("v" + i, 8 + i * 100, i % 8 == 7 ? 1 : 60, i % 8 == 7 ? 3 : -1, "X", false)));
        string file = dir.File();
        using var store = new RetainStore(file, layout, 7);
        var memory = new byte[8 + 64 * 100];
        bool done = false;
        Exception? failure = null;
        int commits = 0;
        store.StartWriter(TimeSpan.FromMilliseconds(1));
        var checker = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref done))
                {
                    long before = store.WriteCount;
                    if (!RetainCrashSafetyTests.SpinUntil(() => store.WriteCount > before || Volatile.Read(ref done), 2000)) continue;
                    var entries = RetainFile.Read(File.ReadAllBytes(file)).Entries;
                    byte value = entries[0].Value[0];
                    foreach (var e in entries)
                        foreach (byte x in e.Value)
                        {
                            byte expected = e.Value.Length == 1 ? (byte)((value >> 3) & 1) : value;
                            if (x != expected) throw new Exception($"torn snapshot: {x} in {e.Path}, {value} in v0");
                        }
                    commits++;
                }
            }
            catch (Exception e) { failure = e; }
        });
        checker.Start();
        var deadline = DateTime.UtcNow.AddSeconds(0.7);
        for (int i = 0; DateTime.UtcNow < deadline && failure == null; i++)
        {
            memory.AsSpan().Fill((byte)i);
            store.Capture(memory);
        }
        Volatile.Write(ref done, true);
        checker.Join();
        store.StopWriter();
        Assert.Null(failure);
        Assert.True(commits >= 10, $"only {commits} files checked");
    }

    static int Index(string path)
    {
        for (int i = 0; i < Layout.Variables.Count; i++) if (Layout.Variables[i].Path == path) return i;
        throw new InvalidOperationException(path);
    }
}

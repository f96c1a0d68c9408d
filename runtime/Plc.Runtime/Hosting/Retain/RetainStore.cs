using System.Threading;
using Plc.Runtime.Core;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting.Retain;

/// <summary>
/// Keeps the values of RETAIN and PERSISTENT variables in a file that survives a restart (docs/retain.md).
/// <list type="bullet">
/// <item><see cref="Load"/> at a warm start, before the first scan (a cold start does not call it).</item>
/// <item><see cref="Capture"/> on the scan thread between scans: copies the retained bytes into a preallocated
/// buffer; allocates nothing and takes no lock.</item>
/// <item><see cref="Commit"/> (from the writer thread of <see cref="StartWriter"/>, or by hand) writes the latest
/// captured snapshot, if it changed, crash-safely: a temporary file in the same directory, flushed to disk, renamed
/// over the file, the directory synced.</item>
/// <item><see cref="Flush"/> at a clean stop or a fault; <see cref="Dispose"/> stops the writer and flushes.</item>
/// </list>
/// Snapshots travel from Capture to Commit through three buffers whose roles are swapped with
/// <see cref="Interlocked.Exchange(ref int, int)"/> (triple buffering): Capture always has a buffer of its own to fill,
/// Commit always reads a complete snapshot, and neither waits for the other. Capture must be called from one thread
/// at a time. No static state: several stores (or processes) can run side by side, each with its own file.
/// </summary>
public sealed class RetainStore : IDisposable
{
    const int FreshFlag = 4;
    const int IndexMask = 3;
    const int MaxMessagesPerKind = 20;

    readonly string path;
    readonly string tempPath;
    readonly string directory;
    readonly RetainLayout layout;
    readonly uint imageId;

    // Capture plan: byte runs (adjacent variables merged) and single bits.
    readonly int[] runSource, runTarget, runLength;
    readonly int[] bitAddress, bitNumber, bitTarget;
    readonly int[] snapshotOffset;   // per variable: offset of its bytes in a snapshot

    readonly byte[][] buffers;
    int back;            // scan thread: the buffer Capture fills
    int middle;          // shared: the latest published buffer, | FreshFlag when Commit has not taken it yet
    int front;           // committer: the snapshot Commit writes

    readonly object gate = new();   // serialises committers (writer thread, Flush, Commit); never taken by Capture
    bool haveSnapshot;              // front holds a snapshot
    bool haveWritten;
    readonly byte[] written;        // the snapshot last written to disk
    readonly byte[] file;           // the file image: everything but the values and the CRC is fixed
    readonly int[] valueOffsets;

    readonly object lifecycle = new();
    Thread? writer;
    ManualResetEventSlim? stopWriter;
    volatile string? lastError;
    volatile bool directorySynced;
    long writes;
    bool disposed;

    /// <param name="path">The retain file (e.g. <c>program.retain</c> next to the image). Its directory must exist.</param>
    /// <param name="layout">The retained variables of the running image.</param>
    /// <param name="imageId">Identifies the image: the same build of the same program gives the same id
    /// (<see cref="ImageIdOf"/>).</param>
    public RetainStore(string path, RetainLayout layout, uint imageId)
    {
        this.path = Path.GetFullPath(path);
        tempPath = this.path + ".tmp";
        directory = Path.GetDirectoryName(this.path) ?? ".";
        this.layout = layout;
        this.imageId = imageId;

        var vars = layout.Variables;
        snapshotOffset = new int[vars.Count];
        var rs = new List<int>(); var rt = new List<int>(); var rl = new List<int>();
        var ba = new List<int>(); var bn = new List<int>(); var bt = new List<int>();
        int offset = 0;
        for (int i = 0; i < vars.Count; i++)
        {
            var v = vars[i];
            snapshotOffset[i] = offset;
            if (v.Bit >= 0)
            {
                ba.Add(v.Address); bn.Add(v.Bit); bt.Add(offset);
            }
            else if (rs.Count > 0 && rs[^1] + rl[^1] == v.Address && rt[^1] + rl[^1] == offset)
                rl[^1] += v.Size;
            else
            {
                rs.Add(v.Address); rt.Add(offset); rl.Add(v.Size);
            }
            offset += v.Size;
        }
        runSource = rs.ToArray(); runTarget = rt.ToArray(); runLength = rl.ToArray();
        bitAddress = ba.ToArray(); bitNumber = bn.ToArray(); bitTarget = bt.ToArray();

        buffers = new[] { new byte[offset], new byte[offset], new byte[offset] };
        back = 0; middle = 1; front = 2;
        written = new byte[offset];
        file = RetainFile.BuildTemplate(layout, imageId, out valueOffsets);
    }

    /// <summary>The retain file.</summary>
    public string FilePath => path;

    public RetainLayout Layout => layout;

    public uint ImageId => imageId;

    /// <summary>The last error of the background writer (null after a successful commit).</summary>
    public string? LastError => lastError;

    /// <summary>
    /// Whether the last commit could fsync the directory after the rename (Linux, macOS). Where it cannot, a power
    /// loss right after a commit may bring back the previous file (never a damaged one).
    /// </summary>
    public bool DirectorySynced => directorySynced;

    /// <summary>Number of files written since the store was created.</summary>
    public long WriteCount => Interlocked.Read(ref writes);

    /// <summary>The identity of an image for <see cref="RetainStore(string, RetainLayout, uint)"/>: the CRC-32 of its bytes.</summary>
    public static uint ImageIdOf(Image image) => Crc32.Compute(ImageWriter.Write(image));

    /// <summary>The CRC-32 of an image file's bytes (equal to <see cref="ImageIdOf"/> of the image read from them).</summary>
    public static uint ImageIdOf(byte[] imageBytes) => Crc32.Compute(imageBytes);

    // ---- scan thread ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Copies the retained values out of memory into a snapshot and publishes it for <see cref="Commit"/>. Call it on
    /// the scan thread between scans (every scan is fine: it copies <see cref="RetainLayout.TotalBytes"/> bytes).
    /// Allocates nothing, takes no lock, never blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Capture(byte[] memory)
    {
        if (memory.Length < layout.MemoryEnd) throw MemoryTooSmall(memory);
        var buffer = buffers[back];
        var src = runSource; var dst = runTarget; var len = runLength;
        for (int i = 0; i < src.Length; i++) Buffer.BlockCopy(memory, src[i], buffer, dst[i], len[i]);
        var ba = bitAddress; var bn = bitNumber; var bt = bitTarget;
        for (int i = 0; i < ba.Length; i++) buffer[bt[i]] = (byte)((memory[ba[i]] >> bn[i]) & 1);
        // Publish: the filled buffer becomes the middle one (fresh), the old middle one is ours to fill next time.
        back = Interlocked.Exchange(ref middle, back | FreshFlag) & IndexMask;
    }

    ArgumentException MemoryTooSmall(byte[] memory) =>
        new($"memory has {memory.Length} bytes; the retained variables reach byte {layout.MemoryEnd}", nameof(memory));

    // ---- writing ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes the latest captured snapshot if it differs from the last one written: to a temporary file next to the
    /// retain file, flushed to disk, renamed over the retain file, then the directory synced. A crash at any point
    /// leaves either the old file or the new one, never a mix. Returns whether it wrote. Throws
    /// <see cref="IOException"/> (or <see cref="UnauthorizedAccessException"/>) when the file cannot be written; the
    /// snapshot is then written again by the next commit.
    /// </summary>
    public bool Commit()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if ((Volatile.Read(ref middle) & FreshFlag) != 0)
            {
                front = Interlocked.Exchange(ref middle, front) & IndexMask;
                haveSnapshot = true;
            }
            if (!haveSnapshot) return false;
            var snapshot = buffers[front];
            if (haveWritten && snapshot.AsSpan().SequenceEqual(written)) return false;

            var vars = layout.Variables;
            for (int i = 0; i < vars.Count; i++)
                Buffer.BlockCopy(snapshot, snapshotOffset[i], file, valueOffsets[i], vars[i].Size);
            RetainFile.Seal(file);
            WriteAtomically(file);

            snapshot.AsSpan().CopyTo(written);
            haveWritten = true;
            Interlocked.Increment(ref writes);
            return true;
        }
    }

    void WriteAtomically(byte[] bytes)
    {
        try
        {
            using (var fs = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(bytes, 0, bytes.Length);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        directorySynced = DirectorySync.Sync(directory);
    }

    /// <summary>
    /// Starts a background thread (below normal priority) that calls <see cref="Commit"/> every
    /// <paramref name="interval"/>; it writes only when a captured snapshot changed. I/O errors do not stop it: they
    /// show in <see cref="LastError"/> and the next interval tries again.
    /// </summary>
    public void StartWriter(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "the interval must be positive");
        lock (lifecycle)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (writer != null) throw new InvalidOperationException("the writer is already running");
            var stop = new ManualResetEventSlim(false);
            var thread = new Thread(() => WriterLoop(interval, stop))
            {
                IsBackground = true,
                Priority = ThreadPriority.BelowNormal,
                Name = "retain writer",
            };
            stopWriter = stop;
            writer = thread;
            thread.Start();
        }
    }

    void WriterLoop(TimeSpan interval, ManualResetEventSlim stop)
    {
        while (!stop.Wait(interval))
        {
            try
            {
                Commit();
                lastError = null;
            }
            catch (ObjectDisposedException) { return; }
            catch (Exception e)
            {
                // The PLC keeps running; the next interval tries again.
                lastError = $"cannot write the retain file '{path}': {e.Message}";
            }
        }
    }

    /// <summary>Stops the background writer (waiting for a commit in progress); does nothing when none runs.</summary>
    public void StopWriter()
    {
        lock (lifecycle)
        {
            if (writer == null) return;
            stopWriter!.Set();
            writer.Join();
            stopWriter.Dispose();
            writer = null;
            stopWriter = null;
        }
    }

    /// <summary>
    /// The final commit (clean stop, fault): waits for a commit in progress, then writes the latest captured snapshot
    /// if it changed. Capture the memory first. Returns whether it wrote.
    /// </summary>
    public bool Flush() => Commit();

    /// <summary>Stops the writer and writes the latest snapshot (an error then is kept in <see cref="LastError"/>).</summary>
    public void Dispose()
    {
        StopWriter();
        lock (lifecycle)
        {
            if (disposed) return;
            try { Flush(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lastError = $"cannot write the retain file '{path}': {e.Message}";
            }
            lock (gate) disposed = true;
        }
    }

    /// <summary>
    /// Warm restart after a fault: puts the values of the latest captured snapshot (the last scan that completed) back
    /// into memory, which holds the initial values. Returns false when nothing was captured yet (memory is left as it
    /// is). Independent of the file, so it works even when the disk cannot be written. Takes the committers' lock: call
    /// it on the scan thread only outside normal scans (the fault path).
    /// </summary>
    public bool RestoreLatest(byte[] memory)
    {
        if (memory.Length < layout.MemoryEnd) throw MemoryTooSmall(memory);
        lock (gate)
        {
            if ((Volatile.Read(ref middle) & FreshFlag) != 0)
            {
                front = Interlocked.Exchange(ref middle, front) & IndexMask;
                haveSnapshot = true;
            }
            if (!haveSnapshot) return false;
            var snapshot = buffers[front];
            var vars = layout.Variables;
            for (int i = 0; i < vars.Count; i++)
            {
                var v = vars[i];
                if (v.Bit >= 0)
                {
                    int mask = 1 << v.Bit;
                    memory[v.Address] = (byte)(snapshot[snapshotOffset[i]] != 0 ? memory[v.Address] | mask : memory[v.Address] & ~mask);
                }
                else Buffer.BlockCopy(snapshot, snapshotOffset[i], memory, v.Address, v.Size);
            }
            return true;
        }
    }

    // ---- loading ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Warm start: restores retained values from the file into memory (which holds the initial values). Call it
    /// before the first scan and before <see cref="StartWriter"/>; a cold start does not call it.
    /// <list type="bullet">
    /// <item>No file: nothing happens, no message.</item>
    /// <item>A file written by the same image: every retained variable is restored.</item>
    /// <item>A file written by another image (a new build): only PERSISTENT variables that were PERSISTENT before, found
    /// by path with the same type signature; the others keep their initial values, with a message each.</item>
    /// <item>A corrupt, truncated or foreign file, or another format version: nothing is restored, memory is not
    /// touched, the message says why, and the file is kept as <c>FILE.rejected</c> for inspection.</item>
    /// </list>
    /// </summary>
    public RetainLoadResult Load(byte[] memory)
    {
        if (memory.Length < layout.MemoryEnd) throw MemoryTooSmall(memory);
        TryDelete(tempPath);   // a commit that a crash interrupted: never used, the file itself is intact

        byte[] bytes;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = fs.Length;
            if (length > RetainFile.MaxFileSize)
                return Reject($"the file has {length} bytes, more than a retain file can have", keep: true);
            bytes = new byte[length];
            fs.ReadExactly(bytes);
        }
        catch (FileNotFoundException) { return new RetainLoadResult(); }
        catch (DirectoryNotFoundException) { return new RetainLoadResult(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject("it cannot be read: " + e.Message, keep: false);
        }

        RetainFileContents contents;
        try { contents = RetainFile.Read(bytes); }
        catch (InvalidDataException e) { return Reject(e.Message, keep: true); }

        var messages = new Messages();
        bool sameImage = contents.ImageId == imageId;
        if (!sameImage)
            messages.Add("header", $"the retain file '{path}' was written by another image ({RetainFile.FormatId(contents.ImageId)}; " +
                $"this image is {RetainFile.FormatId(imageId)}): only PERSISTENT variables are restored");

        var byPath = new Dictionary<string, RetainEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in contents.Entries) byPath[e.Path] = e;
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var restore = new List<(RetainedVariable Variable, byte[] Value)>();
        int retainOnly = 0;
        foreach (var v in layout.Variables)
        {
            if (!sameImage && !v.Persistent) { retainOnly++; continue; }
            string what = v.Persistent ? "PERSISTENT variable" : "RETAIN variable";
            if (!byPath.TryGetValue(v.Path, out var entry))
            {
                messages.Add("missing", $"{what} '{v.Path}' is not in the retain file: it starts with its initial value");
                continue;
            }
            used.Add(entry.Path);
            if (!sameImage && !entry.Persistent)
            {
                messages.Add("notpersistent", $"{what} '{v.Path}' was not PERSISTENT in the previous image: it starts with its initial value");
                continue;
            }
            if (!string.Equals(entry.TypeSignature, v.TypeSignature, StringComparison.OrdinalIgnoreCase) || entry.Value.Length != v.Size)
            {
                messages.Add("type", $"{what} '{v.Path}' changed type from {entry.TypeSignature} to {v.TypeSignature}: " +
                    "it starts with its initial value");
                continue;
            }
            restore.Add((v, entry.Value));
        }
        if (retainOnly > 0)
            messages.Add("retain", $"{retainOnly} RETAIN variable(s) start with their initial values " +
                "(RETAIN values survive a restart of the same image only)");
        foreach (var e in contents.Entries)
            if (!used.Contains(e.Path) && (sameImage || e.Persistent))
                messages.Add("dropped", $"'{e.Path}' from the retain file is no longer {(e.Persistent ? "PERSISTENT" : "retained")}: its value is dropped");

        foreach (var (v, value) in restore)
        {
            if (v.Bit >= 0)
            {
                int mask = 1 << v.Bit;
                memory[v.Address] = (byte)(value[0] != 0 ? memory[v.Address] | mask : memory[v.Address] & ~mask);
            }
            else Buffer.BlockCopy(value, 0, memory, v.Address, v.Size);
        }
        return new RetainLoadResult { Loaded = true, Restored = restore.Count, Messages = messages.ToList() };
    }

    RetainLoadResult Reject(string reason, bool keep)
    {
        string message = $"the retain file '{path}' is rejected: {reason}; all retained variables start with their initial values";
        if (keep)
        {
            string kept = path + ".rejected";
            try
            {
                File.Move(path, kept, overwrite: true);
                message += $" (the file is kept as '{kept}')";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return new RetainLoadResult { Rejected = true, Messages = new[] { message } };
    }

    static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Messages, at most <see cref="MaxMessagesPerKind"/> of each kind, then a count of the rest.</summary>
    sealed class Messages
    {
        readonly List<string> list = new();
        readonly Dictionary<string, int> counts = new();
        readonly List<string> kinds = new();

        public void Add(string kind, string message)
        {
            if (!counts.TryGetValue(kind, out int n)) kinds.Add(kind);
            counts[kind] = n + 1;
            if (n < MaxMessagesPerKind) list.Add(message);
        }

        public List<string> ToList()
        {
            var result = new List<string>(list);
            foreach (var kind in kinds)
                if (counts[kind] > MaxMessagesPerKind)
                    result.Add($"... and {counts[kind] - MaxMessagesPerKind} more messages like the ones above");
            return result;
        }
    }
}

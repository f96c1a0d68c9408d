using System.Globalization;
using System.Threading;
using Plc.Runtime.Core;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting.Monitoring;

/// <summary>
/// The meeting point of the scan thread and any number of monitoring clients (docs/monitoring.md).
/// <para>
/// The scan thread calls, between scans and in this order: (read the inputs) → <see cref="ApplyWrites"/> →
/// <see cref="ApplyForces"/> → run the tasks → <see cref="ApplyForces"/> → (write the outputs) →
/// <see cref="Publish"/>, always from the same thread. These three calls take no locks and allocate nothing: writes
/// arrive pre-encoded through a bounded lock-free queue (<see cref="BoundedQueue{T}"/>), the force table is an immutable
/// array of pre-encoded values that clients replace (copy-on-write, <see cref="Volatile"/>), and snapshots go out
/// through a triple buffer swapped with <see cref="Interlocked.Exchange(ref int, int)"/>. So a scan always sees one consistent image: nothing a client
/// does changes memory while a task runs.
/// </para>
/// <para>
/// Clients (<see cref="List"/>, <see cref="Read(string, out string)"/>, <see cref="Write"/>, <see cref="Force"/>,
/// <see cref="Unforce"/>, <see cref="Forces"/>) may call from any thread and may allocate; they read values from the
/// latest published snapshot, never from live memory. Names are resolved by <see cref="VariablePath"/>, values
/// printed by <see cref="ValueFormatter"/> and parsed by <see cref="ValueWriter"/>.
/// </para>
/// </summary>
public sealed class MonitorBridge : IScanMonitor
{
    /// <summary><see cref="List"/> shows at most this many elements of one array (the rest can still be read,
    /// written and forced by name).</summary>
    public const int MaxArrayElements = 1000;
    /// <summary><see cref="List"/> returns at most this many entries.</summary>
    public const int MaxListEntries = 100_000;
    /// <summary>Writes queued and not yet applied, at most (more are refused: the scan loop is not running). A power of two.</summary>
    public const int MaxPendingWrites = 4096;
    /// <summary>Forces at most.</summary>
    public const int MaxForces = 1024;

    const int MaxDepth = 16;
    const int Inherited = VarFlags.Retain | VarFlags.Persistent | VarFlags.Constant | VarFlags.Global;

    readonly Image image;
    readonly TypeDesc[] types;

    // ---- snapshots: a triple buffer. The scan thread owns buffers[back], the readers (under readLock) own
    // buffers[front], and `shared` holds the index of the third one, with Fresh set when it is newer than front.
    sealed class Snapshot
    {
        public readonly byte[] Memory;
        public Snapshot(byte[] memory) { Memory = memory; }
    }

    const int Fresh = 4, IndexMask = 3;
    readonly Snapshot[] buffers = new Snapshot[3];
    int shared = 1;
    int back;              // scan thread only
    int front = 2;         // readers only, under readLock
    readonly object readLock = new();
    long publishedScans, publishedNowNs;

    // ---- one-shot writes: pre-encoded, in a lock-free queue
    readonly BoundedQueue<PendingWrite> writes = new(MaxPendingWrites);

    // ---- forces: an immutable table, replaced as a whole
    sealed class ForceEntry
    {
        public readonly int Address, Bit, Type;
        public readonly byte[] Bytes;
        public readonly string Path, Value;

        public ForceEntry(int address, int bit, int type, byte[] bytes, string path, string value)
        {
            Address = address; Bit = bit; Type = type; Bytes = bytes; Path = path; Value = value;
        }

        public bool SameTarget(int address, int bit, int size) => Address == address && Bit == bit && Bytes.Length == size;
    }

    ForceEntry[] forces = Array.Empty<ForceEntry>();
    readonly object forceLock = new();   // serializes clients that change the table; the scan thread never takes it

    public MonitorBridge(Image image)
    {
        this.image = image;
        types = image.Debug.Types;
        for (int k = 0; k < 3; k++)
        {
            var m = new byte[image.MemorySize];
            Buffer.BlockCopy(image.InitialMemory, 0, m, 0, Math.Min(m.Length, image.InitialMemory.Length));
            buffers[k] = new Snapshot(m);
        }
    }

    public Image Image => image;

    /// <summary>The scan counter given to the last <see cref="Publish"/> (0 before the first).</summary>
    public long Scans => Volatile.Read(ref publishedScans);

    /// <summary>The time given to the last <see cref="Publish"/>, in nanoseconds.</summary>
    public long TimeNs => Volatile.Read(ref publishedNowNs);

    // =====================================================================================================
    // Scan thread
    // =====================================================================================================

    /// <summary>Scan thread, between scans (after reading the inputs): applies the writes queued since the last
    /// call, each exactly once, in the order they were made. No locks, no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyWrites(byte[] memory)
    {
        while (writes.TryDequeue(out var w)) ValueWriter.Store(memory, w.Address, w.Bit, w.Bytes);
    }

    /// <summary>Scan thread, after the inputs were read: <see cref="ApplyWrites"/>, then <see cref="ApplyForces"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeforeScan(byte[] memory)
    {
        ApplyWrites(memory);
        ApplyForces(memory);
    }

    /// <summary>Scan thread: writes every forced value into memory. Call it after reading the inputs (and after
    /// <see cref="ApplyWrites"/>) and before the tasks, and again after the tasks before the outputs go out, so a
    /// forced input or output wins over the inputs and the program. Where forces overlap, the one set last wins.
    /// No locks, no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyForces(byte[] memory)
    {
        var table = Volatile.Read(ref forces);
        for (int k = 0; k < table.Length; k++)
        {
            var f = table[k];
            ValueWriter.Store(memory, f.Address, f.Bit, f.Bytes);
        }
    }

    /// <summary>Scan thread, after a scan: copies memory into a snapshot buffer and hands it to the readers.
    /// No locks, no allocation (a copy of the memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Publish(byte[] memory, long scans, long nowNs)
    {
        var b = buffers[back];
        Buffer.BlockCopy(memory, 0, b.Memory, 0, Math.Min(memory.Length, b.Memory.Length));
        back = Interlocked.Exchange(ref shared, back | Fresh) & IndexMask;
        Volatile.Write(ref publishedNowNs, nowNs);
        Volatile.Write(ref publishedScans, scans);
    }

    // =====================================================================================================
    // Clients
    // =====================================================================================================

    /// <summary>The newest snapshot; call under readLock.</summary>
    Snapshot Latest()
    {
        if ((Volatile.Read(ref shared) & Fresh) != 0) front = Interlocked.Exchange(ref shared, front) & IndexMask;
        return buffers[front];
    }

    /// <summary>The variables, flattened to elementary values, strings and references (arrays to their elements,
    /// up to <see cref="MaxArrayElements"/> each; structs and instances to their members; VAR_IN_OUT members as
    /// one entry). With a prefix, only names that start with it (case-insensitive). At most
    /// <see cref="MaxListEntries"/> entries.</summary>
    public IReadOnlyList<MonitoredVariable> List(string? prefix = null)
    {
        var result = new List<MonitoredVariable>();
        var table = Volatile.Read(ref forces);
        var lister = new Lister(this, string.IsNullOrWhiteSpace(prefix) ? null : prefix.Trim(), table, result);
        foreach (var s in image.Debug.Symbols)
        {
            if ((s.Flags & VarFlags.Hidden) != 0) continue;
            int bit = (s.Flags & VarFlags.BitAddressed) != 0 ? s.Bit : -1;
            lister.Walk(s.Name, s.Address, bit, s.Type, s.Flags, s.Location, 0);
        }
        return result;
    }

    sealed class Lister
    {
        readonly MonitorBridge bridge;
        readonly string? prefix;
        readonly ForceEntry[] forces;
        readonly List<MonitoredVariable> result;

        public Lister(MonitorBridge bridge, string? prefix, ForceEntry[] forces, List<MonitoredVariable> result)
        {
            this.bridge = bridge; this.prefix = prefix; this.forces = forces; this.result = result;
        }

        bool Wanted(string name) => prefix == null || name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        bool MayContainWanted(string name) => prefix == null || Wanted(name) || prefix.StartsWith(name, StringComparison.OrdinalIgnoreCase);

        public void Walk(string name, int address, int bit, int type, int flags, string location, int depth)
        {
            if (result.Count >= MaxListEntries || !MayContainWanted(name)) return;
            var types = bridge.types;
            if (type < 0 || type >= types.Length) return;
            var t = types[type];
            bool leaf = bit >= 0 || (flags & VarFlags.InOut) != 0 || depth >= MaxDepth
                        || t.Kind is not (TypeKind.Array or TypeKind.Struct or TypeKind.FunctionBlock or TypeKind.Program);
            if (leaf)
            {
                if (!Wanted(name)) return;
                bool forced = (flags & VarFlags.InOut) == 0 && Covered(address, bit, Math.Max(1, t.Size));
                result.Add(new MonitoredVariable(name, bridge.LeafTypeName(type, bit), flags, location, forced));
                return;
            }
            if (t.Kind == TypeKind.Array)
            {
                if (t.Element < 0 || t.Element >= types.Length) return;
                int size = types[t.Element].Size;
                long count = 1;
                for (int d = 0; d < t.Lower.Length; d++) count *= (long)t.Upper[d] - t.Lower[d] + 1;
                int elementFlags = flags & ~(VarFlags.Absolute | VarFlags.BitAddressed);
                var index = new long[t.Lower.Length];
                for (long k = 0; k < count && k < MaxArrayElements; k++)
                {
                    long rest = k;
                    for (int d = t.Lower.Length - 1; d >= 0; d--)
                    {
                        long n = (long)t.Upper[d] - t.Lower[d] + 1;
                        index[d] = t.Lower[d] + rest % n;
                        rest /= n;
                    }
                    Walk(name + "[" + string.Join(",", index) + "]", address + (int)(k * size), -1, t.Element, elementFlags, "", depth + 1);
                    if (result.Count >= MaxListEntries) return;
                }
                return;
            }
            foreach (var m in t.Members)
            {
                if ((m.Flags & VarFlags.Hidden) != 0) continue;
                int a = (m.Flags & VarFlags.Absolute) != 0 ? m.Offset : address + m.Offset;
                int b = (m.Flags & VarFlags.BitAddressed) != 0 ? m.Bit : -1;
                Walk(name + "." + m.Name, a, b, m.Type, (flags & Inherited) | m.Flags, m.Location, depth + 1);
                if (result.Count >= MaxListEntries) return;
            }
        }

        bool Covered(int address, int bit, int size)
        {
            foreach (var f in forces)
            {
                if (bit >= 0 && f.Bit >= 0) { if (f.Address == address && f.Bit == bit) return true; continue; }
                int fEnd = f.Bit >= 0 ? f.Address + 1 : f.Address + f.Bytes.Length;
                int end = bit >= 0 ? address + 1 : address + size;
                if (f.Address < end && address < fEnd) return true;
            }
            return false;
        }
    }

    /// <summary>Reads a variable (any type; aggregates print as <c>[...]</c> / <c>(...)</c>) from the latest snapshot
    /// in IEC literal syntax (D20). Returns an error message, or null and the value.</summary>
    public string? Read(string path, out string value)
    {
        lock (readLock)
        {
            var memory = Latest().Memory;
            var loc = VariablePath.Resolve(image, memory, path, out string? error);
            if (loc == null) { value = ""; return error ?? $"unknown variable '{path}'"; }
            value = new ValueFormatter(image, memory).Format(loc.Value);
            return null;
        }
    }

    /// <summary>Reads several variables from one and the same snapshot.</summary>
    public IReadOnlyList<(string Path, string? Error, string Value)> Read(IReadOnlyList<string> paths)
    {
        var result = new List<(string, string?, string)>(paths.Count);
        lock (readLock)
        {
            var memory = Latest().Memory;
            var formatter = new ValueFormatter(image, memory);
            foreach (var p in paths)
            {
                var loc = VariablePath.Resolve(image, memory, p, out string? error);
                result.Add(loc == null ? (p, error ?? $"unknown variable '{p}'", "") : (p, null, formatter.Format(loc.Value)));
            }
        }
        return result;
    }

    /// <summary>Queues a one-shot write of a value (IEC literal text, see <see cref="ValueWriter"/>): applied once,
    /// before the next scan; the program may change it afterwards. Returns an error message or null.</summary>
    public string? Write(string path, string literal)
    {
        var error = Prepare(path, literal, out var target, out byte[] bytes);
        if (error != null) return error;
        foreach (var f in Volatile.Read(ref forces))
            if (f.SameTarget(target.Address, target.Bit, bytes.Length))
                return $"'{target.Name}' is forced: unforce it, or force the new value";
        if (writes.TryEnqueue(new PendingWrite(target.Address, target.Bit, bytes)) < 0)
            return $"too many pending writes ({MaxPendingWrites}): the scan loop is not taking them";
        return null;
    }

    /// <summary>Forces a variable to a value until <see cref="Unforce"/>: the value is written before and after every
    /// scan, so it wins over the program and the inputs. Forcing a forced variable again replaces its value.
    /// Variables reached through a VAR_IN_OUT or a reference cannot be forced (their target can change).
    /// Returns an error message or null.</summary>
    public string? Force(string path, string literal)
    {
        var error = Prepare(path, literal, out var target, out byte[] bytes);
        if (error != null) return error;
        if (target.Indirect)
            return $"'{target.Name}' is reached through a VAR_IN_OUT or a reference, whose target can change: force the variable itself";
        var scratch = new byte[Math.Max(bytes.Length, 1)];
        Buffer.BlockCopy(bytes, 0, scratch, 0, bytes.Length);
        string shown = new ValueFormatter(image, scratch).Format(new VariableLocation(0, target.Bit >= 0 ? 0 : -1, target.Type));
        var entry = new ForceEntry(target.Address, target.Bit, target.Type, bytes, target.Name, shown);
        lock (forceLock)
        {
            var old = forces;
            var table = new List<ForceEntry>(old.Length + 1);
            foreach (var f in old)
                if (!f.SameTarget(entry.Address, entry.Bit, bytes.Length)) table.Add(f);
            if (table.Count >= MaxForces) return $"too many forces (at most {MaxForces})";
            table.Add(entry);   // last: where forces overlap, the newest wins
            Volatile.Write(ref forces, table.ToArray());
        }
        return null;
    }

    /// <summary>Removes a force; the program (and the inputs) take over again. Error when it is not forced.</summary>
    public string? Unforce(string path)
    {
        string? error;
        Target target;
        lock (readLock) error = Locate(Latest().Memory, path, out target);
        if (error != null) return error;
        int size = target.Bit >= 0 ? 1 : target.Size;
        lock (forceLock)
        {
            var old = forces;
            int at = -1;
            for (int k = 0; k < old.Length; k++)
                if (old[k].SameTarget(target.Address, target.Bit, size)) { at = k; break; }
            if (at < 0) return $"'{target.Name}' is not forced";
            var table = new ForceEntry[old.Length - 1];
            Array.Copy(old, 0, table, 0, at);
            Array.Copy(old, at + 1, table, at, old.Length - at - 1);
            Volatile.Write(ref forces, table);
        }
        return null;
    }

    /// <summary>Removes every force; returns how many there were.</summary>
    public int UnforceAll()
    {
        lock (forceLock)
        {
            int n = forces.Length;
            Volatile.Write(ref forces, Array.Empty<ForceEntry>());
            return n;
        }
    }

    /// <summary>The current forces, oldest first: the variable's name and the forced value in IEC literal syntax.</summary>
    public IReadOnlyList<(string Path, string Value)> Forces()
    {
        var table = Volatile.Read(ref forces);
        var result = new List<(string, string)>(table.Length);
        foreach (var f in table) result.Add((f.Path, f.Value));
        return result;
    }

    // ---- resolving names

    readonly struct Target
    {
        public readonly int Address, Bit, Type, Size, Flags;
        public readonly string Name;
        public readonly bool Indirect;

        public Target(int address, int bit, int type, int size, int flags, string name, bool indirect)
        {
            Address = address; Bit = bit; Type = type; Size = size; Flags = flags; Name = name; Indirect = indirect;
        }
    }

    /// <summary>Resolves a name and encodes a value for it (write and force).</summary>
    string? Prepare(string path, string literal, out Target target, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        string? error;
        lock (readLock) error = Locate(Latest().Memory, path, out target);
        if (error != null) return error;
        if ((target.Flags & VarFlags.Constant) != 0) return $"'{target.Name}' is a constant";
        error = ValueWriter.Encode(image, target.Type, target.Bit >= 0, literal, out bytes);
        if (error != null) return $"'{target.Name}': {error}";
        int length = target.Bit >= 0 ? 1 : bytes.Length;
        if (target.Address < Image.NullGuard || target.Address > image.MemorySize - length)
            return $"'{target.Name}' is not in memory (a VAR_IN_OUT that is not connected, or a NULL reference)";
        return null;
    }

    string? Locate(byte[] memory, string path, out Target target)
    {
        target = default;
        var loc = VariablePath.Resolve(image, memory, path, out string? error);
        if (loc == null) return error ?? $"unknown variable '{path}'";
        var v = loc.Value;
        Describe(path, out string name, out int flags, out bool indirect);
        int size = v.Type >= 0 && v.Type < types.Length ? types[v.Type].Size : 0;
        target = new Target(v.Address, v.Bit, v.Type, size, flags, name, indirect);
        return null;
    }

    /// <summary>The canonical spelling of a name that <see cref="VariablePath"/> accepted (declared case, indexes
    /// as <c>[1,2]</c>), its flags, and whether it goes through a VAR_IN_OUT or a <c>^</c>.</summary>
    void Describe(string path, out string name, out int flags, out bool indirect)
    {
        name = path.Trim();
        flags = 0;
        indirect = false;
        int i = 0;
        string? first = Identifier(path, ref i);
        if (first == null) return;
        int s = image.Debug.FindSymbol(first);
        if (s < 0) return;
        var sym = image.Debug.Symbols[s];
        var sb = new System.Text.StringBuilder(sym.Name);
        int type = sym.Type;
        int f = sym.Flags;
        while (i < path.Length)
        {
            char c = path[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            TypeDesc? t = type >= 0 && type < types.Length ? types[type] : null;
            if (c == '.')
            {
                i++;
                if (i < path.Length && char.IsAsciiDigit(path[i]))
                {
                    int start = i;
                    while (i < path.Length && char.IsAsciiDigit(path[i])) i++;
                    sb.Append('.').Append(path, start, i - start);
                    continue;
                }
                string? member = Identifier(path, ref i);
                if (member == null || t == null) return;
                MemberDesc? m = null;
                foreach (var x in t.Members)
                    if ((x.Flags & VarFlags.Hidden) == 0 && Text.EqualsIgnoreCase(x.Name, member)) { m = x; break; }
                if (m == null) return;
                if ((m.Flags & VarFlags.InOut) != 0) indirect = true;
                f = (f & Inherited) | m.Flags;
                type = m.Type;
                sb.Append('.').Append(m.Name);
            }
            else if (c == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0 || t == null) return;
                var parts = path.Substring(i + 1, close - i - 1).Split(',');
                sb.Append('[');
                for (int k = 0; k < parts.Length; k++)
                {
                    if (k > 0) sb.Append(',');
                    string p = parts[k].Trim();
                    sb.Append(long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)
                        ? n.ToString(CultureInfo.InvariantCulture) : p);
                }
                sb.Append(']');
                i = close + 1;
                type = t.Element;
                f &= ~(VarFlags.Absolute | VarFlags.BitAddressed);
            }
            else if (c == '^')
            {
                i++;
                indirect = true;
                sb.Append('^');
                type = t == null ? -1 : t.Element;
                f = 0;
            }
            else return;
        }
        name = sb.ToString();
        flags = f;
    }

    static string? Identifier(string path, ref int i)
    {
        while (i < path.Length && path[i] == ' ') i++;
        int start = i;
        while (i < path.Length && (char.IsAsciiLetterOrDigit(path[i]) || path[i] == '_')) i++;
        if (i == start || char.IsAsciiDigit(path[start])) return null;
        return path[start..i];
    }

    /// <summary>IEC name of a type, for <see cref="List"/>: <c>BOOL</c> for a bit.</summary>
    string LeafTypeName(int index, int bit) => bit >= 0 ? "BOOL" : TypeName(index, 0);

    string TypeName(int index, int depth)
    {
        if (index < 0 || index >= types.Length) return "?";
        var t = types[index];
        if (depth > 8) return "...";
        switch (t.Kind)
        {
            case TypeKind.Elementary:
                return t.Name.Length > 0 ? t.Name : ValueWriter.ElementaryName(t.Elementary);
            case TypeKind.String:
                return "STRING(" + t.Length.ToString(CultureInfo.InvariantCulture) + ")";
            case TypeKind.WString:
                return "WSTRING(" + t.Length.ToString(CultureInfo.InvariantCulture) + ")";
            case TypeKind.Subrange:
                return t.Name.Length > 0 ? t.Name
                    : ValueWriter.ElementaryName(t.Elementary) + "(" + t.Low.ToString(CultureInfo.InvariantCulture) + ".."
                      + t.High.ToString(CultureInfo.InvariantCulture) + ")";
            case TypeKind.Ref:
                return "REF_TO " + (t.Element < 0 ? "ANY" : TypeName(t.Element, depth + 1));
            case TypeKind.Array:
            {
                var dims = new string[t.Lower.Length];
                for (int d = 0; d < dims.Length; d++)
                    dims[d] = t.Lower[d].ToString(CultureInfo.InvariantCulture) + ".." + t.Upper[d].ToString(CultureInfo.InvariantCulture);
                return "ARRAY[" + string.Join(",", dims) + "] OF " + TypeName(t.Element, depth + 1);
            }
            default:
                return t.Name.Length > 0 ? t.Name : t.Kind.ToString().ToUpperInvariant();
        }
    }
}

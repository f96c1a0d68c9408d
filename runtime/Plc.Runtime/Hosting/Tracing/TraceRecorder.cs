using System.Globalization;
using System.Text;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting.Tracing;

/// <summary>One variable a trace records: its name as the user wrote it, where it is, and how to read it.</summary>
public sealed class TracedVariable
{
    public required string Name { get; init; }
    public required VariableLocation Location { get; init; }
    /// <summary>The elementary kind of the value (enumerations and subranges: their base); None for strings.</summary>
    public ElementaryKind Kind { get; init; }
    public bool IsString { get; init; }
}

/// <summary>
/// Records chosen variables after every scan cycle (plc sim --trace, docs/tracing.md): hooked into the scan loop as a
/// monitor, it reads the image after the outputs were written, at the scan's simulated time. Two formats:
/// <see cref="VcdTraceWriter"/> (IEEE 1364 value change dump, for GTKWave) and <see cref="CsvTraceWriter"/>.
/// </summary>
public abstract class TraceRecorder : IScanMonitor, IDisposable
{
    protected readonly Image Image;
    protected readonly IReadOnlyList<TracedVariable> Variables;
    protected readonly TextWriter Out;

    protected TraceRecorder(Image image, IReadOnlyList<TracedVariable> variables, TextWriter output)
    {
        Image = image;
        Variables = variables;
        Out = output;
    }

    /// <summary>
    /// Resolves the names to trace; with none, every elementary or string variable of the globals and of the program
    /// instances (not the insides of function blocks, arrays and structs). Null with a message for a bad name.
    /// </summary>
    public static List<TracedVariable>? Resolve(Image image, IReadOnlyList<string> names, out string? error)
    {
        error = null;
        var result = new List<TracedVariable>();
        var debug = image.Debug;
        var list = new List<string>(names);
        if (list.Count == 0)
        {
            foreach (var s in debug.Symbols)
            {
                if ((s.Flags & VarFlags.Hidden) != 0 || s.Type < 0 || s.Type >= debug.Types.Length) continue;
                var t = debug.Types[s.Type];
                if (t.Kind == TypeKind.Program)
                {
                    foreach (var m in t.Members)
                        if ((m.Flags & (VarFlags.Hidden | VarFlags.Temp | VarFlags.InOut)) == 0 && IsTraceable(debug, m.Type))
                            list.Add(s.Name + "." + m.Name);
                }
                else if (IsTraceable(debug, s.Type)) list.Add(s.Name);
            }
        }
        foreach (var name in list)
        {
            var loc = VariablePath.Resolve(image, image.InitialMemory, name, out string? e);
            if (loc == null) { error = e; return null; }
            var v = loc.Value;
            if (v.Type < 0 || v.Type >= debug.Types.Length || !IsTraceable(debug, v.Type))
            {
                error = $"'{name}' is not an elementary or string variable: trace its elements or members";
                return null;
            }
            var type = debug.Types[v.Type];
            bool str = type.Kind is TypeKind.String or TypeKind.WString;
            result.Add(new TracedVariable
            {
                Name = name, Location = v, IsString = str,
                Kind = v.Bit >= 0 ? ElementaryKind.Bool : str ? ElementaryKind.None : type.Elementary,
            });
        }
        return result;
    }

    static bool IsTraceable(DebugInfo debug, int type)
    {
        if (type < 0 || type >= debug.Types.Length) return false;
        return debug.Types[type].Kind is TypeKind.Elementary or TypeKind.Enum or TypeKind.Subrange or TypeKind.String or TypeKind.WString;
    }

    /// <summary>The value slot of a traced elementary variable (as on the interpreter's stack).</summary>
    protected static long Slot(byte[] memory, TracedVariable v, ValueFormatter formatter)
    {
        if (v.Location.Bit >= 0) return (memory[v.Location.Address] >> v.Location.Bit) & 1;
        return formatter.ReadSlot(v.Kind, v.Location.Address);
    }

    public void BeforeScan(byte[] memory) { }
    public void ApplyForces(byte[] memory) { }
    public abstract void Publish(byte[] memory, long scans, long nowNs);

    public virtual void Dispose() => Out.Flush();
}

/// <summary>Passes the scan loop's monitor calls to several monitors in turn (a scenario and a trace, say).</summary>
public sealed class MonitorChain : IScanMonitor
{
    readonly IScanMonitor[] monitors;
    public MonitorChain(params IScanMonitor[] monitors) { this.monitors = monitors; }
    public void BeforeScan(byte[] memory) { foreach (var m in monitors) m.BeforeScan(memory); }
    public void ApplyForces(byte[] memory) { foreach (var m in monitors) m.ApplyForces(memory); }
    public void Publish(byte[] memory, long scans, long nowNs) { foreach (var m in monitors) m.Publish(memory, scans, nowNs); }
}

/// <summary>
/// A value change dump (IEEE 1364-2005 §18): BOOL as 1-bit wires, integers, bit strings, times (in ns) and
/// enumerations as vectors of their width in two's complement, REAL/LREAL as real variables, strings as GTKWave's
/// string variables. Timescale 1 ns; a time stamp and the values that changed after each scan (all values at the
/// first one).
/// </summary>
public sealed class VcdTraceWriter : TraceRecorder
{
    readonly long[] last;
    readonly string?[] lastText;
    readonly string[] ids;
    readonly int[] widths;
    readonly ValueFormatter formatter;
    readonly byte[] memory;
    bool first = true;

    public VcdTraceWriter(Image image, byte[] memory, IReadOnlyList<TracedVariable> variables, TextWriter output, string scope)
        : base(image, variables, output)
    {
        this.memory = memory;
        formatter = new ValueFormatter(image, memory);
        last = new long[variables.Count];
        lastText = new string?[variables.Count];
        ids = new string[variables.Count];
        widths = new int[variables.Count];
        Out.WriteLine("$date " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC $end");
        Out.WriteLine("$version plc sim $end");
        Out.WriteLine("$timescale 1ns $end");
        Out.WriteLine("$scope module " + Identifier(scope) + " $end");
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i];
            ids[i] = Id(i);
            string name = Identifier(v.Name);
            if (v.IsString) Out.WriteLine($"$var string 1 {ids[i]} {name} $end");
            else if (v.Kind is ElementaryKind.Real or ElementaryKind.LReal) Out.WriteLine($"$var real 64 {ids[i]} {name} $end");
            else
            {
                widths[i] = Width(v.Kind);
                Out.WriteLine($"$var wire {widths[i]} {ids[i]} {name} $end");
            }
        }
        Out.WriteLine("$upscope $end");
        Out.WriteLine("$enddefinitions $end");
    }

    /// <summary>Bits of an elementary kind in the dump.</summary>
    public static int Width(ElementaryKind k) => k switch
    {
        ElementaryKind.Bool => 1,
        ElementaryKind.SInt or ElementaryKind.USInt or ElementaryKind.Byte or ElementaryKind.Char => 8,
        ElementaryKind.Int or ElementaryKind.UInt or ElementaryKind.Word or ElementaryKind.WChar => 16,
        ElementaryKind.DInt or ElementaryKind.UDInt or ElementaryKind.DWord => 32,
        _ => 64,
    };

    /// <summary>Printable short identifiers: !, ", ... then two characters.</summary>
    static string Id(int i)
    {
        const int first = 33, count = 94;
        var sb = new StringBuilder();
        do { sb.Append((char)(first + i % count)); i /= count; } while (i > 0);
        return sb.ToString();
    }

    static string Identifier(string name)
    {
        var sb = new StringBuilder();
        foreach (char c in name) sb.Append(c is ' ' or '\t' ? '_' : c);
        return sb.ToString();
    }

    public override void Publish(byte[] memory, long scans, long nowNs)
    {
        bool stamped = false;
        for (int i = 0; i < Variables.Count; i++)
        {
            var v = Variables[i];
            if (v.IsString)
            {
                string text = formatter.Format(v.Location);
                if (!first && text == lastText[i]) continue;
                lastText[i] = text;
                Stamp(ref stamped, nowNs);
                // GTKWave's string values: no blanks inside.
                Out.Write('s'); Out.Write(text.Replace(' ', '_')); Out.Write(' '); Out.WriteLine(ids[i]);
                continue;
            }
            long slot = Slot(this.memory, v, formatter);
            if (!first && slot == last[i]) continue;
            last[i] = slot;
            Stamp(ref stamped, nowNs);
            if (v.Kind is ElementaryKind.Real or ElementaryKind.LReal)
            {
                Out.Write('r');
                Out.Write(BitConverter.Int64BitsToDouble(slot).ToString("R", CultureInfo.InvariantCulture));
                Out.Write(' ');
                Out.WriteLine(ids[i]);
            }
            else if (widths[i] == 1)
            {
                Out.Write(slot != 0 ? '1' : '0');
                Out.WriteLine(ids[i]);
            }
            else
            {
                Out.Write('b');
                ulong bits = widths[i] == 64 ? (ulong)slot : (ulong)slot & ((1UL << widths[i]) - 1);
                Out.Write(bits == 0 ? "0" : Convert.ToString((long)bits, 2));
                Out.Write(' ');
                Out.WriteLine(ids[i]);
            }
        }
        first = false;
    }

    void Stamp(ref bool stamped, long nowNs)
    {
        if (stamped) return;
        Out.Write('#');
        Out.WriteLine(nowNs.ToString(CultureInfo.InvariantCulture));
        stamped = true;
    }
}

/// <summary>
/// Comma-separated values: a header <c>time_ns,scan,NAME,...</c>, then one row per scan with each value as an IEC
/// literal (D20); a field with a comma, a quote or a line break is quoted (RFC 4180).
/// </summary>
public sealed class CsvTraceWriter : TraceRecorder
{
    readonly ValueFormatter formatter;

    public CsvTraceWriter(Image image, byte[] memory, IReadOnlyList<TracedVariable> variables, TextWriter output)
        : base(image, variables, output)
    {
        formatter = new ValueFormatter(image, memory);
        Out.Write("time_ns,scan");
        foreach (var v in variables) { Out.Write(','); Out.Write(Field(v.Name)); }
        Out.WriteLine();
    }

    public static string Field(string text) =>
        text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    public override void Publish(byte[] memory, long scans, long nowNs)
    {
        Out.Write(nowNs.ToString(CultureInfo.InvariantCulture));
        Out.Write(',');
        Out.Write(scans.ToString(CultureInfo.InvariantCulture));
        foreach (var v in Variables) { Out.Write(','); Out.Write(Field(formatter.Format(v.Location))); }
        Out.WriteLine();
    }
}

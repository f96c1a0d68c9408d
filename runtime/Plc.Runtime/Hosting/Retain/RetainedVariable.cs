namespace Plc.Runtime.Hosting.Retain;

/// <summary>
/// One retained region of memory: a leaf variable (an elementary value, a string, a single bit) or a block of plain
/// data (an array or a struct without function block instances or references inside), stored as one entry of the
/// retain file.
/// </summary>
/// <param name="Path">Full name, as <see cref="VariablePath"/> resolves it: <c>Main.counter</c>, <c>g_total</c>,
/// <c>Line1.fb.CV</c>, <c>Main.ctr[2].CV</c>.</param>
/// <param name="Address">Byte address in memory.</param>
/// <param name="Size">Bytes in memory (1 for a bit) and in the file (a bit is stored as one byte, 0 or 1).</param>
/// <param name="Bit">-1, or 0..7 for a bit-addressed BOOL (<c>AT %MX0.1</c>).</param>
/// <param name="TypeSignature">The type rendered so that any change making old bytes meaningless changes it
/// (<c>INT</c>, <c>STRING(20)</c>, <c>ARRAY[1..10] OF INT</c>, <c>STRUCT Point(x:INT@0,y:INT@2)</c>).</param>
/// <param name="Persistent">PERSISTENT (itself or inside a PERSISTENT instance): also survives loading a new image.</param>
public sealed record RetainedVariable(string Path, int Address, int Size, int Bit, string TypeSignature, bool Persistent);

/// <summary>What <see cref="RetainStore.Load"/> did.</summary>
public sealed class RetainLoadResult
{
    /// <summary>A retain file was found, was valid and was used (even if nothing in it matched).</summary>
    public bool Loaded { get; init; }

    /// <summary>A retain file was found but rejected (corrupt, truncated, foreign, another format version).</summary>
    public bool Rejected { get; init; }

    /// <summary>Number of variables whose values were restored.</summary>
    public int Restored { get; init; }

    /// <summary>Warnings and errors for the user, one sentence each.</summary>
    public IReadOnlyList<string> Messages { get; init; } = Array.Empty<string>();
}

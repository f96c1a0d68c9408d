using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>
/// Places everything in the program's single block of memory, all at fixed addresses known when the image
/// loads: a NULL guard, the globals, one static frame per function and method the image contains (a library function
/// nothing calls has none), the VAR_STAT block of each POU that has one (D35), the program instances, the %I, %Q and %M
/// areas (each holding its bit/byte, word, double word and long word spaces, D29), then string constants (appended
/// while code is generated).
/// </summary>
public sealed class MemoryMap
{
    int next;
    public int GlobalsAddress { get; private set; }
    public int[] AreaAddress { get; } = new int[3];
    public int[] AreaSize { get; } = new int[3];
    /// <summary>Per area, where each address space starts inside it (D29): bits/bytes, words, double words, long words.</summary>
    public int[][] SpaceOffsets { get; } = { new int[Image.SpacesPerArea], new int[Image.SpacesPerArea], new int[Image.SpacesPerArea] };
    readonly Dictionary<(string, bool), int> strings = new();
    readonly List<(int Address, string Text, bool Wide)> stringData = new();

    public IReadOnlyList<(int Address, string Text, bool Wide)> Strings => stringData;
    public int Size => next;

    int Allocate(int size, int alignment = 8)
    {
        next = (next + alignment - 1) / alignment * alignment;
        int at = next;
        next += Math.Max(0, size);
        if (next > Layout.MaxSize) throw new OverflowException($"the program needs more than {Layout.MaxSize} bytes of memory");
        return at;
    }

    public MemoryMap(BoundProgram program, IReadOnlySet<PouSymbol> emitted)
    {
        next = Image.NullGuard;
        GlobalsAddress = Allocate(program.Globals.Size);
        foreach (var pou in program.Pous)
            if (pou.HasStaticFrame && emitted.Contains(pou)) pou.FrameAddress = Allocate(pou.Frame.Size);
        foreach (var pou in program.Pous)
            if (pou.HasStatics) pou.StaticsAddress = Allocate(pou.Statics.Size);
        foreach (var instance in program.Instances)
            instance.Address = Allocate(instance.Program.Frame.Size);
        for (int a = 0; a < 3; a++)
        {
            // The spaces of an area follow each other: bits/bytes, words, double words, long words.
            int size = 0;
            for (int sp = 0; sp < Image.SpacesPerArea; sp++)
            {
                SpaceOffsets[a][sp] = size;
                size += program.SpaceSizes[a * Image.SpacesPerArea + sp];
            }
            AreaSize[a] = size;
            AreaAddress[a] = Allocate(size);
        }
    }

    /// <summary>The absolute memory address of a direct address's first byte.</summary>
    public int Address(DirectLocation d) => AreaAddress[(int)d.Area] + SpaceOffsets[(int)d.Area][d.Space] + d.ByteOffset;

    /// <summary>Address of a NUL-terminated copy of a string constant.</summary>
    public int StringConstant(string text, bool wide)
    {
        if (strings.TryGetValue((text, wide), out int at)) return at;
        at = Allocate((text.Length + 1) * (wide ? 2 : 1), wide ? 2 : 1);
        strings[(text, wide)] = at;
        stringData.Add((at, text, wide));
        return at;
    }
}

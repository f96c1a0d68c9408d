using Plc.Compiler.Binding;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>
/// Places everything in the program's single block of memory, all at fixed addresses known when the image
/// loads: a NULL guard, the globals, one static frame per function, the program instances, the %I, %Q and %M
/// areas, then string constants (appended while code is generated).
/// </summary>
public sealed class MemoryMap
{
    int next;
    public int GlobalsAddress { get; private set; }
    public int[] AreaAddress { get; } = new int[3];
    public int[] AreaSize { get; } = new int[3];
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

    public MemoryMap(BoundProgram program)
    {
        next = Image.NullGuard;
        GlobalsAddress = Allocate(program.Globals.Size);
        foreach (var pou in program.Pous)
            if (pou.IsFunction) pou.FrameAddress = Allocate(pou.Frame.Size);
        foreach (var instance in program.Instances)
            instance.Address = Allocate(instance.Program.Frame.Size);
        for (int a = 0; a < 3; a++)
        {
            AreaSize[a] = program.AreaSizes[a];
            AreaAddress[a] = Allocate(AreaSize[a]);
        }
    }

    public int AreaBase(ProcessArea area) => AreaAddress[(int)area];

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

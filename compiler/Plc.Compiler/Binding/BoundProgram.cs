using System.Collections.Generic;

namespace Plc.Compiler.Binding;

/// <summary>The result of binding all source files: what the code generator turns into an image.</summary>
public sealed class BoundProgram
{
    public List<string> Files { get; } = new();
    /// <summary>Every PROGRAM, FUNCTION_BLOCK and FUNCTION, in declaration order.</summary>
    public List<PouSymbol> Pous { get; } = new();
    /// <summary>All global variables as members of one block (plus compiler temporaries of configuration code).</summary>
    public StructType Globals { get; } = new("<globals>");
    public List<TaskSymbol> Tasks { get; } = new();
    public List<ProgramInstanceSymbol> Instances { get; } = new();
    /// <summary>Named types (structs, enumerations) for the debug section.</summary>
    public List<PlcType> NamedTypes { get; } = new();
    /// <summary>Bytes used in each process image area (%I, %Q, %M).</summary>
    public int[] AreaSizes { get; } = new int[3];
    /// <summary>True when there was no CONFIGURATION and the default task was made up.</summary>
    public bool ImplicitConfiguration { get; set; }

    public void UseArea(DirectLocation location, int size)
    {
        int end = location.ByteOffset + System.Math.Max(1, size);
        int a = (int)location.Area;
        if (end > AreaSizes[a]) AreaSizes[a] = end;
    }
}

using System.Collections.Generic;
using Plc.Runtime.Core;

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
    /// <summary>Bytes used in each address space of each process image area (D29): index area * 4 + space, with
    /// areas %I, %Q, %M and spaces bits/bytes, words, double words, long words.</summary>
    public int[] SpaceSizes { get; } = new int[3 * Image.SpacesPerArea];
    /// <summary>FB_init calls run once before the first scan (D39), and the hidden flag that says they have run.</summary>
    public List<BoundStatement>? InstanceInitialization { get; set; }
    public VariableSymbol? InstancesInitializedFlag { get; set; }
    /// <summary>FB_exit calls, run once when the application ends cleanly (D39): the exit POU of the image.</summary>
    public List<BoundStatement>? InstanceExit { get; set; }
    /// <summary>True when there was no CONFIGURATION and the default task was made up.</summary>
    public bool ImplicitConfiguration { get; set; }

    public void UseArea(DirectLocation location, int size)
    {
        int end = location.ByteOffset + System.Math.Max(1, size);
        int i = (int)location.Area * Image.SpacesPerArea + location.Space;
        if (end > SpaceSizes[i]) SpaceSizes[i] = end;
    }
}

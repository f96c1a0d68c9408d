using Plc.Runtime.Core;

namespace Plc.Hardware.Scenarios;

/// <summary>A variable declared AT a direct address: its path, type and where it is.</summary>
public readonly record struct DirectVariable(string Path, int Type, int Address, int Bit);

/// <summary>Finds the variables a program declares AT a given address (globals and members of program instances).</summary>
public static class DirectVariables
{
    public static List<DirectVariable> Find(Image image, string location)
    {
        var found = new List<DirectVariable>();
        var debug = image.Debug;
        foreach (var s in debug.Symbols)
        {
            if (string.Equals(s.Location, location, StringComparison.OrdinalIgnoreCase))
                found.Add(new DirectVariable(s.Name, s.Type, s.Address, (s.Flags & VarFlags.BitAddressed) != 0 ? s.Bit : -1));
            if (s.Type < 0 || s.Type >= debug.Types.Length || debug.Types[s.Type].Kind != TypeKind.Program) continue;
            foreach (var m in debug.Types[s.Type].Members)
                if ((m.Flags & VarFlags.Absolute) != 0 && string.Equals(m.Location, location, StringComparison.OrdinalIgnoreCase))
                    found.Add(new DirectVariable(s.Name + "." + m.Name, m.Type, m.Offset, (m.Flags & VarFlags.BitAddressed) != 0 ? m.Bit : -1));
        }
        return found;
    }
}

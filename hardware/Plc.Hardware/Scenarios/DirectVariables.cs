using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Scenarios;

/// <summary>A variable declared AT a direct address: its path, type and where it is.</summary>
public readonly record struct DirectVariable(string Path, int Type, int Address, int Bit);

/// <summary>Finds the variables a program declares AT a given address (globals and members of program instances),
/// and resolves names that may be direct addresses.</summary>
public static class DirectVariables
{
    /// <summary>
    /// A variable named as <c>plc sim --print</c> names it (<c>Main.x</c>, <c>Main.arr[2]</c>) or by a direct address the
    /// program declares (<c>%IX0.1</c>: its first declaration there); null with the reason otherwise.
    /// </summary>
    public static VariableLocation? Resolve(Image image, byte[] memory, string name, out string? error)
    {
        if (!name.StartsWith('%')) return VariablePath.Resolve(image, memory, name, out error);
        var address = ProcessAddress.Parse(name, out error);
        if (address == null) return null;
        var vars = Find(image, address.Value.ToString());
        if (vars.Count == 0) { error = $"the program declares no variable AT {address.Value}"; return null; }
        return new VariableLocation(vars[0].Address, vars[0].Bit, vars[0].Type);
    }

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

using System;
using System.Collections.Generic;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Mqtt;

/// <summary>
/// Resolves the names chosen for MQTT (options, configuration file, <c>{attribute 'mqtt'}</c>) against the program:
/// a name must denote a variable; a struct, array or instance stands for all its elementary members and elements
/// (as <see cref="MonitorBridge.List"/> expands them). Writable names must be elementary or strings and not constants.
/// Each variable appears once, in the order first named; writable wins over publish-only.
/// </summary>
public static class VariableSelection
{
    /// <exception cref="MqttSettingsException">A name does not denote a variable, or cannot be written.</exception>
    public static IReadOnlyList<SelectedVariable> Resolve(MonitorBridge bridge, IEnumerable<string> publish, IEnumerable<string> write)
    {
        var result = new List<SelectedVariable>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        void Add(SelectedVariable v)
        {
            if (index.TryGetValue(v.Name, out int at))
            {
                if (v.Writable) result[at] = result[at] with { Writable = true };
                return;
            }
            index[v.Name] = result.Count;
            result.Add(v);
        }
        foreach (var name in write)
        {
            var leaves = Leaves(bridge, name, "--mqtt-write");
            if (leaves.Count != 1 || !string.Equals(leaves[0].Name, name.Trim(), StringComparison.OrdinalIgnoreCase) || !Writable(bridge, leaves[0].Name))
                throw new MqttSettingsException($"--mqtt-write {name}: only an elementary variable or a string can be written; name its members");
            var v = leaves[0];
            if ((v.Flags & VarFlags.Constant) != 0) throw new MqttSettingsException($"--mqtt-write {name}: '{v.Name}' is a constant");
            Add(Select(bridge, v, writable: true));
        }
        foreach (var name in publish)
            foreach (var v in Leaves(bridge, name, "--mqtt-publish")) Add(Select(bridge, v, writable: false));
        return result;
    }

    static bool Writable(MonitorBridge bridge, string name)
    {
        var image = bridge.Image;
        var loc = VariablePath.Resolve(image, image.InitialMemory, name, out _);
        if (loc is not { } l) return false;
        if (l.Bit >= 0) return true;
        return l.Type >= 0 && l.Type < image.Debug.Types.Length
               && image.Debug.Types[l.Type].Kind is TypeKind.Elementary or TypeKind.Subrange or TypeKind.Enum or TypeKind.String or TypeKind.WString;
    }

    /// <summary>The elementary variables a name stands for.</summary>
    static List<MonitoredVariable> Leaves(MonitorBridge bridge, string name, string option)
    {
        string n = name.Trim();
        if (bridge.Read(n, out _) is { } error) throw new MqttSettingsException($"{option} {name}: {error}");
        var found = new List<MonitoredVariable>();
        foreach (var v in bridge.List(n))
        {
            if (v.Name.Length == n.Length || (v.Name.Length > n.Length && v.Name[n.Length] is '.' or '['))
                found.Add(v);
        }
        if (found.Count == 0)
        {
            // Spelled differently from the list (blanks, case of an index): the name itself, typed from the image.
            var image = bridge.Image;
            var loc = VariablePath.Resolve(image, image.InitialMemory, n, out _);
            string type = loc is { Bit: >= 0 } ? "BOOL"
                : loc is { } l && l.Type >= 0 && l.Type < image.Debug.Types.Length ? TypeName(image.Debug.Types[l.Type]) : "?";
            found.Add(new MonitoredVariable(n, type, 0, "", false));
        }
        return found;
    }

    static string TypeName(TypeDesc t) => t.Kind switch
    {
        TypeKind.Elementary or TypeKind.Subrange => t.Name.Length > 0 ? t.Name : ValueWriter.ElementaryName(t.Elementary),
        TypeKind.String => "STRING",
        TypeKind.WString => "WSTRING",
        _ => t.Name.Length > 0 ? t.Name : t.Kind.ToString().ToUpperInvariant(),
    };

    static SelectedVariable Select(MonitorBridge bridge, MonitoredVariable v, bool writable)
    {
        var image = bridge.Image;
        var loc = VariablePath.Resolve(image, image.InitialMemory, v.Name, out _);
        var kind = JsonKind.Literal;
        if (loc is { } l)
        {
            if (l.Bit >= 0) kind = JsonKind.Bool;
            else if (l.Type >= 0 && l.Type < image.Debug.Types.Length) kind = KindOf(image.Debug.Types[l.Type]);
        }
        else if (v.Type == "BOOL") kind = JsonKind.Bool;
        return new SelectedVariable(v.Name, v.Type, kind, writable);
    }

    public static JsonKind KindOf(TypeDesc t)
    {
        switch (t.Kind)
        {
            case TypeKind.String:
            case TypeKind.WString:
                return JsonKind.Text;
            case TypeKind.Elementary:
            case TypeKind.Subrange:
                return t.Elementary switch
                {
                    ElementaryKind.Bool => JsonKind.Bool,
                    ElementaryKind.SInt or ElementaryKind.Int or ElementaryKind.DInt or ElementaryKind.LInt
                        or ElementaryKind.USInt or ElementaryKind.UInt or ElementaryKind.UDInt or ElementaryKind.ULInt
                        or ElementaryKind.Byte or ElementaryKind.Word or ElementaryKind.DWord or ElementaryKind.LWord
                        or ElementaryKind.Real or ElementaryKind.LReal => JsonKind.Number,
                    _ => JsonKind.Literal,
                };
            default:
                return JsonKind.Literal;
        }
    }
}

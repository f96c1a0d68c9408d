using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Hardware.Configuration;

/// <summary>
/// Checks an I/O configuration against a compiled program (docs/io.md): every bound address must be declared by the
/// program with <c>AT</c> at exactly that address, with a type that fits the binding. Addresses the program declares
/// and the configuration leaves unbound are fine.
/// </summary>
public static class IoConfigurationValidator
{
    /// <summary>What a binding needs the variable to be.</summary>
    enum Need { Bool, Duty, RawCounts, Real, LReal }

    sealed record Declaration(ProcessAddress Address, string Name, string Location, TypeDesc? Type);

    public static void Validate(IoConfiguration config, Image image, List<IoDiagnostic> diagnostics)
    {
        var declarations = Declarations(image);
        void Check(ProcessAddress address, string text, SourcePosition at, string what, Need need) =>
            CheckOne(config.Path, declarations, image.Debug.Types, diagnostics, address, text, at, what, need);

        foreach (var g in config.Gpio)
            Check(g.Address, g.AddressText, g.AddressPosition, $"gpio pin {g.Pin}", Need.Bool);
        foreach (var p in config.Pwm)
            Check(p.Address, p.AddressText, p.AddressPosition, $"pwm chip {p.Chip} channel {p.Channel}", Need.Duty);
        foreach (var c in config.I2c)
        {
            var device = Devices.Find(c.Device);
            foreach (var b in c.Inputs)
            {
                Need? need = device == Devices.Mcp23017 ? Need.Bool
                    : device == Devices.Ads1115 || device == Devices.Bme280
                        ? b.Address.SizeLetter switch
                        {
                            'W' when device == Devices.Ads1115 => Need.RawCounts,
                            'D' => Need.Real,
                            'L' => Need.LReal,
                            _ => null,
                        }
                        : null;
                if (need != null) Check(b.Address, b.AddressText, b.Position, $"{b.Channel} of {c.Name}", need.Value);
            }
            foreach (var b in c.Outputs)
            {
                Need? need = device == Devices.Mcp23017 ? Need.Bool : device == Devices.Pca9685 ? Need.Duty : null;
                if (need != null) Check(b.Address, b.AddressText, b.Position, $"channel {b.Channel} of {c.Name}", need.Value);
            }
            if (c.Quality is ProcessAddress q)
                Check(q, c.QualityText ?? q.ToString(), c.QualityPosition, $"the quality flag of {c.Name}", Need.Bool);
        }
    }

    static void CheckOne(string path, List<Declaration> declarations, TypeDesc[] types, List<IoDiagnostic> diagnostics,
        ProcessAddress address, string text, SourcePosition at, string what, Need need)
    {
        if (text.Length == 0) text = address.ToString();
        int line = Math.Max(1, at.Line), column = Math.Max(1, at.Column);
        var exact = declarations.Where(d => d.Address == address).ToList();
        if (exact.Count == 0)
        {
            var near = declarations.Where(d => IoConfigurationReader.Overlap(d.Address, address)).Take(3).ToList();
            string message = $"{text} is bound to {what}, but the program declares no variable AT {address}";
            if (near.Count > 0)
                message += "; it declares " + string.Join(" and ", near.Select(d => $"{d.Name} AT {d.Location} : {TypeName(d.Type, types)}")) +
                           ", which overlap" + (near.Count == 1 ? "s" : "") + " it";
            diagnostics.Add(new IoDiagnostic(path, line, column, IoSeverity.Error, IoDiagnosticCodes.NotDeclared, message));
            return;
        }
        foreach (var d in exact)
        {
            if (Accepts(need, d.Type)) continue;
            diagnostics.Add(new IoDiagnostic(path, line, column, IoSeverity.Error, IoDiagnosticCodes.TypeMismatch,
                $"{d.Name} AT {d.Location} is {TypeName(d.Type, types)}, but {what} needs {NeedText(need)}"));
        }
    }

    static bool Accepts(Need need, TypeDesc? type)
    {
        if (type == null) return false;
        var k = type.Kind switch
        {
            TypeKind.Elementary => type.Elementary,
            TypeKind.Subrange when need != Need.Bool => type.Elementary,
            _ => ElementaryKind.None,
        };
        return need switch
        {
            Need.Bool => k == ElementaryKind.Bool,
            Need.Duty => k is ElementaryKind.Int or ElementaryKind.UInt or ElementaryKind.Word,
            Need.RawCounts => k == ElementaryKind.Int,
            Need.Real => k == ElementaryKind.Real,
            _ => k == ElementaryKind.LReal,
        };
    }

    static string NeedText(Need need) => need switch
    {
        Need.Bool => "BOOL",
        Need.Duty => "INT, UINT or WORD (0..10000 = 0..100.00 % duty)",
        Need.RawCounts => "INT (raw counts; for volts bind a %ID REAL)",
        Need.Real => "REAL",
        _ => "LREAL",
    };

    /// <summary>Every variable declared AT a direct address: globals, and the members of programs (by instance name
    /// when the program is instantiated, else by type name) and of function blocks.</summary>
    static List<Declaration> Declarations(Image image)
    {
        var result = new List<Declaration>();
        var types = image.Debug.Types;
        TypeDesc? TypeAt(int i) => i >= 0 && i < types.Length ? types[i] : null;
        void Add(string name, string location, int type)
        {
            if (string.IsNullOrEmpty(location)) return;
            var a = ProcessAddress.Parse(location, out _);
            if (a != null) result.Add(new Declaration(a.Value, name, location, TypeAt(type)));
        }
        static bool HasMembers(TypeDesc? t) => t != null && t.Kind is TypeKind.Program or TypeKind.FunctionBlock;

        var visited = new HashSet<int>();
        foreach (var s in image.Debug.Symbols)
        {
            Add(s.Name, s.Location, s.Type);
            var t = TypeAt(s.Type);
            if (!HasMembers(t)) continue;
            visited.Add(s.Type);
            foreach (var m in t!.Members) Add($"{s.Name}.{m.Name}", m.Location, m.Type);
        }
        for (int i = 0; i < types.Length; i++)
            if (!visited.Contains(i) && HasMembers(types[i]))
                foreach (var m in types[i].Members) Add($"{types[i].Name}.{m.Name}", m.Location, m.Type);
        return result;
    }

    static string TypeName(TypeDesc? t, TypeDesc[] types) => t == null ? "of an unknown type" : t.Kind switch
    {
        TypeKind.Elementary => t.Name.Length > 0 ? t.Name : Keyword(t.Elementary),
        TypeKind.Subrange => $"{Keyword(t.Elementary)}({t.Low}..{t.High})",
        TypeKind.Enum => t.Name.Length > 0 ? $"{t.Name} (an enumeration)" : "an enumeration",
        TypeKind.String => $"STRING({t.Length})",
        TypeKind.WString => $"WSTRING({t.Length})",
        TypeKind.Array => t.Element >= 0 && t.Element < types.Length && types[t.Element].Kind == TypeKind.Elementary
            ? $"an ARRAY OF {Keyword(types[t.Element].Elementary)}" : "an ARRAY",
        TypeKind.Ref => "a REF_TO",
        _ => t.Name.Length > 0 ? t.Name : t.Kind.ToString().ToUpperInvariant(),
    };

    static string Keyword(ElementaryKind k) => k switch
    {
        ElementaryKind.TimeOfDay => "TIME_OF_DAY",
        ElementaryKind.LTimeOfDay => "LTIME_OF_DAY",
        ElementaryKind.DateAndTime => "DATE_AND_TIME",
        ElementaryKind.LDateAndTime => "LDATE_AND_TIME",
        _ => k.ToString().ToUpperInvariant(),
    };
}

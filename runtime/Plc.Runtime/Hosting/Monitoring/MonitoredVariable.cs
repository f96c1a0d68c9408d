using System.Text;
using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting.Monitoring;

/// <summary>
/// One entry of <see cref="MonitorBridge.List"/>: an elementary variable, string or reference (arrays, structs and
/// instances are expanded to their elements and members), with its type's name and its flags.
/// </summary>
public sealed class MonitoredVariable
{
    /// <summary>The name to read, write or force it by: <c>Main.x</c>, <c>Main.arr[3].y</c>, <c>Main.m[1,2]</c>, <c>g</c>.</summary>
    public string Name { get; }
    /// <summary>IEC type name: <c>INT</c>, <c>STRING(20)</c>, <c>TOD</c>, <c>Color</c>, <c>INT(0..100)</c>, <c>REF_TO INT</c>.</summary>
    public string Type { get; }
    /// <summary><see cref="VarFlags"/>: the variable's own flags and the Retain, Persistent, Constant and Global flags
    /// of the variables that contain it.</summary>
    public int Flags { get; }
    /// <summary>The directly represented address as declared (<c>%IX0.1</c>), or empty.</summary>
    public string Location { get; }
    /// <summary>A force covers the variable (in whole or in part) when the list was made.</summary>
    public bool Forced { get; }

    public MonitoredVariable(string name, string type, int flags, string location, bool forced)
    {
        Name = name; Type = type; Flags = flags; Location = location; Forced = forced;
    }

    /// <summary>The flags as one word without blanks: comma-separated <c>input</c>, <c>output</c>, <c>inout</c>,
    /// <c>temp</c>, <c>global</c>, <c>constant</c>, <c>retain</c>, <c>persistent</c>, the location
    /// (<c>%QX0.1</c>) and <c>forced</c>; <c>-</c> when there are none.</summary>
    public string FlagsText
    {
        get
        {
            var sb = new StringBuilder();
            void Add(string s) { if (sb.Length > 0) sb.Append(','); sb.Append(s); }
            if ((Flags & VarFlags.Input) != 0) Add("input");
            if ((Flags & VarFlags.Output) != 0) Add("output");
            if ((Flags & VarFlags.InOut) != 0) Add("inout");
            if ((Flags & VarFlags.Temp) != 0) Add("temp");
            if ((Flags & VarFlags.Global) != 0) Add("global");
            if ((Flags & VarFlags.Constant) != 0) Add("constant");
            if ((Flags & VarFlags.Retain) != 0) Add("retain");
            if ((Flags & VarFlags.Persistent) != 0) Add("persistent");
            if (Location.Length > 0) Add(Location);
            if (Forced) Add("forced");
            return sb.Length == 0 ? "-" : sb.ToString();
        }
    }

    /// <summary>The line the <c>list</c> command prints: <c>name type flags</c>.</summary>
    public override string ToString() => Name + " " + Type + " " + FlagsText;
}

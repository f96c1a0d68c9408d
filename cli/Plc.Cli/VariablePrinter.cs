using Plc.Runtime.Core;
using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary>Prints the variables named by <c>--print</c>.</summary>
public sealed class VariablePrinter
{
    readonly Image image;
    readonly byte[] memory;
    readonly ValueFormatter formatter;

    public VariablePrinter(Image image, byte[] memory)
    {
        this.image = image;
        this.memory = memory;
        formatter = new ValueFormatter(image, memory);
    }

    /// <summary>Null when the name denotes a variable, else why not.</summary>
    public string? Check(string name)
    {
        VariablePath.Resolve(image, memory, name, out string? error);
        return error;
    }

    public string Format(string name)
    {
        var v = VariablePath.Resolve(image, memory, name, out string? error);
        return v == null ? $"<{error}>" : formatter.Format(v.Value);
    }

    public static string FormatTime(long ns) => Disassembler.FormatTime(ns);
}

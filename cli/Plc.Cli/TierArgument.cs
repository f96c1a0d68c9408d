using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary><c>--tier compiled|interpreted</c> (docs/performance.md): the command line's default is the compiled tier,
/// which falls back to the interpreter by itself for anything it cannot compile.</summary>
public static class TierArgument
{
    public static ExecutionTier Parse(string? text, ExecutionTier fallback = ExecutionTier.Compiled) => text switch
    {
        null => fallback,
        "interpreted" => ExecutionTier.Interpreted,
        "compiled" => ExecutionTier.Compiled,
        _ => throw new UsageException($"--tier: '{text}' is not interpreted or compiled"),
    };
}

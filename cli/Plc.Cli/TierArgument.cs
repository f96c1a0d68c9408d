using Plc.Runtime.Hosting;

namespace Plc.Cli;

/// <summary><c>--tier interpreted|compiled</c> (docs/performance.md).</summary>
public static class TierArgument
{
    public static ExecutionTier Parse(string? text, ExecutionTier fallback = ExecutionTier.Interpreted) => text switch
    {
        null => fallback,
        "interpreted" => ExecutionTier.Interpreted,
        "compiled" => ExecutionTier.Compiled,
        _ => throw new UsageException($"--tier: '{text}' is not interpreted or compiled"),
    };
}

using System;
using System.Globalization;

namespace Plc.Cli;

/// <summary>Parses TIME values given on the command line: T#1s500ms, TIME#10ms, 10ms, 1.5s, 250us.</summary>
public static class TimeArgument
{
    public static long Parse(string option, string text)
    {
        if (TryParse(text, out long ns)) return ns;
        throw new UsageException($"{option}: '{text}' is not a time (examples: T#10ms, 1s500ms, 250us)");
    }

    public static bool TryParse(string text, out long nanoseconds) => Plc.Runtime.Hosting.Durations.TryParse(text, out nanoseconds);
}

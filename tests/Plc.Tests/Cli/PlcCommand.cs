using System.IO;
using Plc.Cli;

namespace Plc.Tests.Cli;

/// <summary>The plc command run in process, as the tests of its contract call it.</summary>
public static class PlcCommand
{
    /// <summary>Runs <c>plc ARGS</c>: the exit code, stdout and stderr (line ends as "\n", whatever the platform).</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = CommandLine.Run(args, o, e);
        return (exit, o.ToString().Replace("\r\n", "\n"), e.ToString().Replace("\r\n", "\n"));
    }
}

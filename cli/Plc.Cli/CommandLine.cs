using System.IO;

namespace Plc.Cli;

public static class CommandLine
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("plc: not yet");
        return 2;
    }
}

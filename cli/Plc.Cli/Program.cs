namespace Plc.Cli;

public static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, System.Console.Out, System.Console.Error);
}

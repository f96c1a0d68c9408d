using System.IO;
using Plc.Runtime.Core;

namespace Plc.Cli;

/// <summary><c>plc disasm IMAGE</c> (or source files, compiled first).</summary>
public static class DisasmCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new Arguments(args, System.Array.Empty<string>());
        if (a.Positional.Count == 0) throw new UsageException("disasm: no image or source file");
        var image = ProgramLoader.Load(a.Positional, stderr, out int exit);
        if (image == null) return exit;
        stdout.Write(Disassembler.Disassemble(image));
        return CommandLine.Ok;
    }
}

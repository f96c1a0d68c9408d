using System.IO;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Format;

public class BytecodeDocTests
{
    static string Doc()
    {
        string? dir = System.AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "docs", "bytecode.md"))) dir = Path.GetDirectoryName(dir);
        Assert.True(dir != null, "docs/bytecode.md not found above " + System.AppContext.BaseDirectory);
        return File.ReadAllText(Path.Combine(dir!, "docs", "bytecode.md"));
    }

    [Fact]
    public void EveryOpcodeIsDocumented()
    {
        string doc = Doc();
        for (int op = 0; op < (int)Opcode.Count; op++)
        {
            string name = OpcodeInfo.Get((Opcode)op).Name;
            Assert.True(doc.Contains("`" + name + "`"), "docs/bytecode.md does not document `" + name + "`");
        }
    }

    [Fact]
    public void EveryFaultCodeIsDocumented()
    {
        string doc = Doc();
        for (int i = 1; i <= 7; i++) Assert.Contains("PLCF00" + i, doc);
    }

    [Fact]
    public void OpcodeTableHasOperandsAndUniqueNames()
    {
        var seen = new System.Collections.Generic.HashSet<string>();
        for (int op = 0; op < (int)Opcode.Count; op++)
        {
            OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
            Assert.NotNull(info.Operands);
            Assert.True(seen.Add(info.Name), "duplicate opcode name " + info.Name);
            Assert.Equal(op, OpcodeInfo.FindByName(info.Name.ToUpperInvariant()));
        }
    }
}

using System.IO;
using Plc.Runtime.Core;
using Plc.Tests.Conformance;
using Xunit;

namespace Plc.Tests.Format;

/// <summary>docs/bytecode.md documents every opcode, native function and fault of the runtime.</summary>
public class BytecodeDocTests
{
    static readonly string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "bytecode.md"));

    [Fact]
    public void EveryOpcodeHasARowWithItsNumber()
    {
        for (int i = 0; i < (int)Opcode.Count; i++)
        {
            string name = OpcodeInfo.Get((Opcode)i).Name;
            Assert.True(doc.Contains($"| {i} | `{name}` |"), $"docs/bytecode.md has no row for opcode {i} `{name}`");
        }
    }

    [Fact]
    public void EveryNativeHasARowWithItsId()
    {
        for (int id = 0; id < NativeCatalog.Count; id++)
        {
            string name = NativeCatalog.Get(id).Name;
            Assert.True(doc.Contains($"| {id} | `{name}` |"), $"docs/bytecode.md has no row for native {id} `{name}`");
        }
    }

    [Fact]
    public void EveryFaultIsListed()
    {
        for (var code = FaultCode.DivisionByZero; code <= FaultCode.InvalidInstance; code++)
            Assert.Contains($"| {Fault.CodeTextOf(code)} | {code} |", doc);
    }
}

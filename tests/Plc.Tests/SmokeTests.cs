using Xunit;

namespace Plc.Tests;

public class SmokeTests
{
    [Fact]
    public void OpcodeTableIsComplete()
    {
        for (int i = 0; i < (int)Plc.Runtime.Core.Opcode.Count; i++)
            Assert.NotNull(Plc.Runtime.Core.OpcodeInfo.Get((Plc.Runtime.Core.Opcode)i));
    }
}

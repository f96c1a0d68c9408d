using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Runtime;

public class OpcodeTableTests
{
    /// <summary>Opcode numbers are part of the image format: this pins them.</summary>
    [Theory]
    [InlineData(Opcode.PushI, 1)]
    [InlineData(Opcode.LdG_I8, 7)]
    [InlineData(Opcode.StG_I8, 31)]
    [InlineData(Opcode.LdBitG, 49)]
    [InlineData(Opcode.LeaG, 55)]
    [InlineData(Opcode.MemCopy, 60)]
    [InlineData(Opcode.Add_I, 67)]
    [InlineData(Opcode.Add_L, 86)]
    [InlineData(Opcode.Add_F, 99)]
    [InlineData(Opcode.Eq_I, 111)]
    [InlineData(Opcode.I2L, 137)]
    [InlineData(Opcode.Jmp, 157)]
    [InlineData(Opcode.CallNative, 163)]
    [InlineData(Opcode.Now, 164)]
    [InlineData(Opcode.Sel, 165)]
    [InlineData(Opcode.Math2, 186)]
    [InlineData(Opcode.IndexDyn, 187)]
    [InlineData(Opcode.Count, 188)]
    public void OpcodeNumbersAreStable(Opcode op, int value) => Assert.Equal(value, (int)op);

    [Fact]
    public void EveryOpcodeHasOperandsAndAName()
    {
        for (int i = 0; i < (int)Opcode.Count; i++)
        {
            var info = OpcodeInfo.Get((Opcode)i);
            Assert.Equal((Opcode)i, info.Op);
            Assert.NotNull(info.Operands);                 // the static-initialisation order bug left these null
            Assert.Equal(i, OpcodeInfo.FindByName(info.Name));
            Assert.Equal(info.Pops == null, info.Pushes == null);
        }
    }

    [Fact]
    public void NativeCatalogIdsMatchTheirPositions()
    {
        for (int i = 0; i < NativeCatalog.Count; i++)
        {
            Assert.Equal(i, NativeCatalog.Get(i).Id);
            Assert.Equal(i, NativeCatalog.FindByName(NativeCatalog.Get(i).Name));
        }
        Assert.Equal(0, NativeCatalog.FindByName("str.from_int"));
        Assert.Equal(1, NativeCatalog.FindByName("str.from_uint"));
        Assert.Equal(2, NativeCatalog.FindByName("str.to_int"));
    }
}

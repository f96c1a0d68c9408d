using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Xunit;

namespace Plc.Tests.Compiler;

/// <summary>UNION layout (D37), as the image's debug section describes it to monitors and the retain store.</summary>
public class UnionLayoutTests
{
    const string Source = @"
TYPE
    Wide : UNION b : BYTE; l : LREAL; END_UNION
    Odd : UNION a : ARRAY[0..4] OF BYTE; d : DINT; END_UNION
    Around : STRUCT tag : BYTE; u : Odd; tail : BYTE; END_STRUCT
END_TYPE
PROGRAM Main
VAR w : Wide; o : Odd; s : Around; END_VAR
END_PROGRAM";

    static TypeDesc Named(Image image, string name) => image.Debug.Types.Single(t => t.Name == name);

    [Fact]
    public void EveryMemberStartsAtZeroAndTheSizeIsTheLargestMemberRoundedToTheLargestAlignment()
    {
        var result = Compilation.Compile(new[] { new SourceText("u.st", Source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var image = result.Image!;

        var wide = Named(image, "Wide");
        Assert.Equal(TypeKind.Struct, wide.Kind);
        Assert.All(wide.Members, m => Assert.Equal(0, m.Offset));
        Assert.Equal(8, wide.Size);                       // the LREAL

        var odd = Named(image, "Odd");
        Assert.All(odd.Members, m => Assert.Equal(0, m.Offset));
        Assert.Equal(8, odd.Size);                        // 5 bytes of the array, aligned to the DINT's 4

        var around = Named(image, "Around");
        Assert.Equal(new[] { 0, 4, 12 }, around.Members.Select(m => m.Offset).ToArray());   // the union aligned to 4
        Assert.Equal(16, around.Size);
    }
}

using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Hosting;

public class ProcessAddressTests
{
    [Theory]
    // D29: the number counts units of the size letter within its space; bit addresses are byte.bit.
    [InlineData("%IX0.0", ProcessArea.Input, 'X', 0, 0, 1)]
    [InlineData("%ix2.7", ProcessArea.Input, 'X', 2, 7, 1)]
    [InlineData("%I5.2", ProcessArea.Input, 'X', 5, 2, 1)]
    [InlineData("%QB3", ProcessArea.Output, 'B', 3, -1, 1)]
    [InlineData("%QW1", ProcessArea.Output, 'W', 2, -1, 2)]
    [InlineData("%ID1", ProcessArea.Input, 'D', 4, -1, 4)]
    [InlineData("%ML2", ProcessArea.Memory, 'L', 16, -1, 8)]
    [InlineData(" %MW10 ", ProcessArea.Memory, 'W', 20, -1, 2)]
    public void Parses_addresses_into_byte_offsets(string text, ProcessArea area, char size, int offset, int bit, int bytes)
    {
        var a = ProcessAddress.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(new ProcessAddress(area, size, offset, bit), a);
        Assert.Equal(bytes, a!.Value.Size);
    }

    [Theory]
    [InlineData("%IX0")]
    [InlineData("%IX0.8")]
    [InlineData("%IW")]
    [InlineData("%IW1.2")]
    [InlineData("%Z0")]
    [InlineData("IX0.0")]
    [InlineData("%IW99999999999")]
    [InlineData("%IX0.1x")]
    public void Rejects_what_is_not_an_address(string text)
    {
        Assert.Null(ProcessAddress.Parse(text, out var error));
        Assert.Contains(text, error);
    }

    [Fact]
    public void Prints_in_canonical_form()
    {
        Assert.Equal("%QW1", ProcessAddress.Parse("%qw1", out _)!.Value.ToString());
        Assert.Equal("%IX5.2", ProcessAddress.Parse("%I5.2", out _)!.Value.ToString());
        Assert.Equal("%MD3", ProcessAddress.Parse("%MD3", out _)!.Value.ToString());
    }
}

using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.IO;
using Iot.Device.Mcp23xxx;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

/// <summary>The real Iot.Device.Mcp23xxx.Mcp23017 binding (a GpioDriver, used through a GpioController, and its register
/// API) against <see cref="SimulatedMcp23017"/>. Register addresses with IOCON.BANK = 0: A at 2n, B at 2n + 1.</summary>
public class Mcp23017SimulationTests
{
    readonly SimulatedMcp23017 chip = new(1, 0x20);

    [Fact]
    public void OutputsThroughAGpioController()
    {
        using var mcp = new Mcp23017(chip);
        using var gpio = new GpioController(mcp);
        gpio.OpenPin(0, PinMode.Output);        // A0
        gpio.OpenPin(9, PinMode.Output);        // B1
        Assert.True(chip.IsOutput(0));
        Assert.True(chip.IsOutput(9));
        Assert.False(chip.IsOutput(1));         // the binding sets IODIR = 0xFFFF first: all inputs
        gpio.Write(0, PinValue.High);
        gpio.Write(9, PinValue.High);
        Assert.True(chip.GetPin(0));
        Assert.True(chip.GetPin(9));
        Assert.False(chip.GetPin(8));
        gpio.Write(0, PinValue.Low);
        Assert.False(chip.GetPin(0));
        Assert.True(chip.GetPin(9));
        Assert.Equal(PinValue.High, gpio.Read(9)); // an output reads its own level
    }

    [Fact]
    public void InputsAndPullUpsThroughAGpioController()
    {
        using var mcp = new Mcp23017(chip);
        using var gpio = new GpioController(mcp);
        gpio.OpenPin(3, PinMode.Input);
        gpio.OpenPin(12, PinMode.InputPullUp);  // B4
        Assert.False(chip.PullUp(3));
        Assert.True(chip.PullUp(12));

        Assert.Equal(PinValue.Low, gpio.Read(3));   // not driven, no pull-up: Low here
        chip.SetInput(3, true);
        Assert.Equal(PinValue.High, gpio.Read(3));
        chip.SetInput(3, false);
        Assert.Equal(PinValue.Low, gpio.Read(3));

        Assert.Equal(PinValue.High, gpio.Read(12)); // pull-up
        chip.SetInput(12, false);                   // switch to GND
        Assert.Equal(PinValue.Low, gpio.Read(12));
        chip.SetInput(12, null);
        Assert.Equal(PinValue.High, gpio.Read(12));
    }

    [Fact]
    public void RegisterApiPortsAndPolarity()
    {
        using var mcp = new Mcp23017(chip);
        mcp.WriteUInt16(Register.IODIR, 0x00FF);        // A inputs, B outputs
        mcp.WriteUInt16(Register.GPIO, 0xA500);         // B = 1010 0101 (goes to OLAT)
        Assert.Equal(0xA500, mcp.ReadUInt16(Register.OLAT));
        Assert.True(chip.GetPin(8));                    // B0 = bit 0 of 0xA5
        Assert.False(chip.GetPin(9));
        Assert.True(chip.GetPin(10));
        Assert.True(chip.GetPin(15));                   // B7

        bool[] pattern = [false, false, true, true, true, true, false, false]; // A = 0011 1100 = 0x3C
        for (int i = 0; i < 8; i++) chip.SetInput(i, pattern[i]);
        Assert.Equal(0x3C, mcp.ReadPortA());
        Assert.Equal(0xA5, mcp.ReadPortB());            // outputs read back their latch
        mcp.WriteByte(Register.IPOL, 0xFF, Port.PortA); // invert the inputs of port A
        Assert.Equal(0xC3, mcp.ReadPortA());
        Assert.True(chip.GetPin(2));                    // the pin itself is unchanged: still High
        mcp.WriteByte(Register.GPPU, 0x81, Port.PortA);
        Assert.Equal(0x81, mcp.ReadByte(Register.GPPU, Port.PortA));
        Assert.True(chip.PullUp(0) && chip.PullUp(7) && !chip.PullUp(1));
    }

    [Fact]
    public void SequentialAndByteModeAddressing()
    {
        chip.Write(new byte[] { 0x00, 0x12, 0x34 });    // SEQOP = 0: IODIRA, then IODIRB
        var two = new byte[2];
        chip.WriteRead(new byte[] { 0x00 }, two);
        Assert.Equal(new byte[] { 0x12, 0x34 }, two);

        var all = new byte[0x16 + 2];
        chip.WriteRead(new byte[] { 0x00 }, all);       // the pointer wraps from 0x15 (OLATB) to 0x00
        Assert.Equal(0x12, all[0x16]);
        Assert.Equal(0x34, all[0x17]);

        chip.Write(new byte[] { 0x0A, 0x20 });          // IOCON.SEQOP = 1: byte mode, toggles within the A/B pair
        chip.Write(new byte[] { 0x00, 0xAA, 0xBB, 0xCC });
        chip.WriteRead(new byte[] { 0x00 }, two);
        Assert.Equal(new byte[] { 0xCC, 0xBB }, two);   // A, B, A again
        var iocon = new byte[1];
        chip.WriteRead(new byte[] { 0x0B }, iocon);     // IOCON also answers at 0x0B
        Assert.Equal(0x20, iocon[0]);
    }

    [Fact]
    public void InterruptOnChangeReachesTheBindingsCallbackThroughTheGpioChip()
    {
        // INTA -> GPIO 17, INTB -> GPIO 27 of the simulated board; the binding opens them as inputs on the controller.
        using var hw = new SimulatedHardware();
        var expander = (SimulatedMcp23017)hw.OpenI2c("mcp23017", 1, 0x21);
        expander.ConnectInterruptPins(hw.GpioDriver, 17, 27);
        using var mcp = new Mcp23017(expander, -1, 17, 27, hw.Gpio, shouldDispose: false);
        using var gpio = new GpioController(mcp);
        gpio.OpenPin(3, PinMode.InputPullUp);   // a button from A3 to GND
        var seen = new List<(PinEventTypes, int)>();
        gpio.RegisterCallbackForPinValueChangedEvent(3, PinEventTypes.Falling, (_, e) => seen.Add((e.ChangeType, e.PinNumber)));
        Assert.Equal(PinValue.High, hw.GpioDriver.GetLevel(17)); // INTA idle: push-pull, active low

        expander.SetInput(3, false);            // press: A3 differs from DEFVAL (1) -> INTA low -> binding reads INTF, GPIO
        Assert.Equal(new[] { (PinEventTypes.Falling, 3) }, seen);
        Assert.Equal(PinValue.Low, hw.GpioDriver.GetLevel(17));   // compare-to-DEFVAL: stays active while pressed

        expander.SetInput(3, null);             // release: the pull-up pulls A3 back to 1
        Assert.True(expander.InterruptA);       // still latched until GPIO or INTCAP is read (datasheet 3.6.5)
        Assert.Equal(PinValue.High, gpio.Read(3)); // reading GPIO clears it
        Assert.False(expander.InterruptA);
        Assert.Equal(PinValue.High, hw.GpioDriver.GetLevel(17));

        expander.SetInput(3, false);            // second press: a new falling edge on INTA
        Assert.Equal(new[] { (PinEventTypes.Falling, 3), (PinEventTypes.Falling, 3) }, seen);
    }

    [Fact]
    public void InterruptRegistersOnPinChange()
    {
        // Port B: B2 input, interrupt on any change (INTCON = 0), INTA/INTB push-pull active high (INTPOL = 1)
        chip.Write(new byte[] { 0x0A, 0x02 });  // IOCON.INTPOL
        chip.Write(new byte[] { 0x05, 0x04 });  // GPINTENB = B2
        chip.SetInput(10, true);                // B2 high
        var b = new byte[1];
        chip.WriteRead(new byte[] { 0x0F }, b); // INTFB
        Assert.Equal(0x04, b[0]);
        Assert.True(chip.InterruptB);
        Assert.False(chip.InterruptA);
        chip.SetInput(10, false);               // a second change before the clear: no new capture
        chip.WriteRead(new byte[] { 0x11 }, b); // INTCAPB: the port as it was at the first interrupt; reading clears
        Assert.Equal(0x04, b[0]);
        Assert.False(chip.InterruptB);
        chip.WriteRead(new byte[] { 0x0F }, b);
        Assert.Equal(0x00, b[0]);
        chip.Write(new byte[] { 0x0A, 0x42 });  // MIRROR: INTA = INTB = either port
        chip.SetInput(10, true);
        Assert.True(chip.InterruptA);
        Assert.True(chip.InterruptB);
    }

    [Fact]
    public void OutputPinsDoNotInterrupt()
    {
        chip.Write(new byte[] { 0x00, 0xFE });  // IODIRA: A0 output
        chip.Write(new byte[] { 0x04, 0x01 });  // GPINTENA: A0
        chip.Write(new byte[] { 0x14, 0x01 });  // OLATA: A0 high
        Assert.True(chip.GetPin(0));
        Assert.False(chip.InterruptA);
    }

    [Fact]
    public void FailingChipMakesTheBindingThrow()
    {
        using var mcp = new Mcp23017(chip);
        using var gpio = new GpioController(mcp);
        gpio.OpenPin(5, PinMode.Input);
        chip.Failing = true;
        Assert.Throws<IOException>(() => gpio.Read(5));
        chip.Failing = false;
        chip.SetInput(5, true);
        Assert.Equal(PinValue.High, gpio.Read(5));
    }

    [Fact]
    public void TheBindingChecksTheAddressRangeAndSoDoesTheEmulator()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedMcp23017(1, 0x28));
        Assert.Equal(0x27, new SimulatedMcp23017(1, 0x27).Address);
    }
}

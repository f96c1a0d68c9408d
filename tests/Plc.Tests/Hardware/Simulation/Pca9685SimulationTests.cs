using System;
using System.IO;
using Iot.Device.Pwm;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

/// <summary>The real Iot.Device.Pwm.Pca9685 binding against <see cref="SimulatedPca9685"/>. Datasheet: prescale =
/// round(25 MHz / (4096 * f)) - 1, f = 25 MHz / (4096 * (prescale + 1)); a channel is high from count ON to count
/// OFF of 4096.</summary>
public class Pca9685SimulationTests
{
    const double Step = 1.0 / 4096;
    readonly SimulatedPca9685 chip = new(1, 0x40);

    [Fact]
    public void FiftyHertzGivesPrescale121()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 50);
        // round(25e6 / (4096 * 50)) - 1 = round(122.07) - 1 = 121
        Assert.Equal(121, chip.Prescale);
        // 25e6 / (4096 * 122) = 50.0288 Hz
        Assert.Equal(25e6 / (4096 * 122), chip.Frequency, 9);
        Assert.Equal(50.03, chip.Frequency, 0.01);
        Assert.Equal(chip.Frequency, pca.PwmFrequency, 9);
        Assert.False(chip.Sleeping);            // the binding wakes the oscillator at the end of its constructor
    }

    [Fact]
    public void ChangingTheFrequencyWhileRunning()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 50);
        pca.PwmFrequency = 1000;
        // round(25e6 / (4096 * 1000)) - 1 = round(6.10) - 1 = 5; 25e6 / (4096 * 6) = 1017.25 Hz
        Assert.Equal(5, chip.Prescale);
        Assert.Equal(1017.25, chip.Frequency, 0.01);
        Assert.False(chip.Sleeping);            // the binding put it to sleep to write PRE_SCALE and woke it again
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.25)]
    [InlineData(7, 0.1)]
    [InlineData(14, 0.999)]
    [InlineData(15, 0.0001)]
    public void DutyCyclesPerChannel(int channel, double duty)
    {
        using var pca = new Pca9685(chip, pwmFrequency: 200);
        pca.SetDutyCycle(channel, duty);
        Assert.Equal(duty, chip.GetDutyCycle(channel), Step);   // 12-bit counts: within 1/4096
        Assert.Equal(chip.GetDutyCycle(channel), pca.GetDutyCycle(channel), 12); // the binding reads the registers back
        for (int other = 0; other < 16; other++)
            if (other != channel) Assert.Equal(0.0, chip.GetDutyCycle(other)); // power-on: full-off
    }

    [Fact]
    public void FullOnAndFullOffBits()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 200);
        pca.SetDutyCycle(3, 1.0);               // the binding writes ON = 4096 (ON_H bit 4), OFF = 0
        Assert.Equal(1.0, chip.GetDutyCycle(3));
        Assert.Equal((0, 0, true, false), chip.GetCounts(3));
        pca.SetDutyCycle(3, 0.0);               // OFF = 4096 (OFF_H bit 4)
        Assert.Equal(0.0, chip.GetDutyCycle(3));
        Assert.True(chip.GetCounts(3).FullOff);
        chip.Write(new byte[] { 0x06 + 4 * 3 + 1, 0x10 });      // full-on as well: full-off wins (datasheet)
        Assert.Equal(0.0, chip.GetDutyCycle(3));
    }

    [Fact]
    public void ChannelsCreatedAsPwmChannels()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 50);
        using var servo = pca.CreatePwmChannel(9);
        servo.DutyCycle = 0.075;                // 1.5 ms of 20 ms
        Assert.Equal(0.075, chip.GetDutyCycle(9), Step);
    }

    [Fact]
    public void OnCountAfterOffCountWrapsAround()
    {
        // ON = 3000, OFF = 1000: high from 3000 to 4095 and 0 to 999 -> (1000 - 3000) mod 4096 = 2096 counts
        chip.Write(new byte[] { 0x00, 0x20 });  // MODE1: AI, awake
        chip.Write(new byte[] { 0x06, 3000 & 0xFF, 3000 >> 8, 1000 & 0xFF, 1000 >> 8 });
        Assert.Equal(2096.0 / 4096, chip.GetDutyCycle(0), 12);
    }

    [Fact]
    public void AutoIncrementOnlyWithModeAi()
    {
        // MODE1 after power-on: 0x11 (SLEEP, ALLCALL), AI = 0: every byte goes to ALL_LED_ON_L
        chip.Write(new byte[] { 0xFA, 0x00, 0x00, 0x00, 0x08 });
        for (int ch = 0; ch < 16; ch++) Assert.Equal((8, 0, false, true), chip.GetCounts(ch));
        Assert.Equal(0.0, chip.GetDutyCycle(0));
        chip.Write(new byte[] { 0x00, 0x21 });  // AI | ALLCALL, SLEEP cleared
        // ALL_LED: ON = 0, OFF = 0x800 = 2048 -> 0.5 on every channel
        chip.Write(new byte[] { 0xFA, 0x00, 0x00, 0x00, 0x08 });
        for (int ch = 0; ch < 16; ch++) Assert.Equal(0.5, chip.GetDutyCycle(ch));
        var all = new byte[4];
        chip.WriteRead(new byte[] { 0xFA }, all);
        Assert.Equal(new byte[4], all);         // ALL_LED registers read 0
        var led15 = new byte[6];
        chip.WriteRead(new byte[] { 0x42 }, led15); // LED15_ON_L .. LED15_OFF_H, then rolls over to MODE1, MODE2
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x08, 0x21, 0x04 }, led15);
    }

    [Fact]
    public void PrescaleIsOnlyWritableWhileAsleep()
    {
        Assert.Equal(0x1E, chip.Prescale);      // power-on: 30 -> 25e6 / (4096 * 31) = 196.9 Hz
        chip.Write(new byte[] { 0x00, 0x01 });  // wake up
        chip.Write(new byte[] { 0xFE, 100 });
        Assert.Equal(0x1E, chip.Prescale);      // blocked while SLEEP = 0
        chip.Write(new byte[] { 0x00, 0x11 });  // sleep
        chip.Write(new byte[] { 0xFE, 100 });
        Assert.Equal(100, chip.Prescale);
        chip.Write(new byte[] { 0xFE, 1 });
        Assert.Equal(3, chip.Prescale);         // the hardware forces a minimum of 3
    }

    [Fact]
    public void RestartBitAfterSleepingWithActiveChannels()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 100);
        pca.SetDutyCycle(0, 0.5);
        var mode1 = new byte[1];
        chip.WriteRead(new byte[] { 0x00 }, mode1);
        byte awake = mode1[0];
        Assert.Equal(0, awake & 0x80);
        chip.Write(new byte[] { 0x00, (byte)(awake | 0x10) });      // sleep with a channel running
        Assert.NotEqual(0, chip.Mode1Register & 0x80);               // RESTART = 1
        chip.Write(new byte[] { 0x00, (byte)(awake & ~0x80) });     // wake, RESTART written 0: no effect
        Assert.NotEqual(0, chip.Mode1Register & 0x80);
        chip.Write(new byte[] { 0x00, (byte)(awake | 0x80) });      // write 1 to RESTART: channels restart, bit clears
        Assert.Equal(0, chip.Mode1Register & 0x80);
    }

    [Fact]
    public void ReservedRegistersAreNotAcknowledged()
    {
        Assert.Throws<IOException>(() => chip.Write(new byte[] { 0x46, 0x00 }));
        Assert.Throws<IOException>(() => chip.WriteRead(new byte[] { 0xF9 }, new byte[1]));
    }

    [Fact]
    public void FailingChipMakesTheBindingThrow()
    {
        using var pca = new Pca9685(chip, pwmFrequency: 50);
        chip.Failing = true;
        Assert.Throws<IOException>(() => pca.SetDutyCycle(0, 0.5));
        chip.Failing = false;
        pca.SetDutyCycle(0, 0.5);
        Assert.Equal(0.5, chip.GetDutyCycle(0));
    }
}

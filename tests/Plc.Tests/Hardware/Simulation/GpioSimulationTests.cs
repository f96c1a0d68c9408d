using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using System.Threading.Tasks;
using Plc.Hardware.Simulation;
using Xunit;

namespace Plc.Tests.Hardware.Simulation;

/// <summary>A real <see cref="GpioController"/> over <see cref="SimulatedGpioDriver"/>.</summary>
public class GpioSimulationTests
{
    readonly SimulatedGpioDriver driver = new(28);
    readonly GpioController gpio;

    public GpioSimulationTests() => gpio = new GpioController(driver);

    [Fact]
    public void PinCountComesFromTheDriver()
    {
        Assert.Equal(28, gpio.PinCount);
        Assert.Equal(40, new GpioController(new SimulatedGpioDriver(40)).PinCount);
    }

    [Fact]
    public void InputWithoutPullReadsTheExternalLevelElseLow()
    {
        gpio.OpenPin(4, PinMode.Input);
        Assert.Equal(PinValue.Low, gpio.Read(4));        // nothing drives it, no pull: Low
        driver.SetExternal(4, PinValue.High);
        Assert.Equal(PinValue.High, gpio.Read(4));
        driver.SetExternal(4, PinValue.Low);
        Assert.Equal(PinValue.Low, gpio.Read(4));
        driver.SetExternal(4, null);
        Assert.Equal(PinValue.Low, gpio.Read(4));
    }

    [Fact]
    public void PullUpReadsHighUntilDrivenLow()
    {
        gpio.OpenPin(5, PinMode.InputPullUp);
        Assert.Equal(PinValue.High, gpio.Read(5));
        Assert.Equal(PinValue.High, driver.GetLevel(5));
        driver.SetExternal(5, PinValue.Low);             // a button to GND
        Assert.Equal(PinValue.Low, gpio.Read(5));
        driver.SetExternal(5, null);                     // released: the pull-up wins again
        Assert.Equal(PinValue.High, gpio.Read(5));
    }

    [Fact]
    public void PullDownReadsLowUntilDrivenHigh()
    {
        gpio.OpenPin(6, PinMode.InputPullDown);
        Assert.Equal(PinValue.Low, gpio.Read(6));
        driver.SetExternal(6, PinValue.High);
        Assert.Equal(PinValue.High, gpio.Read(6));
        Assert.Equal(PinValue.High, driver.GetLevel(6));
    }

    [Fact]
    public void OutputShowsTheLastWrittenValueWhateverIsDrivenFromOutside()
    {
        gpio.OpenPin(17, PinMode.Output);
        Assert.Equal(PinMode.Output, driver.GetMode(17));
        driver.SetExternal(17, PinValue.High);           // an output wins over the outside
        gpio.Write(17, PinValue.Low);
        Assert.Equal(PinValue.Low, driver.GetLevel(17));
        gpio.Write(17, PinValue.High);
        Assert.Equal(PinValue.High, driver.GetLevel(17));
        Assert.Equal(PinValue.High, gpio.Read(17));
        gpio.Toggle(17);
        Assert.Equal(PinValue.Low, driver.GetLevel(17));
    }

    [Fact]
    public void OpenWithInitialValueStartsAtThatValue()
    {
        gpio.OpenPin(18, PinMode.Output, PinValue.High);
        Assert.Equal(PinValue.High, driver.GetLevel(18));
    }

    [Fact]
    public void ModeAndOpenStateAreVisible()
    {
        Assert.False(driver.IsOpen(7));
        Assert.Null(driver.GetMode(7));
        gpio.OpenPin(7, PinMode.InputPullUp);
        Assert.True(driver.IsOpen(7));
        Assert.Equal(PinMode.InputPullUp, driver.GetMode(7));
        Assert.Equal(PinMode.InputPullUp, gpio.GetPinMode(7));
        gpio.SetPinMode(7, PinMode.Output);
        Assert.Equal(PinMode.Output, driver.GetMode(7));
        gpio.ClosePin(7);
        Assert.False(driver.IsOpen(7));
        Assert.Null(driver.GetMode(7));
    }

    [Fact]
    public void ClosedPinShowsOnlyWhatIsDrivenOntoIt()
    {
        gpio.OpenPin(8, PinMode.Output, PinValue.High);
        gpio.ClosePin(8);
        Assert.Equal(PinValue.Low, driver.GetLevel(8));  // no longer driven by us, no pull
        driver.SetExternal(8, PinValue.High);
        Assert.Equal(PinValue.High, driver.GetLevel(8));
    }

    [Fact]
    public void PinsOutsideTheChipAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => driver.SetExternal(28, PinValue.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => driver.GetLevel(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpio.OpenPin(28));
    }

    [Fact]
    public void CallbacksSeeRisingAndFallingEdgesOnlyOnChange()
    {
        gpio.OpenPin(22, PinMode.InputPullDown);
        var seen = new List<(PinEventTypes Type, int Pin)>();
        void Handler(object sender, PinValueChangedEventArgs e) => seen.Add((e.ChangeType, e.PinNumber));
        gpio.RegisterCallbackForPinValueChangedEvent(22, PinEventTypes.Rising | PinEventTypes.Falling, Handler);

        driver.SetExternal(22, PinValue.High);
        driver.SetExternal(22, PinValue.High);           // no change, no edge
        driver.SetExternal(22, null);                    // pull-down: back to Low
        Assert.Equal(new[] { (PinEventTypes.Rising, 22), (PinEventTypes.Falling, 22) }, seen);

        gpio.UnregisterCallbackForPinValueChangedEvent(22, Handler);
        driver.SetExternal(22, PinValue.High);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void CallbackForFallingOnlyIgnoresRisingEdges()
    {
        gpio.OpenPin(23, PinMode.InputPullUp);
        int falling = 0, rising = 0;
        gpio.RegisterCallbackForPinValueChangedEvent(23, PinEventTypes.Falling, (_, e) =>
        {
            if (e.ChangeType == PinEventTypes.Falling) falling++;
            else rising++;
        });
        for (int i = 0; i < 3; i++)
        {
            driver.SetExternal(23, PinValue.Low);        // press
            driver.SetExternal(23, null);                // release (pull-up)
        }
        Assert.Equal(3, falling);
        Assert.Equal(0, rising);
    }

    [Fact]
    public void ChangingThePullOfAFloatingInputIsAnEdge()
    {
        gpio.OpenPin(24, PinMode.InputPullUp);
        var seen = new List<PinEventTypes>();
        gpio.RegisterCallbackForPinValueChangedEvent(24, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) => seen.Add(e.ChangeType));
        gpio.SetPinMode(24, PinMode.InputPullDown);      // High -> Low
        Assert.Equal(new[] { PinEventTypes.Falling }, seen);
    }

    [Fact]
    public void OutputsRaiseNoEvents()
    {
        gpio.OpenPin(25, PinMode.Output);
        int events = 0;
        gpio.RegisterCallbackForPinValueChangedEvent(25, PinEventTypes.Rising | PinEventTypes.Falling, (_, _) => events++);
        gpio.Write(25, PinValue.High);
        gpio.Write(25, PinValue.Low);
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task WaitForEventWakesOnTheEdge()
    {
        gpio.OpenPin(26, PinMode.InputPullDown);
        var waiting = Task.Run(() => gpio.WaitForEvent(26, PinEventTypes.Rising, TimeSpan.FromSeconds(30)));
        Assert.True(SpinWait.SpinUntil(() => driver.WaiterCount(26) == 1, TimeSpan.FromSeconds(30)));
        driver.SetExternal(26, PinValue.Low);            // no change (already Low): must not wake it
        Assert.Equal(1, driver.WaiterCount(26));
        driver.SetExternal(26, PinValue.High);
        var result = await waiting;
        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Rising, result.EventTypes);
        Assert.Equal(0, driver.WaiterCount(26));
    }

    [Fact]
    public void WaitForEventTimesOutWithoutAnEdge()
    {
        gpio.OpenPin(27, PinMode.Input);
        var result = gpio.WaitForEvent(27, PinEventTypes.Falling, TimeSpan.FromMilliseconds(20));
        Assert.True(result.TimedOut);
        Assert.Equal(PinEventTypes.None, result.EventTypes);
    }
}

public class PwmSimulationTests
{
    [Fact]
    public void ChannelKeepsFrequencyDutyAndRunState()
    {
        var pwm = new SimulatedPwmChannel(0, 1, 1000, 0.25);
        Assert.Equal((0, 1), (pwm.Chip, pwm.Channel));
        Assert.Equal(1000, pwm.Frequency);
        Assert.Equal(0.25, pwm.DutyCycle);
        Assert.False(pwm.IsRunning);
        Assert.Equal(0.0, pwm.EffectiveDutyCycle);       // stopped: the output stays low
        pwm.Start();
        Assert.True(pwm.IsRunning);
        Assert.Equal(0.25, pwm.EffectiveDutyCycle);
        pwm.Frequency = 50;
        pwm.DutyCycle = 0.0625;                          // a servo's 1.25 ms pulse at 50 Hz (1/16 of 20 ms)
        Assert.Equal(20_000_000, pwm.PeriodNanoseconds); // 1 / 50 Hz
        Assert.Equal(1_250_000, pwm.PulseNanoseconds);
        pwm.Stop();
        Assert.False(pwm.IsRunning);
    }

    [Fact]
    public void OutOfRangeValuesAreRejectedLikeTheRealChannel()
    {
        var pwm = new SimulatedPwmChannel(0, 0, 400);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.DutyCycle = 1.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.DutyCycle = -0.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.DutyCycle = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => pwm.Frequency = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedPwmChannel(0, 0, 400, 2.0));
        Assert.Equal(0.0, pwm.DutyCycle);
    }

    [Fact]
    public void DisposeStopsTheChannel()
    {
        var pwm = new SimulatedPwmChannel(0, 0, 400, 0.5);
        pwm.Start();
        pwm.Dispose();
        Assert.False(pwm.IsRunning);
    }
}

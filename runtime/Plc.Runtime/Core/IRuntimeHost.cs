namespace Plc.Runtime.Core
{
    /// <summary>
    /// What the execution core needs from the machine it runs on. Math that nanoFramework's mscorlib lacks and the
    /// watchdog reach the <see cref="Interpreter"/> through this interface; it is called rarely (EXPT, and a poll of
    /// the watchdog every <see cref="Interpreter.WatchdogPollInterval"/> backward jumps or calls), never per instruction.
    /// </summary>
    public interface IRuntimeHost
    {
        /// <summary>x raised to the power y (IEEE semantics, as C's pow).</summary>
        double Pow(double x, double y);

        /// <summary>A math function of x (and y for ATAN2(y, x)), IEEE semantics as C's libm.</summary>
        double Math(MathFunction function, double x, double y);

        /// <summary>True when the current scan has run longer than its watchdog allows. Polled during long scans.</summary>
        bool WatchdogExpired();
    }
}

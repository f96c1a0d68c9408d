namespace Plc.Runtime.Core
{
    /// <summary>
    /// A faster tier that runs the same verified code with exactly the interpreter's semantics (on full .NET:
    /// Compiled/CompiledTier, IL generated from the bytecode). <see cref="Interpreter.Run"/> hands its runs to it when
    /// one is attached; the interpreter stays the reference and the fallback.
    /// </summary>
    public interface ICompiledCode
    {
        /// <summary>As <see cref="Interpreter.Run"/>: false with <paramref name="fault"/> set when a fault stopped it.</summary>
        bool Run(int pou, int thisAddress, long nowNs, ref Fault fault);
    }
}

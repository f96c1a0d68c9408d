namespace Plc.Runtime.Core
{
    /// <summary>Math functions the host computes for <see cref="Opcode.Math1"/> and <see cref="Opcode.Math2"/>
    /// (nanoFramework's mscorlib has no System.Math). Values are part of the image format.</summary>
    public enum MathFunction
    {
        Sqrt = 0,
        Ln = 1,
        Log = 2,     // base 10
        Exp = 3,
        Sin = 4,
        Cos = 5,
        Tan = 6,
        Asin = 7,
        Acos = 8,
        Atan = 9,
        /// <summary>Two arguments: ATAN2(y, x).</summary>
        Atan2 = 10,
        Count = 11,
    }
}

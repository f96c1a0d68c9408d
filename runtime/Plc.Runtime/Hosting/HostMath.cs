using Plc.Runtime.Core;

namespace Plc.Runtime.Hosting;

/// <summary>The math functions of <see cref="MathFunction"/> on full .NET.</summary>
public static class HostMath
{
    public static double Evaluate(MathFunction function, double x, double y) => function switch
    {
        MathFunction.Sqrt => Math.Sqrt(x),
        MathFunction.Ln => Math.Log(x),
        MathFunction.Log => Math.Log10(x),
        MathFunction.Exp => Math.Exp(x),
        MathFunction.Sin => Math.Sin(x),
        MathFunction.Cos => Math.Cos(x),
        MathFunction.Tan => Math.Tan(x),
        MathFunction.Asin => Math.Asin(x),
        MathFunction.Acos => Math.Acos(x),
        MathFunction.Atan => Math.Atan(x),
        MathFunction.Atan2 => Math.Atan2(x, y),
        _ => double.NaN,
    };
}

using System.Runtime.CompilerServices;
using Plc.Runtime.Core;
using Mem = Plc.Runtime.Core.Memory;

namespace Plc.Runtime.Compiled;

/// <summary>A fault inside compiled code: the details are in <see cref="CompiledEnv.Fault"/>.</summary>
sealed class CompiledFault : Exception
{
    public static readonly CompiledFault Instance = new();
}

/// <summary>What compiled code of one program shares: its memory, the host, the scan's time and the watchdog budget.</summary>
public sealed class CompiledEnv
{
    public byte[] Mem = Array.Empty<byte>();
    public byte[] Initial = Array.Empty<byte>();
    public IRuntimeHost Host = null!;
    public long Now;
    public int Budget;
    public Fault Fault;
    /// <summary>Where MUX choices and native arguments are spilled from the IL stack (sized by the compiler).</summary>
    public long[] Spill = new long[8];
    /// <summary>The string natives' scratch space, for this program only.</summary>
    public readonly NativeScratch Scratch = new();
}

/// <summary>
/// The operations of the compiled tier, one static method per instruction family, with exactly the semantics of the
/// interpreter's cases (Core/Interpreter.cs): every value is an int64 as on the interpreter's stack (REAL and LREAL
/// as double bits). Small ones are inlined by the JIT into the generated code. A fault sets the environment's Fault
/// and throws <see cref="CompiledFault"/> (rare: a fault ends the scan).
/// </summary>
public static class CompiledOps
{
    const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] static double D(long bits) => BitConverter.Int64BitsToDouble(bits);
    [MethodImpl(Inline)] static long B(double d) => BitConverter.DoubleToInt64Bits(d);
    [MethodImpl(Inline)] static long R(double d) => BitConverter.DoubleToInt64Bits((double)(float)d);

    static Exception Fail(CompiledEnv env, FaultCode code, int pc, long value = 0, long low = 0, long high = 0)
    {
        env.Fault = new Fault(code, pc, value, low, high);
        return CompiledFault.Instance;
    }

    // ---- watchdog: polled at backward jumps and calls, as the interpreter does
    [MethodImpl(Inline)]
    public static void Poll(CompiledEnv env, int pc)
    {
        if (--env.Budget <= 0) PollSlow(env, pc);
    }

    static void PollSlow(CompiledEnv env, int pc)
    {
        env.Budget = Interpreter.WatchdogPollInterval;
        if (env.Host.WatchdogExpired()) throw Fail(env, FaultCode.Watchdog, pc);
    }

    // ---- loads and stores with a fixed address (absolute or this-relative, proven by the verifier)
    [MethodImpl(Inline)] public static long LdI8(byte[] m, int a) => Mem.ReadI8(m, a);
    [MethodImpl(Inline)] public static long LdU8(byte[] m, int a) => Mem.ReadU8(m, a);
    [MethodImpl(Inline)] public static long LdI16(byte[] m, int a) => Mem.ReadI16(m, a);
    [MethodImpl(Inline)] public static long LdU16(byte[] m, int a) => Mem.ReadU16(m, a);
    [MethodImpl(Inline)] public static long LdI32(byte[] m, int a) => Mem.ReadI32(m, a);
    [MethodImpl(Inline)] public static long LdI64(byte[] m, int a) => Mem.ReadI64(m, a);
    [MethodImpl(Inline)] public static long LdF32(byte[] m, int a) => B(Mem.ReadF32(m, a));
    [MethodImpl(Inline)] public static void St8(long v, byte[] m, int a) => Mem.Write8(m, a, v);
    [MethodImpl(Inline)] public static void St16(long v, byte[] m, int a) => Mem.Write16(m, a, v);
    [MethodImpl(Inline)] public static void St32(long v, byte[] m, int a) => Mem.Write32(m, a, v);
    [MethodImpl(Inline)] public static void St64(long v, byte[] m, int a) => Mem.Write64(m, a, v);
    [MethodImpl(Inline)] public static void StF32(long v, byte[] m, int a) => Mem.WriteF32(m, a, D(v));
    [MethodImpl(Inline)] public static long LdBit(byte[] m, int a, int bit) => (m[a] >> bit) & 1;
    [MethodImpl(Inline)]
    public static void StBit(long v, byte[] m, int a, int bit)
    {
        int mask = 1 << bit;
        m[a] = (byte)(v != 0 ? m[a] | mask : m[a] & ~mask);
    }

    // ---- indirect addresses: checked as the interpreter checks them
    [MethodImpl(Inline)]
    static int Checked(long b, int off, int size, int pc, CompiledEnv env)
    {
        long a = b + off;
        if (b == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (a < Image.NullGuard || a > env.Mem.Length - size) throw Fail(env, FaultCode.InvalidAddress, pc, a);
        return (int)a;
    }

    public static long LdXI8(long b, int off, int pc, CompiledEnv env) => Mem.ReadI8(env.Mem, Checked(b, off, 1, pc, env));
    public static long LdXU8(long b, int off, int pc, CompiledEnv env) => Mem.ReadU8(env.Mem, Checked(b, off, 1, pc, env));
    public static long LdXI16(long b, int off, int pc, CompiledEnv env) => Mem.ReadI16(env.Mem, Checked(b, off, 2, pc, env));
    public static long LdXU16(long b, int off, int pc, CompiledEnv env) => Mem.ReadU16(env.Mem, Checked(b, off, 2, pc, env));
    public static long LdXI32(long b, int off, int pc, CompiledEnv env) => Mem.ReadI32(env.Mem, Checked(b, off, 4, pc, env));
    public static long LdXF32(long b, int off, int pc, CompiledEnv env) => B(Mem.ReadF32(env.Mem, Checked(b, off, 4, pc, env)));
    public static long LdXI64(long b, int off, int pc, CompiledEnv env) => Mem.ReadI64(env.Mem, Checked(b, off, 8, pc, env));
    public static void StX8(long b, long v, int off, int pc, CompiledEnv env) => Mem.Write8(env.Mem, Checked(b, off, 1, pc, env), v);
    public static void StX16(long b, long v, int off, int pc, CompiledEnv env) => Mem.Write16(env.Mem, Checked(b, off, 2, pc, env), v);
    public static void StX32(long b, long v, int off, int pc, CompiledEnv env) => Mem.Write32(env.Mem, Checked(b, off, 4, pc, env), v);
    public static void StXF32(long b, long v, int off, int pc, CompiledEnv env) => Mem.WriteF32(env.Mem, Checked(b, off, 4, pc, env), D(v));
    public static void StX64(long b, long v, int off, int pc, CompiledEnv env) => Mem.Write64(env.Mem, Checked(b, off, 8, pc, env), v);
    public static long LdBitX(long b, int off, int bit, int pc, CompiledEnv env) => (env.Mem[Checked(b, off, 1, pc, env)] >> bit) & 1;
    public static void StBitX(long b, long v, int off, int bit, int pc, CompiledEnv env)
    {
        int a = Checked(b, off, 1, pc, env), mask = 1 << bit;
        var m = env.Mem;
        m[a] = (byte)(v != 0 ? m[a] | mask : m[a] & ~mask);
    }

    [MethodImpl(Inline)]
    public static long Index(long b, long i, int lo, int hi, int size, int pc, CompiledEnv env)
    {
        if (i < lo || i > hi) throw Fail(env, FaultCode.IndexOutOfRange, pc, i, lo, hi);
        return (int)(b + (i - lo) * size);
    }

    public static long IndexDyn(long b, long i, long lo, long hi, long stride, int pc, CompiledEnv env)
    {
        lo = (int)lo; hi = (int)hi;
        if (i < lo || i > hi) throw Fail(env, FaultCode.IndexOutOfRange, pc, i, lo, hi);
        return (int)(b + (i - lo) * (int)stride);
    }

    public static void MemCopy(long dst, long src, int size, int pc, CompiledEnv env)
    {
        if (src == 0 || dst == 0) throw Fail(env, FaultCode.NullReference, pc);
        int memSize = env.Mem.Length;
        if (src < Image.NullGuard || src > memSize - size) throw Fail(env, FaultCode.InvalidAddress, pc, src);
        if (dst < Image.NullGuard || dst > memSize - size) throw Fail(env, FaultCode.InvalidAddress, pc, dst);
        Array.Copy(env.Mem, (int)src, env.Mem, (int)dst, size);
    }

    public static void Init(int a, int size, CompiledEnv env) => Array.Copy(env.Initial, a, env.Mem, a, size);

    // ---- 32-bit integers
    [MethodImpl(Inline)] public static long AddI(long a, long b) => (int)(a + b);
    [MethodImpl(Inline)] public static long SubI(long a, long b) => (int)(a - b);
    [MethodImpl(Inline)] public static long MulI(long a, long b) => (int)(a * b);
    public static long DivI(long a, long b, int pc, CompiledEnv env) => b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (int)(a / b);
    public static long ModI(long a, long b, int pc, CompiledEnv env) => b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (int)(a % b);
    public static long DivUI(long a, long b, int pc, CompiledEnv env) => (int)b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (int)((uint)a / (uint)b);
    public static long ModUI(long a, long b, int pc, CompiledEnv env) => (int)b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (int)((uint)a % (uint)b);
    [MethodImpl(Inline)] public static long NegI(long a) => (int)-a;
    [MethodImpl(Inline)] public static long BoolNot(long a) => a == 0 ? 1 : 0;
    [MethodImpl(Inline)] public static long NormI8(long a) => (sbyte)a;
    [MethodImpl(Inline)] public static long NormU8(long a) => (byte)a;
    [MethodImpl(Inline)] public static long NormI16(long a) => (short)a;
    [MethodImpl(Inline)] public static long NormU16(long a) => (ushort)a;
    [MethodImpl(Inline)] public static long Clamp(long v, long lo, long hi) => v < lo ? lo : v > hi ? hi : v;
    public static long Check(long v, long lo, long hi, int pc, CompiledEnv env) =>
        v < lo || v > hi ? throw Fail(env, FaultCode.RangeViolation, pc, v, lo, hi) : v;

    // ---- 64-bit integers
    public static long DivL(long a, long y, int pc, CompiledEnv env) =>
        y == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : y == -1 ? -a : a / y;
    public static long ModL(long a, long y, int pc, CompiledEnv env) =>
        y == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : y == -1 ? 0 : a % y;
    public static long DivUL(long a, long b, int pc, CompiledEnv env) => b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (long)((ulong)a / (ulong)b);
    public static long ModUL(long a, long b, int pc, CompiledEnv env) => b == 0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : (long)((ulong)a % (ulong)b);

    // ---- REAL and LREAL
    [MethodImpl(Inline)] public static long AddF(long a, long b) => R(D(a) + D(b));
    [MethodImpl(Inline)] public static long SubF(long a, long b) => R(D(a) - D(b));
    [MethodImpl(Inline)] public static long MulF(long a, long b) => R(D(a) * D(b));
    public static long DivF(long a, long b, int pc, CompiledEnv env) => D(b) == 0.0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : R(D(a) / D(b));
    [MethodImpl(Inline)] public static long NegF(long a) => R(-D(a));
    [MethodImpl(Inline)] public static long AddD(long a, long b) => B(D(a) + D(b));
    [MethodImpl(Inline)] public static long SubD(long a, long b) => B(D(a) - D(b));
    [MethodImpl(Inline)] public static long MulD(long a, long b) => B(D(a) * D(b));
    public static long DivD(long a, long b, int pc, CompiledEnv env) => D(b) == 0.0 ? throw Fail(env, FaultCode.DivisionByZero, pc) : B(D(a) / D(b));
    [MethodImpl(Inline)] public static long NegD(long a) => a ^ long.MinValue;
    public static long ExptF(long a, long b, CompiledEnv env) => R(env.Host.Pow(D(a), D(b)));
    public static long ExptD(long a, long b, CompiledEnv env) => B(env.Host.Pow(D(a), D(b)));
    public static long Math1(long a, int f, CompiledEnv env) => B(env.Host.Math((MathFunction)f, D(a), 0));
    public static long Math2(long a, long b, int f, CompiledEnv env) => B(env.Host.Math((MathFunction)f, D(a), D(b)));

    // ---- comparisons (0 or 1)
    [MethodImpl(Inline)] public static long Eq(long a, long b) => a == b ? 1 : 0;
    [MethodImpl(Inline)] public static long Ne(long a, long b) => a != b ? 1 : 0;
    [MethodImpl(Inline)] public static long Lt(long a, long b) => a < b ? 1 : 0;
    [MethodImpl(Inline)] public static long Le(long a, long b) => a <= b ? 1 : 0;
    [MethodImpl(Inline)] public static long Gt(long a, long b) => a > b ? 1 : 0;
    [MethodImpl(Inline)] public static long Ge(long a, long b) => a >= b ? 1 : 0;
    [MethodImpl(Inline)] public static long LtUI(long a, long b) => (uint)a < (uint)b ? 1 : 0;
    [MethodImpl(Inline)] public static long LeUI(long a, long b) => (uint)a <= (uint)b ? 1 : 0;
    [MethodImpl(Inline)] public static long GtUI(long a, long b) => (uint)a > (uint)b ? 1 : 0;
    [MethodImpl(Inline)] public static long GeUI(long a, long b) => (uint)a >= (uint)b ? 1 : 0;
    [MethodImpl(Inline)] public static long LtUL(long a, long b) => (ulong)a < (ulong)b ? 1 : 0;
    [MethodImpl(Inline)] public static long LeUL(long a, long b) => (ulong)a <= (ulong)b ? 1 : 0;
    [MethodImpl(Inline)] public static long GtUL(long a, long b) => (ulong)a > (ulong)b ? 1 : 0;
    [MethodImpl(Inline)] public static long GeUL(long a, long b) => (ulong)a >= (ulong)b ? 1 : 0;
    [MethodImpl(Inline)] public static long EqD(long a, long b) => D(a) == D(b) ? 1 : 0;
    [MethodImpl(Inline)] public static long NeD(long a, long b) => D(a) != D(b) ? 1 : 0;
    [MethodImpl(Inline)] public static long LtD(long a, long b) => D(a) < D(b) ? 1 : 0;
    [MethodImpl(Inline)] public static long LeD(long a, long b) => D(a) <= D(b) ? 1 : 0;
    [MethodImpl(Inline)] public static long GtD(long a, long b) => D(a) > D(b) ? 1 : 0;
    [MethodImpl(Inline)] public static long GeD(long a, long b) => D(a) >= D(b) ? 1 : 0;

    // ---- conversions
    [MethodImpl(Inline)] public static long U2L(long a) => (uint)a;
    [MethodImpl(Inline)] public static long L2I(long a) => (int)a;
    [MethodImpl(Inline)] public static long I2D(long a) => B((double)a);
    [MethodImpl(Inline)] public static long U2D(long a) => B((double)(uint)a);
    public static long UL2D(long a) => B(Numeric.UInt64ToDouble(a));
    [MethodImpl(Inline)] public static long D2F(long a) => R(D(a));
    public static long D2IRound(long a) => Numeric.RoundToInt32(D(a));
    public static long D2URound(long a) => (int)Numeric.RoundToUInt32(D(a));
    public static long D2LRound(long a) => Numeric.RoundToInt64(D(a));
    public static long D2ULRound(long a) => (long)Numeric.RoundToUInt64(D(a));
    public static long D2ITrunc(long a) => Numeric.TruncToInt32(D(a));
    public static long D2UTrunc(long a) => (int)Numeric.TruncToUInt32(D(a));
    public static long D2LTrunc(long a) => Numeric.TruncToInt64(D(a));
    public static long D2ULTrunc(long a) => (long)Numeric.TruncToUInt64(D(a));
    [MethodImpl(Inline)] public static long F2Bits(long a) => BitConverter.SingleToInt32Bits((float)D(a));
    [MethodImpl(Inline)] public static long Bits2F(long a) => B((double)BitConverter.Int32BitsToSingle((int)a));

    // ---- standard library support
    [MethodImpl(Inline)] public static long Sel(long a, long b, long g) => g != 0 ? b : a;
    [MethodImpl(Inline)] public static long MaxI(long a, long b) => (int)b > (int)a ? b : a;
    [MethodImpl(Inline)] public static long MinI(long a, long b) => (int)b < (int)a ? b : a;
    [MethodImpl(Inline)] public static long MaxUI(long a, long b) => (uint)b > (uint)a ? b : a;
    [MethodImpl(Inline)] public static long MinUI(long a, long b) => (uint)b < (uint)a ? b : a;
    [MethodImpl(Inline)] public static long MaxL(long a, long b) => b > a ? b : a;
    [MethodImpl(Inline)] public static long MinL(long a, long b) => b < a ? b : a;
    [MethodImpl(Inline)] public static long MaxUL(long a, long b) => (ulong)b > (ulong)a ? b : a;
    [MethodImpl(Inline)] public static long MinUL(long a, long b) => (ulong)b < (ulong)a ? b : a;
    public static long MaxD(long a, long b) { double x = D(a), y = D(b); return y > x || double.IsNaN(y) ? b : a; }
    public static long MinD(long a, long b) { double x = D(a), y = D(b); return y < x || double.IsNaN(y) ? b : a; }
    public static long ShlI(long a, long b) { uint n = (uint)b; return n >= 32 ? 0 : (long)(int)((uint)a << (int)n); }
    public static long ShrUI(long a, long b) { uint n = (uint)b; return n >= 32 ? 0 : (long)(int)((uint)a >> (int)n); }
    public static long RolI(long a, long b, int w) => RotI(a, b, w, false);
    public static long RorI(long a, long b, int w) => RotI(a, b, w, true);
    static long RotI(long a, long b, int w, bool right)
    {
        ulong mask = w == 32 ? 0xFFFFFFFFUL : (1UL << w) - 1;
        ulong x = (ulong)(uint)a & mask;
        int n = (int)((uint)b % (uint)w);
        if (right) n = (w - n) % w;
        ulong r = n == 0 ? x : ((x << n) | (x >> (w - n))) & mask;
        return (long)(int)(uint)r;
    }
    public static long ShlL(long a, long b) { uint n = (uint)b; return n >= 64 ? 0 : (long)((ulong)a << (int)n); }
    public static long ShrUL(long a, long b) { uint n = (uint)b; return n >= 64 ? 0 : (long)((ulong)a >> (int)n); }
    public static long RolL(long a, long b) { ulong x = (ulong)a; int n = (int)((uint)b % 64); return n == 0 ? (long)x : (long)((x << n) | (x >> (64 - n))); }
    public static long RorL(long a, long b) { ulong x = (ulong)a; int n = (int)((uint)b % 64); n = (64 - n) % 64; return n == 0 ? (long)x : (long)((x << n) | (x >> (64 - n))); }

    // ---- MUX and natives: their operands were spilled into env.Spill (bottom first)
    public static long Mux(long k, int n, int pc, CompiledEnv env) =>
        k < 0 || k >= n ? throw Fail(env, FaultCode.IndexOutOfRange, pc, k, 0, n - 1) : env.Spill[(int)k];

    public static long Native(int id, int pops, int pc, CompiledEnv env)
    {
        var f = new Fault();
        int sp = NativeFunctions.Invoke(id, env.Spill, pops - 1, env.Mem, ref f, env.Scratch);
        if (f.Code != FaultCode.None) throw Fail(env, f.Code, pc, f.Value, f.Low, f.High);
        return sp >= 0 ? env.Spill[sp] : 0;
    }

    // ---- strings, as the interpreter's cases
    public static void StrCopy(long dst, long src, int maxlen, int pc, CompiledEnv env)
    {
        var mem = env.Mem;
        int memSize = mem.Length;
        if (src == 0 || dst == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (src < Image.NullGuard || src > memSize - 1) throw Fail(env, FaultCode.InvalidAddress, pc, src);
        if (dst < Image.NullGuard || dst > (long)memSize - maxlen - 1) throw Fail(env, FaultCode.InvalidAddress, pc, dst);
        int s = (int)src, n = 0;
        int avail = memSize - s;
        if (avail > maxlen) avail = maxlen;
        while (n < avail && mem[s + n] != 0) n++;
        Array.Copy(mem, s, mem, (int)dst, n);
        mem[(int)dst + n] = 0;
    }

    public static void WStrCopy(long dst, long src, int maxlen, int pc, CompiledEnv env)
    {
        var mem = env.Mem;
        int memSize = mem.Length;
        if (src == 0 || dst == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (src < Image.NullGuard || src > memSize - 2) throw Fail(env, FaultCode.InvalidAddress, pc, src);
        if (dst < Image.NullGuard || dst > (long)memSize - 2L * maxlen - 2) throw Fail(env, FaultCode.InvalidAddress, pc, dst);
        int s = (int)src, n = 0;
        int avail = (memSize - s) >> 1;
        if (avail > maxlen) avail = maxlen;
        while (n < avail && (mem[s + 2 * n] | mem[s + 2 * n + 1]) != 0) n++;
        Array.Copy(mem, s, mem, (int)dst, 2 * n);
        mem[(int)dst + 2 * n] = 0;
        mem[(int)dst + 2 * n + 1] = 0;
    }

    public static long StrCmp(long la, long lb, int pc, CompiledEnv env)
    {
        var mem = env.Mem;
        int memSize = mem.Length;
        if (la == 0 || lb == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (la < Image.NullGuard || la > memSize - 1) throw Fail(env, FaultCode.InvalidAddress, pc, la);
        if (lb < Image.NullGuard || lb > memSize - 1) throw Fail(env, FaultCode.InvalidAddress, pc, lb);
        int a = (int)la, b = (int)lb;
        while (true)
        {
            int ca = a < memSize ? mem[a] : 0, cb = b < memSize ? mem[b] : 0;
            if (ca != cb) return ca < cb ? -1 : 1;
            if (ca == 0) return 0;
            a++; b++;
        }
    }

    public static long WStrCmp(long la, long lb, int pc, CompiledEnv env)
    {
        var mem = env.Mem;
        int memSize = mem.Length;
        if (la == 0 || lb == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (la < Image.NullGuard || la > memSize - 2) throw Fail(env, FaultCode.InvalidAddress, pc, la);
        if (lb < Image.NullGuard || lb > memSize - 2) throw Fail(env, FaultCode.InvalidAddress, pc, lb);
        int a = (int)la, b = (int)lb;
        while (true)
        {
            int ca = a <= memSize - 2 ? mem[a] | (mem[a + 1] << 8) : 0;
            int cb = b <= memSize - 2 ? mem[b] | (mem[b + 1] << 8) : 0;
            if (ca != cb) return ca < cb ? -1 : 1;
            if (ca == 0) return 0;
            a += 2; b += 2;
        }
    }

    // ---- calls
    public static int Instance(long inst, int size, int pc, CompiledEnv env)
    {
        if (inst == 0) throw Fail(env, FaultCode.NullReference, pc);
        if (inst < Image.NullGuard || inst > (long)env.Mem.Length - size) throw Fail(env, FaultCode.InvalidInstance, pc, inst);
        return (int)inst;
    }
}

#if !NANOFRAMEWORK
using System.Runtime.CompilerServices;
using Mem = Plc.Runtime.Core.Memory;
#else
using Mem = Plc.Runtime.Core.PortableMemory;
#endif

namespace Plc.Runtime.Core
{
    /// <summary>
    /// The dispatch loop: runs verified bytecode on the program's memory. All allocation happens in the constructor;
    /// <see cref="Run"/> allocates nothing. Executes only images accepted by <see cref="Verifier"/>, whose proofs
    /// (operands in range, stack types and depth, no recursion) it relies on; everything the verifier cannot prove
    /// (indirect addresses, array indices, divisors, instance addresses) it checks and turns into a <see cref="Fault"/>.
    /// The semantics of every instruction are documented on <see cref="Opcode"/>.
    /// </summary>
    public sealed class Interpreter
    {
        /// <summary>The watchdog is polled once per this many backward jumps and calls.</summary>
        public const int WatchdogPollInterval = 1024;

        readonly IRuntimeHost host;
        readonly int[] code;
        readonly long[] constants;
        readonly int[] pouStart;
        readonly int[] pouSize;
        readonly PouKind[] pouKind;
        readonly long[] stack;
        /// <summary>Two ints per frame: return position and the caller's this.</summary>
        readonly int[] frames;
        readonly byte[] memory;
        Fault fault;
        long instructions;
        readonly NativeScratch scratch = new NativeScratch();

        public Interpreter(Image image, IRuntimeHost host, VerificationResult verified)
        {
            if (image == null) throw new System.ArgumentNullException(nameof(image));
            if (host == null) throw new System.ArgumentNullException(nameof(host));
            if (verified == null || !verified.Ok)
                throw new System.ArgumentException("the image has not passed verification", nameof(verified));
            Image = image;
            this.host = host;
            code = image.Code;
            constants = image.Constants;
            int n = image.Pous.Length;
            pouStart = new int[n];
            pouSize = new int[n];
            pouKind = new PouKind[n];
            for (int i = 0; i < n; i++)
            {
                pouStart[i] = image.Pous[i].CodeStart;
                pouSize[i] = image.Pous[i].Size;
                pouKind[i] = image.Pous[i].Kind;
            }
            stack = new long[verified.MaxStack > 0 ? verified.MaxStack : 1];
            frames = new int[2 * (verified.MaxCallDepth > 0 ? verified.MaxCallDepth : 1)];
            memory = new byte[image.MemorySize];
            System.Array.Copy(image.InitialMemory, memory, image.MemorySize);
        }

        public Image Image { get; }

        /// <summary>The program's memory (process image areas included). Hosts read and write it between scans.</summary>
        public byte[] Memory => memory;

        /// <summary>The last fault (Code None after a successful run).</summary>
        public Fault Fault => fault;

        /// <summary>Instructions executed by all runs so far.</summary>
        public long Instructions => instructions;

        /// <summary>A compiled tier that runs instead of the dispatch loop (null: interpret). Instructions are not
        /// counted while it runs.</summary>
        public ICompiledCode? Compiled { get; set; }

        /// <summary>Cold start: every variable back to its initial value.</summary>
        public void ResetMemory() => System.Array.Copy(Image.InitialMemory, memory, memory.Length);

#if !NANOFRAMEWORK
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#endif
        static double D(long bits) => System.BitConverter.Int64BitsToDouble(bits);

#if !NANOFRAMEWORK
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#endif
        static long B(double d) => System.BitConverter.DoubleToInt64Bits(d);

        /// <summary>A REAL result: rounded to float, kept as double bits.</summary>
#if !NANOFRAMEWORK
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#endif
        static long R(double d) => System.BitConverter.DoubleToInt64Bits((double)(float)d);

        /// <summary>
        /// Runs POU <paramref name="pou"/> to completion: a TaskBody or Function (this is ignored; pass 0) or a
        /// Program or FunctionBlock with its instance at <paramref name="thisAddress"/>. <paramref name="nowNs"/> is
        /// what <see cref="Opcode.Now"/> pushes. Returns false when a fault stopped it (see <see cref="Fault"/>);
        /// memory keeps whatever the run wrote up to the fault.
        /// </summary>
#if !NANOFRAMEWORK
        // Compiled once, fully optimised (no tier-0 code and no on-stack replacement while a machine runs).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        public bool Run(int pou, int thisAddress, long nowNs)
        {
            if (pou < 0 || pou >= pouStart.Length) throw new System.ArgumentOutOfRangeException(nameof(pou));
            fault = new Fault();
            if (Compiled != null) return Compiled.Run(pou, thisAddress, nowNs, ref fault);
            int[] code = this.code;
            long[] st = stack;
            int[] fr = frames;
            byte[] mem = memory;
            int memSize = mem.Length;
            int pc = pouStart[pou];
            int sp = -1;
            int fp = 0;
            int th = 0;
            int budget = WatchdogPollInterval;
            long count = 0;
            FaultCode fcode;
            long fv = 0, flo = 0, fhi = 0;

            PouKind kind = pouKind[pou];
            if (kind == PouKind.Program || kind == PouKind.FunctionBlock)
            {
                if (thisAddress < Core.Image.NullGuard || (long)thisAddress + pouSize[pou] > memSize)
                {
                    fcode = FaultCode.InvalidInstance; fv = thisAddress;
                    goto faulted;
                }
                th = thisAddress;
            }

            while (true)
            {
                count++;
                switch ((Opcode)code[pc])
                {
                    case Opcode.Nop: pc++; break;

                    // ---- constants and stack
                    case Opcode.PushI: st[++sp] = code[pc + 1]; pc += 2; break;
                    case Opcode.PushL:
                    case Opcode.PushF:
                    case Opcode.PushD: st[++sp] = constants[code[pc + 1]]; pc += 2; break;
                    case Opcode.Pop: sp--; pc++; break;
                    case Opcode.Dup: st[sp + 1] = st[sp]; sp++; pc++; break;

                    // ---- loads, absolute
                    case Opcode.LdG_I8: st[++sp] = Mem.ReadI8(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_U8: st[++sp] = Mem.ReadU8(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_I16: st[++sp] = Mem.ReadI16(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_U16: st[++sp] = Mem.ReadU16(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_I32: st[++sp] = Mem.ReadI32(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_I64:
                    case Opcode.LdG_F64: st[++sp] = Mem.ReadI64(mem, code[pc + 1]); pc += 2; break;
                    case Opcode.LdG_F32: st[++sp] = B(Mem.ReadF32(mem, code[pc + 1])); pc += 2; break;

                    // ---- loads, this-relative
                    case Opcode.LdT_I8: st[++sp] = Mem.ReadI8(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_U8: st[++sp] = Mem.ReadU8(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_I16: st[++sp] = Mem.ReadI16(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_U16: st[++sp] = Mem.ReadU16(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_I32: st[++sp] = Mem.ReadI32(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_I64:
                    case Opcode.LdT_F64: st[++sp] = Mem.ReadI64(mem, th + code[pc + 1]); pc += 2; break;
                    case Opcode.LdT_F32: st[++sp] = B(Mem.ReadF32(mem, th + code[pc + 1])); pc += 2; break;

                    // ---- loads, indirect
                    case Opcode.LdX_I8:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 1) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadI8(mem, (int)a);
                        pc += 2; break;
                    }
                    case Opcode.LdX_U8:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 1) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadU8(mem, (int)a);
                        pc += 2; break;
                    }
                    case Opcode.LdX_I16:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 2) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadI16(mem, (int)a);
                        pc += 2; break;
                    }
                    case Opcode.LdX_U16:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 2) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadU16(mem, (int)a);
                        pc += 2; break;
                    }
                    case Opcode.LdX_I32:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 4) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadI32(mem, (int)a);
                        pc += 2; break;
                    }
                    case Opcode.LdX_F32:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 4) { fv = a; goto badAddress; }
                        st[sp] = B(Mem.ReadF32(mem, (int)a));
                        pc += 2; break;
                    }
                    case Opcode.LdX_I64:
                    case Opcode.LdX_F64:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 8) { fv = a; goto badAddress; }
                        st[sp] = Mem.ReadI64(mem, (int)a);
                        pc += 2; break;
                    }

                    // ---- stores, absolute
                    case Opcode.StG_I8: Mem.Write8(mem, code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StG_I16: Mem.Write16(mem, code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StG_I32: Mem.Write32(mem, code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StG_I64:
                    case Opcode.StG_F64: Mem.Write64(mem, code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StG_F32: Mem.WriteF32(mem, code[pc + 1], D(st[sp--])); pc += 2; break;

                    // ---- stores, this-relative
                    case Opcode.StT_I8: Mem.Write8(mem, th + code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StT_I16: Mem.Write16(mem, th + code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StT_I32: Mem.Write32(mem, th + code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StT_I64:
                    case Opcode.StT_F64: Mem.Write64(mem, th + code[pc + 1], st[sp--]); pc += 2; break;
                    case Opcode.StT_F32: Mem.WriteF32(mem, th + code[pc + 1], D(st[sp--])); pc += 2; break;

                    // ---- stores, indirect: [address, value]
                    case Opcode.StX_I8:
                    {
                        long b = st[sp - 1], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 1) { fv = a; goto badAddress; }
                        Mem.Write8(mem, (int)a, st[sp]); sp -= 2; pc += 2; break;
                    }
                    case Opcode.StX_I16:
                    {
                        long b = st[sp - 1], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 2) { fv = a; goto badAddress; }
                        Mem.Write16(mem, (int)a, st[sp]); sp -= 2; pc += 2; break;
                    }
                    case Opcode.StX_I32:
                    {
                        long b = st[sp - 1], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 4) { fv = a; goto badAddress; }
                        Mem.Write32(mem, (int)a, st[sp]); sp -= 2; pc += 2; break;
                    }
                    case Opcode.StX_F32:
                    {
                        long b = st[sp - 1], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 4) { fv = a; goto badAddress; }
                        Mem.WriteF32(mem, (int)a, D(st[sp])); sp -= 2; pc += 2; break;
                    }
                    case Opcode.StX_I64:
                    case Opcode.StX_F64:
                    {
                        long b = st[sp - 1], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 8) { fv = a; goto badAddress; }
                        Mem.Write64(mem, (int)a, st[sp]); sp -= 2; pc += 2; break;
                    }

                    // ---- bits
                    case Opcode.LdBitG: st[++sp] = (mem[code[pc + 1]] >> code[pc + 2]) & 1; pc += 3; break;
                    case Opcode.LdBitT: st[++sp] = (mem[th + code[pc + 1]] >> code[pc + 2]) & 1; pc += 3; break;
                    case Opcode.LdBitX:
                    {
                        long b = st[sp], a = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (a < Core.Image.NullGuard || a > memSize - 1) { fv = a; goto badAddress; }
                        st[sp] = (mem[(int)a] >> code[pc + 2]) & 1;
                        pc += 3; break;
                    }
                    case Opcode.StBitG:
                    {
                        int a = code[pc + 1], mask = 1 << code[pc + 2];
                        mem[a] = (byte)(st[sp--] != 0 ? mem[a] | mask : mem[a] & ~mask);
                        pc += 3; break;
                    }
                    case Opcode.StBitT:
                    {
                        int a = th + code[pc + 1], mask = 1 << code[pc + 2];
                        mem[a] = (byte)(st[sp--] != 0 ? mem[a] | mask : mem[a] & ~mask);
                        pc += 3; break;
                    }
                    case Opcode.StBitX:
                    {
                        long b = st[sp - 1], la = b + code[pc + 1];
                        if (b == 0) goto nullRef;
                        if (la < Core.Image.NullGuard || la > memSize - 1) { fv = la; goto badAddress; }
                        int a = (int)la, mask = 1 << code[pc + 2];
                        mem[a] = (byte)(st[sp] != 0 ? mem[a] | mask : mem[a] & ~mask);
                        sp -= 2; pc += 3; break;
                    }

                    // ---- addresses
                    case Opcode.LeaG: st[++sp] = code[pc + 1]; pc += 2; break;
                    case Opcode.LeaT: st[++sp] = th + code[pc + 1]; pc += 2; break;
                    case Opcode.AddI: st[sp] = (int)(st[sp] + code[pc + 1]); pc += 2; break;
                    case Opcode.Index:
                    case Opcode.IndexL:
                    {
                        long i = st[sp], lo = code[pc + 1], hi = code[pc + 2];
                        if (i < lo || i > hi) { fv = i; flo = lo; fhi = hi; fcode = FaultCode.IndexOutOfRange; goto faulted; }
                        sp--;
                        st[sp] = (int)(st[sp] + (i - lo) * code[pc + 3]);
                        pc += 4; break;
                    }
                    case Opcode.IndexDyn:
                    {
                        long i = st[sp - 3], lo = (int)st[sp - 2], hi = (int)st[sp - 1], stride = (int)st[sp];
                        if (i < lo || i > hi) { fv = i; flo = lo; fhi = hi; fcode = FaultCode.IndexOutOfRange; goto faulted; }
                        sp -= 4;
                        st[sp] = (int)(st[sp] + (i - lo) * stride);
                        pc += 1; break;
                    }

                    // ---- blocks of memory
                    case Opcode.MemCopy:
                    {
                        long src = st[sp], dst = st[sp - 1];
                        int size = code[pc + 1];
                        if (src == 0 || dst == 0) goto nullRef;
                        if (src < Core.Image.NullGuard || src > memSize - size) { fv = src; goto badAddress; }
                        if (dst < Core.Image.NullGuard || dst > memSize - size) { fv = dst; goto badAddress; }
                        System.Array.Copy(mem, (int)src, mem, (int)dst, size);
                        sp -= 2; pc += 2; break;
                    }
                    case Opcode.StrCopy:
                    {
                        long src = st[sp], dst = st[sp - 1];
                        int maxlen = code[pc + 1];
                        if (src == 0 || dst == 0) goto nullRef;
                        if (src < Core.Image.NullGuard || src > memSize - 1) { fv = src; goto badAddress; }
                        if (dst < Core.Image.NullGuard || dst > (long)memSize - maxlen - 1) { fv = dst; goto badAddress; }
                        int s = (int)src, n = 0;
                        int avail = memSize - s;
                        if (avail > maxlen) avail = maxlen;
                        while (n < avail && mem[s + n] != 0) n++;
                        System.Array.Copy(mem, s, mem, (int)dst, n);
                        mem[(int)dst + n] = 0;
                        sp -= 2; pc += 2; break;
                    }
                    case Opcode.WStrCopy:
                    {
                        long src = st[sp], dst = st[sp - 1];
                        int maxlen = code[pc + 1];
                        if (src == 0 || dst == 0) goto nullRef;
                        if (src < Core.Image.NullGuard || src > memSize - 2) { fv = src; goto badAddress; }
                        if (dst < Core.Image.NullGuard || dst > (long)memSize - 2L * maxlen - 2) { fv = dst; goto badAddress; }
                        int s = (int)src, n = 0;
                        int avail = (memSize - s) >> 1;
                        if (avail > maxlen) avail = maxlen;
                        while (n < avail && (mem[s + 2 * n] | mem[s + 2 * n + 1]) != 0) n++;
                        System.Array.Copy(mem, s, mem, (int)dst, 2 * n);
                        mem[(int)dst + 2 * n] = 0;
                        mem[(int)dst + 2 * n + 1] = 0;
                        sp -= 2; pc += 2; break;
                    }
                    case Opcode.StrCmp:
                    {
                        long lb = st[sp], la = st[sp - 1];
                        if (la == 0 || lb == 0) goto nullRef;
                        if (la < Core.Image.NullGuard || la > memSize - 1) { fv = la; goto badAddress; }
                        if (lb < Core.Image.NullGuard || lb > memSize - 1) { fv = lb; goto badAddress; }
                        int a = (int)la, b = (int)lb, r = 0;
                        while (true)
                        {
                            int ca = a < memSize ? mem[a] : 0, cb = b < memSize ? mem[b] : 0;
                            if (ca != cb) { r = ca < cb ? -1 : 1; break; }
                            if (ca == 0) break;
                            a++; b++;
                        }
                        st[--sp] = r;
                        pc++; break;
                    }
                    case Opcode.WStrCmp:
                    {
                        long lb = st[sp], la = st[sp - 1];
                        if (la == 0 || lb == 0) goto nullRef;
                        if (la < Core.Image.NullGuard || la > memSize - 2) { fv = la; goto badAddress; }
                        if (lb < Core.Image.NullGuard || lb > memSize - 2) { fv = lb; goto badAddress; }
                        int a = (int)la, b = (int)lb, r = 0;
                        while (true)
                        {
                            int ca = a <= memSize - 2 ? mem[a] | (mem[a + 1] << 8) : 0;
                            int cb = b <= memSize - 2 ? mem[b] | (mem[b + 1] << 8) : 0;
                            if (ca != cb) { r = ca < cb ? -1 : 1; break; }
                            if (ca == 0) break;
                            a += 2; b += 2;
                        }
                        st[--sp] = r;
                        pc++; break;
                    }
                    case Opcode.InitG:
                    {
                        int a = code[pc + 1];
                        System.Array.Copy(Image.InitialMemory, a, mem, a, code[pc + 2]);
                        pc += 3; break;
                    }
                    case Opcode.InitT:
                    {
                        int a = th + code[pc + 1];
                        System.Array.Copy(Image.InitialMemory, a, mem, a, code[pc + 2]);
                        pc += 3; break;
                    }

                    // ---- 32-bit integers
                    case Opcode.Add_I: sp--; st[sp] = (int)(st[sp] + st[sp + 1]); pc++; break;
                    case Opcode.Sub_I: sp--; st[sp] = (int)(st[sp] - st[sp + 1]); pc++; break;
                    case Opcode.Mul_I: sp--; st[sp] = (int)(st[sp] * st[sp + 1]); pc++; break;
                    case Opcode.Div_I:
                        if (st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (int)(st[sp] / st[sp + 1]); pc++; break;
                    case Opcode.Mod_I:
                        if (st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (int)(st[sp] % st[sp + 1]); pc++; break;
                    case Opcode.DivU_I:
                        if ((int)st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (int)((uint)st[sp] / (uint)st[sp + 1]); pc++; break;
                    case Opcode.ModU_I:
                        if ((int)st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (int)((uint)st[sp] % (uint)st[sp + 1]); pc++; break;
                    case Opcode.Neg_I: st[sp] = (int)-st[sp]; pc++; break;
                    case Opcode.And_I: sp--; st[sp] &= st[sp + 1]; pc++; break;
                    case Opcode.Or_I: sp--; st[sp] |= st[sp + 1]; pc++; break;
                    case Opcode.Xor_I: sp--; st[sp] ^= st[sp + 1]; pc++; break;
                    case Opcode.Not_I: st[sp] = ~st[sp]; pc++; break;
                    case Opcode.BoolNot: st[sp] = st[sp] == 0 ? 1 : 0; pc++; break;
                    case Opcode.Norm_I8: st[sp] = (sbyte)st[sp]; pc++; break;
                    case Opcode.Norm_U8: st[sp] = (byte)st[sp]; pc++; break;
                    case Opcode.Norm_I16: st[sp] = (short)st[sp]; pc++; break;
                    case Opcode.Norm_U16: st[sp] = (ushort)st[sp]; pc++; break;
                    case Opcode.Clamp_I:
                    {
                        long v = st[sp], lo = code[pc + 1], hi = code[pc + 2];
                        st[sp] = v < lo ? lo : v > hi ? hi : v;
                        pc += 3; break;
                    }
                    case Opcode.Check_I:
                    {
                        long v = st[sp], lo = code[pc + 1], hi = code[pc + 2];
                        if (v < lo || v > hi) { fv = v; flo = lo; fhi = hi; fcode = FaultCode.RangeViolation; goto faulted; }
                        pc += 3; break;
                    }

                    // ---- 64-bit integers
                    case Opcode.Add_L: sp--; st[sp] += st[sp + 1]; pc++; break;
                    case Opcode.Sub_L: sp--; st[sp] -= st[sp + 1]; pc++; break;
                    case Opcode.Mul_L: sp--; st[sp] *= st[sp + 1]; pc++; break;
                    case Opcode.Div_L:
                    {
                        long y = st[sp];
                        if (y == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = y == -1 ? -st[sp] : st[sp] / y; pc++; break;
                    }
                    case Opcode.Mod_L:
                    {
                        long y = st[sp];
                        if (y == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = y == -1 ? 0 : st[sp] % y; pc++; break;
                    }
                    case Opcode.DivU_L:
                        if (st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (long)((ulong)st[sp] / (ulong)st[sp + 1]); pc++; break;
                    case Opcode.ModU_L:
                        if (st[sp] == 0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = (long)((ulong)st[sp] % (ulong)st[sp + 1]); pc++; break;
                    case Opcode.Neg_L: st[sp] = -st[sp]; pc++; break;
                    case Opcode.And_L: sp--; st[sp] &= st[sp + 1]; pc++; break;
                    case Opcode.Or_L: sp--; st[sp] |= st[sp + 1]; pc++; break;
                    case Opcode.Xor_L: sp--; st[sp] ^= st[sp + 1]; pc++; break;
                    case Opcode.Not_L: st[sp] = ~st[sp]; pc++; break;
                    case Opcode.Check_L:
                    {
                        long v = st[sp], lo = constants[code[pc + 1]], hi = constants[code[pc + 2]];
                        if (v < lo || v > hi) { fv = v; flo = lo; fhi = hi; fcode = FaultCode.RangeViolation; goto faulted; }
                        pc += 3; break;
                    }

                    // ---- REAL and LREAL
                    case Opcode.Add_F: sp--; st[sp] = R(D(st[sp]) + D(st[sp + 1])); pc++; break;
                    case Opcode.Sub_F: sp--; st[sp] = R(D(st[sp]) - D(st[sp + 1])); pc++; break;
                    case Opcode.Mul_F: sp--; st[sp] = R(D(st[sp]) * D(st[sp + 1])); pc++; break;
                    case Opcode.Div_F:
                        if (D(st[sp]) == 0.0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = R(D(st[sp]) / D(st[sp + 1])); pc++; break;
                    case Opcode.Neg_F: st[sp] = R(-D(st[sp])); pc++; break;
                    case Opcode.Add_D: sp--; st[sp] = B(D(st[sp]) + D(st[sp + 1])); pc++; break;
                    case Opcode.Sub_D: sp--; st[sp] = B(D(st[sp]) - D(st[sp + 1])); pc++; break;
                    case Opcode.Mul_D: sp--; st[sp] = B(D(st[sp]) * D(st[sp + 1])); pc++; break;
                    case Opcode.Div_D:
                        if (D(st[sp]) == 0.0) { fcode = FaultCode.DivisionByZero; goto faulted; }
                        sp--; st[sp] = B(D(st[sp]) / D(st[sp + 1])); pc++; break;
                    case Opcode.Neg_D: st[sp] = st[sp] ^ long.MinValue; pc++; break;
                    case Opcode.Expt_F: sp--; st[sp] = R(host.Pow(D(st[sp]), D(st[sp + 1]))); pc++; break;
                    case Opcode.Expt_D: sp--; st[sp] = B(host.Pow(D(st[sp]), D(st[sp + 1]))); pc++; break;

                    // ---- comparisons
                    case Opcode.Eq_I:
                    case Opcode.Eq_L: sp--; st[sp] = st[sp] == st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Ne_I:
                    case Opcode.Ne_L: sp--; st[sp] = st[sp] != st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Lt_I:
                    case Opcode.Lt_L: sp--; st[sp] = st[sp] < st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Le_I:
                    case Opcode.Le_L: sp--; st[sp] = st[sp] <= st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Gt_I:
                    case Opcode.Gt_L: sp--; st[sp] = st[sp] > st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Ge_I:
                    case Opcode.Ge_L: sp--; st[sp] = st[sp] >= st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.LtU_I: sp--; st[sp] = (uint)st[sp] < (uint)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.LeU_I: sp--; st[sp] = (uint)st[sp] <= (uint)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.GtU_I: sp--; st[sp] = (uint)st[sp] > (uint)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.GeU_I: sp--; st[sp] = (uint)st[sp] >= (uint)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.LtU_L: sp--; st[sp] = (ulong)st[sp] < (ulong)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.LeU_L: sp--; st[sp] = (ulong)st[sp] <= (ulong)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.GtU_L: sp--; st[sp] = (ulong)st[sp] > (ulong)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.GeU_L: sp--; st[sp] = (ulong)st[sp] >= (ulong)st[sp + 1] ? 1 : 0; pc++; break;
                    case Opcode.Eq_D: sp--; st[sp] = D(st[sp]) == D(st[sp + 1]) ? 1 : 0; pc++; break;
                    case Opcode.Ne_D: sp--; st[sp] = D(st[sp]) != D(st[sp + 1]) ? 1 : 0; pc++; break;
                    case Opcode.Lt_D: sp--; st[sp] = D(st[sp]) < D(st[sp + 1]) ? 1 : 0; pc++; break;
                    case Opcode.Le_D: sp--; st[sp] = D(st[sp]) <= D(st[sp + 1]) ? 1 : 0; pc++; break;
                    case Opcode.Gt_D: sp--; st[sp] = D(st[sp]) > D(st[sp + 1]) ? 1 : 0; pc++; break;
                    case Opcode.Ge_D: sp--; st[sp] = D(st[sp]) >= D(st[sp + 1]) ? 1 : 0; pc++; break;

                    // ---- conversions
                    case Opcode.I2L: pc++; break;
                    case Opcode.U2L: st[sp] = (uint)st[sp]; pc++; break;
                    case Opcode.L2I: st[sp] = (int)st[sp]; pc++; break;
                    case Opcode.I2D: st[sp] = B((double)st[sp]); pc++; break;
                    case Opcode.U2D: st[sp] = B((double)(uint)st[sp]); pc++; break;
                    case Opcode.L2D: st[sp] = B((double)st[sp]); pc++; break;
                    case Opcode.UL2D: st[sp] = B(Numeric.UInt64ToDouble(st[sp])); pc++; break;
                    case Opcode.D2F: st[sp] = R(D(st[sp])); pc++; break;
                    case Opcode.D2I_Round: st[sp] = Numeric.RoundToInt32(D(st[sp])); pc++; break;
                    case Opcode.D2U_Round: st[sp] = (int)Numeric.RoundToUInt32(D(st[sp])); pc++; break;
                    case Opcode.D2L_Round: st[sp] = Numeric.RoundToInt64(D(st[sp])); pc++; break;
                    case Opcode.D2UL_Round: st[sp] = (long)Numeric.RoundToUInt64(D(st[sp])); pc++; break;
                    case Opcode.D2I_Trunc: st[sp] = Numeric.TruncToInt32(D(st[sp])); pc++; break;
                    case Opcode.D2U_Trunc: st[sp] = (int)Numeric.TruncToUInt32(D(st[sp])); pc++; break;
                    case Opcode.D2L_Trunc: st[sp] = Numeric.TruncToInt64(D(st[sp])); pc++; break;
                    case Opcode.D2UL_Trunc: st[sp] = (long)Numeric.TruncToUInt64(D(st[sp])); pc++; break;
#if NANOFRAMEWORK
                    case Opcode.F2Bits: st[sp] = FloatBits.DoubleBitsToFloatBits(st[sp]); pc++; break;
                    case Opcode.Bits2F: st[sp] = FloatBits.FloatBitsToDoubleBits((int)st[sp]); pc++; break;
#else
                    case Opcode.F2Bits: st[sp] = System.BitConverter.SingleToInt32Bits((float)D(st[sp])); pc++; break;
                    case Opcode.Bits2F: st[sp] = B((double)System.BitConverter.Int32BitsToSingle((int)st[sp])); pc++; break;
#endif
                    case Opcode.D2Bits:
                    case Opcode.Bits2D: pc++; break;

                    // ---- control
                    case Opcode.Jmp:
                    {
                        int t = code[pc + 1];
                        if (t <= pc && --budget <= 0)
                        {
                            budget = WatchdogPollInterval;
                            if (host.WatchdogExpired()) { fcode = FaultCode.Watchdog; goto faulted; }
                        }
                        pc = t; break;
                    }
                    case Opcode.Jz:
                    {
                        if (st[sp] != 0) { sp--; pc += 2; break; }
                        int t = code[pc + 1];
                        if (t <= pc && --budget <= 0)
                        {
                            budget = WatchdogPollInterval;
                            if (host.WatchdogExpired()) { fcode = FaultCode.Watchdog; goto faulted; }
                        }
                        sp--; pc = t; break;
                    }
                    case Opcode.Jnz:
                    {
                        if (st[sp] == 0) { sp--; pc += 2; break; }
                        int t = code[pc + 1];
                        if (t <= pc && --budget <= 0)
                        {
                            budget = WatchdogPollInterval;
                            if (host.WatchdogExpired()) { fcode = FaultCode.Watchdog; goto faulted; }
                        }
                        sp--; pc = t; break;
                    }
                    case Opcode.Call:
                    {
                        if (--budget <= 0)
                        {
                            budget = WatchdogPollInterval;
                            if (host.WatchdogExpired()) { fcode = FaultCode.Watchdog; goto faulted; }
                        }
                        fr[fp] = pc + 2; fr[fp + 1] = th; fp += 2;
                        pc = pouStart[code[pc + 1]];
                        break;
                    }
                    case Opcode.CallFb:
                    {
                        int p = code[pc + 1];
                        long inst = st[sp];
                        if (inst == 0) goto nullRef;
                        if (inst < Core.Image.NullGuard || inst > (long)memSize - pouSize[p]) { fv = inst; fcode = FaultCode.InvalidInstance; goto faulted; }
                        if (--budget <= 0)
                        {
                            budget = WatchdogPollInterval;
                            if (host.WatchdogExpired()) { fcode = FaultCode.Watchdog; goto faulted; }
                        }
                        sp--;
                        fr[fp] = pc + 2; fr[fp + 1] = th; fp += 2;
                        th = (int)inst;
                        pc = pouStart[p];
                        break;
                    }
                    case Opcode.Ret:
                        if (fp == 0) goto done;
                        fp -= 2; pc = fr[fp]; th = fr[fp + 1];
                        break;
                    case Opcode.CallNative:
                        sp = NativeFunctions.Invoke(code[pc + 1], st, sp, mem, ref fault, scratch);
                        if (fault.Code != FaultCode.None)
                        {
                            fcode = fault.Code; fv = fault.Value; flo = fault.Low; fhi = fault.High;
                            goto faulted;
                        }
                        pc += 2; break;
                    case Opcode.Now: st[++sp] = nowNs; pc++; break;

                    // ---- standard library support
                    case Opcode.Sel: sp -= 2; if (st[sp + 2] != 0) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.Mux:
                    {
                        int n = code[pc + 1];
                        long k = st[sp - n];
                        if (k < 0 || k >= n) { fcode = FaultCode.IndexOutOfRange; fv = k; flo = 0; fhi = n - 1; goto faulted; }
                        st[sp - n] = st[sp - n + 1 + (int)k];
                        sp -= n;
                        pc += 2; break;
                    }
                    case Opcode.Max_I: sp--; if ((int)st[sp + 1] > (int)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.Min_I: sp--; if ((int)st[sp + 1] < (int)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.MaxU_I: sp--; if ((uint)st[sp + 1] > (uint)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.MinU_I: sp--; if ((uint)st[sp + 1] < (uint)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.Max_L: sp--; if (st[sp + 1] > st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.Min_L: sp--; if (st[sp + 1] < st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.MaxU_L: sp--; if ((ulong)st[sp + 1] > (ulong)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.MinU_L: sp--; if ((ulong)st[sp + 1] < (ulong)st[sp]) st[sp] = st[sp + 1]; pc++; break;
                    case Opcode.Max_D:
                    {
                        sp--;
                        double a = D(st[sp]), b = D(st[sp + 1]);
                        if (b > a || double.IsNaN(b)) st[sp] = st[sp + 1];
                        pc++; break;
                    }
                    case Opcode.Min_D:
                    {
                        sp--;
                        double a = D(st[sp]), b = D(st[sp + 1]);
                        if (b < a || double.IsNaN(b)) st[sp] = st[sp + 1];
                        pc++; break;
                    }
                    case Opcode.Shl_I:
                    {
                        sp--;
                        uint n = (uint)st[sp + 1];
                        st[sp] = n >= 32 ? 0 : (long)(int)((uint)st[sp] << (int)n);
                        pc++; break;
                    }
                    case Opcode.ShrU_I:
                    {
                        sp--;
                        uint n = (uint)st[sp + 1];
                        st[sp] = n >= 32 ? 0 : (long)(int)((uint)st[sp] >> (int)n);
                        pc++; break;
                    }
                    case Opcode.Rol_I:
                    case Opcode.Ror_I:
                    {
                        sp--;
                        int w = code[pc + 1];
                        ulong mask = w == 32 ? 0xFFFFFFFFUL : (1UL << w) - 1;
                        ulong x = (ulong)(uint)st[sp] & mask;
                        int n = (int)((uint)st[sp + 1] % (uint)w);
                        if ((Opcode)code[pc] == Opcode.Ror_I) n = (w - n) % w;
                        ulong r = n == 0 ? x : ((x << n) | (x >> (w - n))) & mask;
                        st[sp] = (long)(int)(uint)r;
                        pc += 2; break;
                    }
                    case Opcode.Shl_L:
                    {
                        sp--;
                        uint n = (uint)st[sp + 1];
                        st[sp] = n >= 64 ? 0 : (long)((ulong)st[sp] << (int)n);
                        pc++; break;
                    }
                    case Opcode.ShrU_L:
                    {
                        sp--;
                        uint n = (uint)st[sp + 1];
                        st[sp] = n >= 64 ? 0 : (long)((ulong)st[sp] >> (int)n);
                        pc++; break;
                    }
                    case Opcode.Rol_L:
                    case Opcode.Ror_L:
                    {
                        sp--;
                        ulong x = (ulong)st[sp];
                        int n = (int)((uint)st[sp + 1] % 64);
                        if ((Opcode)code[pc] == Opcode.Ror_L) n = (64 - n) % 64;
                        st[sp] = n == 0 ? (long)x : (long)((x << n) | (x >> (64 - n)));
                        pc++; break;
                    }
                    case Opcode.Math1: st[sp] = B(host.Math((MathFunction)code[pc + 1], D(st[sp]), 0)); pc += 2; break;
                    case Opcode.Math2: sp--; st[sp] = B(host.Math((MathFunction)code[pc + 1], D(st[sp]), D(st[sp + 1]))); pc += 2; break;

                    default:
                        // Unreachable for verified code.
                        fcode = FaultCode.InvalidAddress; fv = pc;
                        goto faulted;
                }
            }

        done:
            instructions += count;
            return true;

        nullRef:
            fcode = FaultCode.NullReference;
            goto faulted;
        badAddress:
            fcode = FaultCode.InvalidAddress;
        faulted:
            instructions += count;
            fault = new Fault(fcode, pc, fv, flo, fhi);
            return false;
        }
    }
}

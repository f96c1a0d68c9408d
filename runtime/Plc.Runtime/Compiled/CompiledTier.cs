using System.Reflection;
using System.Reflection.Emit;
using Plc.Runtime.Core;

namespace Plc.Runtime.Compiled;

/// <summary>
/// The optional compiled tier (docs/performance.md): turns each POU's verified bytecode into a .NET method (IL through
/// DynamicMethod), one IL instruction sequence per bytecode instruction, with the operand stack on the IL evaluation
/// stack (every value an int64, as on the interpreter's stack; the verifier has proved the depth at every instruction
/// and at every jump target). The semantics are those of the interpreter, through <see cref="CompiledOps"/>: same
/// results, same faults at the same positions, the same watchdog polls. Full .NET only; the portable interpreter
/// stays the reference and the fallback: an image with an instruction this tier does not compile runs interpreted.
/// </summary>
public sealed class CompiledTier : ICompiledCode
{
    delegate void PouEntry(int th, CompiledEnv env);

    readonly PouEntry[] entries;
    readonly Image image;
    readonly CompiledEnv env;

    CompiledTier(Image image, PouEntry[] entries, CompiledEnv env)
    {
        this.image = image;
        this.entries = entries;
        this.env = env;
    }

    /// <summary>
    /// Compiles every POU of a verified image for an interpreter (sharing its memory and host), or returns null with the
    /// reason when the image uses something this tier does not compile.
    /// </summary>
    public static CompiledTier? TryCreate(Interpreter interpreter, IRuntimeHost host, out string? reason)
    {
        var image = interpreter.Image;
        var env = new CompiledEnv { Mem = interpreter.Memory, Initial = image.InitialMemory, Host = host };
        int n = image.Pous.Length;
        var methods = new DynamicMethod[n];
        for (int p = 0; p < n; p++)
            methods[p] = new DynamicMethod("pou_" + p + "_" + image.Pous[p].Name, null, new[] { typeof(int), typeof(CompiledEnv) },
                typeof(CompiledTier).Module, skipVisibility: true);
        int spill = 8;
        for (int p = 0; p < n; p++)
        {
            var emitter = new Emitter(image, methods, p);
            reason = emitter.Emit();
            if (reason != null) return null;
            spill = Math.Max(spill, emitter.SpillNeeded);
        }
        env.Spill = new long[spill];
        var entries = new PouEntry[n];
        try
        {
            for (int p = 0; p < n; p++)
            {
                entries[p] = (PouEntry)methods[p].CreateDelegate(typeof(PouEntry));
                // Compile now (not in the first scan), and find out now if the IL is not what .NET accepts.
                System.Runtime.CompilerServices.RuntimeHelpers.PrepareDelegate(entries[p]);
            }
        }
        catch (Exception e) when (e is InvalidProgramException or NotSupportedException or ArgumentException)
        {
            reason = "the generated code was not accepted: " + e.Message;
            return null;
        }
        reason = null;
        return new CompiledTier(image, entries, env);
    }

    public bool Run(int pou, int thisAddress, long nowNs, ref Fault fault)
    {
        var info = image.Pous[pou];
        int th = 0;
        if (info.Kind is PouKind.Program or PouKind.FunctionBlock)
        {
            if (thisAddress < Image.NullGuard || (long)thisAddress + info.Size > env.Mem.Length)
            {
                fault = new Fault(FaultCode.InvalidInstance, info.CodeStart, thisAddress, 0, 0);
                return false;
            }
            th = thisAddress;
        }
        env.Now = nowNs;
        env.Budget = Interpreter.WatchdogPollInterval;
        try
        {
            entries[pou](th, env);
        }
        catch (CompiledFault)
        {
            fault = env.Fault;
            return false;
        }
        fault = default;
        return true;
    }

    /// <summary>Emits one POU.</summary>
    sealed class Emitter
    {
        readonly Image image;
        readonly DynamicMethod[] methods;
        readonly int pou;
        readonly int[] code;
        readonly ILGenerator il;
        readonly Dictionary<int, Label> labels = new();
        LocalBuilder? mem, t1, t2;

        public Emitter(Image image, DynamicMethod[] methods, int pou)
        {
            this.image = image;
            this.methods = methods;
            this.pou = pou;
            code = image.Code;
            il = methods[pou].GetILGenerator();
        }

        static int Operands(int op) => OpcodeInfo.Get((Opcode)op).Operands.Length;

        static MethodInfo Op(string name) => typeof(CompiledOps).GetMethod(name) ?? throw new MissingMethodException(nameof(CompiledOps), name);

        Label LabelAt(int pc)
        {
            if (!labels.TryGetValue(pc, out var l)) { l = il.DefineLabel(); labels[pc] = l; }
            return l;
        }

        void Mem() => il.Emit(OpCodes.Ldloc, mem!);
        void Env() => il.Emit(OpCodes.Ldarg_1);
        void I4(int v) => il.Emit(OpCodes.Ldc_I4, v);
        void I8(long v) => il.Emit(OpCodes.Ldc_I8, v);
        void Call(string name) => il.Emit(OpCodes.Call, Op(name));
        /// <summary>Absolute address a (global) on the IL stack as an int.</summary>
        void AddrG(int a) => I4(a);
        /// <summary>this + offset.</summary>
        void AddrT(int off) { il.Emit(OpCodes.Ldarg_0); I4(off); il.Emit(OpCodes.Add); }

        // Loads: mem, address -> value. Stores: value on the stack, then mem, address. On a little-endian machine the
        // common widths are emitted as plain IL element and unaligned indirect accesses (the verifier has proved the
        // address range), so a long POU does not depend on the JIT's inlining budget; otherwise through CompiledOps.
        static readonly bool Direct = BitConverter.IsLittleEndian;

        void Address(bool thisRelative, int operand) { if (thisRelative) AddrT(operand); else AddrG(operand); }

        void Load(string op, bool thisRelative, int operand)
        {
            if (Direct)
            {
                Mem(); Address(thisRelative, operand);
                switch (op)
                {
                    case "LdU8": il.Emit(OpCodes.Ldelem_U1); il.Emit(OpCodes.Conv_U8); return;
                    case "LdI8": il.Emit(OpCodes.Ldelem_I1); il.Emit(OpCodes.Conv_I8); return;
                }
                il.Emit(OpCodes.Ldelema, typeof(byte));
                il.Emit(OpCodes.Unaligned, (byte)1);
                switch (op)
                {
                    case "LdI16": il.Emit(OpCodes.Ldind_I2); il.Emit(OpCodes.Conv_I8); return;
                    case "LdU16": il.Emit(OpCodes.Ldind_U2); il.Emit(OpCodes.Conv_U8); return;
                    case "LdI32": il.Emit(OpCodes.Ldind_I4); il.Emit(OpCodes.Conv_I8); return;
                    case "LdI64": il.Emit(OpCodes.Ldind_I8); return;
                }
                // LdF32: the unaligned prefix must be followed by the load it qualifies.
                il.Emit(OpCodes.Ldind_R4); il.Emit(OpCodes.Conv_R8);
                il.Emit(OpCodes.Call, typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!);
                return;
            }
            Mem(); Address(thisRelative, operand); Call(op);
        }

        void Store(string op, bool thisRelative, int operand)
        {
            if (Direct && op != "StF32")
            {
                il.Emit(OpCodes.Stloc, t1!);
                Mem(); Address(thisRelative, operand);
                if (op == "St8") { il.Emit(OpCodes.Ldloc, t1!); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stelem_I1); return; }
                il.Emit(OpCodes.Ldelema, typeof(byte));
                il.Emit(OpCodes.Ldloc, t1!);
                switch (op)
                {
                    case "St16": il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Unaligned, (byte)1); il.Emit(OpCodes.Stind_I2); return;
                    case "St32": il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Unaligned, (byte)1); il.Emit(OpCodes.Stind_I4); return;
                    default: il.Emit(OpCodes.Unaligned, (byte)1); il.Emit(OpCodes.Stind_I8); return;
                }
            }
            Mem(); Address(thisRelative, operand); Call(op);
        }

        /// <summary>A 32-bit integer result of a 64-bit operation: (int)(a op b), as the interpreter computes it.</summary>
        void Int32(OpCode op) { il.Emit(op); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Conv_I8); }

        /// <summary>A comparison of two int64 values as 0 or 1.</summary>
        void Compare(OpCode op, bool negate)
        {
            il.Emit(op);
            if (negate) { il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Ceq); }
            il.Emit(OpCodes.Conv_I8);
        }

        void LoadBit(bool thisRelative, int operand, int bit)
        {
            Mem(); Address(thisRelative, operand);
            il.Emit(OpCodes.Ldelem_U1);
            I4(bit); il.Emit(OpCodes.Shr);
            il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.And);
            il.Emit(OpCodes.Conv_I8);
        }
        void Unary(string op) => Call(op);
        void Binary(string op) => Call(op);
        void Faulting(string op, int pc) { I4(pc); Env(); Call(op); }
        void Poll(int pc) { Env(); I4(pc); Call("Poll"); }

        /// <summary>The largest number of values spilled at once (MUX inputs, native arguments).</summary>
        public int SpillNeeded { get; private set; }

        /// <summary>Moves the top <paramref name="count"/> values of the IL stack into env.Spill[0..count-1], bottom first.</summary>
        void Spill(int count)
        {
            SpillNeeded = Math.Max(SpillNeeded, count);
            var field = typeof(CompiledEnv).GetField(nameof(CompiledEnv.Spill))!;
            for (int i = count - 1; i >= 0; i--)
            {
                il.Emit(OpCodes.Stloc, t1!);
                Env(); il.Emit(OpCodes.Ldfld, field); I4(i); il.Emit(OpCodes.Ldloc, t1!); il.Emit(OpCodes.Stelem_I8);
            }
        }

        /// <summary>Null when done, else what it cannot compile.</summary>
        public string? Emit()
        {
            var info = image.Pous[pou];
            mem = il.DeclareLocal(typeof(byte[]));
            t1 = il.DeclareLocal(typeof(long));
            t2 = il.DeclareLocal(typeof(long));
            Env();
            il.Emit(OpCodes.Ldfld, typeof(CompiledEnv).GetField(nameof(CompiledEnv.Mem))!);
            il.Emit(OpCodes.Stloc, mem);

            // Jump targets first, so every target gets its label before the code is emitted.
            for (int pc = info.CodeStart; pc < info.CodeEnd; pc += 1 + Operands(code[pc]))
            {
                var op = (Opcode)code[pc];
                if (op is Opcode.Jmp or Opcode.Jz or Opcode.Jnz) LabelAt(code[pc + 1]);
            }

            for (int pc = info.CodeStart; pc < info.CodeEnd; )
            {
                if (labels.TryGetValue(pc, out var here)) il.MarkLabel(here);
                var op = (Opcode)code[pc];
                int a1 = Operands(code[pc]) > 0 ? code[pc + 1] : 0;
                int a2 = Operands(code[pc]) > 1 ? code[pc + 2] : 0;
                int a3 = Operands(code[pc]) > 2 ? code[pc + 3] : 0;
                string? missing = Instruction(op, pc, a1, a2, a3);
                if (missing != null) return $"{missing} at {pc} in {info.Name}";
                pc += 1 + Operands(code[pc]);
            }
            return null;
        }

        string? Instruction(Opcode op, int pc, int a1, int a2, int a3)
        {
            switch (op)
            {
                case Opcode.Nop: break;
                case Opcode.PushI: I8(a1); break;
                case Opcode.PushL:
                case Opcode.PushF:
                case Opcode.PushD: I8(image.Constants[a1]); break;
                case Opcode.Pop: il.Emit(OpCodes.Pop); break;
                case Opcode.Dup: il.Emit(OpCodes.Dup); break;

                case Opcode.LdG_I8: Load("LdI8", false, a1); break;
                case Opcode.LdG_U8: Load("LdU8", false, a1); break;
                case Opcode.LdG_I16: Load("LdI16", false, a1); break;
                case Opcode.LdG_U16: Load("LdU16", false, a1); break;
                case Opcode.LdG_I32: Load("LdI32", false, a1); break;
                case Opcode.LdG_I64:
                case Opcode.LdG_F64: Load("LdI64", false, a1); break;
                case Opcode.LdG_F32: Load("LdF32", false, a1); break;
                case Opcode.LdT_I8: Load("LdI8", true, a1); break;
                case Opcode.LdT_U8: Load("LdU8", true, a1); break;
                case Opcode.LdT_I16: Load("LdI16", true, a1); break;
                case Opcode.LdT_U16: Load("LdU16", true, a1); break;
                case Opcode.LdT_I32: Load("LdI32", true, a1); break;
                case Opcode.LdT_I64:
                case Opcode.LdT_F64: Load("LdI64", true, a1); break;
                case Opcode.LdT_F32: Load("LdF32", true, a1); break;
                case Opcode.LdX_I8: I4(a1); Faulting("LdXI8", pc); break;
                case Opcode.LdX_U8: I4(a1); Faulting("LdXU8", pc); break;
                case Opcode.LdX_I16: I4(a1); Faulting("LdXI16", pc); break;
                case Opcode.LdX_U16: I4(a1); Faulting("LdXU16", pc); break;
                case Opcode.LdX_I32: I4(a1); Faulting("LdXI32", pc); break;
                case Opcode.LdX_F32: I4(a1); Faulting("LdXF32", pc); break;
                case Opcode.LdX_I64:
                case Opcode.LdX_F64: I4(a1); Faulting("LdXI64", pc); break;

                case Opcode.StG_I8: Store("St8", false, a1); break;
                case Opcode.StG_I16: Store("St16", false, a1); break;
                case Opcode.StG_I32: Store("St32", false, a1); break;
                case Opcode.StG_I64:
                case Opcode.StG_F64: Store("St64", false, a1); break;
                case Opcode.StG_F32: Store("StF32", false, a1); break;
                case Opcode.StT_I8: Store("St8", true, a1); break;
                case Opcode.StT_I16: Store("St16", true, a1); break;
                case Opcode.StT_I32: Store("St32", true, a1); break;
                case Opcode.StT_I64:
                case Opcode.StT_F64: Store("St64", true, a1); break;
                case Opcode.StT_F32: Store("StF32", true, a1); break;
                case Opcode.StX_I8: I4(a1); Faulting("StX8", pc); break;
                case Opcode.StX_I16: I4(a1); Faulting("StX16", pc); break;
                case Opcode.StX_I32: I4(a1); Faulting("StX32", pc); break;
                case Opcode.StX_F32: I4(a1); Faulting("StXF32", pc); break;
                case Opcode.StX_I64:
                case Opcode.StX_F64: I4(a1); Faulting("StX64", pc); break;

                case Opcode.LdBitG: LoadBit(false, a1, a2); break;
                case Opcode.LdBitT: LoadBit(true, a1, a2); break;
                case Opcode.LdBitX: I4(a1); I4(a2); Faulting("LdBitX", pc); break;
                case Opcode.StBitG: Mem(); AddrG(a1); I4(a2); Call("StBit"); break;
                case Opcode.StBitT: Mem(); AddrT(a1); I4(a2); Call("StBit"); break;
                case Opcode.StBitX: I4(a1); I4(a2); Faulting("StBitX", pc); break;

                case Opcode.LeaG: I8(a1); break;
                case Opcode.LeaT: AddrT(a1); il.Emit(OpCodes.Conv_I8); break;
                case Opcode.AddI: I8(a1); Int32(OpCodes.Add); break;
                case Opcode.Index:
                case Opcode.IndexL: I4(a1); I4(a2); I4(a3); Faulting("Index", pc); break;
                case Opcode.IndexDyn: Faulting("IndexDyn", pc); break;

                case Opcode.MemCopy: I4(a1); Faulting("MemCopy", pc); break;
                case Opcode.StrCopy: I4(a1); Faulting("StrCopy", pc); break;
                case Opcode.WStrCopy: I4(a1); Faulting("WStrCopy", pc); break;
                case Opcode.StrCmp: Faulting("StrCmp", pc); break;
                case Opcode.WStrCmp: Faulting("WStrCmp", pc); break;
                case Opcode.Mux: Spill(a1); I4(a1); Faulting("Mux", pc); break;
                case Opcode.CallNative:
                {
                    var info = NativeCatalog.Get(a1);
                    Spill(info.Pops.Length);
                    I4(a1); I4(info.Pops.Length); Faulting("Native", pc);
                    if (info.Pushes.Length == 0) il.Emit(OpCodes.Pop);
                    break;
                }
                case Opcode.InitG: I4(a1); I4(a2); Env(); Call("Init"); break;
                case Opcode.InitT: AddrT(a1); I4(a2); Env(); Call("Init"); break;

                case Opcode.Add_I: Int32(OpCodes.Add); break;
                case Opcode.Sub_I: Int32(OpCodes.Sub); break;
                case Opcode.Mul_I: Int32(OpCodes.Mul); break;
                case Opcode.Div_I: Faulting("DivI", pc); break;
                case Opcode.Mod_I: Faulting("ModI", pc); break;
                case Opcode.DivU_I: Faulting("DivUI", pc); break;
                case Opcode.ModU_I: Faulting("ModUI", pc); break;
                case Opcode.Neg_I: Unary("NegI"); break;
                case Opcode.And_I:
                case Opcode.And_L: il.Emit(OpCodes.And); break;
                case Opcode.Or_I:
                case Opcode.Or_L: il.Emit(OpCodes.Or); break;
                case Opcode.Xor_I:
                case Opcode.Xor_L: il.Emit(OpCodes.Xor); break;
                case Opcode.Not_I:
                case Opcode.Not_L: il.Emit(OpCodes.Not); break;
                case Opcode.BoolNot: I8(0); Compare(OpCodes.Ceq, false); break;
                case Opcode.Norm_I8: Unary("NormI8"); break;
                case Opcode.Norm_U8: Unary("NormU8"); break;
                case Opcode.Norm_I16: Unary("NormI16"); break;
                case Opcode.Norm_U16: Unary("NormU16"); break;
                case Opcode.Clamp_I: I8(a1); I8(a2); Call("Clamp"); break;
                case Opcode.Check_I: I8(a1); I8(a2); Faulting("Check", pc); break;
                case Opcode.Check_L: I8(image.Constants[a1]); I8(image.Constants[a2]); Faulting("Check", pc); break;

                case Opcode.Add_L: il.Emit(OpCodes.Add); break;
                case Opcode.Sub_L: il.Emit(OpCodes.Sub); break;
                case Opcode.Mul_L: il.Emit(OpCodes.Mul); break;
                case Opcode.Div_L: Faulting("DivL", pc); break;
                case Opcode.Mod_L: Faulting("ModL", pc); break;
                case Opcode.DivU_L: Faulting("DivUL", pc); break;
                case Opcode.ModU_L: Faulting("ModUL", pc); break;
                case Opcode.Neg_L: il.Emit(OpCodes.Neg); break;

                case Opcode.Add_F: Binary("AddF"); break;
                case Opcode.Sub_F: Binary("SubF"); break;
                case Opcode.Mul_F: Binary("MulF"); break;
                case Opcode.Div_F: Faulting("DivF", pc); break;
                case Opcode.Neg_F: Unary("NegF"); break;
                case Opcode.Add_D: Binary("AddD"); break;
                case Opcode.Sub_D: Binary("SubD"); break;
                case Opcode.Mul_D: Binary("MulD"); break;
                case Opcode.Div_D: Faulting("DivD", pc); break;
                case Opcode.Neg_D: Unary("NegD"); break;
                case Opcode.Expt_F: Env(); Call("ExptF"); break;
                case Opcode.Expt_D: Env(); Call("ExptD"); break;
                case Opcode.Math1: I4(a1); Env(); Call("Math1"); break;
                case Opcode.Math2: I4(a1); Env(); Call("Math2"); break;

                case Opcode.Eq_I:
                case Opcode.Eq_L: Compare(OpCodes.Ceq, false); break;
                case Opcode.Ne_I:
                case Opcode.Ne_L: Compare(OpCodes.Ceq, true); break;
                case Opcode.Lt_I:
                case Opcode.Lt_L: Compare(OpCodes.Clt, false); break;
                case Opcode.Le_I:
                case Opcode.Le_L: Compare(OpCodes.Cgt, true); break;
                case Opcode.Gt_I:
                case Opcode.Gt_L: Compare(OpCodes.Cgt, false); break;
                case Opcode.Ge_I:
                case Opcode.Ge_L: Compare(OpCodes.Clt, true); break;
                case Opcode.LtU_I: Binary("LtUI"); break;
                case Opcode.LeU_I: Binary("LeUI"); break;
                case Opcode.GtU_I: Binary("GtUI"); break;
                case Opcode.GeU_I: Binary("GeUI"); break;
                case Opcode.LtU_L: Binary("LtUL"); break;
                case Opcode.LeU_L: Binary("LeUL"); break;
                case Opcode.GtU_L: Binary("GtUL"); break;
                case Opcode.GeU_L: Binary("GeUL"); break;
                case Opcode.Eq_D: Binary("EqD"); break;
                case Opcode.Ne_D: Binary("NeD"); break;
                case Opcode.Lt_D: Binary("LtD"); break;
                case Opcode.Le_D: Binary("LeD"); break;
                case Opcode.Gt_D: Binary("GtD"); break;
                case Opcode.Ge_D: Binary("GeD"); break;

                case Opcode.I2L: break;
                case Opcode.U2L: Unary("U2L"); break;
                case Opcode.L2I: Unary("L2I"); break;
                case Opcode.I2D:
                case Opcode.L2D: Unary("I2D"); break;
                case Opcode.U2D: Unary("U2D"); break;
                case Opcode.UL2D: Unary("UL2D"); break;
                case Opcode.D2F: Unary("D2F"); break;
                case Opcode.D2I_Round: Unary("D2IRound"); break;
                case Opcode.D2U_Round: Unary("D2URound"); break;
                case Opcode.D2L_Round: Unary("D2LRound"); break;
                case Opcode.D2UL_Round: Unary("D2ULRound"); break;
                case Opcode.D2I_Trunc: Unary("D2ITrunc"); break;
                case Opcode.D2U_Trunc: Unary("D2UTrunc"); break;
                case Opcode.D2L_Trunc: Unary("D2LTrunc"); break;
                case Opcode.D2UL_Trunc: Unary("D2ULTrunc"); break;
                case Opcode.F2Bits: Unary("F2Bits"); break;
                case Opcode.Bits2F: Unary("Bits2F"); break;
                case Opcode.D2Bits:
                case Opcode.Bits2D: break;

                case Opcode.Jmp:
                    if (a1 <= pc) Poll(pc);
                    il.Emit(OpCodes.Br, LabelAt(a1));
                    break;
                case Opcode.Jz:
                case Opcode.Jnz:
                    if (a1 <= pc)
                    {
                        // A backward jump polls the watchdog only when it is taken, as the interpreter does.
                        var skip = il.DefineLabel();
                        il.Emit(op == Opcode.Jz ? OpCodes.Brtrue : OpCodes.Brfalse, skip);
                        Poll(pc);
                        il.Emit(OpCodes.Br, LabelAt(a1));
                        il.MarkLabel(skip);
                    }
                    else il.Emit(op == Opcode.Jz ? OpCodes.Brfalse : OpCodes.Brtrue, LabelAt(a1));
                    break;
                case Opcode.Call:
                    Poll(pc);
                    il.Emit(OpCodes.Ldarg_0);
                    Env();
                    il.Emit(OpCodes.Call, methods[a1]);
                    break;
                case Opcode.CallFb:
                    I4(image.Pous[a1].Size); Faulting("Instance", pc);   // the instance address, checked
                    Poll(pc);
                    Env();
                    il.Emit(OpCodes.Call, methods[a1]);
                    break;
                case Opcode.Ret: il.Emit(OpCodes.Ret); break;
                case Opcode.Now:
                    Env();
                    il.Emit(OpCodes.Ldfld, typeof(CompiledEnv).GetField(nameof(CompiledEnv.Now))!);
                    break;

                case Opcode.Sel: Call("Sel"); break;
                case Opcode.Max_I: Binary("MaxI"); break;
                case Opcode.Min_I: Binary("MinI"); break;
                case Opcode.MaxU_I: Binary("MaxUI"); break;
                case Opcode.MinU_I: Binary("MinUI"); break;
                case Opcode.Max_L: Binary("MaxL"); break;
                case Opcode.Min_L: Binary("MinL"); break;
                case Opcode.MaxU_L: Binary("MaxUL"); break;
                case Opcode.MinU_L: Binary("MinUL"); break;
                case Opcode.Max_D: Binary("MaxD"); break;
                case Opcode.Min_D: Binary("MinD"); break;
                case Opcode.Shl_I: Binary("ShlI"); break;
                case Opcode.ShrU_I: Binary("ShrUI"); break;
                case Opcode.Rol_I: I4(a1); Call("RolI"); break;
                case Opcode.Ror_I: I4(a1); Call("RorI"); break;
                case Opcode.Shl_L: Binary("ShlL"); break;
                case Opcode.ShrU_L: Binary("ShrUL"); break;
                case Opcode.Rol_L: Binary("RolL"); break;
                case Opcode.Ror_L: Binary("RorL"); break;

                default:
                    return op.ToString();
            }
            return null;
        }
    }
}

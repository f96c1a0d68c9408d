namespace Plc.Runtime.Core
{
    /// <summary>Kinds of instruction operands. All are encoded in the image as zigzag varints.</summary>
    public enum OperandKind : byte
    {
        Imm,        // signed 32-bit immediate
        Addr,       // absolute memory address (must lie inside memory)
        Off,        // offset from this (must lie inside the current POU's instance)
        XOff,       // offset added to a popped address (checked when executed)
        Size,       // byte count
        Bit,        // 0..7
        Const,      // index into the constant pool
        Target,     // instruction index (jump target)
        Pou,        // index into the POU table
        Native,     // native function id
    }

    /// <summary>
    /// Static description of every opcode: its operands and its effect on the value stack. The loader,
    /// verifier, disassembler and compiler all read this one table.
    /// Stack types are written as strings of I, L, F, D ('D' also accepts F). Pops are listed bottom to top.
    /// A null Pops/Pushes marks an opcode whose effect the verifier works out itself (Pop, Dup, CallNative).
    /// </summary>
    public sealed class OpcodeInfo
    {
        public readonly Opcode Op;
        public readonly string Name;
        public readonly OperandKind[] Operands;
        public readonly string? Pops;
        public readonly string? Pushes;
        /// <summary>Bytes touched by a memory access (loads, stores), 0 otherwise.</summary>
        public readonly int AccessSize;

        OpcodeInfo(Opcode op, string name, OperandKind[] operands, string? pops, string? pushes, int accessSize)
        {
            Op = op; Name = name; Operands = operands; Pops = pops; Pushes = pushes; AccessSize = accessSize;
        }

        public static OpcodeInfo Get(Opcode op) => table[(int)op];

        public static bool IsDefined(int op) => op >= 0 && op < (int)Opcode.Count;

        /// <summary>Opcode by disassembler name (case-insensitive), or -1.</summary>
        public static int FindByName(string name)
        {
            for (int i = 0; i < table.Length; i++)
                if (Text.EqualsIgnoreCase(table[i].Name, name)) return i;
            return -1;
        }

        static readonly OperandKind[] none = new OperandKind[0];
        static readonly OperandKind[] imm = { OperandKind.Imm };
        static readonly OperandKind[] cst = { OperandKind.Const };
        static readonly OperandKind[] addr = { OperandKind.Addr };
        static readonly OperandKind[] off = { OperandKind.Off };
        static readonly OperandKind[] xoff = { OperandKind.XOff };
        static readonly OperandKind[] addrBit = { OperandKind.Addr, OperandKind.Bit };
        static readonly OperandKind[] offBit = { OperandKind.Off, OperandKind.Bit };
        static readonly OperandKind[] xoffBit = { OperandKind.XOff, OperandKind.Bit };
        static readonly OperandKind[] index = { OperandKind.Imm, OperandKind.Imm, OperandKind.Size };
        static readonly OperandKind[] size = { OperandKind.Size };
        static readonly OperandKind[] addrSize = { OperandKind.Addr, OperandKind.Size };
        static readonly OperandKind[] offSize = { OperandKind.Off, OperandKind.Size };
        static readonly OperandKind[] range = { OperandKind.Imm, OperandKind.Imm };
        static readonly OperandKind[] constRange = { OperandKind.Const, OperandKind.Const };
        static readonly OperandKind[] target = { OperandKind.Target };
        static readonly OperandKind[] pou = { OperandKind.Pou };
        static readonly OperandKind[] native = { OperandKind.Native };
        static readonly OperandKind[] count = { OperandKind.Imm };
        static readonly OperandKind[] width = { OperandKind.Imm };
        static readonly OperandKind[] math = { OperandKind.Imm };

        // Declared after the operand arrays: static initialisers run in textual order, and Build() uses them.
        static readonly OpcodeInfo[] table = Build();

        static OpcodeInfo[] Build()
        {
            var t = new OpcodeInfo[(int)Opcode.Count];
            void Def(Opcode op, string name, OperandKind[] operands, string? pops, string? pushes, int access = 0)
                => t[(int)op] = new OpcodeInfo(op, name, operands, pops, pushes, access);

            Def(Opcode.Nop, "nop", none, "", "");
            Def(Opcode.PushI, "push.i", imm, "", "I");
            Def(Opcode.PushL, "push.l", cst, "", "L");
            Def(Opcode.PushF, "push.f", cst, "", "F");
            Def(Opcode.PushD, "push.d", cst, "", "D");
            Def(Opcode.Pop, "pop", none, null, null);
            Def(Opcode.Dup, "dup", none, null, null);

            string[] loadNames = { "i8", "u8", "i16", "u16", "i32", "i64", "f32", "f64" };
            string[] loadPush = { "I", "I", "I", "I", "I", "L", "F", "D" };
            int[] loadSize = { 1, 1, 2, 2, 4, 8, 4, 8 };
            for (int k = 0; k < 8; k++)
            {
                Def((Opcode)((int)Opcode.LdG_I8 + k), "ld.g." + loadNames[k], addr, "", loadPush[k], loadSize[k]);
                Def((Opcode)((int)Opcode.LdT_I8 + k), "ld.t." + loadNames[k], off, "", loadPush[k], loadSize[k]);
                Def((Opcode)((int)Opcode.LdX_I8 + k), "ld.x." + loadNames[k], xoff, "I", loadPush[k], loadSize[k]);
            }
            string[] storeNames = { "i8", "i16", "i32", "i64", "f32", "f64" };
            string[] storePop = { "I", "I", "I", "L", "D", "D" };
            int[] storeSize = { 1, 2, 4, 8, 4, 8 };
            for (int k = 0; k < 6; k++)
            {
                Def((Opcode)((int)Opcode.StG_I8 + k), "st.g." + storeNames[k], addr, storePop[k], "", storeSize[k]);
                Def((Opcode)((int)Opcode.StT_I8 + k), "st.t." + storeNames[k], off, storePop[k], "", storeSize[k]);
                Def((Opcode)((int)Opcode.StX_I8 + k), "st.x." + storeNames[k], xoff, "I" + storePop[k], "", storeSize[k]);
            }
            Def(Opcode.LdBitG, "ldbit.g", addrBit, "", "I", 1);
            Def(Opcode.LdBitT, "ldbit.t", offBit, "", "I", 1);
            Def(Opcode.LdBitX, "ldbit.x", xoffBit, "I", "I", 1);
            Def(Opcode.StBitG, "stbit.g", addrBit, "I", "", 1);
            Def(Opcode.StBitT, "stbit.t", offBit, "I", "", 1);
            Def(Opcode.StBitX, "stbit.x", xoffBit, "II", "", 1);

            Def(Opcode.LeaG, "lea.g", addr, "", "I");
            Def(Opcode.LeaT, "lea.t", off, "", "I");
            Def(Opcode.AddI, "addi", imm, "I", "I");
            Def(Opcode.Index, "index", index, "II", "I");
            Def(Opcode.IndexL, "index.l", index, "IL", "I");
            Def(Opcode.IndexDyn, "index.dyn", none, "ILIII", "I");

            Def(Opcode.MemCopy, "memcopy", size, "II", "");
            Def(Opcode.StrCopy, "strcopy", size, "II", "");
            Def(Opcode.WStrCopy, "wstrcopy", size, "II", "");
            Def(Opcode.StrCmp, "strcmp", none, "II", "I");
            Def(Opcode.WStrCmp, "wstrcmp", none, "II", "I");
            Def(Opcode.InitG, "init.g", addrSize, "", "");
            Def(Opcode.InitT, "init.t", offSize, "", "");

            string[] bin = { "add", "sub", "mul", "div", "mod", "divu", "modu" };
            for (int k = 0; k < 7; k++)
            {
                Def((Opcode)((int)Opcode.Add_I + k), bin[k] + ".i", none, "II", "I");
                Def((Opcode)((int)Opcode.Add_L + k), bin[k] + ".l", none, "LL", "L");
            }
            Def(Opcode.Neg_I, "neg.i", none, "I", "I");
            Def(Opcode.And_I, "and.i", none, "II", "I");
            Def(Opcode.Or_I, "or.i", none, "II", "I");
            Def(Opcode.Xor_I, "xor.i", none, "II", "I");
            Def(Opcode.Not_I, "not.i", none, "I", "I");
            Def(Opcode.BoolNot, "boolnot", none, "I", "I");
            Def(Opcode.Norm_I8, "norm.i8", none, "I", "I");
            Def(Opcode.Norm_U8, "norm.u8", none, "I", "I");
            Def(Opcode.Norm_I16, "norm.i16", none, "I", "I");
            Def(Opcode.Norm_U16, "norm.u16", none, "I", "I");
            Def(Opcode.Clamp_I, "clamp.i", range, "I", "I");
            Def(Opcode.Check_I, "check.i", range, "I", "I");
            Def(Opcode.Neg_L, "neg.l", none, "L", "L");
            Def(Opcode.And_L, "and.l", none, "LL", "L");
            Def(Opcode.Or_L, "or.l", none, "LL", "L");
            Def(Opcode.Xor_L, "xor.l", none, "LL", "L");
            Def(Opcode.Not_L, "not.l", none, "L", "L");
            Def(Opcode.Check_L, "check.l", constRange, "L", "L");

            string[] fop = { "add", "sub", "mul", "div" };
            for (int k = 0; k < 4; k++)
            {
                Def((Opcode)((int)Opcode.Add_F + k), fop[k] + ".f", none, "DD", "F");
                Def((Opcode)((int)Opcode.Add_D + k), fop[k] + ".d", none, "DD", "D");
            }
            Def(Opcode.Neg_F, "neg.f", none, "D", "F");
            Def(Opcode.Neg_D, "neg.d", none, "D", "D");
            Def(Opcode.Expt_F, "expt.f", none, "DD", "F");
            Def(Opcode.Expt_D, "expt.d", none, "DD", "D");

            string[] cmp = { "eq", "ne", "lt", "le", "gt", "ge", "ltu", "leu", "gtu", "geu" };
            for (int k = 0; k < 10; k++)
            {
                Def((Opcode)((int)Opcode.Eq_I + k), cmp[k] + ".i", none, "II", "I");
                Def((Opcode)((int)Opcode.Eq_L + k), cmp[k] + ".l", none, "LL", "I");
            }
            for (int k = 0; k < 6; k++)
                Def((Opcode)((int)Opcode.Eq_D + k), cmp[k] + ".d", none, "DD", "I");

            Def(Opcode.I2L, "i2l", none, "I", "L");
            Def(Opcode.U2L, "u2l", none, "I", "L");
            Def(Opcode.L2I, "l2i", none, "L", "I");
            Def(Opcode.I2D, "i2d", none, "I", "D");
            Def(Opcode.U2D, "u2d", none, "I", "D");
            Def(Opcode.L2D, "l2d", none, "L", "D");
            Def(Opcode.UL2D, "ul2d", none, "L", "D");
            Def(Opcode.D2F, "d2f", none, "D", "F");
            Def(Opcode.D2I_Round, "d2i.round", none, "D", "I");
            Def(Opcode.D2U_Round, "d2u.round", none, "D", "I");
            Def(Opcode.D2L_Round, "d2l.round", none, "D", "L");
            Def(Opcode.D2UL_Round, "d2ul.round", none, "D", "L");
            Def(Opcode.D2I_Trunc, "d2i.trunc", none, "D", "I");
            Def(Opcode.D2U_Trunc, "d2u.trunc", none, "D", "I");
            Def(Opcode.D2L_Trunc, "d2l.trunc", none, "D", "L");
            Def(Opcode.D2UL_Trunc, "d2ul.trunc", none, "D", "L");
            Def(Opcode.F2Bits, "f2bits", none, "D", "I");
            Def(Opcode.Bits2F, "bits2f", none, "I", "F");
            Def(Opcode.D2Bits, "d2bits", none, "D", "L");
            Def(Opcode.Bits2D, "bits2d", none, "L", "D");

            Def(Opcode.Jmp, "jmp", target, "", "");
            Def(Opcode.Jz, "jz", target, "I", "");
            Def(Opcode.Jnz, "jnz", target, "I", "");
            Def(Opcode.Call, "call", pou, "", "");
            Def(Opcode.CallFb, "call.fb", pou, "I", "");
            Def(Opcode.Ret, "ret", none, "", "");
            Def(Opcode.CallNative, "call.native", native, null, null);
            Def(Opcode.Now, "now", none, "", "L");

            Def(Opcode.Sel, "sel", none, null, null);
            Def(Opcode.Mux, "mux", count, null, null);
            string[] minmax = { "max.i", "min.i", "maxu.i", "minu.i", "max.l", "min.l", "maxu.l", "minu.l", "max.d", "min.d" };
            string[] minmaxStack = { "II", "II", "II", "II", "LL", "LL", "LL", "LL", "DD", "DD" };
            for (int k = 0; k < 10; k++)
                Def((Opcode)((int)Opcode.Max_I + k), minmax[k], none, minmaxStack[k], minmaxStack[k].Substring(0, 1));
            Def(Opcode.Shl_I, "shl.i", none, "II", "I");
            Def(Opcode.ShrU_I, "shru.i", none, "II", "I");
            Def(Opcode.Rol_I, "rol.i", width, "II", "I");
            Def(Opcode.Ror_I, "ror.i", width, "II", "I");
            Def(Opcode.Shl_L, "shl.l", none, "LI", "L");
            Def(Opcode.ShrU_L, "shru.l", none, "LI", "L");
            Def(Opcode.Rol_L, "rol.l", none, "LI", "L");
            Def(Opcode.Ror_L, "ror.l", none, "LI", "L");
            Def(Opcode.Math1, "math1", math, "D", "D");
            Def(Opcode.Math2, "math2", math, "DD", "D");

            for (int i = 0; i < t.Length; i++)
                if (t[i] == null) throw new System.Exception("OpcodeInfo missing for opcode " + i);
            return t;
        }
    }
}

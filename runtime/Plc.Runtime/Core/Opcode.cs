namespace Plc.Runtime.Core
{
    /// <summary>
    /// The instruction set. Kept in lockstep with <see cref="OpcodeInfo"/> (operands and stack effect, used by the
    /// loader, the verifier and the disassembler) and with the dispatch loop in <see cref="Interpreter"/>.
    ///
    /// Value stack slots are 64 bits. Every value has one of four stack types:
    ///   I  32-bit integer, kept sign-extended (BOOL 0/1, SINT..DINT, USINT..UDINT, BYTE..DWORD, CHAR, WCHAR,
    ///      enums, addresses). Unsigned 32-bit types use the *U* variants of division, modulo and comparison.
    ///   L  64-bit integer (LINT, ULINT, LWORD, TIME, LTIME, DATE, TOD, DT and their L forms).
    ///   F  REAL: a double holding a value exactly representable as a float (results are rounded to float).
    ///   D  LREAL: a double. Any instruction that reads a D also accepts an F (same representation).
    ///
    /// Addressing: memory is one byte array. G operands are absolute addresses, T operands are offsets from the
    /// current instance pointer (this), X instructions pop an address and add an offset operand.
    /// </summary>
    public enum Opcode : byte
    {
        Nop = 0,

        // Constants and stack
        PushI,      // imm          -> I
        PushL,      // k (pool)     -> L
        PushF,      // k (pool)     -> F
        PushD,      // k (pool)     -> D
        Pop,        // x ->
        Dup,        // x -> x x

        // Loads, absolute address
        LdG_I8, LdG_U8, LdG_I16, LdG_U16, LdG_I32, LdG_I64, LdG_F32, LdG_F64,
        // Loads, this-relative
        LdT_I8, LdT_U8, LdT_I16, LdT_U16, LdT_I32, LdT_I64, LdT_F32, LdT_F64,
        // Loads, indirect: pop address, add offset operand
        LdX_I8, LdX_U8, LdX_I16, LdX_U16, LdX_I32, LdX_I64, LdX_F32, LdX_F64,

        // Stores (the I8 store also serves unsigned bytes and BOOL; I16 unsigned words, and so on)
        StG_I8, StG_I16, StG_I32, StG_I64, StG_F32, StG_F64,
        StT_I8, StT_I16, StT_I32, StT_I64, StT_F32, StT_F64,
        // Indirect stores: stack is [address, value]
        StX_I8, StX_I16, StX_I32, StX_I64, StX_F32, StX_F64,

        // Single bits of a byte (bit 0..7): %IX, %QX, %MX and x.n bit access
        LdBitG, LdBitT, LdBitX,
        StBitG, StBitT, StBitX,

        // Addresses
        LeaG,       // addr         -> I
        LeaT,       // off          -> I (this + off)
        AddI,       // imm: I -> I (adds a constant, used for member offsets)
        Index,      // lo hi stride: base:I index:I -> I; faults when index is outside lo..hi
        IndexL,     // lo hi stride: base:I index:L -> I

        // Blocks of memory
        MemCopy,    // size: dst:I src:I ->
        StrCopy,    // maxlen: dst:I src:I -> ; copies up to maxlen bytes of a NUL-terminated string, terminates it
        WStrCopy,   // maxlen: as StrCopy with 16-bit characters
        StrCmp,     // a:I b:I -> I (-1, 0, 1)
        WStrCmp,
        InitG,      // addr size: copies the initial image of a range back into memory (function frames)
        InitT,      // off size: same, this-relative (VAR_TEMP of function blocks and programs)

        // 32-bit integer arithmetic (wrapping)
        Add_I, Sub_I, Mul_I, Div_I, Mod_I, DivU_I, ModU_I, Neg_I,
        And_I, Or_I, Xor_I, Not_I, BoolNot,
        Norm_I8, Norm_U8, Norm_I16, Norm_U16,   // re-extend from 8/16 bits
        Clamp_I,    // lo hi: I -> I (saturate)
        Check_I,    // lo hi: I -> I, faults when outside lo..hi (subrange assignment)

        // 64-bit integer arithmetic (wrapping)
        Add_L, Sub_L, Mul_L, Div_L, Mod_L, DivU_L, ModU_L, Neg_L,
        And_L, Or_L, Xor_L, Not_L,
        Check_L,    // k_lo k_hi (pool): L -> L, faults when outside

        // REAL (results rounded to float) and LREAL
        Add_F, Sub_F, Mul_F, Div_F, Neg_F,
        Add_D, Sub_D, Mul_D, Div_D, Neg_D,
        Expt_F, Expt_D,

        // Comparisons -> I (0 or 1)
        Eq_I, Ne_I, Lt_I, Le_I, Gt_I, Ge_I, LtU_I, LeU_I, GtU_I, GeU_I,
        Eq_L, Ne_L, Lt_L, Le_L, Gt_L, Ge_L, LtU_L, LeU_L, GtU_L, GeU_L,
        Eq_D, Ne_D, Lt_D, Le_D, Gt_D, Ge_D,

        // Conversions
        I2L, U2L, L2I,
        I2D, U2D, L2D, UL2D, D2F,
        D2I_Round, D2U_Round, D2L_Round, D2UL_Round,   // round half to even, saturate
        D2I_Trunc, D2U_Trunc, D2L_Trunc, D2UL_Trunc,   // toward zero, saturate
        F2Bits, Bits2F, D2Bits, Bits2D,                // binary transfer (REAL<->DWORD, LREAL<->LWORD)

        // Control
        Jmp,        // target
        Jz,         // target: I ->
        Jnz,        // target: I ->
        Call,       // function: arguments travel through the function's static frame
        CallFb,     // pou: instance:I -> ; sets this for the body
        Ret,
        CallNative, // native id: stack effect given by NativeCatalog
        Now,        // -> L: start time of the current scan (ns)

        Count       // not an instruction: number of opcodes
    }
}

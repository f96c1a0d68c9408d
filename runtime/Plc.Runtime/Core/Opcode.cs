namespace Plc.Runtime.Core
{
    /// <summary>
    /// The instruction set. Kept in lockstep with <see cref="OpcodeInfo"/> (operands and stack effect, used by the
    /// loader, the verifier and the disassembler), with <see cref="Verifier"/> and with the dispatch loop in
    /// <see cref="Interpreter"/>: a change to one is a change to all four. The numeric values are part of the
    /// image format: new opcodes go at the end (before Count).
    ///
    /// Encoding: <see cref="Image.Code"/> is an int array; an instruction is its opcode followed by its operands
    /// (one int each, kinds in <see cref="OperandKind"/>). Positions are indices into that array.
    ///
    /// Value stack slots are 64 bits (long). Every value has one of four stack types:
    ///   I  32-bit integer, kept sign-extended in the slot (BOOL 0/1, SINT..DINT, USINT..UDINT, BYTE..DWORD, CHAR,
    ///      WCHAR, enums, addresses). Unsigned 32-bit types use the *U* variants of division, modulo and comparison.
    ///   L  64-bit integer (LINT, ULINT, LWORD, TIME, LTIME, DATE, TOD, DT and their L forms).
    ///   F  REAL: the bits of a double holding a value exactly representable as a float (results are rounded to
    ///      float with (double)(float)x).
    ///   D  LREAL: the bits of a double. Any instruction that reads a D also accepts an F (same representation).
    /// Stack effects below are written "pops -> pushes", operands bottom to top ("a:I b:I -> I": b is the top).
    ///
    /// Addressing: memory is one byte array of <see cref="Image.MemorySize"/> bytes, little-endian. Addresses
    /// 0..NullGuard-1 are never valid (NULL). G operands are absolute addresses, T operands are offsets from the
    /// current instance pointer (this), X instructions pop an address and add a signed offset operand.
    ///
    /// What the verifier proves (and the interpreter therefore does not check): G accesses lie in
    /// [NullGuard, MemorySize); T operands appear only in programs and function blocks and stay inside the POU's
    /// instance size (this itself is checked when an instance is entered); constant, POU and native indices are
    /// valid; jump targets are instruction starts of the same POU; the stack has one type layout at every
    /// instruction, matching every pop, empty at ret; control cannot fall off the end of a POU; calls are not
    /// recursive; stack and call depth are bounded.
    ///
    /// What the interpreter checks and turns into a <see cref="Fault"/> (position = the faulting instruction):
    /// indirect addresses (popped base 0 → NullReference; effective range outside [NullGuard, MemorySize) →
    /// InvalidAddress, address in Value), array indices (IndexOutOfRange: index, lo, hi), divisors
    /// (DivisionByZero), subranges (RangeViolation: value, lo, hi), instance addresses (InvalidInstance), and the
    /// watchdog (polled every <see cref="Interpreter.WatchdogPollInterval"/> backward jumps and calls).
    /// </summary>
    public enum Opcode : byte
    {
        /// <summary>No operation.</summary>
        Nop = 0,

        // ---------------------------------------------------------------- constants and stack
        /// <summary>imm: -> I. Pushes the signed 32-bit immediate.</summary>
        PushI,
        /// <summary>k: -> L. Pushes Constants[k].</summary>
        PushL,
        /// <summary>k: -> F. Pushes Constants[k] as double bits; the verifier requires a float-exact value (or NaN).</summary>
        PushF,
        /// <summary>k: -> D. Pushes Constants[k] as double bits.</summary>
        PushD,
        /// <summary>x -> . Discards the top value (any type).</summary>
        Pop,
        /// <summary>x -> x x. Duplicates the top value (any type).</summary>
        Dup,

        // ---------------------------------------------------------------- loads
        // ld.g.* addr: -> v reads at addr; ld.t.* off: -> v reads at this+off; ld.x.* off: a:I -> v reads at a+off
        // (a = 0 → NullReference; [a+off, a+off+size) outside [NullGuard, MemorySize) → InvalidAddress).
        // I8/I16 sign-extend, U8/U16 zero-extend, I32 sign-extends into the slot (all give I); I64 gives L;
        // F32 reads a float and pushes it as a double (F); F64 pushes the double's bits (D).
        /// <summary>addr: -> I. Signed byte at addr.</summary>
        LdG_I8,
        /// <summary>addr: -> I. Unsigned byte at addr.</summary>
        LdG_U8,
        /// <summary>addr: -> I. Signed 16-bit at addr.</summary>
        LdG_I16,
        /// <summary>addr: -> I. Unsigned 16-bit at addr.</summary>
        LdG_U16,
        /// <summary>addr: -> I. 32-bit at addr, sign-extended.</summary>
        LdG_I32,
        /// <summary>addr: -> L. 64-bit at addr.</summary>
        LdG_I64,
        /// <summary>addr: -> F. REAL at addr.</summary>
        LdG_F32,
        /// <summary>addr: -> D. LREAL at addr.</summary>
        LdG_F64,
        /// <summary>off: -> I. Signed byte at this+off.</summary>
        LdT_I8,
        /// <summary>off: -> I. Unsigned byte at this+off.</summary>
        LdT_U8,
        /// <summary>off: -> I. Signed 16-bit at this+off.</summary>
        LdT_I16,
        /// <summary>off: -> I. Unsigned 16-bit at this+off.</summary>
        LdT_U16,
        /// <summary>off: -> I. 32-bit at this+off.</summary>
        LdT_I32,
        /// <summary>off: -> L. 64-bit at this+off.</summary>
        LdT_I64,
        /// <summary>off: -> F. REAL at this+off.</summary>
        LdT_F32,
        /// <summary>off: -> D. LREAL at this+off.</summary>
        LdT_F64,
        /// <summary>off: a:I -> I. Signed byte at a+off (checked).</summary>
        LdX_I8,
        /// <summary>off: a:I -> I. Unsigned byte at a+off (checked).</summary>
        LdX_U8,
        /// <summary>off: a:I -> I. Signed 16-bit at a+off (checked).</summary>
        LdX_I16,
        /// <summary>off: a:I -> I. Unsigned 16-bit at a+off (checked).</summary>
        LdX_U16,
        /// <summary>off: a:I -> I. 32-bit at a+off (checked).</summary>
        LdX_I32,
        /// <summary>off: a:I -> L. 64-bit at a+off (checked).</summary>
        LdX_I64,
        /// <summary>off: a:I -> F. REAL at a+off (checked).</summary>
        LdX_F32,
        /// <summary>off: a:I -> D. LREAL at a+off (checked).</summary>
        LdX_F64,

        // ---------------------------------------------------------------- stores
        // Integer stores write the low 8/16/32/64 bits of the value (the I8 store also serves unsigned bytes and
        // BOOL, I16 unsigned words, and so on). F32 rounds a D to float (an F is stored exactly); F64 stores the bits.
        // st.x.*: stack is [address, value]; the address is checked as for ld.x.
        /// <summary>addr: v:I -> . Low byte of v to addr.</summary>
        StG_I8,
        /// <summary>addr: v:I -> . Low 16 bits of v to addr.</summary>
        StG_I16,
        /// <summary>addr: v:I -> . v to addr (32 bits).</summary>
        StG_I32,
        /// <summary>addr: v:L -> . v to addr (64 bits).</summary>
        StG_I64,
        /// <summary>addr: v:D -> . v rounded to REAL, to addr.</summary>
        StG_F32,
        /// <summary>addr: v:D -> . v to addr as LREAL.</summary>
        StG_F64,
        /// <summary>off: v:I -> . Low byte of v to this+off.</summary>
        StT_I8,
        /// <summary>off: v:I -> . Low 16 bits of v to this+off.</summary>
        StT_I16,
        /// <summary>off: v:I -> . v to this+off (32 bits).</summary>
        StT_I32,
        /// <summary>off: v:L -> . v to this+off (64 bits).</summary>
        StT_I64,
        /// <summary>off: v:D -> . v rounded to REAL, to this+off.</summary>
        StT_F32,
        /// <summary>off: v:D -> . v to this+off as LREAL.</summary>
        StT_F64,
        /// <summary>off: a:I v:I -> . Low byte of v to a+off (checked).</summary>
        StX_I8,
        /// <summary>off: a:I v:I -> . Low 16 bits of v to a+off (checked).</summary>
        StX_I16,
        /// <summary>off: a:I v:I -> . v to a+off (checked).</summary>
        StX_I32,
        /// <summary>off: a:I v:L -> . v to a+off (checked).</summary>
        StX_I64,
        /// <summary>off: a:I v:D -> . v rounded to REAL, to a+off (checked).</summary>
        StX_F32,
        /// <summary>off: a:I v:D -> . v as LREAL to a+off (checked).</summary>
        StX_F64,

        // ---------------------------------------------------------------- single bits (%IX, %QX, %MX, x.n)
        /// <summary>addr bit: -> I. Bit `bit` (0..7) of the byte at addr, as 0 or 1.</summary>
        LdBitG,
        /// <summary>off bit: -> I. Bit of the byte at this+off.</summary>
        LdBitT,
        /// <summary>off bit: a:I -> I. Bit of the byte at a+off (checked).</summary>
        LdBitX,
        /// <summary>addr bit: v:I -> . Sets the bit when v != 0, clears it when v = 0; other bits unchanged.</summary>
        StBitG,
        /// <summary>off bit: v:I -> . As StBitG at this+off.</summary>
        StBitT,
        /// <summary>off bit: a:I v:I -> . As StBitG at a+off (checked).</summary>
        StBitX,

        // ---------------------------------------------------------------- addresses
        /// <summary>addr: -> I. Pushes addr (NullGuard ≤ addr ≤ MemorySize).</summary>
        LeaG,
        /// <summary>off: -> I. Pushes this+off (0 ≤ off ≤ instance size).</summary>
        LeaT,
        /// <summary>imm: a:I -> I. a + imm, wrapped to 32 bits (member offsets).</summary>
        AddI,
        /// <summary>
        /// lo hi stride: base:I index:I -> I. Faults IndexOutOfRange (Value index, Low lo, High hi) when index is
        /// outside lo..hi; otherwise pushes base + (index - lo) * stride, wrapped to 32 bits. The verifier requires
        /// lo ≤ hi, stride ≥ 1 and (hi - lo + 1) * stride ≤ MemorySize.
        /// </summary>
        Index,
        /// <summary>lo hi stride: base:I index:L -> I. As Index with a 64-bit index.</summary>
        IndexL,

        // ---------------------------------------------------------------- blocks of memory
        /// <summary>
        /// size: dst:I src:I -> . Copies size bytes from src to dst (overlap-safe, as memmove). Both addresses are
        /// checked: 0 → NullReference; a range outside [NullGuard, MemorySize) → InvalidAddress.
        /// </summary>
        MemCopy,
        /// <summary>
        /// maxlen: dst:I src:I -> . STRING assignment: copies the bytes of the NUL-terminated string at src, at most
        /// maxlen of them, to dst and writes a NUL after them. dst must have maxlen + 1 bytes in memory; src must be
        /// in memory; reading src stops at its NUL, at maxlen or at the end of memory. Overlap-safe.
        /// </summary>
        StrCopy,
        /// <summary>
        /// maxlen: dst:I src:I -> . WSTRING assignment: as StrCopy with 16-bit code units; maxlen counts characters,
        /// dst needs 2 * (maxlen + 1) bytes, the terminator is two zero bytes.
        /// </summary>
        WStrCopy,
        /// <summary>
        /// a:I b:I -> I. Compares the NUL-terminated strings at a and b by unsigned byte: -1 when a &lt; b, 0 when
        /// equal, 1 when a &gt; b; a proper prefix is less. The end of memory counts as a terminator.
        /// </summary>
        StrCmp,
        /// <summary>a:I b:I -> I. As StrCmp with unsigned 16-bit code units.</summary>
        WStrCmp,
        /// <summary>addr size: -> . Copies InitialMemory[addr, addr+size) back into memory (function frames, on every call).</summary>
        InitG,
        /// <summary>off size: -> . As InitG for [this+off, this+off+size) (VAR_TEMP of blocks and programs).</summary>
        InitT,

        // ---------------------------------------------------------------- 32-bit integers
        // Results wrap at 32 bits and are kept sign-extended: (long)(int)(a op b). Overflow is never a fault.
        /// <summary>a:I b:I -> I. a + b.</summary>
        Add_I,
        /// <summary>a:I b:I -> I. a - b.</summary>
        Sub_I,
        /// <summary>a:I b:I -> I. a * b.</summary>
        Mul_I,
        /// <summary>a:I b:I -> I. a / b toward zero; b = 0 → DivisionByZero; MinValue / -1 = MinValue.</summary>
        Div_I,
        /// <summary>a:I b:I -> I. a MOD b with the sign of a; b = 0 → DivisionByZero; MinValue MOD -1 = 0.</summary>
        Mod_I,
        /// <summary>a:I b:I -> I. (uint)a / (uint)b, stored sign-extended; b = 0 → DivisionByZero.</summary>
        DivU_I,
        /// <summary>a:I b:I -> I. (uint)a % (uint)b, stored sign-extended; b = 0 → DivisionByZero.</summary>
        ModU_I,
        /// <summary>a:I -> I. -a (MinValue stays MinValue).</summary>
        Neg_I,
        /// <summary>a:I b:I -> I. Bitwise and (also BOOL AND).</summary>
        And_I,
        /// <summary>a:I b:I -> I. Bitwise or.</summary>
        Or_I,
        /// <summary>a:I b:I -> I. Bitwise exclusive or.</summary>
        Xor_I,
        /// <summary>a:I -> I. Bitwise complement ~a (the compiler normalises narrower types afterwards).</summary>
        Not_I,
        /// <summary>a:I -> I. 1 when a = 0, else 0 (BOOL NOT).</summary>
        BoolNot,
        /// <summary>a:I -> I. Sign-extends the low 8 bits (SINT).</summary>
        Norm_I8,
        /// <summary>a:I -> I. Zero-extends the low 8 bits (USINT, BYTE).</summary>
        Norm_U8,
        /// <summary>a:I -> I. Sign-extends the low 16 bits (INT).</summary>
        Norm_I16,
        /// <summary>a:I -> I. Zero-extends the low 16 bits (UINT, WORD).</summary>
        Norm_U16,
        /// <summary>lo hi: a:I -> I. Saturates a to lo..hi (lo ≤ hi, verified).</summary>
        Clamp_I,
        /// <summary>lo hi: a:I -> I. Leaves a unchanged; faults RangeViolation (Value a, Low lo, High hi) outside lo..hi.</summary>
        Check_I,

        // ---------------------------------------------------------------- 64-bit integers (wrapping)
        /// <summary>a:L b:L -> L. a + b.</summary>
        Add_L,
        /// <summary>a:L b:L -> L. a - b.</summary>
        Sub_L,
        /// <summary>a:L b:L -> L. a * b.</summary>
        Mul_L,
        /// <summary>a:L b:L -> L. a / b toward zero; b = 0 → DivisionByZero; b = -1 gives -a (MinValue stays MinValue).</summary>
        Div_L,
        /// <summary>a:L b:L -> L. a MOD b with the sign of a; b = 0 → DivisionByZero; b = -1 gives 0.</summary>
        Mod_L,
        /// <summary>a:L b:L -> L. (ulong)a / (ulong)b; b = 0 → DivisionByZero.</summary>
        DivU_L,
        /// <summary>a:L b:L -> L. (ulong)a % (ulong)b; b = 0 → DivisionByZero.</summary>
        ModU_L,
        /// <summary>a:L -> L. -a.</summary>
        Neg_L,
        /// <summary>a:L b:L -> L. Bitwise and.</summary>
        And_L,
        /// <summary>a:L b:L -> L. Bitwise or.</summary>
        Or_L,
        /// <summary>a:L b:L -> L. Bitwise exclusive or.</summary>
        Xor_L,
        /// <summary>a:L -> L. Bitwise complement.</summary>
        Not_L,
        /// <summary>klo khi: a:L -> L. Faults RangeViolation when a is outside Constants[klo]..Constants[khi].</summary>
        Check_L,

        // ---------------------------------------------------------------- REAL and LREAL
        // Computed in double. *_F results are rounded to float ((double)(float)x), which for + - * / equals the
        // correctly rounded float operation. Division by 0.0 or -0.0 → DivisionByZero (D4); by NaN or ∞ it is not.
        /// <summary>a:D b:D -> F. a + b rounded to REAL.</summary>
        Add_F,
        /// <summary>a:D b:D -> F. a - b rounded to REAL.</summary>
        Sub_F,
        /// <summary>a:D b:D -> F. a * b rounded to REAL.</summary>
        Mul_F,
        /// <summary>a:D b:D -> F. a / b rounded to REAL; b = ±0 → DivisionByZero.</summary>
        Div_F,
        /// <summary>a:D -> F. -a rounded to REAL.</summary>
        Neg_F,
        /// <summary>a:D b:D -> D. a + b.</summary>
        Add_D,
        /// <summary>a:D b:D -> D. a - b.</summary>
        Sub_D,
        /// <summary>a:D b:D -> D. a * b.</summary>
        Mul_D,
        /// <summary>a:D b:D -> D. a / b; b = ±0 → DivisionByZero.</summary>
        Div_D,
        /// <summary>a:D -> D. -a (flips the sign bit).</summary>
        Neg_D,
        /// <summary>a:D b:D -> F. host.Pow(a, b) rounded to REAL.</summary>
        Expt_F,
        /// <summary>a:D b:D -> D. host.Pow(a, b).</summary>
        Expt_D,

        // ---------------------------------------------------------------- comparisons -> I (0 or 1)
        /// <summary>a:I b:I -> I. a = b.</summary>
        Eq_I,
        /// <summary>a:I b:I -> I. a &lt;&gt; b.</summary>
        Ne_I,
        /// <summary>a:I b:I -> I. a &lt; b, signed.</summary>
        Lt_I,
        /// <summary>a:I b:I -> I. a &lt;= b, signed.</summary>
        Le_I,
        /// <summary>a:I b:I -> I. a &gt; b, signed.</summary>
        Gt_I,
        /// <summary>a:I b:I -> I. a &gt;= b, signed.</summary>
        Ge_I,
        /// <summary>a:I b:I -> I. a &lt; b on the low 32 bits, unsigned.</summary>
        LtU_I,
        /// <summary>a:I b:I -> I. a &lt;= b, unsigned 32-bit.</summary>
        LeU_I,
        /// <summary>a:I b:I -> I. a &gt; b, unsigned 32-bit.</summary>
        GtU_I,
        /// <summary>a:I b:I -> I. a &gt;= b, unsigned 32-bit.</summary>
        GeU_I,
        /// <summary>a:L b:L -> I. a = b.</summary>
        Eq_L,
        /// <summary>a:L b:L -> I. a &lt;&gt; b.</summary>
        Ne_L,
        /// <summary>a:L b:L -> I. a &lt; b, signed.</summary>
        Lt_L,
        /// <summary>a:L b:L -> I. a &lt;= b, signed.</summary>
        Le_L,
        /// <summary>a:L b:L -> I. a &gt; b, signed.</summary>
        Gt_L,
        /// <summary>a:L b:L -> I. a &gt;= b, signed.</summary>
        Ge_L,
        /// <summary>a:L b:L -> I. a &lt; b, unsigned 64-bit.</summary>
        LtU_L,
        /// <summary>a:L b:L -> I. a &lt;= b, unsigned 64-bit.</summary>
        LeU_L,
        /// <summary>a:L b:L -> I. a &gt; b, unsigned 64-bit.</summary>
        GtU_L,
        /// <summary>a:L b:L -> I. a &gt;= b, unsigned 64-bit.</summary>
        GeU_L,
        /// <summary>a:D b:D -> I. a = b (IEEE: NaN equals nothing; -0 = +0).</summary>
        Eq_D,
        /// <summary>a:D b:D -> I. a &lt;&gt; b (true when either is NaN).</summary>
        Ne_D,
        /// <summary>a:D b:D -> I. a &lt; b (false with NaN).</summary>
        Lt_D,
        /// <summary>a:D b:D -> I. a &lt;= b (false with NaN).</summary>
        Le_D,
        /// <summary>a:D b:D -> I. a &gt; b (false with NaN).</summary>
        Gt_D,
        /// <summary>a:D b:D -> I. a &gt;= b (false with NaN).</summary>
        Ge_D,

        // ---------------------------------------------------------------- conversions
        /// <summary>a:I -> L. Signed widening (a no-op: I is kept sign-extended).</summary>
        I2L,
        /// <summary>a:I -> L. Unsigned widening: the low 32 bits, zero-extended.</summary>
        U2L,
        /// <summary>a:L -> I. The low 32 bits, sign-extended.</summary>
        L2I,
        /// <summary>a:I -> D. Signed 32-bit to double (exact).</summary>
        I2D,
        /// <summary>a:I -> D. Unsigned 32-bit (low 32 bits) to double (exact).</summary>
        U2D,
        /// <summary>a:L -> D. Signed 64-bit to double, rounded to nearest even.</summary>
        L2D,
        /// <summary>a:L -> D. Unsigned 64-bit to double, rounded to nearest even.</summary>
        UL2D,
        /// <summary>a:D -> F. Rounds to REAL (LREAL_TO_REAL; also makes a D an F).</summary>
        D2F,
        // D2*_Round: to nearest, halfway cases to even (D5: 0.5 → 0, 1.5 → 2, 2.5 → 2, -2.5 → -2);
        // D2*_Trunc: toward zero. Both saturate to the target range; NaN gives 0.
        /// <summary>a:D -> I. Rounded half to even, saturated to DINT.</summary>
        D2I_Round,
        /// <summary>a:D -> I. Rounded half to even, saturated to 0..4294967295, stored sign-extended.</summary>
        D2U_Round,
        /// <summary>a:D -> L. Rounded half to even, saturated to LINT.</summary>
        D2L_Round,
        /// <summary>a:D -> L. Rounded half to even, saturated to 0..2^64-1 (bit pattern in the slot).</summary>
        D2UL_Round,
        /// <summary>a:D -> I. Truncated toward zero, saturated to DINT.</summary>
        D2I_Trunc,
        /// <summary>a:D -> I. Truncated toward zero, saturated to UDINT, stored sign-extended.</summary>
        D2U_Trunc,
        /// <summary>a:D -> L. Truncated toward zero, saturated to LINT.</summary>
        D2L_Trunc,
        /// <summary>a:D -> L. Truncated toward zero, saturated to ULINT.</summary>
        D2UL_Trunc,
        // Binary transfers (D6). NaN payloads: float to double shifts the payload up and sets the quiet bit,
        // double to float keeps the top payload bits and sets the quiet bit (x64/ARM64 behaviour, see FloatBits).
        /// <summary>a:D -> I. The IEEE bit pattern of a rounded to REAL (REAL_TO_DWORD).</summary>
        F2Bits,
        /// <summary>a:I -> F. The REAL whose bit pattern is the low 32 bits of a (DWORD_TO_REAL).</summary>
        Bits2F,
        /// <summary>a:D -> L. The LREAL's bit pattern (a no-op on the slot).</summary>
        D2Bits,
        /// <summary>a:L -> D. The LREAL with this bit pattern (a no-op on the slot).</summary>
        Bits2D,

        // ---------------------------------------------------------------- control
        // A jump whose target is at or before its own position is a backward jump: it counts down the watchdog
        // budget, and every WatchdogPollInterval of them (calls count too) the host's watchdog is polled;
        // if it has expired the scan faults with Watchdog at that instruction.
        /// <summary>target: -> . Continues at target (an instruction of the same POU).</summary>
        Jmp,
        /// <summary>target: c:I -> . Continues at target when c = 0, else at the next instruction.</summary>
        Jz,
        /// <summary>target: c:I -> . Continues at target when c != 0.</summary>
        Jnz,
        /// <summary>
        /// pou: -> . Calls a Function: pushes (return position, this) on the call stack and continues at its
        /// CodeStart; this is unchanged (functions address their static frame absolutely). Arguments and result
        /// travel through the frame, not the stack. The operand must name a Function.
        /// </summary>
        Call,
        /// <summary>
        /// pou: inst:I -> . Calls a Program or FunctionBlock body with this = inst. inst = 0 → NullReference;
        /// inst &lt; NullGuard or inst + Size > MemorySize → InvalidInstance (Value inst). Restores this on Ret.
        /// </summary>
        CallFb,
        /// <summary>-> . Returns to the caller (the stack must be empty here); ends Run when no caller is left.</summary>
        Ret,
        /// <summary>id: stack effect given by <see cref="NativeCatalog"/>. Runs native function id.</summary>
        CallNative,
        /// <summary>-> L. The nowNs passed to <see cref="Interpreter.Run"/>: start time of the current scan (ns).</summary>
        Now,

        // ---- Standard library support (appended: opcode numbers are part of the image format)

        /// <summary>[a, b, g:I] → g != 0 ? b : a. a and b have the same stack type (F and D count as D), which is
        /// the result's. SEL(G, IN0, IN1), and any choice between two evaluated values.</summary>
        Sel,
        /// <summary>n: [k:I, v0 .. v(n-1)] → v(k). The values share one stack type. k outside 0..n-1 faults
        /// IndexOutOfRange (details k, 0, n-1). MUX(K, IN0, ...).</summary>
        Mux,
        /// <summary>Maximum and minimum of two values: signed and unsigned 32-bit, signed and unsigned 64-bit, and
        /// doubles (the first operand when they compare equal; NaN when either is NaN).</summary>
        Max_I, Min_I, MaxU_I, MinU_I, Max_L, Min_L, MaxU_L, MinU_L, Max_D, Min_D,
        /// <summary>[x:I, n:I] → x shifted left by n (n as unsigned; n ≥ 32 gives 0), 32-bit wrap.</summary>
        Shl_I,
        /// <summary>[x:I, n:I] → the low 32 bits of x shifted right by n, zeros shifted in (n ≥ 32 gives 0).</summary>
        ShrU_I,
        /// <summary>w: [x:I, n:I] → the low w bits of x (w = 8, 16 or 32) rotated left by n mod w, zero-extended.</summary>
        Rol_I,
        /// <summary>w: as Rol_I, rotating right.</summary>
        Ror_I,
        /// <summary>[x:L, n:I] → x shifted left by n (n ≥ 64 gives 0).</summary>
        Shl_L,
        /// <summary>[x:L, n:I] → x shifted right by n as unsigned (n ≥ 64 gives 0).</summary>
        ShrU_L,
        /// <summary>[x:L, n:I] → x rotated left by n mod 64.</summary>
        Rol_L,
        /// <summary>[x:L, n:I] → x rotated right by n mod 64.</summary>
        Ror_L,
        /// <summary>f: [x:D] → the math function f of x (MathFunction: SQRT, LN, LOG, EXP, SIN ... ATAN), computed
        /// by the host; IEEE results (NaN, ±INF) for arguments outside the domain, never a fault.</summary>
        Math1,
        /// <summary>f: [y:D, x:D] → the two-argument math function f (ATAN2(y, x)), computed by the host.</summary>
        Math2,
        /// <summary>
        /// base:I index:L lo:I hi:I stride:I -> I. An element of an array whose bounds are known only when the code
        /// runs (ARRAY[*] parameters): faults IndexOutOfRange (Value index, Low lo, High hi) when index is outside
        /// lo..hi (always, when lo > hi); otherwise pushes base + (index - lo) * stride, wrapped to 32 bits. The
        /// address is checked where it is used (ld.x/st.x), so the operands need no proof.
        /// </summary>
        IndexDyn,

        /// <summary>Not an instruction: the number of opcodes.</summary>
        Count
    }
}

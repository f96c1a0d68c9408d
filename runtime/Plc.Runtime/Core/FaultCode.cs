namespace Plc.Runtime.Core
{
    /// <summary>Runtime faults. The user-facing code is PLCF00n with n the enum value (docs/semantics.md, D13).</summary>
    public enum FaultCode
    {
        None = 0,
        /// <summary>Integer or REAL/LREAL division or MOD by zero.</summary>
        DivisionByZero = 1,
        /// <summary>An array index outside its declared bounds (details: index, low, high).</summary>
        IndexOutOfRange = 2,
        /// <summary>An indirect access through a NULL address (REF_TO, VAR_IN_OUT, POINTER).</summary>
        NullReference = 3,
        /// <summary>An indirect access outside [NullGuard, MemorySize) (details: the address).</summary>
        InvalidAddress = 4,
        /// <summary>The scan ran longer than its watchdog.</summary>
        Watchdog = 5,
        /// <summary>A value outside a subrange (details: value, low, high).</summary>
        RangeViolation = 6,
        /// <summary>A function block called through an instance address that is not inside memory (details: the address).</summary>
        InvalidInstance = 7,
    }

    /// <summary>
    /// A fault that stopped <see cref="Interpreter.Run"/>: what, where (code position of the faulting instruction)
    /// and details. A value type, so recording a fault allocates nothing.
    /// </summary>
    public struct Fault
    {
        public FaultCode Code;
        /// <summary>Position in <see cref="Image.Code"/> of the instruction that faulted.</summary>
        public int Position;
        /// <summary>The offending value: the index, the address, the out-of-range value.</summary>
        public long Value;
        /// <summary>Bounds for IndexOutOfRange and RangeViolation.</summary>
        public long Low;
        public long High;

        public Fault(FaultCode code, int position, long value, long low, long high)
        {
            Code = code; Position = position; Value = value; Low = low; High = high;
        }

        public bool IsFault => Code != FaultCode.None;

        /// <summary>"PLCF001" .. "PLCF007" ("" for None).</summary>
        public string CodeText => CodeTextOf(Code);

        public static string CodeTextOf(FaultCode code)
        {
            if (code == FaultCode.None) return "";
            int n = (int)code;
            return "PLCF" + (n < 10 ? "00" : n < 100 ? "0" : "") + n.ToString();
        }

        /// <summary>A one-line description of the fault, without the code and location.</summary>
        public string Message()
        {
            switch (Code)
            {
                case FaultCode.None: return "no fault";
                case FaultCode.DivisionByZero: return "division by zero";
                case FaultCode.IndexOutOfRange:
                    return "array index " + Value.ToString() + " is outside the bounds " + Low.ToString() + ".." + High.ToString();
                case FaultCode.NullReference: return "dereference of NULL";
                case FaultCode.InvalidAddress:
                    return "memory access at address " + Value.ToString() + " outside the program's memory";
                case FaultCode.Watchdog: return "scan exceeded its watchdog";
                case FaultCode.RangeViolation:
                    return "value " + Value.ToString() + " is outside the subrange " + Low.ToString() + ".." + High.ToString();
                case FaultCode.InvalidInstance:
                    return "function block instance at address " + Value.ToString() + " lies outside the program's memory";
                default: return "fault " + ((int)Code).ToString();
            }
        }

        public override string ToString() => Code == FaultCode.None ? "no fault" : CodeText + " at " + Position.ToString() + ": " + Message();
    }
}

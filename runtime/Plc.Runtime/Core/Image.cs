namespace Plc.Runtime.Core
{
    /// <summary>
    /// A loaded bytecode image: everything the interpreter needs, sized when it loads. Written by
    /// <see cref="ImageWriter"/>, read by <see cref="ImageReader"/>, checked by <see cref="Verifier"/>.
    /// The on-disk format is described in docs/bytecode.md.
    /// </summary>
    public sealed class Image
    {
        public const uint Magic = 0x58434C50;   // "PLCX" little-endian
        /// <summary>2: process image areas carry their address spaces (D29).</summary>
        public const ushort FormatVersion = 2;
        /// <summary>Address spaces in each process image area: bits/bytes, words, double words, long words (D29).</summary>
        public const int SpacesPerArea = 4;

        /// <summary>Size of the program's memory in bytes. Address 0..NullGuard-1 is never used (NULL).</summary>
        public int MemorySize;
        public const int NullGuard = 8;
        /// <summary>The task-body POU, run by no task, that calls FB_exit of every instance when the application
        /// ends cleanly (the host runs it once, <see cref="Plc.Runtime.Hosting.ScanLoop"/>.RunExit).</summary>
        public const string ExitPouName = "__exit";

        /// <summary>Initial contents of memory (length MemorySize): initial values of every variable.</summary>
        public byte[] InitialMemory = new byte[0];

        /// <summary>Constant pool: 64-bit values (LINT-like integers, or IEEE double bits for REAL/LREAL).</summary>
        public long[] Constants = new long[0];

        /// <summary>
        /// Code: a flat array of opcodes each followed by its operands (see <see cref="OpcodeInfo"/>).
        /// Jump targets are positions in this array.
        /// </summary>
        public int[] Code = new int[0];

        public PouInfo[] Pous = new PouInfo[0];
        public TaskInfo[] Tasks = new TaskInfo[0];

        /// <summary>Process image areas: %I, %Q, %M. Each is a range of memory.</summary>
        public IoArea Inputs = new IoArea();
        public IoArea Outputs = new IoArea();
        public IoArea Markers = new IoArea();

        public DebugInfo Debug = new DebugInfo();
    }

    public enum PouKind : byte
    {
        Program = 1,
        FunctionBlock = 2,
        Function = 3,
        /// <summary>The body of a task: calls its program instances. Runs with no instance (this = 0).</summary>
        TaskBody = 4,
    }

    public sealed class PouInfo
    {
        public string Name = "";
        public PouKind Kind;
        /// <summary>Code range [CodeStart, CodeEnd) in <see cref="Image.Code"/>; execution starts at CodeStart.</summary>
        public int CodeStart;
        public int CodeEnd;
        /// <summary>Programs and function blocks: size of one instance. Functions: size of the static frame.</summary>
        public int Size;
        /// <summary>Functions: address of the static frame (its inputs, outputs, locals and result).</summary>
        public int FrameAddress;
    }

    public sealed class TaskInfo
    {
        public string Name = "";
        /// <summary>Cyclic interval in nanoseconds; 0 for an event task.</summary>
        public long IntervalNs;
        /// <summary>0 is the highest priority.</summary>
        public int Priority;
        /// <summary>Event task: the BOOL whose rising edge releases it (-1: none).</summary>
        public int SingleAddress = -1;
        public int SingleBit = -1;   // -1: a byte-sized BOOL; 0..7: a bit
        /// <summary>Index of the TaskBody POU that runs the task's program instances.</summary>
        public int Body;
        /// <summary>Watchdog time in nanoseconds (0 = runtime default).</summary>
        public long WatchdogNs;
    }

    /// <summary>
    /// A process image area (%I, %Q or %M): Size bytes from Address. It holds four address spaces one after the other
    /// (docs/semantics.md D29): bits and bytes (%IX, %IB), words (%IW), double words (%ID) and long words (%IL);
    /// Spaces[k] is where space k starts, counted from Address. %IW1 is bytes 2..3 of the word space.
    /// </summary>
    public sealed class IoArea
    {
        public int Address;
        public int Size;
        public int[] Spaces = new int[Image.SpacesPerArea];

        /// <summary>Where space k ends (the next space's start, or the area's end).</summary>
        public int SpaceEnd(int k) => k + 1 < Spaces.Length ? Spaces[k + 1] : Size;
    }
}

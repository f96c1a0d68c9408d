namespace Plc.Runtime.Core
{
    /// <summary>One native function: its id (the operand of CallNative), name and stack effect.</summary>
    public sealed class NativeInfo
    {
        public readonly int Id;
        /// <summary>Name used by the compiler and the disassembler, e.g. "str.from_int".</summary>
        public readonly string Name;
        /// <summary>Stack types popped, bottom to top, in <see cref="OpcodeInfo"/> notation (I, L, F, D).</summary>
        public readonly string Pops;
        /// <summary>Stack types pushed.</summary>
        public readonly string Pushes;

        public NativeInfo(int id, string name, string pops, string pushes)
        {
            Id = id; Name = name; Pops = pops; Pushes = pushes;
        }
    }

    /// <summary>
    /// The native functions reachable through <see cref="Opcode.CallNative"/>. Ids are part of the image format and
    /// never change. To add a native: one entry here (next id) and one case in <see cref="NativeFunctions.Invoke"/>.
    /// </summary>
    public static class NativeCatalog
    {
        /// <summary>[dst:I, maxlen:I, value:L] -> : decimal text of the signed value into the STRING at dst.</summary>
        public const int StrFromInt = 0;
        /// <summary>[dst:I, maxlen:I, value:L] -> : decimal text of the unsigned 64-bit value into the STRING at dst.</summary>
        public const int StrFromUInt = 1;
        /// <summary>[src:I] -> L : the STRING at src parsed as an IEC integer literal; 0 when it is not one.</summary>
        public const int StrToInt = 2;

        static readonly NativeInfo[] table =
        {
            new NativeInfo(StrFromInt, "str.from_int", "IIL", ""),
            new NativeInfo(StrFromUInt, "str.from_uint", "IIL", ""),
            new NativeInfo(StrToInt, "str.to_int", "I", "L"),
        };

        public static int Count => table.Length;

        public static bool IsDefined(int id) => id >= 0 && id < table.Length;

        public static NativeInfo Get(int id) => table[id];

        /// <summary>Id of the native with this name (case-insensitive), or -1.</summary>
        public static int FindByName(string name)
        {
            for (int i = 0; i < table.Length; i++)
                if (Text.EqualsIgnoreCase(table[i].Name, name)) return i;
            return -1;
        }
    }
}

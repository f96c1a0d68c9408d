namespace Plc.Runtime.Core
{
    /// <summary>
    /// The debug section: where code came from (for fault locations) and what lives where in memory
    /// (for printing, monitoring and forcing variables by name).
    /// </summary>
    public sealed class DebugInfo
    {
        public string[] Files = new string[0];
        /// <summary>Sorted by Position. The entry for a code position is the last one at or before it.</summary>
        public LineEntry[] Lines = new LineEntry[0];
        public TypeDesc[] Types = new TypeDesc[0];
        /// <summary>Globals and program instances, by name.</summary>
        public SymbolDesc[] Symbols = new SymbolDesc[0];

        /// <summary>Index of the line entry that covers a code position, or -1.</summary>
        public int FindLine(int position)
        {
            int lo = 0, hi = Lines.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (Lines[mid].Position <= position) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            return found;
        }

        public int FindSymbol(string name)
        {
            for (int i = 0; i < Symbols.Length; i++)
                if (Text.EqualsIgnoreCase(Symbols[i].Name, name)) return i;
            return -1;
        }
    }

    public struct LineEntry
    {
        public int Position;
        public int File;
        public int Line;
        public int Column;

        public LineEntry(int position, int file, int line, int column)
        {
            Position = position; File = file; Line = line; Column = column;
        }
    }

    public enum TypeKind : byte
    {
        Elementary = 1,
        String = 2,
        WString = 3,
        Array = 4,
        Struct = 5,
        Enum = 6,
        Ref = 7,
        FunctionBlock = 8,
        Program = 9,
        Subrange = 10,
    }

    /// <summary>The elementary types. Values are part of the image format.</summary>
    public enum ElementaryKind : byte
    {
        None = 0,
        Bool = 1,
        SInt, Int, DInt, LInt,
        USInt, UInt, UDInt, ULInt,
        Real, LReal,
        Byte, Word, DWord, LWord,
        Time, LTime,
        Date, LDate,
        TimeOfDay, LTimeOfDay,
        DateAndTime, LDateAndTime,
        Char, WChar,
    }

    public sealed class TypeDesc
    {
        public TypeKind Kind;
        /// <summary>Name of a declared type (struct, enum, function block, program, alias); may be empty.</summary>
        public string Name = "";
        public int Size;
        /// <summary>Elementary: the type; Enum and Subrange: the base type.</summary>
        public ElementaryKind Elementary;
        /// <summary>STRING(n)/WSTRING(n): n, the maximum number of characters.</summary>
        public int Length;
        /// <summary>Array: element type; Ref: target type (-1: untyped).</summary>
        public int Element = -1;
        public int[] Lower = new int[0];
        public int[] Upper = new int[0];
        /// <summary>Struct, FunctionBlock, Program: members.</summary>
        public MemberDesc[] Members = new MemberDesc[0];
        public string[] EnumNames = new string[0];
        public long[] EnumValues = new long[0];
        /// <summary>Subrange bounds.</summary>
        public long Low;
        public long High;
    }

    /// <summary>Flags of variables and members. Values are part of the image format.</summary>
    public static class VarFlags
    {
        public const int Retain = 1;
        public const int Persistent = 2;
        public const int Constant = 4;
        public const int Input = 8;
        public const int Output = 16;
        /// <summary>VAR_IN_OUT: the slot holds the address of the value.</summary>
        public const int InOut = 32;
        /// <summary>The address is absolute, not an offset in the containing instance (AT %I/%Q/%M).</summary>
        public const int Absolute = 64;
        /// <summary>A single bit: Bit gives its number in the byte at the address.</summary>
        public const int BitAddressed = 128;
        /// <summary>Compiler-generated: not shown to users.</summary>
        public const int Hidden = 256;
        public const int Temp = 512;
        public const int Global = 1024;
    }

    public sealed class MemberDesc
    {
        public string Name = "";
        public int Offset;
        public int Type;
        public int Flags;
        public int Bit;
        /// <summary>The directly represented address as written (e.g. "%IX0.1"), or empty.</summary>
        public string Location = "";
    }

    public sealed class SymbolDesc
    {
        public string Name = "";
        public int Address;
        public int Type;
        public int Flags;
        public int Bit;
        public string Location = "";
    }
}

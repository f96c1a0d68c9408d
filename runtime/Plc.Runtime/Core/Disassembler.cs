namespace Plc.Runtime.Core
{
    /// <summary>
    /// Produces a readable listing of an image: memory and process image areas, the constant pool, every POU with
    /// its instructions (annotated with source positions, variable names, constant values and call targets), the
    /// tasks, the types and the symbols. Never throws on bad code: an undefined opcode prints as <c>??</c>.
    /// </summary>
    public static class Disassembler
    {
        /// <summary>Gives the name of a native function id, or null when unknown.</summary>
        public delegate string? NativeNameResolver(int id);

        public static string Disassemble(Image image) => Disassemble(image, null);

        public static string Disassemble(Image image, NativeNameResolver? natives)
        {
            var o = new FormatBuffer(4096);
            DebugInfo debug = image.Debug ?? new DebugInfo();
            var names = new AddressNames(debug);
            long[] constants = image.Constants ?? new long[0];
            int[] code = image.Code ?? new int[0];
            PouInfo[] pous = image.Pous ?? new PouInfo[0];

            o.Append("; Plc image, format version ").Append(Image.FormatVersion).AppendLine();
            o.Append("memory ").Append(image.MemorySize).Append(" bytes, code ").Append(code.Length)
             .Append(" words, ").Append(pous.Length).Append(" POUs, ").Append((image.Tasks ?? new TaskInfo[0]).Length)
             .AppendLine(" tasks");
            Area(o, "%I inputs ", image.Inputs);
            Area(o, "%Q outputs", image.Outputs);
            Area(o, "%M markers", image.Markers);

            // Constant pool: shown as the types the code uses them as.
            var use = new int[constants.Length];
            ScanConstantUse(code, use);
            o.AppendLine();
            o.Append("constants (").Append(constants.Length).AppendLine(")");
            for (int k = 0; k < constants.Length; k++)
            {
                o.Append("  k").Append(k).PadTo(8).Append("= ");
                AppendConstant(o, constants[k], use[k]);
                o.AppendLine();
            }

            for (int i = 0; i < pous.Length; i++)
            {
                PouInfo p = pous[i];
                o.AppendLine();
                o.Append(KindName(p.Kind)).Append(' ').Append(p.Name).Append("  (#").Append(i);
                if (p.Kind == PouKind.Function)
                    o.Append(", frame ").Append(HexAddr(p.FrameAddress)).Append(", ").Append(p.Size).Append(" bytes");
                else if (p.Kind != PouKind.TaskBody)
                    o.Append(", instance ").Append(p.Size).Append(" bytes");
                o.Append(", code ").Append(p.CodeStart).Append("..").Append(p.CodeEnd).AppendLine(")");
                int start = p.CodeStart, end = p.CodeEnd;
                if (start < 0 || end > code.Length || start > end)
                {
                    o.AppendLine("  ?? code range outside the code array");
                    if (start < 0) start = 0;
                    if (end > code.Length) end = code.Length;
                }
                AddressNames? members = names.ForInstance(p);
                DisassembleRange(o, image, debug, code, start, end, names, members, natives, constants);
            }

            TaskInfo[] tasks = image.Tasks ?? new TaskInfo[0];
            if (tasks.Length > 0)
            {
                o.AppendLine();
                o.AppendLine("tasks");
                for (int i = 0; i < tasks.Length; i++)
                {
                    TaskInfo t = tasks[i];
                    var buf = new char[LiteralFormatter.MaxLength];
                    o.Append("  ").Append(t.Name).PadTo(20);
                    if (t.IntervalNs != 0)
                        o.Append("interval ").Append(buf, 0, LiteralFormatter.Format(ElementaryKind.Time, t.IntervalNs, buf));
                    else
                    {
                        o.Append("event SINGLE ").Append(HexAddr(t.SingleAddress));
                        if (t.SingleBit >= 0) o.Append('.').Append(t.SingleBit);
                        string? n = names.Name(t.SingleAddress);
                        if (n != null) o.Append(" (").Append(n).Append(')');
                    }
                    o.Append(", priority ").Append(t.Priority).Append(", body ").Append(PouName(pous, t.Body));
                    if (t.WatchdogNs != 0)
                        o.Append(", watchdog ").Append(buf, 0, LiteralFormatter.Format(ElementaryKind.Time, t.WatchdogNs, buf));
                    o.AppendLine();
                }
            }

            TypeDesc[] types = debug.Types ?? new TypeDesc[0];
            if (types.Length > 0)
            {
                o.AppendLine();
                o.AppendLine("types");
                for (int i = 0; i < types.Length; i++)
                {
                    TypeDesc t = types[i];
                    o.Append("  t").Append(i).PadTo(8).Append(TypeName(debug, i)).Append("  (").Append(t.Size).Append(" bytes)");
                    if (t.Kind == TypeKind.Enum)
                    {
                        o.Append(" :");
                        int n = t.EnumNames.Length < t.EnumValues.Length ? t.EnumNames.Length : t.EnumValues.Length;
                        for (int k = 0; k < n; k++) o.Append(' ').Append(t.EnumNames[k]).Append('=').Append(t.EnumValues[k]);
                    }
                    o.AppendLine();
                    if (t.Kind == TypeKind.Struct || t.Kind == TypeKind.FunctionBlock || t.Kind == TypeKind.Program)
                        for (int k = 0; k < t.Members.Length; k++)
                        {
                            MemberDesc m = t.Members[k];
                            o.Append("      ").Append(m.Name).PadTo(28);
                            o.Append((m.Flags & VarFlags.Absolute) != 0 ? HexAddr(m.Offset) : "+" + m.Offset);
                            if ((m.Flags & VarFlags.BitAddressed) != 0) o.Append('.').Append(m.Bit);
                            o.PadTo(40).Append(TypeName(debug, m.Type));
                            AppendFlags(o, m.Flags, m.Location);
                            o.AppendLine();
                        }
                }
            }

            SymbolDesc[] symbols = debug.Symbols ?? new SymbolDesc[0];
            if (symbols.Length > 0)
            {
                o.AppendLine();
                o.AppendLine("symbols");
                for (int i = 0; i < symbols.Length; i++)
                {
                    SymbolDesc s = symbols[i];
                    o.Append("  ").Append(s.Name).PadTo(28).Append(HexAddr(s.Address));
                    if ((s.Flags & VarFlags.BitAddressed) != 0) o.Append('.').Append(s.Bit);
                    o.PadTo(40).Append(TypeName(debug, s.Type));
                    AppendFlags(o, s.Flags, s.Location);
                    o.AppendLine();
                }
            }
            return o.ToString();
        }

        static void Area(FormatBuffer o, string label, IoArea? a)
        {
            if (a == null) return;
            o.Append(label).Append("  ").Append(HexAddr(a.Address)).Append(" (").Append(a.Address).Append("), ")
             .Append(a.Size).AppendLine(" bytes");
        }

        static void AppendFlags(FormatBuffer o, int flags, string? location)
        {
            string[] names = { "RETAIN", "PERSISTENT", "CONSTANT", "INPUT", "OUTPUT", "IN_OUT", "ABSOLUTE", "BIT", "HIDDEN", "TEMP", "GLOBAL" };
            bool any = false;
            for (int i = 0; i < names.Length; i++)
                if ((flags & (1 << i)) != 0)
                {
                    o.Append(any ? " " : "  [").Append(names[i]);
                    any = true;
                }
            if (any) o.Append(']');
            if (location != null && location.Length > 0) o.Append("  AT ").Append(location);
        }

        static string KindName(PouKind kind)
        {
            switch (kind)
            {
                case PouKind.Program: return "PROGRAM";
                case PouKind.FunctionBlock: return "FUNCTION_BLOCK";
                case PouKind.Function: return "FUNCTION";
                case PouKind.TaskBody: return "TASK_BODY";
                default: return "POU(kind " + (int)kind + ")";
            }
        }

        static string PouName(PouInfo[] pous, int index)
        {
            if (index >= 0 && index < pous.Length) return pous[index].Name;
            return "#" + index + " ??";
        }

        /// <summary>An address as 16#hex (at least 4 digits).</summary>
        public static string HexAddr(int address)
        {
            var b = new FormatBuffer(12);
            if (address < 0) return "-1";
            b.Append("16#").AppendHex((ulong)address, 4);
            return b.ToString();
        }

        const int UseL = 1, UseF = 2, UseD = 4;

        static void ScanConstantUse(int[] code, int[] use)
        {
            int pc = 0;
            while (pc < code.Length)
            {
                int op = code[pc];
                if (!OpcodeInfo.IsDefined(op)) { pc++; continue; }
                OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
                int flag = op == (int)Opcode.PushF ? UseF : op == (int)Opcode.PushD ? UseD : UseL;
                for (int k = 0; k < info.Operands.Length && pc + 1 + k < code.Length; k++)
                    if (info.Operands[k] == OperandKind.Const)
                    {
                        int c = code[pc + 1 + k];
                        if (c >= 0 && c < use.Length) use[c] |= flag;
                    }
                pc += 1 + info.Operands.Length;
            }
        }

        static void AppendConstant(FormatBuffer o, long value, int use)
        {
            var buf = new char[LiteralFormatter.MaxLength];
            bool first = true;
            if (use == 0 || (use & UseL) != 0)
            {
                o.Append(value).Append(" (16#").AppendHex((ulong)value, 1).Append(')');
                first = false;
            }
            if ((use & UseF) != 0)
            {
                if (!first) o.Append(" | ");
                o.Append("REAL ").Append(buf, 0, LiteralFormatter.Format(ElementaryKind.Real, value, buf));
                first = false;
            }
            if ((use & UseD) != 0)
            {
                if (!first) o.Append(" | ");
                o.Append("LREAL ").Append(buf, 0, LiteralFormatter.Format(ElementaryKind.LReal, value, buf));
            }
        }

        static void DisassembleRange(FormatBuffer o, Image image, DebugInfo debug, int[] code, int start, int end,
            AddressNames globals, AddressNames? members, NativeNameResolver? natives, long[] constants)
        {
            var buf = new char[LiteralFormatter.MaxLength];
            string[] files = debug.Files ?? new string[0];
            int lastLine = -1;
            int pc = start;
            while (pc < end)
            {
                int li = debug.Lines == null ? -1 : debug.FindLine(pc);
                if (li >= 0 && li != lastLine)
                {
                    LineEntry e = debug.Lines![li];
                    bool same = lastLine >= 0 && debug.Lines[lastLine].File == e.File && debug.Lines[lastLine].Line == e.Line
                        && debug.Lines[lastLine].Column == e.Column;
                    if (!same)
                    {
                        o.Append("        ; ").Append(e.File >= 0 && e.File < files.Length ? files[e.File] : "file" + e.File)
                         .Append('(').Append(e.Line).Append(',').Append(e.Column).AppendLine(")");
                    }
                    lastLine = li;
                }

                o.Append("  ");
                AppendPosition(o, pc);
                o.Append(": ");
                int op = code[pc];
                if (!OpcodeInfo.IsDefined(op))
                {
                    o.Append("?? (").Append(op).AppendLine(")");
                    pc++;
                    continue;
                }
                OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
                o.Append(info.Name);
                int n = info.Operands.Length;
                if (pc + n >= end)
                {
                    o.PadTo(22).AppendLine("?? operands missing");
                    pc = end;
                    break;
                }
                string comment = "";
                for (int k = 0; k < n; k++)
                {
                    int v = code[pc + 1 + k];
                    o.PadTo(k == 0 ? 22 : 0);
                    if (k > 0) o.Append(", ");
                    switch (info.Operands[k])
                    {
                        case OperandKind.Addr:
                        {
                            o.Append(HexAddr(v));
                            string? name = globals.Name(v);
                            if (name != null) comment = Join(comment, name);
                            break;
                        }
                        case OperandKind.Off:
                        {
                            o.Append('+').Append(v);
                            string? name = members == null ? null : members.Name(v);
                            if (name != null) comment = Join(comment, name);
                            break;
                        }
                        case OperandKind.XOff:
                            o.Append('+').Append(v);
                            break;
                        case OperandKind.Const:
                        {
                            o.Append('k').Append(v);
                            if (v >= 0 && v < constants.Length)
                            {
                                ElementaryKind kind = op == (int)Opcode.PushF ? ElementaryKind.Real
                                    : op == (int)Opcode.PushD ? ElementaryKind.LReal : ElementaryKind.LInt;
                                comment = Join(comment, new string(buf, 0, LiteralFormatter.Format(kind, constants[v], buf)));
                            }
                            else comment = Join(comment, "?? no such constant");
                            break;
                        }
                        case OperandKind.Target:
                            AppendPosition(o, v);
                            if (v < start || v > end) comment = Join(comment, "?? target outside the POU");
                            break;
                        case OperandKind.Pou:
                            o.Append(PouName(image.Pous ?? new PouInfo[0], v));
                            break;
                        case OperandKind.Native:
                        {
                            string? name = natives == null ? null : natives(v);
                            if (name != null) o.Append(name).Append(" (#").Append(v).Append(')');
                            else o.Append('#').Append(v);
                            break;
                        }
                        default:   // Imm, Size, Bit
                            o.Append(v);
                            break;
                    }
                }
                if (comment.Length > 0) o.PadTo(44).Append("; ").Append(comment);
                o.AppendLine();
                pc += 1 + n;
            }
        }

        static string Join(string a, string b) => a.Length == 0 ? b : a + ", " + b;

        static void AppendPosition(FormatBuffer o, int pc)
        {
            string s = pc.ToString();
            for (int i = s.Length; i < 4; i++) o.Append('0');
            o.Append(s);
        }

        /// <summary>Name of an elementary type as written in ST (BOOL, INT, TIME_OF_DAY is TOD ...).</summary>
        public static string ElementaryName(ElementaryKind kind)
        {
            switch (kind)
            {
                case ElementaryKind.Bool: return "BOOL";
                case ElementaryKind.SInt: return "SINT";
                case ElementaryKind.Int: return "INT";
                case ElementaryKind.DInt: return "DINT";
                case ElementaryKind.LInt: return "LINT";
                case ElementaryKind.USInt: return "USINT";
                case ElementaryKind.UInt: return "UINT";
                case ElementaryKind.UDInt: return "UDINT";
                case ElementaryKind.ULInt: return "ULINT";
                case ElementaryKind.Real: return "REAL";
                case ElementaryKind.LReal: return "LREAL";
                case ElementaryKind.Byte: return "BYTE";
                case ElementaryKind.Word: return "WORD";
                case ElementaryKind.DWord: return "DWORD";
                case ElementaryKind.LWord: return "LWORD";
                case ElementaryKind.Time: return "TIME";
                case ElementaryKind.LTime: return "LTIME";
                case ElementaryKind.Date: return "DATE";
                case ElementaryKind.LDate: return "LDATE";
                case ElementaryKind.TimeOfDay: return "TOD";
                case ElementaryKind.LTimeOfDay: return "LTOD";
                case ElementaryKind.DateAndTime: return "DT";
                case ElementaryKind.LDateAndTime: return "LDT";
                case ElementaryKind.Char: return "CHAR";
                case ElementaryKind.WChar: return "WCHAR";
                default: return "?";
            }
        }

        /// <summary>A type as written in ST: <c>INT</c>, <c>STRING(80)</c>, <c>ARRAY[1..10] OF REAL</c>, <c>REF_TO Point</c>, a declared name.</summary>
        public static string TypeName(DebugInfo debug, int type) => TypeName(debug, type, 0);

        static string TypeName(DebugInfo debug, int type, int depth)
        {
            TypeDesc[] types = debug.Types ?? new TypeDesc[0];
            if (type < 0 || type >= types.Length || depth > 16) return "?";
            TypeDesc t = types[type];
            switch (t.Kind)
            {
                case TypeKind.Elementary:
                    return t.Name.Length > 0 ? t.Name : ElementaryName(t.Elementary);
                case TypeKind.String:
                    return "STRING(" + t.Length + ")";
                case TypeKind.WString:
                    return "WSTRING(" + t.Length + ")";
                case TypeKind.Array:
                {
                    if (t.Name.Length > 0 && depth > 0) return t.Name;
                    string s = "ARRAY[";
                    int n = t.Lower.Length < t.Upper.Length ? t.Lower.Length : t.Upper.Length;
                    for (int i = 0; i < n; i++)
                        s = s + (i > 0 ? ", " : "") + t.Lower[i] + ".." + t.Upper[i];
                    return s + "] OF " + TypeName(debug, t.Element, depth + 1);
                }
                case TypeKind.Ref:
                    return "REF_TO " + (t.Element < 0 ? "ANY" : TypeName(debug, t.Element, depth + 1));
                case TypeKind.Subrange:
                    if (t.Name.Length > 0) return t.Name;
                    return ElementaryName(t.Elementary) + "(" + t.Low + ".." + t.High + ")";
                default:
                    return t.Name.Length > 0 ? t.Name : "?";
            }
        }
    }

    /// <summary>
    /// Names of variables by address, for annotating listings: symbols and (recursively) their members.
    /// Exact matches give the deepest variable starting at the address; otherwise the smallest variable that
    /// contains the address, with an offset ("Main.arr+6").
    /// </summary>
    internal sealed class AddressNames
    {
        const int MaxEntries = 20000;
        const int MaxDepth = 8;

        readonly DebugInfo debug;
        readonly System.Collections.ArrayList entries = new System.Collections.ArrayList();

        sealed class Entry
        {
            public int Address;
            public int Size;
            public int Depth;
            public string Path = "";
        }

        AddressNames(DebugInfo debug, bool empty) { this.debug = debug; }

        public AddressNames(DebugInfo debug)
        {
            this.debug = debug;
            SymbolDesc[] symbols = debug.Symbols ?? new SymbolDesc[0];
            for (int i = 0; i < symbols.Length; i++)
            {
                SymbolDesc s = symbols[i];
                if ((s.Flags & VarFlags.Hidden) != 0) continue;
                Add(s.Name, s.Address, s.Type, 0, (s.Flags & VarFlags.BitAddressed) != 0);
            }
        }

        /// <summary>Names of the members of a program or function block instance, by offset (for T operands).</summary>
        public AddressNames? ForInstance(PouInfo pou)
        {
            TypeKind kind;
            if (pou.Kind == PouKind.Program) kind = TypeKind.Program;
            else if (pou.Kind == PouKind.FunctionBlock) kind = TypeKind.FunctionBlock;
            else return null;
            TypeDesc[] types = debug.Types ?? new TypeDesc[0];
            for (int i = 0; i < types.Length; i++)
                if (types[i].Kind == kind && Text.EqualsIgnoreCase(types[i].Name, pou.Name))
                {
                    var names = new AddressNames(debug, true);
                    names.AddMembers("", 0, types[i], 1, true);
                    return names;
                }
            return null;
        }

        void Add(string path, int address, int type, int depth, bool bit)
        {
            if (entries.Count >= MaxEntries) return;
            TypeDesc[] types = debug.Types ?? new TypeDesc[0];
            TypeDesc? t = type >= 0 && type < types.Length ? types[type] : null;
            var e = new Entry();
            e.Address = address;
            e.Size = bit ? 1 : t == null ? 1 : t.Size;
            e.Depth = depth;
            e.Path = path;
            entries.Add(e);
            if (t == null || bit || depth >= MaxDepth) return;
            if (t.Kind == TypeKind.Struct || t.Kind == TypeKind.FunctionBlock || t.Kind == TypeKind.Program)
                AddMembers(path + ".", address, t, depth + 1, false);
        }

        void AddMembers(string prefix, int address, TypeDesc t, int depth, bool relativeOnly)
        {
            MemberDesc[] members = t.Members ?? new MemberDesc[0];
            for (int k = 0; k < members.Length; k++)
            {
                MemberDesc m = members[k];
                if ((m.Flags & VarFlags.Hidden) != 0) continue;
                bool absolute = (m.Flags & VarFlags.Absolute) != 0;
                if (absolute && relativeOnly) continue;
                int a = absolute ? m.Offset : address + m.Offset;
                if ((m.Flags & VarFlags.InOut) != 0)
                {
                    var e = new Entry();
                    e.Address = a; e.Size = 4; e.Depth = depth; e.Path = prefix + m.Name + " (in_out)";
                    if (entries.Count < MaxEntries) entries.Add(e);
                    continue;
                }
                Add(prefix + m.Name, a, m.Type, depth, (m.Flags & VarFlags.BitAddressed) != 0);
            }
        }

        public string? Name(int address)
        {
            Entry? exact = null, containing = null;
            for (int i = 0; i < entries.Count; i++)
            {
                var e = (Entry)entries[i]!;
                if (e.Address == address)
                {
                    if (exact == null || e.Depth > exact.Depth) exact = e;
                }
                else if (address > e.Address && address - e.Address < e.Size)
                {
                    if (containing == null || e.Size < containing.Size) containing = e;
                }
            }
            if (exact != null) return exact.Path;
            if (containing != null) return containing.Path + "+" + (address - containing.Address);
            return null;
        }
    }
}

namespace Plc.Runtime.Core
{
    /// <summary>
    /// A readable listing of an image: memory and process image areas, the constant pool, every POU's
    /// instructions (with labels, constant values, POU and native names, memory annotations and the source
    /// positions of the debug line table), the tasks, the symbols and the struct/block types. It decodes what it
    /// can and prints ?? for the rest: it never throws for an image whose tables are non-null, verified or not.
    /// </summary>
    public static class Disassembler
    {
        /// <summary>The listing of the image, lines ending in '\n'.</summary>
        public static string Disassemble(Image image)
        {
            var w = new TextBuffer();
            if (image == null) { w.Line("; no image"); return w.ToString(); }
            var d = new Context(image);
            Header(w, d);
            Constants(w, d);
            PouInfo[] pous = image.Pous == null ? new PouInfo[0] : image.Pous;
            for (int p = 0; p < pous.Length; p++) Pou(w, d, p);
            Tasks(w, d);
            Symbols(w, d);
            Types(w, d);
            return w.ToString();
        }

        // ------------------------------------------------------------------------------------------ header

        static void Header(TextBuffer w, Context d)
        {
            Image img = d.Image;
            w.Append("; Plc image, format version ").Append(Image.FormatVersion).NewLine();
            w.Append("memory ").Append(img.MemorySize).Append(" bytes (0..").Append(Image.NullGuard - 1).Append(" NULL guard)");
            int initialised = 0;
            if (img.InitialMemory != null)
                for (int i = 0; i < img.InitialMemory.Length; i++) if (img.InitialMemory[i] != 0) initialised++;
            w.Append(", ").Append(initialised).Append(" non-zero initial bytes").NewLine();
            Area(w, "inputs  %I", img.Inputs);
            Area(w, "outputs %Q", img.Outputs);
            Area(w, "markers %M", img.Markers);
            w.Append("code ").Append(d.Code.Length).Append(" words, ").Append(img.Pous == null ? 0 : img.Pous.Length)
             .Append(" POUs, ").Append(img.Tasks == null ? 0 : img.Tasks.Length).Append(" tasks").NewLine();
        }

        static void Area(TextBuffer w, string what, IoArea area)
        {
            w.Append(what);
            if (area == null) w.Append(" ??");
            else if (area.Size == 0) w.Append(" none");
            else
            {
                w.Append(" at ").Append(area.Address).Append(", ").Append(area.Size).Append(" bytes");
                if (area.Spaces != null && area.Spaces.Length == Image.SpacesPerArea)
                    w.Append(" (X/B ").Append(area.SpaceEnd(0) - area.Spaces[0]).Append(", W ").Append(area.SpaceEnd(1) - area.Spaces[1])
                     .Append(", D ").Append(area.SpaceEnd(2) - area.Spaces[2]).Append(", L ").Append(area.SpaceEnd(3) - area.Spaces[3]).Append(")");
            }
            w.NewLine();
        }

        static void Constants(TextBuffer w, Context d)
        {
            long[] k = d.Constants;
            w.NewLine().Append("constants (").Append(k.Length).Append(")").NewLine();
            for (int i = 0; i < k.Length; i++)
            {
                w.Append("  k").Append(i).Pad(8).Append(k[i]);
                if (d.UsedAsReal[i] || LooksLikeReal(k[i])) w.Append("  (").Append(Real(k[i])).Append(")");
                w.NewLine();
            }
        }

        /// <summary>Whether 64 bits look like a double rather than an integer: a magnitude between about 1e-12 and 1e24.</summary>
        static bool LooksLikeReal(long bits)
        {
            int e = (int)((bits >> 52) & 0x7FF);
            return e >= 1023 - 40 && e <= 1023 + 80;
        }

        static string Real(long bits)
        {
            double v = System.BitConverter.Int64BitsToDouble(bits);
            if (double.IsNaN(v)) return "NaN";
            if (double.IsPositiveInfinity(v)) return "+Inf";
            if (double.IsNegativeInfinity(v)) return "-Inf";
            return RealText(v.ToString());
        }

        static string Float(long bits)
        {
            double v = System.BitConverter.Int64BitsToDouble(bits);
            if (double.IsNaN(v) || double.IsInfinity(v)) return Real(bits);
            float f = (float)v;
            if ((double)f != v) return Real(bits);   // not a REAL value: show the double
            return RealText(f.ToString());
        }

        /// <summary>Makes sure a number prints as a real ("2" becomes "2.0").</summary>
        static string RealText(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '.' || c == 'E' || c == 'e' || c == 'N' || c == 'I' || c == ',') return s;
            }
            return s + ".0";
        }

        // ------------------------------------------------------------------------------------------ code

        static string KindName(PouKind k)
        {
            switch (k)
            {
                case PouKind.Program: return "program";
                case PouKind.FunctionBlock: return "function_block";
                case PouKind.Function: return "function";
                case PouKind.TaskBody: return "task body";
                default: return "pou(kind " + ((int)k).ToString() + ")";
            }
        }

        static void Pou(TextBuffer w, Context d, int p)
        {
            PouInfo pi = d.Image.Pous[p];
            w.NewLine();
            if (pi == null) { w.Append("pou #").Append(p).Append(" ??").NewLine(); return; }
            w.Append(KindName(pi.Kind)).Append(' ').Append(Name(pi.Name)).Append(" (#").Append(p).Append(")");
            if (pi.Kind == PouKind.Function)
                w.Append(": frame at ").Append(pi.FrameAddress).Append(", ").Append(pi.Size).Append(" bytes");
            else if (pi.Kind == PouKind.Program || pi.Kind == PouKind.FunctionBlock)
                w.Append(": instance ").Append(pi.Size).Append(" bytes");
            w.Append(", code ").Append(pi.CodeStart).Append("..").Append(pi.CodeEnd).NewLine();

            int[] code = d.Code;
            int start = pi.CodeStart < 0 ? 0 : pi.CodeStart > code.Length ? code.Length : pi.CodeStart;
            int end = pi.CodeEnd < start ? start : pi.CodeEnd > code.Length ? code.Length : pi.CodeEnd;
            if (start != pi.CodeStart || end != pi.CodeEnd) w.Append("  ?? code range outside the code (").Append(code.Length).Append(" words)").NewLine();
            if (start >= end) { w.Append("  (no code)").NewLine(); return; }

            // Pass 1: instruction starts and jump targets.
            int n = end - start;
            bool[] isStart = new bool[n];
            bool[] isTarget = new bool[n];
            for (int pos = start; pos < end;)
            {
                int op = code[pos];
                if (!OpcodeInfo.IsDefined(op)) { pos++; continue; }
                isStart[pos - start] = true;
                OperandKind[] kinds = OpcodeInfo.Get((Opcode)op).Operands;
                if (pos + kinds.Length >= end) break;
                for (int k = 0; k < kinds.Length; k++)
                {
                    int t = code[pos + 1 + k];
                    if (kinds[k] == OperandKind.Target && t >= start && t < end) isTarget[t - start] = true;
                }
                pos += 1 + kinds.Length;
            }

            int member = d.InstanceType(pi);
            int width = Digits(code.Length);
            int lastLine = -1;
            for (int pos = start; pos < end;)
            {
                if (isTarget[pos - start]) w.Append('L').Append(pos).Append(':').NewLine();
                int li = d.FindLine(pos);
                if (li >= 0 && li != lastLine)
                {
                    lastLine = li;
                    LineEntry e = d.Lines[li];
                    w.Pad(width + 4).Append("; ").Append(d.FileName(e.File)).Append('(').Append(e.Line).Append(',').Append(e.Column).Append(')').NewLine();
                }
                w.Append("  ").Append(Padded(pos, width)).Append("  ");
                int op = code[pos];
                if (!OpcodeInfo.IsDefined(op))
                {
                    w.Append("?? ").Append(op).NewLine();
                    pos++;
                    continue;
                }
                OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
                w.Append(info.Name);
                int nops = info.Operands.Length;
                if (pos + nops >= end)
                {
                    w.Append(" ?? (operands cut off by the end of the POU)").NewLine();
                    break;
                }
                string note = "";
                for (int k = 0; k < nops; k++)
                {
                    int v = code[pos + 1 + k];
                    w.Append(' ');
                    switch (info.Operands[k])
                    {
                        case OperandKind.Const:
                            w.Append('k').Append(v);
                            if (v < 0 || v >= d.Constants.Length) w.Append(" ??");
                            else
                            {
                                long c = d.Constants[v];
                                w.Append(" (").Append(op == (int)Opcode.PushF ? Float(c) : op == (int)Opcode.PushD ? Real(c) : c.ToString()).Append(')');
                            }
                            break;
                        case OperandKind.Target:
                            if (v >= start && v < end && isStart[v - start]) w.Append('L').Append(v);
                            else w.Append("-> ").Append(v).Append(" ??");
                            break;
                        case OperandKind.Pou:
                        {
                            PouInfo[] pous = d.Image.Pous;
                            if (v >= 0 && v < pous.Length && pous[v] != null) w.Append(Name(pous[v].Name));
                            else w.Append('#').Append(v).Append(" ??");
                            break;
                        }
                        case OperandKind.Native:
                            if (NativeCatalog.IsDefined(v)) w.Append(NativeCatalog.Get(v).Name);
                            else w.Append("native#").Append(v).Append(" ??");
                            break;
                        case OperandKind.Addr:
                            w.Append(v);
                            if (k == 0) note = d.Describe(v, info.AccessSize, BitOperand(info, code, pos));
                            if (note.Length == 0 && op == (int)Opcode.LeaG) note = d.StringConstant(v);
                            break;
                        case OperandKind.Off:
                            w.Append(v);
                            if (k == 0) note = d.MemberAt(member, v, info.AccessSize);
                            break;
                        default:
                            w.Append(v);
                            break;
                    }
                }
                if (note.Length > 0) w.Append("    ; ").Append(note);
                w.NewLine();
                pos += 1 + nops;
            }
        }

        static int BitOperand(OpcodeInfo info, int[] code, int pos)
        {
            OperandKind[] kinds = info.Operands;
            return kinds.Length == 2 && kinds[1] == OperandKind.Bit ? code[pos + 2] : -1;
        }

        static string Name(string name) => name == null || name.Length == 0 ? "?" : name;

        static int Digits(int n)
        {
            int k = 1;
            while (n >= 10) { n /= 10; k++; }
            return k < 4 ? 4 : k;
        }

        static string Padded(int v, int width)
        {
            string s = v.ToString();
            while (s.Length < width) s = "0" + s;
            return s;
        }

        // ------------------------------------------------------------------------------------------ tasks

        static void Tasks(TextBuffer w, Context d)
        {
            TaskInfo[] tasks = d.Image.Tasks == null ? new TaskInfo[0] : d.Image.Tasks;
            w.NewLine().Append("tasks (").Append(tasks.Length).Append(")").NewLine();
            for (int i = 0; i < tasks.Length; i++)
            {
                TaskInfo t = tasks[i];
                if (t == null) { w.Append("  #").Append(i).Append(" ??").NewLine(); continue; }
                w.Append("  ").Append(Name(t.Name)).Append(": ");
                if (t.IntervalNs != 0) w.Append("interval ").Append(FormatTime(t.IntervalNs));
                else w.Append("event");
                if (t.SingleAddress != -1)
                {
                    w.Append(", single ").Append(t.SingleAddress);
                    if (t.SingleBit != -1) w.Append('.').Append(t.SingleBit);
                    string note = d.Describe(t.SingleAddress, 1, t.SingleBit);
                    if (note.Length > 0) w.Append(" (").Append(note).Append(')');
                }
                w.Append(", priority ").Append(t.Priority).Append(", body ");
                PouInfo[] pous = d.Image.Pous;
                if (pous != null && t.Body >= 0 && t.Body < pous.Length && pous[t.Body] != null)
                    w.Append(Name(pous[t.Body].Name)).Append(" (#").Append(t.Body).Append(')');
                else w.Append('#').Append(t.Body).Append(" ??");
                w.Append(", watchdog ");
                if (t.WatchdogNs == 0) w.Append("default");
                else w.Append(FormatTime(t.WatchdogNs));
                w.NewLine();
            }
        }

        /// <summary>A duration as an IEC literal: T#1h2m3s500ms, T#250us, T#0s, T#-10ms.</summary>
        /// <summary>A duration as a TIME literal (the same text as plc sim --print).</summary>
        public static string FormatTime(long ns)
        {
            var buf = new char[LiteralFormatter.MaxLength];
            return new string(buf, 0, LiteralFormatter.Format(ElementaryKind.Time, ns, buf));
        }

        // ------------------------------------------------------------------------------------------ symbols and types

        static void Symbols(TextBuffer w, Context d)
        {
            SymbolDesc[] symbols = d.Debug.Symbols == null ? new SymbolDesc[0] : d.Debug.Symbols;
            w.NewLine().Append("symbols (").Append(symbols.Length).Append(")").NewLine();
            for (int i = 0; i < symbols.Length; i++)
            {
                SymbolDesc s = symbols[i];
                if (s == null) { w.Append("  #").Append(i).Append(" ??").NewLine(); continue; }
                w.Append("  ").Append(Name(s.Name)).Pad(24).Append(" @").Append(s.Address);
                if ((s.Flags & VarFlags.BitAddressed) != 0) w.Append('.').Append(s.Bit);
                w.Pad(36).Append(' ').Append(d.TypeName(s.Type));
                Flags(w, s.Flags, s.Location);
                w.NewLine();
            }
        }

        static void Flags(TextBuffer w, int flags, string location)
        {
            if (location != null && location.Length > 0) w.Append(" AT ").Append(location);
            if ((flags & VarFlags.Input) != 0) w.Append(" input");
            if ((flags & VarFlags.Output) != 0) w.Append(" output");
            if ((flags & VarFlags.InOut) != 0) w.Append(" in_out");
            if ((flags & VarFlags.Temp) != 0) w.Append(" temp");
            if ((flags & VarFlags.Global) != 0) w.Append(" global");
            if ((flags & VarFlags.Constant) != 0) w.Append(" constant");
            if ((flags & VarFlags.Retain) != 0) w.Append(" retain");
            if ((flags & VarFlags.Persistent) != 0) w.Append(" persistent");
            if ((flags & VarFlags.Hidden) != 0) w.Append(" hidden");
        }

        static void Types(TextBuffer w, Context d)
        {
            TypeDesc[] types = d.Debug.Types == null ? new TypeDesc[0] : d.Debug.Types;
            bool any = false;
            for (int i = 0; i < types.Length; i++)
            {
                TypeDesc t = types[i];
                if (t == null) continue;
                string? kind = t.Kind == TypeKind.Struct ? "STRUCT" : t.Kind == TypeKind.FunctionBlock ? "FUNCTION_BLOCK"
                             : t.Kind == TypeKind.Program ? "PROGRAM" : t.Kind == TypeKind.Enum ? "ENUM" : null;
                if (kind == null) continue;
                if (!any) { w.NewLine().Append("types").NewLine(); any = true; }
                w.Append("  ").Append(kind).Append(' ').Append(Name(t.Name)).Append(" (#").Append(i).Append(", ").Append(t.Size).Append(" bytes)").NewLine();
                if (t.Kind == TypeKind.Enum)
                {
                    string[] names = t.EnumNames == null ? new string[0] : t.EnumNames;
                    for (int k = 0; k < names.Length; k++)
                    {
                        w.Append("    ").Append(Name(names[k])).Append(" = ");
                        if (t.EnumValues != null && k < t.EnumValues.Length) w.Append(t.EnumValues[k]);
                        else w.Append("??");
                        w.NewLine();
                    }
                    continue;
                }
                MemberDesc[] members = t.Members == null ? new MemberDesc[0] : t.Members;
                for (int k = 0; k < members.Length; k++)
                {
                    MemberDesc m = members[k];
                    if (m == null) { w.Append("    ??").NewLine(); continue; }
                    w.Append("    ");
                    if ((m.Flags & VarFlags.Absolute) != 0) w.Append('@').Append(m.Offset);
                    else w.Append('+').Append(m.Offset);
                    if ((m.Flags & VarFlags.BitAddressed) != 0) w.Append('.').Append(m.Bit);
                    w.Pad(16).Append(Name(m.Name)).Append(" : ").Append(d.TypeName(m.Type));
                    Flags(w, m.Flags, m.Location);
                    w.NewLine();
                }
            }
        }

        static readonly string[] elementaryNames =
        {
            "?", "BOOL", "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "REAL", "LREAL",
            "BYTE", "WORD", "DWORD", "LWORD", "TIME", "LTIME", "DATE", "LDATE", "TOD", "LTOD", "DT", "LDT", "CHAR", "WCHAR",
        };

        /// <summary>IEC name of an elementary type ("DINT", "TIME", ...), "?" for an unknown one.</summary>
        public static string ElementaryName(ElementaryKind k)
        {
            int i = (int)k;
            return i > 0 && i < elementaryNames.Length ? elementaryNames[i] : "?";
        }

        /// <summary>What the listing needs from the image, with every table made non-null.</summary>
        sealed class Context
        {
            public readonly Image Image;
            public readonly int[] Code;
            public readonly long[] Constants;
            public readonly DebugInfo Debug;
            public readonly LineEntry[] Lines;
            public readonly bool[] UsedAsReal;
            // Named memory regions (symbols, located members of program instances, function frames), sorted by
            // start address: a region with a bit (>= 0) is one bit of its byte.
            int[] regionStart = new int[0];
            int[] regionSize = new int[0];
            int[] regionBit = new int[0];
            int[] regionType = new int[0];
            string[] regionName = new string[0];

            public Context(Image image)
            {
                Image = image;
                Code = image.Code == null ? new int[0] : image.Code;
                Constants = image.Constants == null ? new long[0] : image.Constants;
                Debug = image.Debug == null ? new DebugInfo() : image.Debug;
                Lines = Debug.Lines == null ? new LineEntry[0] : Debug.Lines;

                UsedAsReal = new bool[Constants.Length];
                for (int pos = 0; pos < Code.Length;)
                {
                    int op = Code[pos];
                    if (!OpcodeInfo.IsDefined(op)) { pos++; continue; }
                    int n = OpcodeInfo.Get((Opcode)op).Operands.Length;
                    if ((op == (int)Opcode.PushF || op == (int)Opcode.PushD) && pos + 1 < Code.Length)
                    {
                        int k = Code[pos + 1];
                        if (k >= 0 && k < Constants.Length) UsedAsReal[k] = true;
                    }
                    pos += 1 + n;
                }

                SymbolDesc[] symbols = Debug.Symbols == null ? new SymbolDesc[0] : Debug.Symbols;
                PouInfo[] pous = image.Pous == null ? new PouInfo[0] : image.Pous;
                int count = 0;
                for (int pass = 0; pass < 2; pass++)
                {
                    int r = 0;
                    for (int i = 0; i < symbols.Length; i++)
                    {
                        SymbolDesc sy = symbols[i];
                        if (sy == null) continue;
                        if (pass == 1) Region(r, sy.Address, sy.Type, sy.Flags, sy.Bit, Name(sy.Name));
                        r++;
                        // Located members of a program instance (AT %I/%Q/%M) live outside the instance.
                        TypeDesc? t = Type(sy.Type);
                        if (t == null || t.Kind != TypeKind.Program || t.Members == null) continue;
                        for (int k = 0; k < t.Members.Length; k++)
                        {
                            MemberDesc m = t.Members[k];
                            if (m == null || (m.Flags & VarFlags.Absolute) == 0) continue;
                            if (pass == 1) Region(r, m.Offset, m.Type, m.Flags, m.Bit, Name(sy.Name) + "." + Name(m.Name));
                            r++;
                        }
                    }
                    for (int i = 0; i < pous.Length; i++)
                    {
                        PouInfo p = pous[i];
                        if (p == null || p.Kind != PouKind.Function || p.Size <= 0) continue;
                        if (pass == 1)
                        {
                            regionStart[r] = p.FrameAddress;
                            regionSize[r] = p.Size;
                            regionBit[r] = -1;
                            regionType[r] = -1;
                            regionName[r] = "frame of " + Name(p.Name);
                        }
                        r++;
                    }
                    if (pass == 0)
                    {
                        count = r;
                        regionStart = new int[count];
                        regionSize = new int[count];
                        regionBit = new int[count];
                        regionType = new int[count];
                        regionName = new string[count];
                    }
                }
                int[] order = new int[count];
                for (int i = 0; i < count; i++) order[i] = i;
                Sorting.ByKey(regionStart, order);
                regionStart = Permute(regionStart, order);
                regionSize = Permute(regionSize, order);
                regionBit = Permute(regionBit, order);
                regionType = Permute(regionType, order);
                var names = new string[count];
                for (int i = 0; i < count; i++) names[i] = regionName[order[i]];
                regionName = names;
            }

            void Region(int r, int address, int type, int flags, int bit, string name)
            {
                TypeDesc? t = Type(type);
                bool isBit = (flags & VarFlags.BitAddressed) != 0;
                regionStart[r] = address;
                regionSize[r] = isBit ? 1 : (flags & VarFlags.InOut) != 0 ? 4 : t == null || t.Size < 1 ? 1 : t.Size;
                regionBit[r] = isBit ? bit : -1;
                regionType[r] = isBit || (flags & VarFlags.InOut) != 0 ? -1 : type;
                regionName[r] = name;
            }

            static int[] Permute(int[] values, int[] order)
            {
                var r = new int[order.Length];
                for (int i = 0; i < order.Length; i++) r[i] = values[order[i]];
                return r;
            }


            public TypeDesc? Type(int index)
            {
                TypeDesc[] types = Debug.Types;
                return types != null && index >= 0 && index < types.Length ? types[index] : null;
            }

            public int FindLine(int position)
            {
                int lo = 0, hi = Lines.Length - 1, found = -1;
                while (lo <= hi)
                {
                    int mid = lo + ((hi - lo) >> 1);
                    if (Lines[mid].Position <= position) { found = mid; lo = mid + 1; }
                    else hi = mid - 1;
                }
                return found;
            }

            public string FileName(int file)
            {
                string[] files = Debug.Files;
                if (files == null || file < 0 || file >= files.Length || files[file] == null) return "file#" + file.ToString();
                string f = files[file];
                int cut = -1;
                for (int i = 0; i < f.Length; i++) if (f[i] == '/' || f[i] == '\\') cut = i;
                return cut >= 0 && cut + 1 < f.Length ? f.Substring(cut + 1) : f;
            }

            /// <summary>The program or function block type of a POU (by name), or -1.</summary>
            public int InstanceType(PouInfo pi)
            {
                if (pi.Kind != PouKind.Program && pi.Kind != PouKind.FunctionBlock) return -1;
                TypeDesc[] types = Debug.Types;
                if (types == null || pi.Name == null) return -1;
                TypeKind want = pi.Kind == PouKind.Program ? TypeKind.Program : TypeKind.FunctionBlock;
                for (int i = 0; i < types.Length; i++)
                {
                    TypeDesc t = types[i];
                    if (t != null && t.Kind == want && t.Name != null && Text.EqualsIgnoreCase(t.Name, pi.Name)) return i;
                }
                return -1;
            }

            /// <summary>The member path ("Timer.PT", "arr[3].x") at offset off of type typeIndex, or "".</summary>
            public string MemberAt(int typeIndex, int off, int accessSize)
            {
                string path = MemberPath(typeIndex, off, accessSize, 0);
                return path.Length > 0 && path[0] == '.' ? path.Substring(1) : path;
            }

            /// <summary>
            /// The path of member selections and indices that reaches offset off inside type typeIndex: ".x", "[3]",
            /// "+5" when no member covers it, "" for the offset 0 of a scalar. An address computation (accessSize 0)
            /// stops at the outermost member that starts exactly there.
            /// </summary>
            string MemberPath(int typeIndex, long off, int accessSize, int depth)
            {
                TypeDesc? t = Type(typeIndex);
                string rest = off == 0 ? "" : "+" + off.ToString();
                if (t == null || depth > 8 || off < 0) return rest;
                if ((t.Kind == TypeKind.Struct || t.Kind == TypeKind.FunctionBlock || t.Kind == TypeKind.Program) && t.Members != null)
                {
                    for (int k = 0; k < t.Members.Length; k++)
                    {
                        MemberDesc m = t.Members[k];
                        if (m == null || (m.Flags & VarFlags.Absolute) != 0) continue;
                        TypeDesc? mt = Type(m.Type);
                        bool inOut = (m.Flags & VarFlags.InOut) != 0;
                        long size = inOut ? 4 : mt == null || mt.Size < 1 ? 1 : mt.Size;
                        if (off < m.Offset || off >= m.Offset + size) continue;
                        string name = "." + Name(m.Name);
                        if (off == m.Offset && accessSize == 0) return name;
                        if (inOut) return name + (off == m.Offset ? "" : "+" + (off - m.Offset).ToString());
                        return name + MemberPath(m.Type, off - m.Offset, accessSize, depth + 1);
                    }
                    return rest;
                }
                if (t.Kind == TypeKind.Array && t.Lower != null && t.Upper != null && t.Lower.Length == t.Upper.Length && t.Lower.Length > 0)
                {
                    TypeDesc? et = Type(t.Element);
                    if (et == null || et.Size < 1 || (off == 0 && accessSize == 0)) return rest;
                    long flat = off / et.Size, inner = off % et.Size;
                    int dims = t.Lower.Length;
                    string index = "";
                    for (int k = dims - 1; k >= 0; k--)
                    {
                        long len = (long)t.Upper[k] - t.Lower[k] + 1;
                        if (len < 1) return rest;
                        long i = t.Lower[k] + flat % len;
                        flat /= len;
                        index = (k > 0 ? ", " : "") + i.ToString() + index;
                    }
                    if (flat != 0) return rest;   // beyond the last element
                    return "[" + index + "]" + MemberPath(t.Element, inner, accessSize, depth + 1);
                }
                return rest;
            }

            /// <summary>What lies at an absolute address: a variable (with its member path) or a function frame, and/or a %I/%Q/%M location.</summary>
            public string Describe(int address, int accessSize, int bit)
            {
                string s = "";
                // The last region starting at or before the address, and those before it, in case regions overlap.
                int lo = 0, hi = regionStart.Length - 1, found = -1;
                while (lo <= hi)
                {
                    int mid = lo + ((hi - lo) >> 1);
                    if (regionStart[mid] <= address) { found = mid; lo = mid + 1; }
                    else hi = mid - 1;
                }
                for (int i = found, tries = 0; i >= 0 && tries < 16; i--, tries++)
                {
                    long offset = (long)address - regionStart[i];
                    if (offset >= regionSize[i]) continue;
                    if (regionBit[i] >= 0 && regionBit[i] != bit) continue;
                    if (offset == 0 && accessSize == 0) s = regionName[i];   // the address of the variable itself
                    else if (regionType[i] >= 0) s = regionName[i] + MemberPath(regionType[i], offset, accessSize, 0);
                    else s = regionName[i] + (offset == 0 ? "" : "+" + offset.ToString());
                    break;
                }
                string area = AreaText(Image.Inputs, 'I', address, accessSize, bit);
                if (area.Length == 0) area = AreaText(Image.Outputs, 'Q', address, accessSize, bit);
                if (area.Length == 0) area = AreaText(Image.Markers, 'M', address, accessSize, bit);
                if (area.Length > 0) s = s.Length == 0 ? area : s + " " + area;
                return s;
            }

            /// <summary>
            /// The text of a string constant at an address, as a literal ('abc', "wide"), when the initial memory
            /// holds a short printable NUL-terminated string there; otherwise "".
            /// </summary>
            public string StringConstant(int address)
            {
                byte[] mem = Image.InitialMemory;
                if (mem == null || address < Image.NullGuard || address >= mem.Length) return "";
                const int max = 40;
                // A WSTRING: UTF-16LE code units below 256, at least two of them.
                if ((address & 1) == 0)
                {
                    string w = "";
                    for (int i = address; i + 1 < mem.Length && w.Length <= max; i += 2)
                    {
                        int c = mem[i] | (mem[i + 1] << 8);
                        if (c == 0) { if (w.Length >= 2) return "\"" + w + "\""; break; }
                        if (!Printable(c)) break;
                        w += Escaped((char)c, '"');
                    }
                }
                string t = "";
                for (int i = address; i < mem.Length && t.Length <= max; i++)
                {
                    int c = mem[i];
                    if (c == 0) return t.Length > 0 ? "'" + t + "'" : "";
                    if (!Printable(c)) return "";
                    t += Escaped((char)c, '\'');
                }
                return "";
            }

            static bool Printable(int c) => (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF);

            static string Escaped(char c, char quote) => c == '$' ? "$$" : c == quote ? "$" + quote : c.ToString();

            static string AreaText(IoArea area, char letter, int address, int accessSize, int bit)
            {
                if (area == null || area.Size <= 0 || address < area.Address || (long)address >= (long)area.Address + area.Size) return "";
                int off = address - area.Address;
                // The space the byte lies in (D29): bits/bytes, words, double words, long words.
                int[] spaces = area.Spaces;
                if (spaces == null || spaces.Length != Image.SpacesPerArea) return "";
                int space = -1;
                for (int k = 0; k < Image.SpacesPerArea; k++)
                    if (off >= spaces[k] && off < area.SpaceEnd(k)) { space = k; break; }
                if (space < 0) return "";
                int rel = off - spaces[space];
                int unit = space == 0 ? 1 : space == 1 ? 2 : space == 2 ? 4 : 8;
                string letters = "BWDL";
                if (space == 0 && bit >= 0) return "%" + letter + "X" + rel.ToString() + "." + bit.ToString();
                if (rel % unit != 0) return "%" + letter + letters[space] + "(byte " + rel.ToString() + ")";
                return "%" + letter + letters[space] + (rel / unit).ToString();
            }

            /// <summary>IEC spelling of a debug type: DINT, STRING(20), ARRAY[1..3] OF INT, REF_TO Motor, MyStruct.</summary>
            public string TypeName(int index) => TypeName(index, 0);

            string TypeName(int index, int depth)
            {
                TypeDesc? t = Type(index);
                if (t == null) return "?(type " + index.ToString() + ")";
                if (depth > 8) return "...";
                string name = t.Name == null ? "" : t.Name;
                switch (t.Kind)
                {
                    case TypeKind.Elementary:
                        return name.Length > 0 ? name : ElementaryName(t.Elementary);
                    case TypeKind.String:
                    case TypeKind.WString:
                        return (t.Kind == TypeKind.String ? "STRING(" : "WSTRING(") + t.Length.ToString() + ")";
                    case TypeKind.Array:
                    {
                        string s = "ARRAY[";
                        int dims = t.Lower == null ? 0 : t.Lower.Length;
                        for (int k = 0; k < dims; k++)
                        {
                            if (k > 0) s += ", ";
                            s += t.Lower![k].ToString() + ".." + (t.Upper != null && k < t.Upper.Length ? t.Upper[k].ToString() : "?");
                        }
                        return s + "] OF " + (t.Element < 0 ? "?" : TypeName(t.Element, depth + 1));
                    }
                    case TypeKind.Ref:
                        return "REF_TO " + (t.Element < 0 ? "ANY" : TypeName(t.Element, depth + 1));
                    case TypeKind.Subrange:
                        return name.Length > 0 ? name : ElementaryName(t.Elementary) + "(" + t.Low.ToString() + ".." + t.High.ToString() + ")";
                    case TypeKind.Struct:
                    case TypeKind.FunctionBlock:
                    case TypeKind.Program:
                    case TypeKind.Enum:
                        return name.Length > 0 ? name : t.Kind == TypeKind.Enum ? "(enum)" : "STRUCT";
                    default:
                        return "?(kind " + ((int)t.Kind).ToString() + ")";
                }
            }
        }

        /// <summary>A growable char buffer (nanoFramework has no StringBuilder).</summary>
        sealed class TextBuffer
        {
            char[] chars = new char[1024];
            int length;
            int lineStart;

            void Room(int n)
            {
                if (length + n <= chars.Length) return;
                int want = chars.Length * 2;
                if (want < length + n) want = length + n;
                var c = new char[want];
                System.Array.Copy(chars, c, length);
                chars = c;
            }

            public TextBuffer Append(char c)
            {
                Room(1);
                chars[length++] = c;
                return this;
            }

            public TextBuffer Append(string s)
            {
                if (s == null) return this;
                Room(s.Length);
                for (int i = 0; i < s.Length; i++) chars[length++] = s[i];
                return this;
            }

            public TextBuffer Append(int v) => Append(v.ToString());

            public TextBuffer Append(long v) => Append(v.ToString());

            /// <summary>Spaces up to column col of the current line (at least one if the line is already longer, unless it is empty).</summary>
            public TextBuffer Pad(int col)
            {
                int c = length - lineStart;
                if (c >= col) return c == 0 ? this : Append(' ');
                while (c++ < col) Append(' ');
                return this;
            }

            public TextBuffer NewLine()
            {
                Append('\n');
                lineStart = length;
                return this;
            }

            public TextBuffer Line(string s) => Append(s).NewLine();

            public override string ToString() => new string(chars, 0, length);
        }
    }
}

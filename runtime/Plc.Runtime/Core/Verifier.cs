namespace Plc.Runtime.Core
{
    /// <summary>The verdict of <see cref="Verifier.Verify"/> and the sizes the interpreter allocates.</summary>
    public sealed class VerificationResult
    {
        public bool Ok { get; }
        /// <summary>Why the image was rejected (empty when Ok).</summary>
        public string Error { get; }
        /// <summary>Value stack slots needed by the deepest chain of calls starting at any POU.</summary>
        public int MaxStack { get; }
        /// <summary>Call frames needed by the deepest chain of calls starting at any POU.</summary>
        public int MaxCallDepth { get; }

        VerificationResult(bool ok, string error, int maxStack, int maxCallDepth)
        {
            Ok = ok; Error = error; MaxStack = maxStack; MaxCallDepth = maxCallDepth;
        }

        public static VerificationResult Success(int maxStack, int maxCallDepth) => new VerificationResult(true, "", maxStack, maxCallDepth);
        public static VerificationResult Failure(string error) => new VerificationResult(false, error, 0, 0);

        public override string ToString() => Ok ? "ok (stack " + MaxStack.ToString() + ", calls " + MaxCallDepth.ToString() + ")" : Error;
    }

    /// <summary>
    /// Proves an image safe to run: every operand the interpreter trusts is in range, the value stack has one type
    /// layout at every instruction (so no instruction sees a wrong-typed or missing operand), control never leaves
    /// a POU except by Ret and calls, calls are not recursive, and the stack and call depths are bounded. It must
    /// never throw, whatever the image holds. The rules are listed with the instructions on <see cref="Opcode"/>.
    /// </summary>
    public static class Verifier
    {
        /// <summary>Largest accepted memory.</summary>
        public const int MaxMemorySize = 64 << 20;
        /// <summary>Largest accepted code array (instructions and operands).</summary>
        public const int MaxCodeLength = 1 << 22;
        /// <summary>Deepest value stack inside one POU.</summary>
        public const int MaxPouStack = 1024;
        /// <summary>Deepest value stack over a chain of calls.</summary>
        public const int MaxTotalStack = 1 << 16;

        public static VerificationResult Verify(Image image)
        {
            try
            {
                string? error = Check(image, out int maxStack, out int maxCalls);
                return error == null ? VerificationResult.Success(maxStack, maxCalls) : VerificationResult.Failure(error);
            }
            catch (System.Exception e)
            {
                // A safety net: the checks below are written never to throw.
                return VerificationResult.Failure("internal verifier error: " + e.Message);
            }
        }

        sealed class TypeNode
        {
            public readonly char T;
            public readonly TypeNode? Next;
            public readonly int Depth;
            public TypeNode(char t, TypeNode? next) { T = t; Next = next; Depth = next == null ? 1 : next.Depth + 1; }
        }

        sealed class IntList
        {
            int[] items = new int[16];
            public int Count;
            public void Add(int v)
            {
                if (Count == items.Length)
                {
                    var n = new int[items.Length * 2];
                    System.Array.Copy(items, n, Count);
                    items = n;
                }
                items[Count++] = v;
            }
            public int this[int i] => items[i];
        }

        static string PouName(Image image, int p)
        {
            PouInfo? pi = p >= 0 && p < image.Pous.Length ? image.Pous[p] : null;
            string name = pi != null && pi.Name != null ? pi.Name : "";
            return "POU '" + name + "' (#" + p.ToString() + ")";
        }

        static string At(Image image, int p, int pos)
        {
            int op = image.Code[pos];
            string name = OpcodeInfo.IsDefined(op) ? OpcodeInfo.Get((Opcode)op).Name : "opcode " + op.ToString();
            return PouName(image, p) + ", position " + pos.ToString() + " (" + name + "): ";
        }

        static string Types(TypeNode? s)
        {
            string r = "";
            for (; s != null; s = s.Next) r = (s.Next != null ? " " : "") + s.T + r;
            return "[" + r + "]";
        }

        static bool Same(TypeNode? a, TypeNode? b)
        {
            if ((a == null ? 0 : a.Depth) != (b == null ? 0 : b.Depth)) return false;
            while (a != b)
            {
                if (a == null || b == null || a.T != b.T) return false;
                a = a.Next; b = b.Next;
            }
            return true;
        }

        static bool IsInstanceKind(PouKind k) => k == PouKind.Program || k == PouKind.FunctionBlock;

        static string? CheckArea(string what, IoArea? area, int memorySize)
        {
            if (area == null) return what + " area is missing";
            if (area.Size < 0 || area.Address < 0 || (long)area.Address + area.Size > memorySize
                || (area.Size > 0 && area.Address < Image.NullGuard))
                return what + " area " + area.Address.ToString() + "+" + area.Size.ToString() + " lies outside memory [" +
                       Image.NullGuard.ToString() + ", " + memorySize.ToString() + ")";
            // The address spaces (D29) start in order inside the area.
            if (area.Spaces == null || area.Spaces.Length != Image.SpacesPerArea) return what + " area has no address spaces";
            int previous = 0;
            for (int k = 0; k < area.Spaces.Length; k++)
            {
                int at = area.Spaces[k];
                if (at < previous || at > area.Size)
                    return what + " area space " + k.ToString() + " starts at " + at.ToString() + ", outside 0.." + area.Size.ToString() + " or before the previous space";
                previous = at;
            }
            return null;
        }


        static string? Check(Image image, out int maxStack, out int maxCalls)
        {
            maxStack = 0; maxCalls = 0;
            if (image == null) return "no image";
            if (image.InitialMemory == null || image.Constants == null || image.Code == null || image.Pous == null || image.Tasks == null)
                return "the image is incomplete (a section is missing)";
            int memSize = image.MemorySize;
            if (memSize < Image.NullGuard || memSize > MaxMemorySize)
                return "memory size " + memSize.ToString() + " is outside " + Image.NullGuard.ToString() + ".." + MaxMemorySize.ToString();
            if (image.InitialMemory.Length != memSize)
                return "initial memory has " + image.InitialMemory.Length.ToString() + " bytes, the memory size is " + memSize.ToString();
            string? e;
            if ((e = CheckArea("input", image.Inputs, memSize)) != null) return e;
            if ((e = CheckArea("output", image.Outputs, memSize)) != null) return e;
            if ((e = CheckArea("marker", image.Markers, memSize)) != null) return e;

            int[] code = image.Code;
            if (code.Length > MaxCodeLength) return "code is longer than " + MaxCodeLength.ToString();
            PouInfo[] pous = image.Pous;
            int np = pous.Length;

            // ---- the POU table
            int[] starts = new int[np];
            int[] order = new int[np];
            for (int p = 0; p < np; p++)
            {
                PouInfo pi = pous[p];
                if (pi == null) return "POU #" + p.ToString() + " is missing";
                if (pi.Kind != PouKind.Program && pi.Kind != PouKind.FunctionBlock && pi.Kind != PouKind.Function && pi.Kind != PouKind.TaskBody)
                    return PouName(image, p) + " has an unknown kind " + ((int)pi.Kind).ToString();
                if (pi.CodeStart < 0 || pi.CodeEnd > code.Length || pi.CodeStart >= pi.CodeEnd)
                    return PouName(image, p) + " has code range [" + pi.CodeStart.ToString() + ", " + pi.CodeEnd.ToString() +
                           ") that is empty or outside the code (length " + code.Length.ToString() + ")";
                if (pi.Size < 0 || pi.Size > memSize - Image.NullGuard)
                    return PouName(image, p) + " has size " + pi.Size.ToString() + ", which does not fit in memory";
                if (pi.Kind == PouKind.Function && pi.Size > 0
                    && (pi.FrameAddress < Image.NullGuard || (long)pi.FrameAddress + pi.Size > memSize))
                    return PouName(image, p) + " has its frame at " + pi.FrameAddress.ToString() + "+" + pi.Size.ToString() + ", outside memory";
                starts[p] = pi.CodeStart;
                order[p] = p;
            }
            Sorting.ByKey(starts, order);
            int expect = 0;
            for (int k = 0; k < np; k++)
            {
                PouInfo pi = pous[order[k]];
                if (pi.CodeStart != expect)
                    return PouName(image, order[k]) + " starts at " + pi.CodeStart.ToString() + ", expected " + expect.ToString() +
                           " (POU code ranges must be contiguous and must not overlap)";
                expect = pi.CodeEnd;
            }
            if (expect != code.Length)
                return "code positions " + expect.ToString() + ".." + (code.Length - 1).ToString() + " belong to no POU";

            // ---- tasks
            for (int t = 0; t < image.Tasks.Length; t++)
            {
                TaskInfo ti = image.Tasks[t];
                if (ti == null) return "task #" + t.ToString() + " is missing";
                string tn = "task '" + (ti.Name ?? "") + "' (#" + t.ToString() + ")";
                if (ti.Body < 0 || ti.Body >= np || pous[ti.Body].Kind != PouKind.TaskBody)
                    return tn + ": body " + ti.Body.ToString() + " is not a task body POU";
                if (ti.IntervalNs < 0 || ti.WatchdogNs < 0) return tn + ": negative interval or watchdog";
                if (ti.SingleAddress != -1 && (ti.SingleAddress < Image.NullGuard || ti.SingleAddress >= memSize))
                    return tn + ": SINGLE address " + ti.SingleAddress.ToString() + " is outside memory";
                if (ti.SingleBit < -1 || ti.SingleBit > 7) return tn + ": SINGLE bit " + ti.SingleBit.ToString() + " is not 0..7";
            }

            // ---- decode every instruction, check its operands
            bool[] isStart = new bool[code.Length];
            IntList siteCallee = new IntList(), sitePos = new IntList();
            int[] siteFirst = new int[np + 1];
            for (int p = 0; p < np; p++)
            {
                PouInfo pi = pous[p];
                siteFirst[p] = siteCallee.Count;
                int pos = pi.CodeStart;
                while (pos < pi.CodeEnd)
                {
                    int op = code[pos];
                    if (!OpcodeInfo.IsDefined(op))
                        return PouName(image, p) + ", position " + pos.ToString() + ": undefined opcode " + op.ToString();
                    isStart[pos] = true;
                    OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
                    int nops = info.Operands.Length;
                    if (pos + nops >= pi.CodeEnd)
                        return At(image, p, pos) + "operands cut off by the end of the POU";
                    e = CheckOperands(image, p, pos, info);
                    if (e != null) return e;
                    if (op == (int)Opcode.Call || op == (int)Opcode.CallFb)
                    {
                        siteCallee.Add(code[pos + 1]);
                        sitePos.Add(pos);
                    }
                    pos += 1 + nops;
                }
            }
            siteFirst[np] = siteCallee.Count;
            for (int p = 0; p < np; p++)
            {
                PouInfo pi = pous[p];
                for (int pos = pi.CodeStart; pos < pi.CodeEnd;)
                {
                    OpcodeInfo info = OpcodeInfo.Get((Opcode)code[pos]);
                    for (int k = 0; k < info.Operands.Length; k++)
                    {
                        if (info.Operands[k] != OperandKind.Target) continue;
                        int t = code[pos + 1 + k];
                        if (t < pi.CodeStart || t >= pi.CodeEnd || !isStart[t])
                            return At(image, p, pos) + "jump target " + t.ToString() + " is not an instruction of this POU";
                    }
                    pos += 1 + info.Operands.Length;
                }
            }

            // ---- the value stack, per POU
            TypeNode?[] state = new TypeNode?[code.Length];
            bool[] seen = new bool[code.Length];
            int[] siteDepthAt = new int[code.Length];
            int[] work = new int[code.Length + 1];
            int[] pouDepth = new int[np];
            for (int p = 0; p < np; p++)
            {
                PouInfo pi = pous[p];
                int wn = 0, maxDepth = 0;
                seen[pi.CodeStart] = true;
                state[pi.CodeStart] = null;
                work[wn++] = pi.CodeStart;
                while (wn > 0)
                {
                    int pos = work[--wn];
                    TypeNode? s = state[pos];
                    int op = code[pos];
                    OpcodeInfo info = OpcodeInfo.Get((Opcode)op);
                    int depthIn = s == null ? 0 : s.Depth;
                    if (depthIn > maxDepth) maxDepth = depthIn;
                    string? pops = info.Pops, pushes = info.Pushes;
                    if (op == (int)Opcode.Pop || op == (int)Opcode.Dup)
                    {
                        if (s == null) return At(image, p, pos) + "the stack is empty";
                        pops = "";
                        pushes = "";
                        if (op == (int)Opcode.Pop) s = s.Next;
                        else s = new TypeNode(s.T, s);
                    }
                    else if (op == (int)Opcode.CallNative)
                    {
                        NativeInfo ni = NativeCatalog.Get(code[pos + 1]);
                        pops = ni.Pops;
                        pushes = ni.Pushes;
                    }
                    else if (op == (int)Opcode.Sel || op == (int)Opcode.Mux)
                    {
                        // Polymorphic: n values of one stack type (F and D count as D), with a selector below (Mux)
                        // or above (Sel); the result has the values' type.
                        int n = op == (int)Opcode.Sel ? 2 : code[pos + 1];
                        if (op == (int)Opcode.Sel)
                        {
                            if (s == null || s.T != 'I') return At(image, p, pos) + "needs a selector I on top of the stack, finds " + Types(state[pos]);
                            s = s.Next;
                        }
                        char t = ' ';
                        for (int k = 0; k < n; k++)
                        {
                            if (s == null) return At(image, p, pos) + "needs " + n.ToString() + " values on the stack, finds " + Types(state[pos]);
                            char c = s.T == 'F' ? 'D' : s.T;
                            if (k == 0) t = c;
                            else if (c != t) return At(image, p, pos) + "values of different types " + Types(state[pos]);
                            s = s.Next;
                        }
                        if (op == (int)Opcode.Mux)
                        {
                            if (s == null || s.T != 'I') return At(image, p, pos) + "needs a selector I below the values, finds " + Types(state[pos]);
                            s = s.Next;
                        }
                        pops = "";
                        pushes = t.ToString();
                    }
                    if (pops == null || pushes == null) return At(image, p, pos) + "no stack effect known";
                    for (int k = pops.Length - 1; k >= 0; k--)
                    {
                        char want = pops[k];
                        if (s == null)
                            return At(image, p, pos) + "needs " + pops + " on the stack, finds " + Types(state[pos]);
                        if (s.T != want && !(want == 'D' && s.T == 'F'))
                            return At(image, p, pos) + "needs " + pops + " on the stack, finds " + Types(state[pos]);
                        s = s.Next;
                    }
                    if (op == (int)Opcode.Call || op == (int)Opcode.CallFb) siteDepthAt[pos] = s == null ? 0 : s.Depth;
                    for (int k = 0; k < pushes.Length; k++) s = new TypeNode(pushes[k], s);
                    int depthOut = s == null ? 0 : s.Depth;
                    if (depthOut > maxDepth) maxDepth = depthOut;
                    if (maxDepth > MaxPouStack)
                        return At(image, p, pos) + "the stack grows deeper than " + MaxPouStack.ToString();

                    int next = pos + 1 + info.Operands.Length;
                    int succ1 = -1, succ2 = -1;
                    switch ((Opcode)op)
                    {
                        case Opcode.Ret:
                            if (s != null) return At(image, p, pos) + "the stack must be empty at ret, it holds " + Types(s);
                            break;
                        case Opcode.Jmp: succ1 = code[pos + 1]; break;
                        case Opcode.Jz:
                        case Opcode.Jnz: succ1 = code[pos + 1]; succ2 = next; break;
                        default: succ1 = next; break;
                    }
                    for (int k = 0; k < 2; k++)
                    {
                        int succ = k == 0 ? succ1 : succ2;
                        if (succ < 0) continue;
                        if (succ >= pi.CodeEnd) return At(image, p, pos) + "control falls off the end of the POU";
                        if (!seen[succ])
                        {
                            seen[succ] = true;
                            state[succ] = s;
                            work[wn++] = succ;
                        }
                        else if (!Same(state[succ], s))
                            return At(image, p, pos) + "reaches position " + succ.ToString() + " with stack " + Types(s) +
                                   ", another path reaches it with " + Types(state[succ]);
                    }
                }
                pouDepth[p] = maxDepth;
            }

            // ---- the call graph: no recursion; stack and frame needs over call chains
            long[] need = new long[np];
            int[] calls = new int[np];
            int[] color = new int[np];   // 0 unvisited, 1 on the DFS path, 2 done
            int[] next2 = new int[np];   // next site to follow, per POU on the path
            int[] path = new int[np + 1];
            for (int root = 0; root < np; root++)
            {
                if (color[root] != 0) continue;
                int depth = 0;
                path[depth++] = root;
                color[root] = 1;
                next2[root] = siteFirst[root];
                while (depth > 0)
                {
                    int p = path[depth - 1];
                    if (next2[p] < siteFirst[p + 1])
                    {
                        int c = siteCallee[next2[p]++];
                        if (color[c] == 1)
                        {
                            string chain = "";
                            int from = depth - 1;
                            while (path[from] != c) from--;
                            for (int k = from; k < depth; k++) chain += PouName(image, path[k]) + " -> ";
                            return "recursion: " + chain + PouName(image, c);
                        }
                        if (color[c] == 0)
                        {
                            color[c] = 1;
                            next2[c] = siteFirst[c];
                            path[depth++] = c;
                        }
                        continue;
                    }
                    long nd = pouDepth[p];
                    int nc = 0;
                    for (int i = siteFirst[p]; i < siteFirst[p + 1]; i++)
                    {
                        int c = siteCallee[i];
                        int sd = seen[sitePos[i]] ? siteDepthAt[sitePos[i]] : 0;
                        if (sd + need[c] > nd) nd = sd + need[c];
                        if (1 + calls[c] > nc) nc = 1 + calls[c];
                    }
                    if (nd > MaxTotalStack)
                        return PouName(image, p) + ": the value stack over its chain of calls grows deeper than " + MaxTotalStack.ToString();
                    need[p] = nd;
                    calls[p] = nc;
                    color[p] = 2;
                    depth--;
                }
            }
            for (int p = 0; p < np; p++)
            {
                if (need[p] > maxStack) maxStack = (int)need[p];
                if (calls[p] > maxCalls) maxCalls = calls[p];
            }
            return null;
        }

        static string? CheckOperands(Image image, int p, int pos, OpcodeInfo info)
        {
            int[] code = image.Code;
            PouInfo pi = image.Pous[p];
            int memSize = image.MemorySize;
            Opcode op = info.Op;
            for (int k = 0; k < info.Operands.Length; k++)
            {
                int v = code[pos + 1 + k];
                switch (info.Operands[k])
                {
                    case OperandKind.Imm:
                    case OperandKind.XOff:
                    case OperandKind.Target:   // checked once all instruction starts are known
                        break;
                    case OperandKind.Addr:
                    {
                        long end;
                        if (op == Opcode.LeaG) end = v;
                        else if (op == Opcode.InitG) end = (long)v + code[pos + 2];
                        else end = (long)v + info.AccessSize;
                        if (v < Image.NullGuard || end > memSize || end < v)
                            return At(image, p, pos) + "address " + v.ToString() + " (to " + end.ToString() + ") is outside memory [" +
                                   Image.NullGuard.ToString() + ", " + memSize.ToString() + ")";
                        break;
                    }
                    case OperandKind.Off:
                    {
                        if (!IsInstanceKind(pi.Kind))
                            return At(image, p, pos) + "this-relative operand in a POU without an instance (function or task body)";
                        long end;
                        if (op == Opcode.LeaT) end = v;
                        else if (op == Opcode.InitT) end = (long)v + code[pos + 2];
                        else end = (long)v + info.AccessSize;
                        if (v < 0 || end > pi.Size || end < v)
                            return At(image, p, pos) + "offset " + v.ToString() + " (to " + end.ToString() + ") is outside the instance size " + pi.Size.ToString();
                        break;
                    }
                    case OperandKind.Size:
                        if (v <= 0 || v > memSize)
                            return At(image, p, pos) + "size " + v.ToString() + " is not in 1.." + memSize.ToString();
                        break;
                    case OperandKind.Bit:
                        if (v < 0 || v > 7) return At(image, p, pos) + "bit " + v.ToString() + " is not 0..7";
                        break;
                    case OperandKind.Const:
                        if (v < 0 || v >= image.Constants.Length)
                            return At(image, p, pos) + "constant index " + v.ToString() + " is outside the pool (" + image.Constants.Length.ToString() + ")";
                        if (op == Opcode.PushF)
                        {
                            double d = System.BitConverter.Int64BitsToDouble(image.Constants[v]);
                            if (!double.IsNaN(d) && (double)(float)d != d)
                                return At(image, p, pos) + "constant " + v.ToString() + " is not exactly representable as REAL";
                        }
                        break;
                    case OperandKind.Pou:
                    {
                        if (v < 0 || v >= image.Pous.Length)
                            return At(image, p, pos) + "POU index " + v.ToString() + " is outside the POU table";
                        PouKind kind = image.Pous[v].Kind;
                        if (op == Opcode.Call && kind != PouKind.Function)
                            return At(image, p, pos) + "call of " + PouName(image, v) + ", which is not a function";
                        if (op == Opcode.CallFb && !IsInstanceKind(kind))
                            return At(image, p, pos) + "call.fb of " + PouName(image, v) + ", which is not a program or function block";
                        break;
                    }
                    case OperandKind.Native:
                        if (!NativeCatalog.IsDefined(v)) return At(image, p, pos) + "unknown native function " + v.ToString();
                        break;
                    default:
                        return At(image, p, pos) + "unknown operand kind";
                }
            }
            switch (op)
            {
                case Opcode.Clamp_I:
                case Opcode.Check_I:
                    if (code[pos + 1] > code[pos + 2])
                        return At(image, p, pos) + "range " + code[pos + 1].ToString() + ".." + code[pos + 2].ToString() + " is empty";
                    break;
                case Opcode.Check_L:
                    if (image.Constants[code[pos + 1]] > image.Constants[code[pos + 2]])
                        return At(image, p, pos) + "range " + image.Constants[code[pos + 1]].ToString() + ".." + image.Constants[code[pos + 2]].ToString() + " is empty";
                    break;
                case Opcode.Mux:
                    if (code[pos + 1] < 1 || code[pos + 1] > 255)
                        return At(image, p, pos) + "mux of " + code[pos + 1].ToString() + " values (1..255)";
                    break;
                case Opcode.Rol_I:
                case Opcode.Ror_I:
                    if (code[pos + 1] != 8 && code[pos + 1] != 16 && code[pos + 1] != 32)
                        return At(image, p, pos) + "rotation width " + code[pos + 1].ToString() + " (8, 16 or 32)";
                    break;
                case Opcode.Math1:
                    if (code[pos + 1] < 0 || code[pos + 1] >= (int)MathFunction.Atan2)
                        return At(image, p, pos) + "unknown one-argument math function " + code[pos + 1].ToString();
                    break;
                case Opcode.Math2:
                    if (code[pos + 1] != (int)MathFunction.Atan2)
                        return At(image, p, pos) + "unknown two-argument math function " + code[pos + 1].ToString();
                    break;
                case Opcode.Index:
                case Opcode.IndexL:
                {
                    long lo = code[pos + 1], hi = code[pos + 2], stride = code[pos + 3];
                    if (lo > hi) return At(image, p, pos) + "bounds " + lo.ToString() + ".." + hi.ToString() + " are empty";
                    if ((hi - lo + 1) * stride > memSize)
                        return At(image, p, pos) + "an array of " + (hi - lo + 1).ToString() + " elements of " + stride.ToString() + " bytes does not fit in memory";
                    break;
                }
            }
            return null;
        }
    }
}

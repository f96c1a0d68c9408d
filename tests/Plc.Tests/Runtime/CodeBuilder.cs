using System;
using System.Collections.Generic;
using System.Globalization;
using Plc.Runtime.Core;

namespace Plc.Tests.Runtime;

/// <summary>
/// Builds <see cref="Image"/>s in tests: POUs, instructions with labels, constants, tasks. Instructions can be
/// emitted one by one (<see cref="Op"/>, <see cref="Jump"/>) or as assembler text (<see cref="Asm"/>):
/// one instruction per line or separated by ';', disassembler names from <see cref="OpcodeInfo"/>,
/// "name:" defines a label (scoped to the current POU), a Target operand may be a label, a Const operand may be
/// written as a value: "=123" (64-bit integer), "=2.5d" (LREAL), "=2.5f" (REAL), a Native operand as its name.
/// </summary>
public sealed class CodeBuilder
{
    readonly List<int> code = new();
    readonly List<long> constants = new();
    readonly List<PouInfo> pous = new();
    readonly List<TaskInfo> tasks = new();
    readonly Dictionary<string, int> labels = new(StringComparer.OrdinalIgnoreCase);
    readonly List<(int pos, string label, int pou)> fixups = new();
    PouInfo? current;

    public readonly byte[] InitialMemory;
    public int MemorySize => InitialMemory.Length;

    public CodeBuilder(int memorySize = 256) { InitialMemory = new byte[memorySize]; }

    public int Position => code.Count;

    public int BeginPou(string name, PouKind kind, int size = 0, int frameAddress = 0)
    {
        if (current != null) EndPou();
        current = new PouInfo { Name = name, Kind = kind, Size = size, FrameAddress = frameAddress, CodeStart = code.Count };
        pous.Add(current);
        labels.Clear();
        return pous.Count - 1;
    }

    public void EndPou()
    {
        if (current == null) return;
        current.CodeEnd = code.Count;
        foreach (var f in fixups)
        {
            if (!labels.TryGetValue(f.label, out int target)) throw new InvalidOperationException("undefined label " + f.label);
            code[f.pos] = target;
        }
        fixups.Clear();
        current = null;
    }

    public CodeBuilder Op(Opcode op, params int[] operands)
    {
        var info = OpcodeInfo.Get(op);
        if (operands.Length != info.Operands.Length)
            throw new ArgumentException($"{info.Name} takes {info.Operands.Length} operands, got {operands.Length}");
        code.Add((int)op);
        code.AddRange(operands);
        return this;
    }

    public CodeBuilder Raw(params int[] words) { code.AddRange(words); return this; }

    public CodeBuilder Label(string name) { labels[name] = code.Count; return this; }

    public CodeBuilder Jump(Opcode op, string label)
    {
        code.Add((int)op);
        fixups.Add((code.Count, label, pous.Count - 1));
        code.Add(-1);
        return this;
    }

    public int Const(long value) { constants.Add(value); return constants.Count - 1; }
    public int ConstD(double value) => Const(BitConverter.DoubleToInt64Bits(value));

    public CodeBuilder PushI(int v) => Op(Opcode.PushI, v);
    public CodeBuilder PushL(long v) => Op(Opcode.PushL, Const(v));
    public CodeBuilder PushD(double v) => Op(Opcode.PushD, ConstD(v));
    public CodeBuilder PushF(float v) => Op(Opcode.PushF, ConstD(v));

    public int Task(string name, int body, long intervalNs = 10_000_000)
    {
        tasks.Add(new TaskInfo { Name = name, Body = body, IntervalNs = intervalNs });
        return tasks.Count - 1;
    }

    public CodeBuilder Asm(string text)
    {
        foreach (var rawLine in text.Split('\n', ';'))
        {
            string line = rawLine.Trim();
            int comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) line = line[..comment].Trim();
            if (line.Length == 0) continue;
            while (true)
            {
                int colon = line.IndexOf(':');
                if (colon < 0) break;
                Label(line[..colon].Trim());
                line = line[(colon + 1)..].Trim();
            }
            if (line.Length == 0) continue;
            string[] parts = line.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
            int op = OpcodeInfo.FindByName(parts[0]);
            if (op < 0) throw new ArgumentException("unknown instruction " + parts[0]);
            var info = OpcodeInfo.Get((Opcode)op);
            if (parts.Length - 1 != info.Operands.Length)
                throw new ArgumentException($"{line}: {info.Name} takes {info.Operands.Length} operands");
            code.Add(op);
            for (int k = 0; k < info.Operands.Length; k++)
            {
                string t = parts[k + 1];
                var kind = info.Operands[k];
                if (kind == OperandKind.Target && !IsNumber(t))
                {
                    fixups.Add((code.Count, t, pous.Count - 1));
                    code.Add(-1);
                }
                else if (kind == OperandKind.Const && t.StartsWith('='))
                {
                    string v = t[1..];
                    if (v.EndsWith('d')) code.Add(ConstD(double.Parse(v[..^1], CultureInfo.InvariantCulture)));
                    else if (v.EndsWith('f')) code.Add(ConstD(float.Parse(v[..^1], CultureInfo.InvariantCulture)));
                    else code.Add(Const(long.Parse(v, CultureInfo.InvariantCulture)));
                }
                else if (kind == OperandKind.Native && !IsNumber(t))
                {
                    int id = NativeCatalog.FindByName(t);
                    if (id < 0) throw new ArgumentException("unknown native " + t);
                    code.Add(id);
                }
                else code.Add(ParseInt(t));
            }
        }
        return this;
    }

    static bool IsNumber(string t) => t.Length > 0 && (char.IsDigit(t[0]) || t[0] == '-');

    static int ParseInt(string t)
    {
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return unchecked((int)uint.Parse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return int.Parse(t, CultureInfo.InvariantCulture);
    }

    public Image Build()
    {
        EndPou();
        return new Image
        {
            MemorySize = InitialMemory.Length,
            InitialMemory = (byte[])InitialMemory.Clone(),
            Constants = constants.ToArray(),
            Code = code.ToArray(),
            Pous = pous.ToArray(),
            Tasks = tasks.ToArray(),
        };
    }
}

/// <summary>A host for tests: Math.Pow, and a watchdog that expires after a given number of polls.</summary>
public sealed class TestHost : IRuntimeHost
{
    public int ExpireAfterPolls = int.MaxValue;
    public int Polls;
    public double Pow(double x, double y) => Math.Pow(x, y);
    double IRuntimeHost.Math(MathFunction function, double x, double y) => Plc.Runtime.Hosting.HostMath.Evaluate(function, x, y);
    public bool WatchdogExpired() => ++Polls > ExpireAfterPolls;
}

/// <summary>Shortcuts: verify an image (asserting success) and run it.</summary>
public static class Exec
{
    public static Interpreter Load(Image image, IRuntimeHost? host = null)
    {
        var v = Verifier.Verify(image);
        if (!v.Ok) throw new Xunit.Sdk.XunitException("verification failed: " + v.Error);
        return new Interpreter(image, host ?? new TestHost(), v);
    }

    /// <summary>Builds a task body from asm, runs it once; returns the interpreter.</summary>
    public static Interpreter RunAsm(string asm, int memorySize = 64, IRuntimeHost? host = null, Action<CodeBuilder>? setup = null)
    {
        var b = new CodeBuilder(memorySize);
        setup?.Invoke(b);
        b.BeginPou("main", PouKind.TaskBody);
        b.Asm(asm);
        var it = Load(b.Build(), host);
        it.Run(0, 0, 0);
        return it;
    }

    static Interpreter Ok(Interpreter it)
    {
        if (it.Fault.IsFault) throw new Xunit.Sdk.XunitException("unexpected fault: " + it.Fault);
        return it;
    }

    /// <summary>Evaluates asm that leaves one I on the stack; returns the whole 64-bit slot (to check sign extension).</summary>
    public static long I(string asm, Action<CodeBuilder>? setup = null) => BitConverter.ToInt64(Ok(RunAsm(asm + "\ni2l\nst.g.i64 8\nret", setup: setup)).Memory, 8);

    /// <summary>Evaluates asm that leaves one L on the stack.</summary>
    public static long L(string asm, Action<CodeBuilder>? setup = null) => BitConverter.ToInt64(Ok(RunAsm(asm + "\nst.g.i64 8\nret", setup: setup)).Memory, 8);

    /// <summary>Evaluates asm that leaves one F or D on the stack; returns the double held by the slot.</summary>
    public static double D(string asm, Action<CodeBuilder>? setup = null) => BitConverter.ToDouble(Ok(RunAsm(asm + "\nst.g.f64 8\nret", setup: setup)).Memory, 8);

    /// <summary>Runs asm that must fault; returns the fault.</summary>
    public static Fault FaultOf(string asm, int memorySize = 64, Action<CodeBuilder>? setup = null)
    {
        var it = RunAsm(asm, memorySize, null, setup);
        if (!it.Fault.IsFault) throw new Xunit.Sdk.XunitException("expected a fault");
        return it.Fault;
    }
}

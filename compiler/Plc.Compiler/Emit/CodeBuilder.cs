using Plc.Compiler.Diagnostics;
using Plc.Runtime.Core;

namespace Plc.Compiler.Emit;

/// <summary>
/// The code being emitted: a flat int array of opcodes and operands (the image's Code), with forward labels,
/// the constant pool and the line table.
/// </summary>
public sealed class CodeBuilder
{
    readonly List<int> code = new();
    readonly List<int> labelPositions = new();
    readonly List<(int At, int Label)> fixups = new();
    readonly List<long> constants = new();
    readonly Dictionary<long, int> constantIndex = new();
    readonly List<LineEntry> lines = new();
    readonly Dictionary<string, int> files = new();
    readonly List<string> fileList = new();

    public int Position => code.Count;
    public IReadOnlyList<string> Files => fileList;

    public int NewLabel()
    {
        labelPositions.Add(-1);
        return labelPositions.Count - 1;
    }

    public void Mark(int label) => labelPositions[label] = code.Count;

    public void Emit(Opcode op)
    {
        CheckOperands(op, 0);
        code.Add((int)op);
    }

    public void Emit(Opcode op, int a)
    {
        CheckOperands(op, 1);
        code.Add((int)op);
        code.Add(a);
    }

    public void Emit(Opcode op, int a, int b)
    {
        CheckOperands(op, 2);
        code.Add((int)op);
        code.Add(a);
        code.Add(b);
    }

    public void Emit(Opcode op, int a, int b, int c)
    {
        CheckOperands(op, 3);
        code.Add((int)op);
        code.Add(a);
        code.Add(b);
        code.Add(c);
    }

    static void CheckOperands(Opcode op, int count)
    {
        if (OpcodeInfo.Get(op).Operands.Length != count)
            throw new InvalidOperationException($"{op} takes {OpcodeInfo.Get(op).Operands.Length} operands, not {count}");
    }

    /// <summary>A jump (Jmp, Jz, Jnz) to a label, fixed up when the code is finished.</summary>
    public void EmitJump(Opcode op, int label)
    {
        CheckOperands(op, 1);
        code.Add((int)op);
        fixups.Add((code.Count, label));
        code.Add(-1);
    }

    /// <summary>Index of a 64-bit constant in the pool (shared between equal values).</summary>
    public int Constant(long value)
    {
        if (constantIndex.TryGetValue(value, out int i)) return i;
        i = constants.Count;
        constants.Add(value);
        constantIndex[value] = i;
        return i;
    }

    /// <summary>Records that the code from here on comes from a source position.</summary>
    public void MarkLine(SourceSpan span)
    {
        if (span.Line <= 0) return;
        if (!files.TryGetValue(span.Path, out int f))
        {
            f = fileList.Count;
            files[span.Path] = f;
            fileList.Add(span.Path);
        }
        if (lines.Count > 0 && lines[^1].Position == code.Count) lines.RemoveAt(lines.Count - 1);
        if (lines.Count > 0 && lines[^1].File == f && lines[^1].Line == span.Line && lines[^1].Column == span.Column) return;
        lines.Add(new LineEntry(code.Count, f, span.Line, span.Column));
    }

    public int[] FinishCode()
    {
        foreach (var (at, label) in fixups)
        {
            int target = labelPositions[label];
            if (target < 0) throw new InvalidOperationException("jump to a label that was never placed");
            code[at] = target;
        }
        fixups.Clear();
        return code.ToArray();
    }

    public long[] Constants => constants.ToArray();
    public LineEntry[] Lines => lines.ToArray();
}

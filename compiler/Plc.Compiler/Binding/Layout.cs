using System.Collections.Generic;
using System.Linq;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

/// <summary>
/// Computes sizes and member offsets: natural alignment (like CODESYS on 64-bit targets), members in declaration
/// order, VAR_TEMP after the other variables (re-initialised as one block), compiler temporaries last.
/// Directly represented members (AT %...) take no space in their instance. The members of a UNION all start at 0.
/// </summary>
public static class Layout
{
    public const int MaxSize = 64 * 1024 * 1024;

    public static void Run(BoundProgram program, DiagnosticBag diagnostics)
    {
        foreach (var t in program.NamedTypes.OfType<StructType>()) LayoutStruct(t, diagnostics);
        foreach (var pou in program.Pous) LayoutStruct(pou.Frame, diagnostics);
        foreach (var pou in program.Pous) LayoutStruct(pou.Statics, diagnostics);
        LayoutStruct(program.Globals, diagnostics);
        // A located array's size is known only now: the binder counted it as one byte of its space. Count every
        // located variable again with its laid-out size, so the space holds all its elements (D29).
        var located = program.NamedTypes.OfType<StructType>().Concat(program.Pous.Select(p => p.Frame)).Append(program.Globals);
        foreach (var s in located)
            foreach (var m in s.Members)
                if (m.Storage == StorageKind.Located && m.Location is { } loc && m.Type is not ErrorType)
                    program.UseArea(loc, loc.IsBit ? 1 : m.Type.Size);
    }

    public static void LayoutType(PlcType type, DiagnosticBag diagnostics)
    {
        switch (type)
        {
            case StructType s: LayoutStruct(s, diagnostics); break;
            case ArrayType a:
                LayoutType(a.Element, diagnostics);
                a.ComputeLayout();
                break;
            case VarLengthArrayType v:
                LayoutType(v.Element, diagnostics);
                break;
        }
    }

    static int Order(VariableSymbol v) => v.Kind switch
    {
        _ when v.Owner?.ClassMember == v => -1,      // a hierarchy's class number: first, at offset 0 (D34)
        VariableKind.Temp => 1,
        VariableKind.Hidden => 2,
        _ => 0,
    };

    /// <summary>Where to report a problem of a struct: its POU's name, or its STRUCT declaration.</summary>
    static SourceSpan Where(StructType s) => s.Pou?.Syntax.Name.Span ?? s.DeclarationSpan ?? SourceSpan.None;

    public static void LayoutStruct(StructType s, DiagnosticBag diagnostics)
    {
        if (s.LayoutDone) return;
        if (s.LayoutInProgress)
        {
            diagnostics.Report(DiagnosticCodes.RecursiveType, Where(s), s.Name);
            s.SetLayout(0, 1);
            return;
        }
        s.LayoutInProgress = true;
        long offset = 0;
        int alignment = 1;
        // A block that EXTENDS another starts with the base's variables at the base's offsets (so the base's code
        // and methods work on it); its own follow, after the base's whole instance.
        var inherited = new HashSet<VariableSymbol>();
        if (s.LayoutBase is { } b)
        {
            LayoutStruct(b, diagnostics);
            inherited.UnionWith(b.Members);
            offset = b.Size;
            alignment = b.Alignment;
        }
        var ordered = s.Members.Where(inherited.Contains)
            .Concat(s.Members.Where(m => !inherited.Contains(m)).Select((m, i) => (m, i)).OrderBy(x => Order(x.m)).ThenBy(x => x.i).Select(x => x.m))
            .ToList();
        s.Members.Clear();
        s.Members.AddRange(ordered);
        foreach (var m in s.Members)
        {
            if (inherited.Contains(m)) continue;
            if (m.Storage == StorageKind.Located) { LayoutType(m.Type, diagnostics); continue; }
            LayoutType(m.Type, diagnostics);
            int size, align;
            if (m.Kind == VariableKind.InOut) { size = m.Type is VarLengthArrayType vla ? vla.Size : 4; align = 4; }
            else { size = m.Type.Size; align = System.Math.Max(1, System.Math.Min(8, m.Type.Alignment)); }
            if (s.IsUnion)
            {
                // Every member of a UNION starts at 0; the union is as large as its largest member (D37).
                m.Offset = 0;
                offset = System.Math.Max(offset, size);
                if (align > alignment) alignment = align;
                continue;
            }
            offset = (offset + align - 1) / align * align;
            m.Offset = (int)System.Math.Min(offset, int.MaxValue);
            offset += size;
            if (align > alignment) alignment = align;
        }
        offset = (offset + alignment - 1) / alignment * alignment;
        if (offset > MaxSize)
        {
            diagnostics.Report(DiagnosticCodes.TypeTooLarge, Where(s),
                $"'{s.Name}' needs {offset} bytes; the limit is {MaxSize}");
            offset = 0;
        }
        s.SetLayout((int)offset, alignment);
        s.LayoutInProgress = false;
    }
}

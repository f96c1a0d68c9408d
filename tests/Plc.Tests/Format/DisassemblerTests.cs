using System;
using System.Linq;
using System.Text.RegularExpressions;
using Plc.Runtime.Core;
using Plc.Tests.Runtime;
using Xunit;

namespace Plc.Tests.Format;

public class DisassemblerTests
{
    static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void HandBuiltImageListing()
    {
        string text = Disassembler.Disassemble(FormatTestImages.Full());
        string[] lines = Lines(text);
        Assert.EndsWith("\n", text);

        // Header and the process image areas.
        Assert.Contains("memory 256 bytes (0..7 NULL guard), 5 non-zero initial bytes", lines);
        Assert.Contains("inputs  %I at 64, 8 bytes (X/B 8, W 0, D 0, L 0)", lines);
        Assert.Contains("outputs %Q at 72, 4 bytes (X/B 4, W 0, D 0, L 0)", lines);
        Assert.Contains("markers %M at 80, 16 bytes (X/B 16, W 0, D 0, L 0)", lines);

        // The constant pool: integers, and doubles shown as reals.
        Assert.Contains("constants (6)", lines);
        Assert.Contains("  k0    -5000000000", lines);
        Assert.Contains("  k1    4612811918334230528  (2.5)", lines);
        Assert.Contains("  k2    4602678819172646912  (0.5)", lines);
        Assert.Contains("  k3    -9223372036854775808", lines);
        Assert.Contains("  k5    9223372036854775807", lines);

        // POU headers.
        Assert.Contains("task body task Main (#0), code 0..5", lines);
        Assert.Contains("program Prog (#2): instance 48 bytes, code 6..68", lines);
        Assert.Contains("function_block Zähler (#3): instance 8 bytes, code 68..76", lines);
        Assert.Contains("function f (#4): frame at 96, 8 bytes, code 76..87", lines);

        // Instructions: positions, names, operands, labels, constants, POU and native names, annotations.
        Assert.Contains("  0000  lea.g 16    ; Prog", lines);
        Assert.Contains("  0002  call.fb Prog", lines);
        Assert.Contains("  0004  ret", lines);
        Assert.Contains("  0006  ld.t.i32 0    ; n", lines);
        Assert.Contains("L12:", lines);
        Assert.Contains("  0017  jz L28", lines);
        Assert.Contains("  0026  jmp L12", lines);
        Assert.Contains("L28:", lines);
        Assert.Contains("  0028  lea.t 8    ; inst", lines);
        Assert.Contains("  0030  call.fb Zähler", lines);
        Assert.Contains("  0032  push.i -70000", lines);
        Assert.Contains("  0034  st.g.i32 96    ; frame of f", lines);
        Assert.Contains("  0036  call f", lines);
        Assert.Contains("  0038  ld.g.i32 100    ; frame of f+4", lines);
        Assert.Contains("  0042  push.l k0 (-5000000000)", lines);
        Assert.Contains("  0046  push.d k1 (2.5)", lines);
        Assert.Contains("  0048  push.f k2 (0.5)", lines);
        Assert.Contains("  0053  lea.g 120    ; Zähler_g", lines);
        Assert.Contains("  0059  call.native str.from_int", lines);
        Assert.Contains("  0061  ldbit.g 64 3    ; Prog.Start %IX0.3", lines);
        Assert.Contains("  0064  stbit.g 72 1    ; Lamp %QX0.1", lines);
        Assert.Contains("  0076  init.g 96 4    ; frame of f", lines);

        // Source positions from the line table, with the file's name only.
        Assert.Contains("        ; main.st(1,1)", lines);
        Assert.Contains("        ; Zähler €.st(2,6)", lines);   // two entries at position 3: the last one counts
        Assert.DoesNotContain("        ; main.st(2,5)", lines);

        // Tasks.
        Assert.Contains("  Main: interval T#10ms, priority 3, body task Main (#0), watchdog T#50ms", lines);
        Assert.Contains("  Ev: event, single 80.2 (%MX0.2), priority -1, body task Ev (#1), watchdog default", lines);

        // Symbols with their types.
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Prog +@16 +Prog$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Zähler_g +@120 +STRING\(20\) global retain$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Lamp +@72\.1 +BOOL AT %QX0\.1 global$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  grid +@144 +ARRAY\[1\.\.3, -1\.\.0\] OF DINT global constant$"));

        // Types: members with offsets and types.
        Assert.Contains("  STRUCT Point (#4, 16 bytes)", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    \+4 +label : STRING\(20\) hidden$"));
        Assert.Contains("  ENUM Farbe (#5, 2 bytes)", lines);
        Assert.Contains("    Grün = 5", lines);
        Assert.Contains("    Blau = -7", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    @64\.3 +Start : BOOL AT %IX0\.3 input$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    \+40 +io : REF_TO Point in_out temp retain persistent$"));
    }

    [Fact]
    public void TypeNames()
    {
        var img = new Image { Debug = FormatTestImages.FullDebug() };
        string Of(int type)
        {
            img.Debug.Symbols = new[] { new SymbolDesc { Name = "v", Address = 8, Type = type } };
            string line = Lines(Disassembler.Disassemble(img)).Single(l => l.StartsWith("  v "));
            return line[37..];
        }
        Assert.Equal("DINT", Of(0));
        Assert.Equal("STRING(20)", Of(1));
        Assert.Equal("WSTRING(80)", Of(2));
        Assert.Equal("ARRAY[1..3, -1..0] OF DINT", Of(3));
        Assert.Equal("Point", Of(4));
        Assert.Equal("Farbe", Of(5));
        Assert.Equal("REF_TO Point", Of(6));
        Assert.Equal("REF_TO ANY", Of(7));
        Assert.Equal("Zähler", Of(8));
        Assert.Equal("INT(-9223372036854775808..9223372036854775807)", Of(10));
        Assert.Equal("LDT", Of(12));
        Assert.Equal("REF_TO REF_TO REF_TO REF_TO REF_TO REF_TO REF_TO REF_TO REF_TO ...", Of(14));
        Assert.Equal("ARRAY[] OF Empty", Of(15));
        Assert.Equal("?(type 99)", Of(99));
    }

    [Fact]
    public void FormatTime()
    {
        Assert.Equal("T#0ms", Disassembler.FormatTime(0));   // the canonical zero of D20
        Assert.Equal("T#10ms", Disassembler.FormatTime(10_000_000));
        Assert.Equal("T#1s500ms", Disassembler.FormatTime(1_500_000_000));
        Assert.Equal("T#1d2h3m4s5ms6us7ns", Disassembler.FormatTime(((((1L * 24 + 2) * 60 + 3) * 60 + 4) * 1000 + 5) * 1_000_000 + 6007));
        Assert.Equal("T#-250us", Disassembler.FormatTime(-250_000));
        Assert.Equal("T#-106751d23h47m16s854ms775us808ns", Disassembler.FormatTime(long.MinValue));
    }

    [Fact]
    public void Direct_addresses_are_named_in_their_own_space()
    {
        // D29: %IX1.3 needs bytes 0..1 of the bit/byte space of %I, %IW2 bytes 4..5 of its word space (6 bytes),
        // %QD1 bytes 4..7 of the double word space of %Q, %MB3 bytes 0..3 of the byte space of %M.
        var img = FormatTestImages.Compile(@"
PROGRAM Main
VAR a AT %IW2 : INT; b AT %IX1.3 : BOOL; c AT %QD1 : DINT; m AT %MB3 : BYTE; END_VAR
c := a;
m := 5;
IF b THEN c := 1; END_IF;
END_PROGRAM", "spaces.st");
        string[] lines = Lines(Disassembler.Disassemble(img));
        Assert.Contains(lines, l => l.StartsWith("inputs  %I at ") && l.EndsWith(", 8 bytes (X/B 2, W 6, D 0, L 0)"));
        Assert.Contains(lines, l => l.StartsWith("outputs %Q at ") && l.EndsWith(", 8 bytes (X/B 0, W 0, D 8, L 0)"));
        Assert.Contains(lines, l => l.StartsWith("markers %M at ") && l.EndsWith(", 4 bytes (X/B 4, W 0, D 0, L 0)"));
        Assert.Contains(lines, l => l.EndsWith("; Main.a %IW2"));
        Assert.Contains(lines, l => l.EndsWith("; Main.b %IX1.3"));
        Assert.Contains(lines, l => l.EndsWith("; Main.c %QD1"));
        Assert.Contains(lines, l => l.EndsWith("; Main.m %MB3"));
    }

    [Fact]
    public void CompiledProgramListing()
    {
        var img = FormatTestImages.Compile(FormatTestImages.RichSource, "/some/dir/rich.st");
        string text = Disassembler.Disassemble(img);
        string[] lines = Lines(text);
        Assert.Contains("function Scale (#0)", text);
        Assert.Contains("function_block Counter16 (#1)", text);
        Assert.Contains("program Main (#2)", text);
        Assert.Contains(lines, l => l.Contains(" call Scale"));
        Assert.Contains(lines, l => l.Contains(" call.fb Counter16"));
        Assert.Contains(lines, l => l.Contains(" index 1 10 2"));
        Assert.Contains(lines, l => l.Contains(" strcmp"));
        Assert.Contains(lines, l => l.Contains("; grid[2, 0]"));
        Assert.Contains(lines, l => l.Contains("; ctr.inc"));
        Assert.Contains(lines, l => l.EndsWith("; Lamp %QX0.1"));
        Assert.Contains(lines, l => l.Contains("; Level %IW1"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"  lea.g \d+    ; 'abc'$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"  lea.g \d+    ; ""wide \$\$1""$"));
        Assert.Contains("        ; rich.st(", text);
        Assert.DoesNotContain("/some/dir", text);
        Assert.DoesNotContain("??", text);
        Assert.Contains("  Fast: interval T#20ms, priority 1, body ", text);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  MainInst +@\d+ +Main$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Name +@\d+ +STRING\(20\) global$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    \+\d+ +grid : ARRAY\[1\.\.3, -1\.\.1\] OF LREAL$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    \+\d+ +r : REF_TO DINT$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    \+\d+ +pct : INT\(0\.\.100\)$"));

        // Every jump names a label that is printed before its target instruction.
        foreach (Match m in Regex.Matches(text, @" (?:jmp|jz|jnz) L(\d+)"))
        {
            string target = m.Groups[1].Value;
            int label = Array.IndexOf(lines, "L" + target + ":");
            Assert.True(label >= 0, "no label L" + target);
            int next = label + 1;
            while (lines[next].TrimStart().StartsWith(";")) next++;
            Assert.StartsWith("  " + target.PadLeft(4, '0') + "  ", lines[next]);
        }
    }

    [Fact]
    public void ExamplesDisassemble()
    {
        foreach (var img in FormatTestImages.CompiledExamples())
        {
            string text = Disassembler.Disassemble(img);
            Assert.DoesNotContain("??", text);
            foreach (var p in img.Pous) Assert.Contains(p.Name + " (#", text);
            foreach (var s in img.Debug.Symbols) Assert.Contains("  " + s.Name + " ", text);
        }
    }

    [Fact]
    public void UndecodableCodeIsShownNotThrown()
    {
        var b = new CodeBuilder(64);
        b.BeginPou("main", PouKind.TaskBody);
        b.Raw(999, (int)Opcode.Jmp, 5000, (int)Opcode.CallNative, 77, (int)Opcode.Call, 42, (int)Opcode.PushD, 9, (int)Opcode.Jz, 2, -1);
        b.Raw((int)Opcode.Index, 1);   // operands cut off by the end of the POU
        var img = b.Build();
        string[] lines = Lines(Disassembler.Disassemble(img));
        Assert.Contains("  0000  ?? 999", lines);
        Assert.Contains("  0001  jmp -> 5000 ??", lines);
        Assert.Contains("  0003  call.native native#77 ??", lines);
        Assert.Contains("  0005  call #42 ??", lines);
        Assert.Contains("  0007  push.d k9 ??", lines);
        Assert.Contains("  0009  jz -> 2 ??", lines);    // 2 is inside an instruction
        Assert.Contains("  0011  ?? -1", lines);
        Assert.Contains("  0012  index ?? (operands cut off by the end of the POU)", lines);
    }

    [Fact]
    public void BrokenTablesAreShownNotThrown()
    {
        var img = FormatTestImages.Full();
        img.Pous[1] = null!;
        img.Pous[2].CodeStart = -5;
        img.Pous[3].CodeEnd = 100000;
        img.Pous[4].Kind = (PouKind)77;
        img.Tasks = new[] { null!, new TaskInfo { Name = null!, Body = 99, SingleAddress = 5 } };
        img.Inputs = null!;
        img.Debug.Files = new string[] { null! };
        img.Debug.Lines = new[] { new LineEntry(50, 7, 1, 1), new LineEntry(2, -3, 1, 1) };
        img.Debug.Types[4].Members = null!;
        img.Debug.Types[4].Kind = TypeKind.Array;
        img.Debug.Types[5].EnumValues = null!;
        img.Debug.Symbols = new[] { null!, new SymbolDesc { Name = null!, Type = -4 } };
        string text = Disassembler.Disassemble(img);
        Assert.Contains("pou #1 ??", text);
        Assert.Contains("?? code range outside the code", text);
        Assert.Contains("pou(kind 77) f (#4)", text);
        Assert.Contains("body #99 ??", text);
        Assert.Contains("; file#-3(1,1)", text);

        Assert.Contains("(no code)", Disassembler.Disassemble(new Image { Pous = new[] { new PouInfo { Name = "x", CodeStart = 3, CodeEnd = 1 } } }));
        Assert.Contains("no image", Disassembler.Disassemble(null!));
        Disassembler.Disassemble(new Image { Debug = null!, Code = null!, Constants = null!, Pous = null!, Tasks = null!, InitialMemory = null!, Outputs = null! });
    }

    [Fact]
    public void MutatedImagesNeverThrow()
    {
        var rng = new Random(314);
        var bases = new[] { FormatTestImages.Full(), VerifierTests.Base(), FormatTestImages.Compile(FormatTestImages.RichSource) }
            .Concat(FormatTestImages.CompiledExamples()).ToArray();
        for (int iter = 0; iter < 20000; iter++)
        {
            var src = bases[rng.Next(bases.Length)];
            var img = VerifierTests.Clone(src);
            img.Debug = Garbled(src.Debug, rng);
            int count = 1 + rng.Next(3);
            for (int m = 0; m < count; m++)
            {
                if (img.Code == null || img.Pous == null || img.Constants == null || img.Tasks == null || img.Outputs == null
                    || Array.IndexOf(img.Pous, null) >= 0) break;
                try { FuzzTests.Mutate(img, rng); }
                catch (Exception) { /* a mutation that does not apply to this image */ }
            }
            try { Disassembler.Disassemble(img); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the disassembler threw {e}"); }
        }
    }

    /// <summary>A copy of the debug info with some random damage: dangling references, cycles, odd lines.</summary>
    static DebugInfo Garbled(DebugInfo d, Random rng)
    {
        var types = d.Types.Select(t => new TypeDesc
        {
            Kind = t.Kind, Name = t.Name, Size = t.Size, Elementary = t.Elementary, Length = t.Length, Element = t.Element,
            Lower = t.Lower, Upper = t.Upper, EnumNames = t.EnumNames, EnumValues = t.EnumValues, Low = t.Low, High = t.High,
            Members = t.Members.Select(m => new MemberDesc { Name = m.Name, Offset = m.Offset, Type = m.Type, Flags = m.Flags, Bit = m.Bit, Location = m.Location }).ToArray(),
        }).ToArray();
        var g = new DebugInfo
        {
            Files = d.Files,
            Lines = d.Lines.ToArray(),
            Types = types,
            Symbols = d.Symbols.Select(s => new SymbolDesc { Name = s.Name, Address = s.Address, Type = s.Type, Flags = s.Flags, Bit = s.Bit, Location = s.Location }).ToArray(),
        };
        if (rng.Next(2) == 0) return g;
        int n = types.Length;
        for (int k = 0; k < 3; k++)
        {
            switch (rng.Next(8))
            {
                case 0: if (g.Lines.Length > 0) g.Lines[rng.Next(g.Lines.Length)] = new LineEntry(rng.Next(-5, 5000), rng.Next(-2, 4), rng.Next(-1, 9), rng.Next(-1, 9)); break;
                case 1: if (n > 0) types[rng.Next(n)].Element = rng.Next(-3, n + 3); break;
                case 2: if (n > 0) types[rng.Next(n)].Kind = (TypeKind)rng.Next(0, 13); break;
                case 3:
                {
                    var withMembers = types.Where(t => t.Members.Length > 0).ToArray();
                    if (withMembers.Length > 0)
                    {
                        var t = withMembers[rng.Next(withMembers.Length)];
                        var m = t.Members[rng.Next(t.Members.Length)];
                        m.Type = rng.Next(-2, n + 2);
                        m.Offset = rng.Next(-4, 200);
                        m.Flags = rng.Next(0, 2048);
                    }
                    break;
                }
                case 4: if (g.Symbols.Length > 0) { var s = g.Symbols[rng.Next(g.Symbols.Length)]; s.Type = rng.Next(-2, n + 2); s.Address = rng.Next(-8, 300); s.Flags = rng.Next(0, 2048); } break;
                case 5: if (n > 0) { var t = types[rng.Next(n)]; t.Lower = new[] { rng.Next(-3, 3), 5 }; t.Upper = new[] { rng.Next(-3, 3) }; t.Size = rng.Next(-1, 64); } break;
                case 6: if (n > 0) { var t = types[rng.Next(n)]; t.Kind = TypeKind.Array; t.Element = types.Length > 0 ? rng.Next(n) : 0; } break;   // maybe a cycle
                default: g.Files = new[] { "x" }; break;
            }
        }
        return g;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using Plc.Runtime.Core;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Runtime;

/// <summary>
/// Random mutations of valid images: the verifier must never throw, and whatever it accepts must run without
/// any exception escaping and without hanging (the watchdog expires after a few polls). Seeded: reproducible.
/// Tests run in Debug, where <see cref="Memory"/> checks bounds, so an unsafe image the verifier let through
/// shows up as an exception here.
/// </summary>
public class FuzzTests
{
    readonly ITestOutputHelper output;
    public FuzzTests(ITestOutputHelper output) { this.output = output; }

    static Image Loop()
    {
        var b = new CodeBuilder(256);
        int main = b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"push.i 0; st.g.i32 16
                loop: ld.g.i32 16; push.i 40; ge.i; jnz end
                ld.g.i32 16; push.i 3; mul.i; push.i 7; mod.i; st.g.i32 20
                ld.g.i64 24; ld.g.i32 16; i2l; add.l; push.l =3; div.l; st.g.i64 24
                ld.g.f32 32; push.f =0.5f; add.f; push.f =1.25f; mul.f; st.g.f32 32
                ld.g.f64 40; ld.g.i32 16; i2d; add.d; push.d =3d; div.d; st.g.f64 40
                ld.g.f64 40; d2i.round; st.g.i32 48
                lea.g 64; ld.g.i32 16; push.i 10; mod.i; index 0 9 4; ld.g.i32 16; st.x.i32 0
                lea.g 112; push.i 20; ld.g.i64 24; call.native str.from_int
                lea.g 140; lea.g 112; strcopy 20
                lea.g 140; call.native str.to_int; st.g.i64 168
                lea.g 112; lea.g 140; strcmp; st.g.i32 176
                lea.g 180; call.fb 1
                call 2
                ld.g.i32 16; push.i 1; add.i; st.g.i32 16; jmp loop
                end: ret");
        b.BeginPou("fb", PouKind.FunctionBlock, size: 8);
        b.Asm("ld.t.i32 0; addi 1; dup; st.t.i32 0; check.i 0 1000; pop; lea.t 4; push.i 1; stbit.x 0 3; ret");
        b.BeginPou("f", PouKind.Function, size: 8, frameAddress: 216);
        b.Asm("init.g 216 8; ld.g.i32 216; addi 1; st.g.i32 220; push.d =2d; push.d =0.5d; expt.d; d2f; st.g.f32 224; ret");
        b.Task("t", main);
        return b.Build();
    }

    static Image Memory()
    {
        var b = new CodeBuilder(128);
        "HELLO\0WORLD\0"u8.ToArray().CopyTo(b.InitialMemory, 16);
        int main = b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"lea.g 40; lea.g 16; memcopy 12
                lea.g 60; lea.g 22; wstrcopy 4
                lea.g 40; lea.g 16; wstrcmp; lea.g 16; push.i 2; index 1 10 1; ld.x.u8 0; add.i; st.g.i16 80
                lea.g 82; push.l =7; index.l 0 9 4; ld.x.i16 2; norm.u8; st.g.i8 84
                ld.g.u16 16; u2d; d2u.trunc; u2l; ul2d; d2ul.round; l2i; st.g.i32 88
                push.d =1e10d; d2l.trunc; push.l =-1; divu.l; l2d; d2i.trunc; clamp.i -5 5; st.g.i32 92
                push.f =3.5f; f2bits; bits2f; d2bits; bits2d; push.d =0.25d; sub.d; neg.d; st.g.f64 96
                lea.g 16; ldbit.x 0 1; lea.g 16; ld.x.i32 4; push.i 0; eq.i; or.i; jz skip
                now; l2i; st.g.i32 104
                skip: ld.g.i8 17; ld.g.i16 18; ld.g.u8 19; ld.g.i32 20; add.i; xor.i; and.i; not.i; boolnot; st.g.i32 108
                lea.g 112; push.i 5; stbit.x 0 7
                lea.g 112; ld.x.f64 0; lea.g 120; swap: pop; st.g.f64 112
                ret");
        b.Task("t", main);
        return b.Build();
    }

    static Image Loops()
    {
        var b = new CodeBuilder(64);
        int main = b.BeginPou("main", PouKind.TaskBody);
        b.Asm(@"push.i 0; st.g.i32 16
                a: ld.g.i32 16; addi 1; st.g.i32 16; ld.g.i32 16; push.i 100; lt.i; jnz a
                push.l =0; st.g.i64 24
                b: ld.g.i64 24; push.l =1; add.l; dup; st.g.i64 24; push.l =50; ge.l; jz b
                call 1; ret");
        b.BeginPou("f", PouKind.Function, size: 4, frameAddress: 40);
        b.Asm("ld.g.i32 40; push.i 2; div.i; st.g.i32 40; ld.g.i32 40; push.i 7; mod.i; pop; ret");
        b.Task("t", main);
        return b.Build();
    }

    static int[] Starts(Image img)
    {
        var list = new List<int>();
        int pos = 0;
        while (pos < img.Code.Length)
        {
            int op = img.Code[pos];
            if (!OpcodeInfo.IsDefined(op)) break;
            list.Add(pos);
            pos += 1 + OpcodeInfo.Get((Opcode)op).Operands.Length;
        }
        return list.ToArray();
    }

    static int RandomOpcodeWithOperands(Random rng, int count)
    {
        for (int tries = 0; tries < 50; tries++)
        {
            int op = rng.Next((int)Opcode.Count);
            if (OpcodeInfo.Get((Opcode)op).Operands.Length == count) return op;
        }
        return rng.Next((int)Opcode.Count);
    }

    internal static void Mutate(Image img, Random rng)
    {
        int[] code = img.Code;
        int[] starts = Starts(img);
        int n = code.Length;
        switch (rng.Next(16))
        {
            case 0: if (n > 0) code[rng.Next(n)] = rng.Next(-2, 300); break;
            case 1: if (n > 0) code[rng.Next(n)] = rng.Next(int.MinValue, int.MaxValue); break;
            case 2: if (n > 0) code[rng.Next(n)] += rng.Next(-3, 4); break;
            case 3:
            case 4:
            {
                // An operand of an instruction: a plausible value.
                if (starts.Length == 0) break;
                int s = starts[rng.Next(starts.Length)];
                int nops = OpcodeInfo.IsDefined(code[s]) ? OpcodeInfo.Get((Opcode)code[s]).Operands.Length : 0;
                if (nops == 0 || s + nops >= n) break;
                int k = s + 1 + rng.Next(nops);
                code[k] = rng.Next(4) switch
                {
                    0 => rng.Next(-16, img.MemorySize + 16),
                    1 => rng.Next(-2, 10),
                    2 => code[k] + rng.Next(-8, 9),
                    _ => rng.Next(n),
                };
                break;
            }
            case 5:
            case 6:
            {
                // Another opcode with as many operands.
                if (starts.Length == 0) break;
                int s = starts[rng.Next(starts.Length)];
                code[s] = RandomOpcodeWithOperands(rng, OpcodeInfo.Get((Opcode)code[s]).Operands.Length);
                break;
            }
            case 7:
            {
                if (starts.Length < 2) break;
                int a = starts[rng.Next(starts.Length)], b = starts[rng.Next(starts.Length)];
                (code[a], code[b]) = (code[b], code[a]);
                break;
            }
            case 8:
            {
                // An instruction replaced by nops.
                if (starts.Length == 0) break;
                int s = starts[rng.Next(starts.Length)];
                int len = 1 + OpcodeInfo.Get((Opcode)code[s]).Operands.Length;
                for (int i = 0; i < len && s + i < n; i++) code[s + i] = (int)Opcode.Nop;
                break;
            }
            case 9:
            {
                if (img.Pous.Length == 0) break;
                var p = img.Pous[rng.Next(img.Pous.Length)];
                switch (rng.Next(6))
                {
                    case 0: p.CodeStart += rng.Next(-3, 4); break;
                    case 1: p.CodeEnd += rng.Next(-3, 4); break;
                    case 2: p.Size = rng.Next(-4, img.MemorySize + 8); break;
                    case 3: p.Kind = (PouKind)rng.Next(0, 6); break;
                    case 4: p.FrameAddress = rng.Next(-4, img.MemorySize + 8); break;
                    default: p.Size = rng.Next(int.MinValue, int.MaxValue); break;
                }
                break;
            }
            case 10:
            {
                int len = rng.Next(n + 1);
                img.Code = code[..len];
                if (rng.Next(2) == 0)
                    foreach (var p in img.Pous) if (p.CodeEnd > len) p.CodeEnd = len;
                break;
            }
            case 11:
                switch (rng.Next(4))
                {
                    case 0: img.MemorySize = rng.Next(0, img.MemorySize * 2); break;
                    case 1: img.InitialMemory = img.InitialMemory[..rng.Next(img.InitialMemory.Length + 1)]; break;
                    case 2:
                        img.MemorySize = rng.Next(Image.NullGuard, img.MemorySize + 1);
                        img.InitialMemory = img.InitialMemory[..img.MemorySize];
                        break;
                    default: img.Inputs = new IoArea { Address = rng.Next(-4, img.MemorySize + 4), Size = rng.Next(-2, 16) }; break;
                }
                break;
            case 12:
                if (img.Constants.Length > 0)
                {
                    int k = rng.Next(img.Constants.Length);
                    img.Constants[k] = rng.Next(3) switch
                    {
                        0 => rng.NextInt64(long.MinValue, long.MaxValue),
                        1 => rng.Next(-5, 5),
                        _ => BitConverter.DoubleToInt64Bits(rng.Next(-5, 5) * 0.5),
                    };
                    if (rng.Next(8) == 0) img.Constants = img.Constants[..k];
                }
                break;
            case 13:
                if (img.Tasks.Length > 0)
                {
                    var t = img.Tasks[0];
                    switch (rng.Next(3))
                    {
                        case 0: t.Body = rng.Next(-1, img.Pous.Length + 1); break;
                        case 1: t.SingleAddress = rng.Next(-2, img.MemorySize + 2); break;
                        default: t.SingleBit = rng.Next(-2, 9); break;
                    }
                }
                break;
            case 14:
            {
                // A jump retargeted to some instruction.
                if (starts.Length == 0) break;
                for (int tries = 0; tries < 10; tries++)
                {
                    int s = starts[rng.Next(starts.Length)];
                    int op = code[s];
                    if (op == (int)Opcode.Jmp || op == (int)Opcode.Jz || op == (int)Opcode.Jnz)
                    {
                        code[s + 1] = starts[rng.Next(starts.Length)];
                        break;
                    }
                }
                break;
            }
            default:
                // Something nulled.
                switch (rng.Next(6))
                {
                    case 0: if (img.Pous.Length > 0) img.Pous[rng.Next(img.Pous.Length)] = null!; break;
                    case 1: img.Code = null!; break;
                    case 2: img.Constants = null!; break;
                    case 3: img.Tasks = rng.Next(2) == 0 ? null! : new[] { (TaskInfo)null! }; break;
                    case 4: img.Outputs = null!; break;
                    default: img.Pous = img.Pous[..rng.Next(img.Pous.Length + 1)]; break;
                }
                break;
        }
    }

    [Fact]
    public void MutatedImagesNeverCrash()
    {
        const int seed = 20240601;
        const int iterations = 400000;
        var rng = new Random(seed);
        Image[] bases = { VerifierTests.Base(), Loop(), Memory(), Loops() };
        foreach (var b in bases)
        {
            var v = Verifier.Verify(b);
            Assert.True(v.Ok, v.Error);
            Assert.True(new Interpreter(b, new TestHost(), v).Run(0, 0, 0));
        }
        int accepted = 0, runs = 0, faults = 0;
        var faultKinds = new int[8];
        var sw = Stopwatch.StartNew();
        for (int iter = 0; iter < iterations; iter++)
        {
            var img = VerifierTests.Clone(bases[rng.Next(bases.Length)]);
            int count = 1 + rng.Next(3);
            for (int m = 0; m < count; m++)
            {
                if (img.Code == null || img.Pous == null || img.Constants == null || img.Tasks == null || img.Outputs == null
                    || Array.IndexOf(img.Pous, null) >= 0) break;
                try { Mutate(img, rng); }
                catch (Exception) { /* a mutation that did not apply to this image: not under test */ }
            }
            VerificationResult v;
            try { v = Verifier.Verify(img); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the verifier threw {e}"); }
            Assert.False(v.Error.StartsWith("internal", StringComparison.Ordinal), $"iteration {iter}: {v.Error}");
            if (!v.Ok) continue;
            accepted++;
            try
            {
                var host = new TestHost { ExpireAfterPolls = 2 };
                var it = new Interpreter(img, host, v);
                for (int p = 0; p < img.Pous!.Length; p++)
                {
                    PouInfo pi = img.Pous[p];
                    int self = 0;
                    if (pi.Kind == PouKind.Program || pi.Kind == PouKind.FunctionBlock)
                        self = rng.Next(4) switch
                        {
                            0 => Image.NullGuard,
                            1 => img.MemorySize - pi.Size,
                            2 => rng.Next(-8, img.MemorySize + 8),
                            _ => 16,
                        };
                    host.Polls = 0;
                    runs++;
                    if (!it.Run(p, self, iter))
                    {
                        faults++;
                        faultKinds[(int)it.Fault.Code]++;
                        Assert.NotEqual(FaultCode.None, it.Fault.Code);
                        Assert.InRange(it.Fault.Position, img.Pous[p].CodeStart, img.Code!.Length - 1);
                        Assert.NotEmpty(it.Fault.Message());
                    }
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"iteration {iter}: running an accepted image threw {e}");
            }
        }
        output.WriteLine($"{iterations} mutants, {accepted} accepted, {runs} runs, {faults} faults " +
                         $"({string.Join(", ", faultKinds)}), {sw.ElapsedMilliseconds} ms");
        Assert.True(accepted > iterations / 10, $"only {accepted} mutants were accepted: the fuzzer is not exercising the interpreter");
    }
}

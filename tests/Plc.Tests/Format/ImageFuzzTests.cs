using System;
using System.Diagnostics;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Tests.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Format;

/// <summary>
/// Random damage to valid image files, with the checksum recomputed so that it reaches the section parser. The
/// reader either rejects the bytes with an <see cref="ImageFormatException"/> or returns an image; such an image
/// (maybe garbage) is then rejected by the verifier or runs without an exception escaping and without hanging,
/// and the disassembler prints it without throwing. Seeded: reproducible.
/// </summary>
public class ImageFuzzTests
{
    readonly ITestOutputHelper output;
    public ImageFuzzTests(ITestOutputHelper output) { this.output = output; }

    static byte[] Damage(byte[] original, Random rng)
    {
        byte[] b = (byte[])original.Clone();
        int h = ImageFormat.HeaderSize;
        int n = b.Length - h;
        int count = 1 + rng.Next(3);
        for (int m = 0; m < count && n > 0; m++)
        {
            int at = h + rng.Next(n);
            switch (rng.Next(6))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b[at] = (byte)rng.Next(256); break;
                case 2: b[at] = (byte)(b[at] + rng.Next(-2, 3)); break;
                case 3: b[at] = (byte)(rng.Next(2) == 0 ? 0 : 0xFF); break;
                case 4:
                {
                    // Insert or delete a byte: everything after it shifts.
                    if (rng.Next(2) == 0) b = b[..at].Concat(new[] { (byte)rng.Next(256) }).Concat(b[at..]).ToArray();
                    else b = b[..at].Concat(b[(at + 1)..]).ToArray();
                    n = b.Length - h;
                    break;
                }
                default:
                {
                    // A varint-looking run: a long continuation chain.
                    int len = 1 + rng.Next(6);
                    for (int k = 0; k < len && at + k < b.Length; k++) b[at + k] = (byte)(0x80 | rng.Next(128));
                    break;
                }
            }
        }
        return FormatTestImages.Reseal(b);
    }

    [Fact]
    public void DamagedImagesAreRejectedOrSafe()
    {
        var bases = new[] { FormatTestImages.Full(), VerifierTests.Base(), FormatTestImages.Compile(FormatTestImages.RichSource) }
            .Concat(FormatTestImages.CompiledExamples()).Select(ImageWriter.Write).ToArray();
        var rng = new Random(8086);
        int rejected = 0, read = 0, verified = 0, faulted = 0;
        var sw = Stopwatch.StartNew();
        const int iterations = 30000;
        for (int iter = 0; iter < iterations; iter++)
        {
            byte[] bytes = Damage(bases[rng.Next(bases.Length)], rng);
            Image img;
            try { img = ImageReader.Read(bytes); }
            catch (ImageFormatException) { rejected++; continue; }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the reader threw {e}"); }
            read++;

            try { Disassembler.Disassemble(img); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the disassembler threw {e}"); }

            // What the reader accepted writes back to the same image.
            ImageAssert.Equal(img, ImageReader.Read(ImageWriter.Write(img)));

            VerificationResult v;
            try { v = Verifier.Verify(img); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"iteration {iter}: the verifier threw {e}"); }
            if (!v.Ok) continue;
            verified++;
            try
            {
                var host = new TestHost { ExpireAfterPolls = 3 };
                var it = new Interpreter(img, host, v);
                foreach (var task in img.Tasks)
                {
                    for (int scan = 0; scan < 2; scan++)
                    {
                        host.Polls = 0;
                        if (!it.Run(task.Body, 0, scan * 10_000_000L))
                        {
                            faulted++;
                            Assert.NotEmpty(it.Fault.Message());
                            break;
                        }
                    }
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"iteration {iter}: running an image read from damaged bytes threw {e}");
            }
        }
        output.WriteLine($"{iterations} damaged images: {rejected} rejected by the reader, {read} read, {verified} verified, " +
                         $"{faulted} faulted, {sw.ElapsedMilliseconds} ms");
        Assert.True(rejected > iterations / 10, "the damage never reaches the reader's checks");
        Assert.True(verified > iterations / 20, "the damage never produces readable, verifiable images");
    }
}

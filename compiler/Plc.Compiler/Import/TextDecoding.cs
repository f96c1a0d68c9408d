using System.Text;

namespace Plc.Compiler.Import;

/// <summary>Bytes of a text file to a string: a byte order mark decides; else UTF-8, or (for CODESYS 2.3 exports,
/// written in the Windows code page) Latin-1 when the bytes are not valid UTF-8.</summary>
static class TextDecoding
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes, bool latin1Fallback)
    {
        using (var reader = new StreamReader(new MemoryStream(bytes), StrictUtf8, detectEncodingFromByteOrderMarks: true))
        {
            try { return reader.ReadToEnd(); }
            catch (DecoderFallbackException) when (latin1Fallback) { return Encoding.Latin1.GetString(bytes); }
            catch (DecoderFallbackException) { }
        }
        return new UTF8Encoding(false, false).GetString(bytes);
    }
}

using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>
/// A CODESYS <c>.EXP</c> export: plain ST, one or more POUs each closed by its END_ keyword, with header pragmas such
/// as <c>(* @NESTEDCOMMENTS := 'Yes' *)</c>, <c>(* @PATH := '\/' *)</c> and <c>(* @END_DECLARATION := '0' *)</c>.
/// Those are comments to our parser, so the text is taken as is (line numbers stay the file's); only the encoding
/// differs: CODESYS 2.3 writes the Windows code page, read as Latin-1 when the file is not valid UTF-8.
/// </summary>
public static class CodesysExportReader
{
    public static ImportedSource Read(string path, byte[] bytes)
        => new(path, TextDecoding.Decode(bytes, latin1Fallback: true), null, Array.Empty<Diagnostic>());
}

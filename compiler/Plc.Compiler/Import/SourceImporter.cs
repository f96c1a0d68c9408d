using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>
/// Reads a project file by its extension (docs/compatibility.md): <c>.st</c> as is, <c>.EXP</c> (CODESYS export) by
/// <see cref="CodesysExportReader"/>, <c>.TcPOU</c>/<c>.TcGVL</c>/<c>.TcDUT</c>/<c>.TcIO</c> (TwinCAT XML) by
/// <see cref="TwinCatReader"/>. Never throws for what is in the file: an unreadable, too large or malformed file
/// comes back with a diagnostic.
/// </summary>
public static class SourceImporter
{
    /// <summary>Files larger than this are not read (a project's source files are kilobytes).</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The extensions read, lower case.</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".st", ".exp", ".tcpou", ".tcgvl", ".tcdut", ".tcio" };

    public static bool IsSourceFile(string path) => Extensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());

    public static ImportedSource Read(string path)
    {
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
                return ImportedSource.Failed(path, DiagnosticCodes.FileNotFound, $"the file is {length} bytes, more than the {MaxFileBytes / (1024 * 1024)} MB limit");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ImportedSource.Failed(path, DiagnosticCodes.FileNotFound, e.Message);
        }
        return Import(path, bytes);
    }

    /// <summary>Imports a file's contents; <paramref name="path"/> chooses the reader by its extension.</summary>
    public static ImportedSource Import(string path, byte[] bytes)
    {
        if (bytes.Length > MaxFileBytes)
            return ImportedSource.Failed(path, DiagnosticCodes.FileNotFound, $"the file is {bytes.Length} bytes, more than the {MaxFileBytes / (1024 * 1024)} MB limit");
        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            return ImportedSource.Failed(path, DiagnosticCodes.InvalidProjectFile, "the file is empty");
        bool unicodeMark = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (!unicodeMark && Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0)
            return ImportedSource.Failed(path, DiagnosticCodes.InvalidProjectFile, "a binary file, not text (it holds NUL bytes)");
        switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
        {
            case ".exp":
                return CodesysExportReader.Read(path, bytes);
            case ".tcpou":
            case ".tcgvl":
            case ".tcdut":
            case ".tcio":   // interfaces: reported as not supported yet, never skipped
                return TwinCatReader.Read(path, bytes);
            default:
                return new ImportedSource(path, TextDecoding.Decode(bytes, latin1Fallback: false), null, Array.Empty<Diagnostic>());
        }
    }
}

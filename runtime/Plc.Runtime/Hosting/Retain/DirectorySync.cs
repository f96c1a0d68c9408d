using System.Runtime.InteropServices;

namespace Plc.Runtime.Hosting.Retain;

/// <summary>
/// fsync of a directory, so that a rename inside it survives a power loss. .NET has no API for it (a directory
/// cannot be opened as a FileStream), so on Linux and macOS this calls open/fsync/close in libc; elsewhere (Windows,
/// where MoveFileEx with write-through is what is available) and when libc cannot be reached it does nothing.
/// </summary>
static class DirectorySync
{
    const int O_RDONLY = 0;
    const int O_CLOEXEC_LINUX = 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    static extern int Close(int fd);

    /// <summary>Flushes the directory entry list to disk; false when that is not possible here.</summary>
    public static bool Sync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        try
        {
            int fd = Open(directory, OperatingSystem.IsLinux() ? O_RDONLY | O_CLOEXEC_LINUX : O_RDONLY);
            if (fd < 0) return false;
            try { return FSync(fd) == 0; }
            finally { Close(fd); }
        }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }
}

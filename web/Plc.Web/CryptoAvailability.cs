using System;
using System.Runtime.InteropServices;

namespace Plc.Web;

/// <summary>
/// On Linux, .NET's cryptography (the token's random bytes, the page's SHA-256 hashes) is OpenSSL's libssl, and
/// without it the first use aborts the whole process ("No usable version of libssl was found"). The web view checks
/// first, so a machine without it gets a clear message and the program is not started half way.
/// </summary>
static class CryptoAvailability
{
    // The names .NET looks for (newest first); DOTNET_OPENSSL_VERSION_OVERRIDE names another one.
    static readonly string[] LibSslNames = { "libssl.so.3", "libssl.so.1.1", "libssl.so.1.0.2", "libssl.so.1.0.0", "libssl.so.10", "libssl.so" };

    /// <summary>Null when cryptography can be used; else what to do about it.</summary>
    public static string? Problem()
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (Environment.GetEnvironmentVariable("DOTNET_OPENSSL_VERSION_OVERRIDE") is { Length: > 0 }) return null;
        foreach (var name in LibSslNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                return null;
            }
        }
        return "the web view needs OpenSSL's libssl for its token and hashes, and none was found " +
               "(Debian, Ubuntu, Raspberry Pi OS: apt-get install libssl3)";
    }
}

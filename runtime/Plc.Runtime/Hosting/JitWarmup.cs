using System.Reflection;
using System.Threading;
using System.Runtime.CompilerServices;

namespace Plc.Runtime.Hosting;

/// <summary>
/// Compiles the runtime's code before the first scan, so that no scan waits for the JIT (docs/performance.md):
/// without it the first scans of <c>plc run</c> take milliseconds and count as overruns. The interpreter's dispatch
/// loop is marked AggressiveOptimization, so it is compiled once, fully optimised, here; the rest gets its first
/// tier now and its optimised tier in the background later.
/// </summary>
public static class JitWarmup
{
    static int done;

    /// <summary>Prepares every non-generic method of the runtime assembly (once per process); returns how many.</summary>
    public static int PrepareRuntime()
    {
        if (Interlocked.Exchange(ref done, 1) == 1) return 0;
        int prepared = 0;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(ScanLoop).Assembly.GetTypes())
        {
            if (type.IsInterface || type.ContainsGenericParameters) continue;
            foreach (var method in type.GetMethods(all))
            {
                if (method.IsAbstract || method.ContainsGenericParameters) continue;
                if (TryPrepare(method)) prepared++;
            }
            foreach (var ctor in type.GetConstructors(all))
                if (!ctor.IsStatic && TryPrepare(ctor)) prepared++;
        }
        return prepared;
    }

    static bool TryPrepare(MethodBase method)
    {
        try
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or TypeLoadException or BadImageFormatException)
        {
            return false;
        }
    }
}

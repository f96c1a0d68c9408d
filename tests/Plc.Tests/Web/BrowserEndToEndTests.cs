using System;
using System.Diagnostics;
using System.IO;
using Plc.Tests.Conformance;
using Xunit;
using Xunit.Abstractions;

namespace Plc.Tests.Web;

/// <summary>A test that needs Node.js and Debian's Chromium; skipped, saying why, only when one of them is absent.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is not installed (apt-get install chromium; .ci/run installs it)";
        else if (BrowserEndToEndTests.FindNode() == null) Skip = "node is not installed (apt-get install nodejs npm)";
    }
}


/// <summary>
/// The web view in a real browser: runs tests/browser/web-view.test.mjs (playwright-core driving headless Chromium)
/// against the plc built with this test project. It loads the page, reads a value, enters the token, forces an input
/// and sees the output change, unforces, checks the trend chart's pixels and saves artifacts/web-view.png.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class BrowserEndToEndTests
{
    readonly ITestOutputHelper output;

    public BrowserEndToEndTests(ITestOutputHelper output) { this.output = output; }

    public static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "node"))) return Path.Combine(dir, "node");
        return null;
    }

    static (int Exit, string Output) Start(string file, string arguments, string workingDirectory, TimeSpan timeout, params (string, string)[] environment)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"timed out after {timeout.TotalSeconds} s\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [BrowserFact]
    public void The_page_shows_values_forces_an_input_and_draws_trends_in_headless_chromium()
    {
        string browserTests = Path.Combine(RepositoryPaths.Root, "tests", "browser");
        string node = FindNode()!;
        if (!Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")))
        {
            // .ci/run installs it; a fresh clone gets it here (npm ci: exactly the committed package-lock.json).
            string npm = Path.Combine(Path.GetDirectoryName(node)!, "npm");
            var (code, log) = Start(File.Exists(npm) ? npm : "npm", "ci --no-audit --no-fund", browserTests, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "npm ci in tests/browser failed:\n" + log);
        }
        // The plc this test project was built with (its output folder has plc.dll and plc.runtimeconfig.json).
        string plc = Path.Combine(AppContext.BaseDirectory, "plc.dll");
        Assert.True(File.Exists(plc) && File.Exists(Path.Combine(AppContext.BaseDirectory, "plc.runtimeconfig.json")), $"{plc} is missing");
        var (exit, text) = Start(node, "web-view.test.mjs", browserTests, TimeSpan.FromMinutes(3),
            ("PLC_DLL", plc), ("CHROMIUM", BrowserFactAttribute.Chromium));
        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("web-view: passed", text);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "artifacts", "web-view.png")));
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Web;

/// <summary><c>plc run --web</c> and <c>plc sim --web</c> in process: the start-up lines, the token, the API over
/// HTTP while the program runs, sim's real-time pace, and usage errors.</summary>
public sealed class WebCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-web-" + Guid.NewGuid().ToString("N"));

    public WebCommandTests() { Directory.CreateDirectory(dir); }
    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    const string Follow = @"
PROGRAM Main
VAR start AT %IX0.0 : BOOL; lamp AT %QX0.0 : BOOL; n : DINT; END_VAR
lamp := start;
n := n + 1;
END_PROGRAM";

    string Source(string text = Follow)
    {
        string path = Path.Combine(dir, "p.st");
        File.WriteAllText(path, text);
        return path;
    }

    static (int Exit, string Out, string Err) Run(Func<string[], TextWriter, TextWriter, Action<RunningProgram>?, int> command,
        Action<RunningProgram>? started, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = command(args, o, e, started);
        return (exit, o.ToString().Replace("\r\n", "\n"), e.ToString().Replace("\r\n", "\n"));
    }

    static (int Exit, string Out, string Err) Cli(params string[] args) => Plc.Tests.Cli.PlcCommand.Run(args);

    static HttpStatusCode Post(HttpClient http, string path, string json, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token != null) request.Headers.Add("X-Plc-Token", token);
        using var response = http.Send(request);
        return response.StatusCode;
    }

    static string Read(HttpClient http, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/read")
        { Content = new StringContent("{\"paths\": [\"" + name + "\"]}", Encoding.UTF8, "application/json") };
        using var response = http.Send(request);
        var body = System.Text.Json.JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement;
        return body.GetProperty("values")[0].GetProperty("value").GetString()!;
    }

    static void Background(Action action) => new Thread(() => action()) { IsBackground = true }.Start();

    [Fact]
    public void Run_serves_the_web_view_prints_its_address_and_a_random_token_and_forces_through_it()
    {
        string? token = null;
        Exception? clientError = null;
        string lampSeen = "";
        var (exit, output, err) = Run(RunCommand.Run, p =>
        {
            token = p.Web!.Token.Value;
            Background(() =>
            {
                try
                {
                    using var http = new HttpClient { BaseAddress = new Uri(p.Web.Url), Timeout = TimeSpan.FromSeconds(20) };
                    Assert.Equal(HttpStatusCode.Unauthorized, Post(http, "api/force", "{\"path\": \"Main.start\", \"value\": \"TRUE\"}", null));
                    Assert.Equal(HttpStatusCode.OK, Post(http, "api/force", "{\"path\": \"Main.start\", \"value\": \"TRUE\"}", token));
                    var watch = Stopwatch.StartNew();
                    while ((lampSeen = Read(http, "Main.lamp")) != "TRUE" && watch.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(5);
                }
                catch (Exception e) { clientError = e; }
                finally { p.Stop(); }
            });
        }, Source(), "--web", "127.0.0.1:0", "--cycle-time", "T#2ms", "--print", "Main.lamp");
        Assert.Null(clientError);
        Assert.True(exit == 0, err);
        Assert.Equal("TRUE", lampSeen);
        Assert.Matches(@"^plc: web view on http://127\.0\.0\.1:\d+/\n", err);
        Assert.Matches(@"\nplc: web token [0-9a-f]{32} \(writing and forcing need it; http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{32} opens the page with it\)\n", err);
        Assert.Contains("plc: web token " + token + " ", err);
        Assert.Equal("Main.lamp = TRUE\n", output);                // stdout is only what --print asks for
    }

    [Fact]
    public void Run_takes_a_given_token_and_does_not_print_it()
    {
        const string given = "my-own-token-0123456789";
        string? token = null;
        var (exit, _, err) = Run(RunCommand.Run, p => { token = p.Web!.Token.Value; p.Stop(); },
            Source(), "--web", ":0", "--web-token", given, "--duration", "T#5s");
        Assert.True(exit == 0, err);
        Assert.Equal(given, token);
        Assert.Contains("plc: web token as given with --web-token\n", err);
        Assert.DoesNotContain(given, err);
    }

    [Fact]
    public void Sim_with_web_keeps_pace_with_real_time_and_computes_what_sim_computes()
    {
        string src = Source();
        var watch = Stopwatch.StartNew();
        string? url = null;
        long scansAtStart = -1;
        var (exit, output, err) = Run(SimCommand.Run, p => { url = p.Web!.Url; scansAtStart = p.Loop.Statistics[0].Scans; },
            src, "--web", "127.0.0.1:0", "--duration", "T#600ms", "--print", "Main.n");
        var elapsed = watch.Elapsed;
        Assert.True(exit == 0, err);
        Assert.NotNull(url);
        Assert.Equal(0, scansAtStart);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(550), $"600 ms of simulated time took {elapsed.TotalMilliseconds} ms of real time");
        Assert.Contains("plc: the simulation runs at real-time pace", err);
        var plain = Cli("sim", src, "--duration", "T#600ms", "--print", "Main.n");
        Assert.Equal(0, plain.Exit);
        Assert.Equal(plain.Out.Replace("\r\n", "\n"), output);   // the same 60 scans at the same simulated times
        Assert.Equal("Main.n = 60\n", output);
    }

    [Fact]
    public void Sim_with_web_runs_until_stopped_and_can_be_forced_meanwhile()
    {
        Exception? clientError = null;
        long simulatedNs = 0;
        var wall = Stopwatch.StartNew();
        var (exit, output, err) = Run(SimCommand.Run, p => Background(() =>
        {
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(p.Web!.Url), Timeout = TimeSpan.FromSeconds(20) };
                Assert.Equal(HttpStatusCode.OK, Post(http, "api/force", "{\"path\": \"Main.start\", \"value\": \"TRUE\"}", p.Web.Token.Value));
                var watch = Stopwatch.StartNew();
                while (Read(http, "Main.lamp") != "TRUE" && watch.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(5);
                Thread.Sleep(300);
            }
            catch (Exception e) { clientError = e; }
            finally { simulatedNs = p.Loop.Clock.NowNs; p.Stop(); }
        }), Source(), "--web", "127.0.0.1:0", "--print", "Main.lamp");
        long wallNs = (long)wall.Elapsed.TotalNanoseconds;
        Assert.Null(clientError);
        Assert.True(exit == 0, err);
        Assert.Equal("Main.lamp = TRUE\n", output);
        // Without --cycles or --duration it ran on (plain sim runs a single scan, at 0) for the 300 ms and more that
        // the client took, and never ahead of real time (unpaced, it would have simulated minutes by then).
        Assert.InRange(simulatedNs, 200_000_000, wallNs);
    }

    [Fact]
    public void Usage_errors_exit_2_with_a_message()
    {
        string src = Source();
        foreach (var command in new[] { "run", "sim" })
        {
            var (exit, _, err) = Cli(command, src, "--web-token", "0123456789abcdef", "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Contains("--web-token needs --web", err);
            (exit, _, err) = Cli(command, src, "--web", "plc.example:80", "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Contains("--web: 'plc.example:80' is not PORT, HOST or HOST:PORT", err);
            (exit, _, err) = Cli(command, src, "--web", "70000", "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Contains("port 70000 is not from 0 to 65535", err);
            (exit, _, err) = Cli(command, src, "--web", ":0", "--web-token", "short", "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Contains("--web-token: a token must have 16 to 256 characters", err);
            (exit, _, err) = Cli(command, src, "--web", ":0", "--web", ":0", "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Contains("given twice", err);
        }
        // A port that is taken: a usage error, not a crash.
        var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var (exit, _, err) = Cli("run", src, "--web", port.ToString(), "--duration", "T#0s");
            Assert.Equal(2, exit);
            Assert.Matches(@"--web: cannot listen on http://127\.0\.0\.1:\d+/", err);
        }
        finally { taken.Stop(); }
    }

    [Fact]
    public void The_web_option_takes_an_optional_address()
    {
        string src = Source();
        string[] valueOptions = { "--duration" };
        string[] optional = { "--web" };
        Arguments Parse(params string[] args) => new(args, valueOptions, null, null, optional);

        var a = Parse(src, "--web");
        Assert.Equal("", a.Get("--web"));
        Assert.Equal(new[] { src }, a.Positional);
        a = Parse("--web", src);                                   // a source file is the program, not the address
        Assert.Equal("", a.Get("--web"));
        Assert.Equal(new[] { src }, a.Positional);
        a = Parse("--web", "localhost", src);
        Assert.Equal("localhost", a.Get("--web"));
        a = Parse("--web", "plant", src);                          // not an address: a positional (and then no such file)
        Assert.Equal("", a.Get("--web"));
        Assert.Equal(new[] { "plant", src }, a.Positional);
        a = Parse("--web", "other.st", "x.plcx");                   // so are .st and .plcx names
        Assert.Equal("", a.Get("--web"));
        Assert.Equal(new[] { "other.st", "x.plcx" }, a.Positional);
        a = Parse("--web", "--duration", "T#1s", src);              // an option is not the address
        Assert.Equal("", a.Get("--web"));
        Assert.Equal("T#1s", a.Get("--duration"));
        a = Parse(src, "--web", "9000", "--duration", "T#1s");
        Assert.Equal("9000", a.Get("--web"));
        a = Parse(src, "--web", "0.0.0.0:8061");
        Assert.Equal("0.0.0.0:8061", a.Get("--web"));
        a = Parse(src, "--web=localhost");
        Assert.Equal("localhost", a.Get("--web"));
        Assert.Null(Parse(src).Get("--web"));
    }
}

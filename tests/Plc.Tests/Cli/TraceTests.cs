using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Plc.Cli;
using Xunit;

namespace Plc.Tests.Cli;

/// <summary><c>plc sim --trace FILE.vcd|FILE.csv [--watch NAME,...]</c>, tested by parsing the files back.</summary>
public sealed class TraceTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "plc-trace-" + Guid.NewGuid().ToString("N"));
    public TraceTests() { Directory.CreateDirectory(dir); }
    public void Dispose() { try { Directory.Delete(dir, true); } catch (IOException) { } }

    // Scan k (k = 1, 2, ... at (k-1) * 10 ms): n = k, m = -k, b = (k odd), r = k / 4, t = k * 10 ms, s = 'k' as text.
    const string Program = @"
PROGRAM Main
VAR n, m : INT; b : BOOL; r : REAL; t : TIME; s : STRING(8); lamp AT %QX0.0 : BOOL; END_VAR
n := n + 1;
m := -n;
b := NOT b;
r := INT_TO_REAL(n) / 4.0;
t := t + T#10ms;
s := INT_TO_STRING(n);
lamp := n >= 3;
END_PROGRAM";

    (int Exit, string Err, string File) Sim(string traceName, params string[] extra)
    {
        string src = Path.Combine(dir, "main.st");
        File.WriteAllText(src, Program);
        string trace = Path.Combine(dir, traceName);
        var args = new List<string> { "sim", src, "--cycles", "4", "--trace", trace };
        args.AddRange(extra);
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = CommandLine.Run(args.ToArray(), o, e);
        return (exit, e.ToString(), File.Exists(trace) ? File.ReadAllText(trace) : "");
    }

    /// <summary>A small VCD reader: variable names by id, and the value of each name after each time stamp.</summary>
    static (Dictionary<string, (string Kind, int Width)> Vars, SortedDictionary<long, Dictionary<string, string>> Values) ParseVcd(string text)
    {
        var byId = new Dictionary<string, string>();
        var vars = new Dictionary<string, (string, int)>();
        var values = new SortedDictionary<long, Dictionary<string, string>>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int i = 0;
        for (; i < lines.Length && !lines[i].StartsWith("$enddefinitions"); i++)
        {
            var w = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (w.Length >= 6 && w[0] == "$var") { byId[w[3]] = w[4]; vars[w[4]] = (w[1], int.Parse(w[2])); }
        }
        Assert.True(i < lines.Length, "no $enddefinitions");
        Dictionary<string, string>? current = null;
        foreach (var line in lines.Skip(i + 1).Where(l => l.Length > 0))
        {
            if (line[0] == '#')
            {
                long t = long.Parse(line[1..], CultureInfo.InvariantCulture);
                var carried = current == null ? new Dictionary<string, string>() : new Dictionary<string, string>(current);
                values[t] = current = carried;
            }
            else if (line[0] is '0' or '1') current![byId[line[1..]]] = line[..1];
            else
            {
                int space = line.IndexOf(' ');
                current![byId[line[(space + 1)..]]] = line[..space];
            }
        }
        return (vars, values);
    }

    [Fact]
    public void Vcd_has_one_variable_per_watched_name_and_the_value_changes_at_each_scan_time()
    {
        var (exit, err, text) = Sim("t.vcd", "--watch", "Main.n,Main.m,Main.b,Main.r,Main.t,Main.s,Main.lamp");
        Assert.True(exit == 0, err);
        Assert.Contains("$timescale 1ns $end", text);
        var (vars, values) = ParseVcd(text);
        Assert.Equal(("wire", 16), vars["Main.n"]);
        Assert.Equal(("wire", 1), vars["Main.b"]);
        Assert.Equal(("real", 64), vars["Main.r"]);
        Assert.Equal(("wire", 64), vars["Main.t"]);
        Assert.Equal("string", vars["Main.s"].Kind);
        Assert.Equal(("wire", 1), vars["Main.lamp"]);
        Assert.Equal(new long[] { 0, 10_000_000, 20_000_000, 30_000_000 }, values.Keys.ToArray());
        var last = values[30_000_000];
        // Scan 4: n = 4 = b100; m = -4 in 16 bits = 1111111111111100; b FALSE; r = 1; t = 40 ms = 40000000 ns; s = '4';
        // the lamp switched on at scan 3 and is still on.
        Assert.Equal("b100", last["Main.n"]);
        Assert.Equal("b1111111111111100", last["Main.m"]);
        Assert.Equal("0", last["Main.b"]);
        Assert.Equal("r1", last["Main.r"]);
        Assert.Equal("b" + Convert.ToString(40_000_000L, 2), last["Main.t"]);
        Assert.Equal("s'4'", last["Main.s"]);
        Assert.Equal("1", last["Main.lamp"]);
        Assert.Equal("0", values[10_000_000]["Main.lamp"]);
        Assert.Equal("1", values[20_000_000]["Main.lamp"]);
        Assert.Equal("r0.25", values[0]["Main.r"]);
        // Only changes are written: the lamp's value appears at 0 ms (first dump) and at 20 ms (on), nowhere else.
        string lampId = text.Split('\n').First(x => x.Contains(" Main.lamp ")).Split(' ')[3];
        Assert.Equal(2, text.Split('\n').Count(l => l.TrimEnd() == "0" + lampId || l.TrimEnd() == "1" + lampId));
    }

    [Fact]
    public void Csv_has_a_row_per_scan_with_iec_literals()
    {
        var (exit, err, text) = Sim("t.csv", "--watch", "Main.n,Main.b,Main.t,Main.s");
        Assert.True(exit == 0, err);
        var rows = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal("time_ns,scan,Main.n,Main.b,Main.t,Main.s", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.Equal("0,1,1,TRUE,T#10ms,'1'", rows[1]);
        Assert.Equal("30000000,4,4,FALSE,T#40ms,'4'", rows[4]);
    }

    [Fact]
    public void Without_watch_every_elementary_variable_of_the_programs_is_traced()
    {
        var (exit, err, text) = Sim("all.csv");
        Assert.True(exit == 0, err);
        Assert.StartsWith("time_ns,scan,Main.n,Main.m,Main.b,Main.r,Main.t,Main.s,Main.lamp", text);
    }

    [Fact]
    public void Bad_trace_arguments_are_usage_errors()
    {
        Assert.Equal(2, Sim("t.txt").Exit);
        Assert.Equal(2, Sim("t.vcd", "--watch", "Main.nothing").Exit);
        Assert.Equal(2, Sim("t.vcd", "--watch", "Main").Exit);
    }
}

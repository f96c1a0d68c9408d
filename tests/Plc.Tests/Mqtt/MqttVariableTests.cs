using System;
using System.IO;
using System.Linq;
using Plc.Cli;
using Plc.Compiler;
using Plc.Mqtt;
using Plc.Runtime.Hosting.Monitoring;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>
/// Which variables MQTT publishes and writes: the <c>{attribute 'mqtt'}</c> and <c>{attribute 'mqtt_write'}</c>
/// pragmas found by the compiler (without "pragma ignored" notes), the names resolved against the program, and the
/// usage errors of plc run's MQTT options.
/// </summary>
public class MqttVariableTests
{
    const string Source = @"
TYPE Point : STRUCT x : REAL; y : REAL; END_STRUCT END_TYPE
VAR_GLOBAL
  {attribute 'mqtt'}
  alarm : BOOL;
  quiet : BOOL;
END_VAR
PROGRAM Main
VAR
  {attribute 'mqtt'}
  a, b : INT;
  c : INT;
  {attribute 'mqtt_write'} sp : REAL;
  p : Point;
  arr : ARRAY[1..2] OF DINT;
END_VAR
VAR CONSTANT k : INT := 3; END_VAR
VAR_OUTPUT
  {attribute 'mqtt'}
  done : BOOL;
END_VAR
c := a + b;
END_PROGRAM
FUNCTION_BLOCK Fb
VAR
  {attribute 'mqtt'}
  inner : INT;
END_VAR
END_FUNCTION_BLOCK
";

    static CompilationResult Compile(string text = Source)
    {
        var r = Compilation.Compile(new[] { new SourceText("m.st", text) });
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r;
    }

    [Fact]
    public void Pragmas_mark_the_declaration_that_follows_them_in_programs_and_global_lists()
    {
        var r = Compile();
        Assert.Equal(new[] { ("alarm", "mqtt"), ("Main.a", "mqtt"), ("Main.b", "mqtt"), ("Main.sp", "mqtt_write"), ("Main.done", "mqtt") },
            r.VariableAttributes.Select(x => (x.Variable, x.Attribute)));
        // Recognised pragmas get no "pragma ignored" note; the one in a function block still does.
        var notes = r.Diagnostics.Where(d => d.Code == "PLC0004").ToList();
        Assert.Single(notes);
        Assert.Equal(26, notes[0].Span.Line);
    }

    [Fact]
    public void A_program_marked_variable_is_named_once_per_instance_of_the_program()
    {
        var r = Compile(@"
PROGRAM Pump
VAR {attribute 'mqtt'} speed : INT; END_VAR
END_PROGRAM
CONFIGURATION C
RESOURCE R ON PLC
  TASK T (INTERVAL := T#10ms, PRIORITY := 1);
  PROGRAM P1 WITH T : Pump;
  PROGRAM P2 WITH T : Pump;
END_RESOURCE
END_CONFIGURATION");
        Assert.Equal(new[] { "P1.speed", "P2.speed" }, r.VariableAttributes.Select(x => x.Variable));
    }

    [Fact]
    public void Other_pragmas_and_pragmas_outside_var_blocks_mark_nothing()
    {
        var r = Compile(@"
{attribute 'mqtt'}
PROGRAM Main
VAR
  {attribute 'hide'}
  x : INT;
  {attribute 'mqtt_typo'}
  y : INT;
END_VAR
{attribute 'mqtt'}
x := 1;
END_PROGRAM");
        Assert.Empty(r.VariableAttributes);
        Assert.Equal(4, r.Diagnostics.Count(d => d.Code == "PLC0004"));
    }

    [Fact]
    public void Names_resolve_to_elementary_variables_in_order_with_aggregates_expanded()
    {
        var bridge = new MonitorBridge(Compile().Image!);
        var v = VariableSelection.Resolve(bridge, new[] { "main.P", "Main.arr", "alarm", "Main.a" }, new[] { "Main.sp", "main.a" });
        Assert.Equal(new[] { "Main.sp", "Main.a", "Main.p.x", "Main.p.y", "Main.arr[1]", "Main.arr[2]", "alarm" }, v.Select(x => x.Name));
        Assert.Equal(new[] { true, true, false, false, false, false, false }, v.Select(x => x.Writable));
        Assert.Equal(new[] { "REAL", "INT", "REAL", "REAL", "DINT", "DINT", "BOOL" }, v.Select(x => x.Type));
        Assert.Equal(new[] { JsonKind.Number, JsonKind.Number, JsonKind.Number, JsonKind.Number, JsonKind.Number, JsonKind.Number, JsonKind.Bool },
            v.Select(x => x.Kind));
    }

    [Theory]
    [InlineData("Main.nope", "", "--mqtt-publish Main.nope:")]
    [InlineData("", "Main.p", "--mqtt-write Main.p: only an elementary variable or a string can be written")]
    [InlineData("", "Main.k", "--mqtt-write Main.k: 'Main.k' is a constant")]
    [InlineData("", "Main.zz", "--mqtt-write Main.zz:")]
    public void Bad_names_say_why(string publish, string write, string message)
    {
        var bridge = new MonitorBridge(Compile().Image!);
        var e = Assert.Throws<MqttSettingsException>(() => VariableSelection.Resolve(bridge,
            publish.Length > 0 ? new[] { publish } : Array.Empty<string>(), write.Length > 0 ? new[] { write } : Array.Empty<string>()));
        Assert.StartsWith(message, e.Message);
    }

    static (int Exit, string Err) Run(params string[] args)
    {
        var err = new StringWriter();
        int exit = CommandLine.Run(args, new StringWriter(), err);
        return (exit, err.ToString());
    }

    [Fact]
    public void Plc_run_usage_errors_for_mqtt_options_exit_2_before_anything_runs()
    {
        string dir = Path.Combine(Path.GetTempPath(), "plc-mqtt-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string src = Path.Combine(dir, "m.st");
            File.WriteAllText(src, Source);
            void Usage(string message, params string[] args)
            {
                var (exit, err) = Run(new[] { "run", src, "--duration", "T#0s" }.Concat(args).ToArray());
                Assert.Equal(2, exit);
                Assert.Contains(message, err);
            }
            Usage("the MQTT options need a broker: --mqtt URL", "--mqtt-topic", "x");
            Usage("--mqtt-qos: '3' is not 0, 1 or 2", "--mqtt", "mqtt://127.0.0.1", "--mqtt-qos", "3");
            Usage("--mqtt: 'http://x' is not mqtt://", "--mqtt", "http://x");
            Usage("--mqtt-publish Main.nope:", "--mqtt", "mqtt://127.0.0.1:1", "--mqtt-publish", "Main.nope");
            Usage("--mqtt-config /nonexistent.yaml: no such file", "--mqtt-config", "/nonexistent.yaml");
            string config = Path.Combine(dir, "plc.yaml");
            File.WriteAllText(config, "mqtt:\n  topic: plant\n");
            Usage("the MQTT options need a broker", "--mqtt-config", config);
            File.WriteAllText(config, "mqtt:\n  url: mqtt://127.0.0.1:1\n  qos: 7\n");
            Usage("--mqtt-qos: '7' is not 0, 1 or 2", "--mqtt-config", config);
            // The command line wins over the file.
            var (ok, _) = Run("run", src, "--duration", "T#0s", "--mqtt-config", config, "--mqtt-qos", "1");
            Assert.Equal(0, ok);
        }
        finally { Directory.Delete(dir, true); }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using MQTTnet.Protocol;
using Plc.Mqtt;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>The broker URL, the MQTT options, the mqtt: section of a configuration file, and the back-off.</summary>
public class MqttSettingsTests
{
    [Theory]
    [InlineData("mqtt://broker.local", "broker.local", 1883, false, null, null)]
    [InlineData("mqtt://127.0.0.1:1884/", "127.0.0.1", 1884, false, null, null)]
    [InlineData("mqtts://plant:s%40cret@broker:8884", "broker", 8884, true, "plant", "s@cret")]
    [InlineData("MQTTS://u@[::1]", "::1", 8883, true, "u", null)]
    [InlineData("mqtt://a:b:c@h", "h", 1883, false, "a", "b:c")]
    public void Urls_give_host_port_tls_and_credentials(string url, string host, int port, bool tls, string? user, string? password)
    {
        Assert.Equal(new MqttUrl(host, port, tls, user, password), MqttUrl.Parse(url));
    }

    [Theory]
    [InlineData("tcp://h", "is not mqtt://")]
    [InlineData("mqtt://", "has no host")]
    [InlineData("mqtt://h:0", "port '0' is not from 1 to 65535")]
    [InlineData("mqtt://h:70000", "port '70000'")]
    [InlineData("mqtt://h:x", "port 'x'")]
    [InlineData("mqtt://h/plant", "has a path")]
    [InlineData("mqtt://@h", "empty user name")]
    [InlineData("mqtt://[::1", "']' is missing")]
    [InlineData("mqtt://bad host", "is not a host name")]
    public void Bad_urls_say_why(string url, string message)
    {
        var e = Assert.Throws<MqttSettingsException>(() => MqttUrl.Parse(url));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_display_form_never_shows_the_password()
    {
        Assert.Equal("mqtts://plant@broker:8883", MqttUrl.Parse("mqtts://plant:secret@broker").Display);
    }

    static MqttSettings Parse(params (string Key, string Value)[] options)
    {
        var d = new Dictionary<string, string>();
        foreach (var (k, v) in options) d[k] = v;
        return MqttOptions.Parse(d, "plc/main");
    }

    [Fact]
    public void Defaults_and_every_option()
    {
        var s = Parse(("url", "mqtt://h"));
        Assert.Equal("plc/main", s.TopicPrefix);
        Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, s.Qos);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.Interval);
        Assert.Null(s.Period);
        Assert.True(s.OnChange);
        Assert.False(s.Retain);
        Assert.StartsWith("plc-", s.ClientId);
        Assert.Equal("plc/main/status", s.StatusTopic);
        Assert.Equal("plc/main/Main.x/set", s.SetTopic("Main.x"));

        string pw = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pw, "s3cret\nignored\n");
            s = Parse(("url", "mqtt://u:fromurl@h"), ("password-file", pw), ("topic", "plant/line1/"), ("qos", "2"), ("client-id", "press-7"),
                ("interval", "T#50ms"), ("period", "10s"), ("no-change", "true"), ("retain", "true"), ("publish", "Main.a, Main.m[1,2],g"),
                ("write", "Main.sp"));
            Assert.Equal(("u", "s3cret"), (s.User, s.Password));            // the file wins over the URL
            Assert.Equal("plant/line1", s.TopicPrefix);
            Assert.Equal(MqttQualityOfServiceLevel.ExactlyOnce, s.Qos);
            Assert.Equal("press-7", s.ClientId);
            Assert.Equal(TimeSpan.FromMilliseconds(50), s.Interval);
            Assert.Equal(TimeSpan.FromSeconds(10), s.Period);
            Assert.False(s.OnChange);
            Assert.True(s.Retain);
            Assert.Equal(new[] { "Main.a", "Main.m[1,2]", "g" }, s.Publish);
            Assert.Equal(new[] { "Main.sp" }, s.Write);
        }
        finally { File.Delete(pw); }
    }

    [Theory]
    [InlineData("qos=3", "--mqtt-qos: '3' is not 0, 1 or 2")]
    [InlineData("interval=fast", "--mqtt-interval: 'fast' is not a positive time")]
    [InlineData("period=T#10ms", "--mqtt-period must not be shorter than --mqtt-interval")]
    [InlineData("no-change=true", "--mqtt-no-change needs --mqtt-period")]
    [InlineData("no-change=yes", "--mqtt-no-change: 'yes' is not true or false")]
    [InlineData("topic=plant/#", "contains a wildcard")]
    [InlineData("topic=/", "the prefix is empty")]
    [InlineData("insecure=true", "--mqtt-insecure is for TLS")]
    [InlineData("ca=/nonexistent/ca.pem", "--mqtt-ca is for TLS")]
    [InlineData("colour=blue", "unknown MQTT option 'colour'")]
    public void Bad_options_say_why(string option, string message)
    {
        var parts = option.Split('=', 2);
        var e = Assert.Throws<MqttSettingsException>(() =>
        {
            var d = new Dictionary<string, string> { ["url"] = "mqtt://h", [parts[0]] = parts[1] };
            MqttOptions.Parse(d, "plc/main");
        });
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_password_file_and_a_missing_ca_are_errors()
    {
        Assert.Contains("--mqtt-password-file /nonexistent/pw: cannot read it",
            Assert.Throws<MqttSettingsException>(() => Parse(("url", "mqtt://u@h"), ("password-file", "/nonexistent/pw"))).Message);
        Assert.Contains("--mqtt-ca /nonexistent/ca.pem: no such file",
            Assert.Throws<MqttSettingsException>(() => Parse(("url", "mqtts://h"), ("ca", "/nonexistent/ca.pem"))).Message);
        string pw = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pw, "s3cret");
            Assert.Contains("a password needs a user name",
                Assert.Throws<MqttSettingsException>(() => Parse(("url", "mqtt://h"), ("password-file", pw))).Message);
        }
        finally { File.Delete(pw); }
        Assert.Contains("no broker", Assert.Throws<MqttSettingsException>(() => Parse(("topic", "x"))).Message);
    }

    [Fact]
    public void The_default_topic_is_plc_and_the_file_name()
    {
        Assert.Equal("plc/tank_fill", MqttOptions.DefaultTopic("/x/y/tank_fill.st"));
        Assert.Equal("plc/a_b", MqttOptions.DefaultTopic("a#b.plcx"));
    }

    [Fact]
    public void The_mqtt_section_of_a_configuration_file_gives_the_same_keys()
    {
        var d = MqttConfigFile.Parse(@"
io: { ignored: true }
mqtt:
  url: mqtt://127.0.0.1:1883
  qos: 1
  retain: true
  publish: [Main.level, 'Main.m[1,2]']
  write:
    - Main.setpoint
", "plant.yaml");
        Assert.Equal("mqtt://127.0.0.1:1883", d["url"]);
        Assert.Equal("1", d["qos"]);
        Assert.Equal("true", d["retain"]);
        Assert.Equal(new[] { "Main.level", "Main.m[1,2]" }, MqttOptions.SplitNames(d["publish"]));
        Assert.Equal("Main.setpoint", d["write"]);
        // JSON is YAML too.
        Assert.Equal("plc/x", MqttConfigFile.Parse("{\"mqtt\": {\"topic\": \"plc/x\"}}", "c.json")["topic"]);
    }

    [Theory]
    [InlineData("io: {}", "there is no 'mqtt:' section")]
    [InlineData("mqtt: 5", "plant.yaml(1,7): 'mqtt:' must be a mapping")]
    [InlineData("mqtt:\n  colour: blue", "plant.yaml(2,3): unknown MQTT option 'colour'")]
    [InlineData("mqtt:\n  qos: [1, 2]", "plant.yaml(2,8): 'qos' takes a single value")]
    [InlineData("mqtt:\n  publish: [[a]]", "plant.yaml(2,13): a variable name is expected")]
    [InlineData("mqtt: [", "plant.yaml(2,1): not valid YAML")]
    [InlineData("", "the file is empty")]
    public void A_bad_mqtt_section_says_where(string text, string message)
    {
        Assert.Contains(message, Assert.Throws<MqttSettingsException>(() => MqttConfigFile.Parse(text, "plant.yaml")).Message);
    }

    [Fact]
    public void Back_off_doubles_from_the_minimum_to_the_maximum_with_jitter_and_resets()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), new Random(1));
        double[] nominal = { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
        foreach (var n in nominal)
            Assert.InRange(b.Next().TotalMilliseconds, n * 0.75, Math.Min(n * 1.25, 30000));
        Assert.Equal(9, b.Failures);
        b.Reset();
        Assert.InRange(b.Next().TotalMilliseconds, 375, 625);
        // Jitter: not the same delay every time.
        var c = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new Random(2));
        var delays = new HashSet<double>();
        for (int i = 0; i < 10; i++) delays.Add(c.Next().TotalMilliseconds);
        Assert.True(delays.Count > 5);
    }

    [Fact]
    public void The_log_is_limited_per_minute_and_says_how_many_lines_it_dropped()
    {
        var now = new DateTime(2026, 1, 1);
        var w = new StringWriter();
        var log = new LogLimiter(w, () => now);
        for (int i = 0; i < LogLimiter.PerMinute + 5; i++) log.Write("bad " + i);
        Assert.Equal(LogLimiter.PerMinute, w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        now = now.AddMinutes(1);
        log.Write("later");
        Assert.EndsWith("plc: mqtt: 5 more messages were not logged in the last minute\nplc: mqtt: later\n", w.ToString().Replace("\r\n", "\n"));
    }
}

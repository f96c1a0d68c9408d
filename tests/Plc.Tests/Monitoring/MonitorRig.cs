using System;
using System.Linq;
using Plc.Compiler;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;
using Xunit;

namespace Plc.Tests.Monitoring;

/// <summary>A compiled program, an interpreter and a monitor bridge, driven through scans the way the runtime's
/// scan loop does: inputs → ApplyWrites → ApplyForces → tasks → ApplyForces → (outputs) → Publish.</summary>
sealed class MonitorRig
{
    public const string Source = @"
TYPE Color : (Red, Green, Blue); END_TYPE
TYPE Point : STRUCT x : INT; y : REAL; END_STRUCT; END_TYPE
TYPE Percent : INT(0..100); END_TYPE
VAR_GLOBAL
    g : DINT := 7;
END_VAR
VAR_GLOBAL CONSTANT
    k : INT := 10;
END_VAR
PROGRAM Main
VAR
    x : INT;
    seen : INT;
    bits : WORD;
    c : Color;
    s : STRING(5);
    ws : WSTRING(4);
    t : TIME;
    tSeen : TIME;
    p : Point;
    arr : ARRAY[1..3] OF Point;
    big : ARRAY[0..1999] OF BYTE;
    m : ARRAY[1..2, 1..2] OF INT;
    in0 AT %IX0.0 : BOOL;
    in1 AT %IX0.1 : BOOL;
    q0 AT %QX0.0 : BOOL;
    q1 AT %QX0.1 : BOOL;
    count : DINT;
    r : REF_TO INT;
    pct : Percent := 50;
    d : DATE;
    tod1 : TOD;
    ch : CHAR;
    lr : LREAL;
    ul : ULINT;
    timer : TON;
END_VAR
seen := x;
x := x + 1;
bits := 16#00F0;
tSeen := t;
t := t + T#10ms;
q0 := TRUE;
q1 := in0;
count := count + 1;
END_PROGRAM
";

    public readonly Image Image;
    public readonly Interpreter Interpreter;
    public readonly MonitorBridge Bridge;
    public long ScanCount;
    /// <summary>The "input driver": runs before every scan, like the runtime reading its inputs.</summary>
    public Action<byte[]>? ReadInputs;

    public MonitorRig(string source = Source)
    {
        var result = Compilation.Compile(new[] { new SourceText("p.st", source) });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Image = result.Image!;
        var verified = Verifier.Verify(Image);
        Assert.True(verified.Ok, verified.Error);
        Interpreter = new Interpreter(Image, new DesktopHost(), verified);
        Bridge = new MonitorBridge(Image);
    }

    public byte[] Memory => Interpreter.Memory;

    public void Scan()
    {
        long now = ScanCount * 10_000_000L;
        ReadInputs?.Invoke(Memory);
        Bridge.ApplyWrites(Memory);
        Bridge.ApplyForces(Memory);
        Assert.True(Interpreter.Run(Image.Tasks[0].Body, 0, now));
        Bridge.ApplyForces(Memory);
        ScanCount++;
        Bridge.Publish(Memory, ScanCount, now);
    }

    public void Scans(int n) { for (int i = 0; i < n; i++) Scan(); }

    public string Read(string path)
    {
        var error = Bridge.Read(path, out string value);
        Assert.True(error == null, $"read {path}: {error}");
        return value;
    }

    public void Write(string path, string literal) => Assert.Null(Bridge.Write(path, literal));
    public void Force(string path, string literal) => Assert.Null(Bridge.Force(path, literal));
    public void Unforce(string path) => Assert.Null(Bridge.Unforce(path));

    public static MonitoredVariable Entry(MonitorBridge bridge, string name) =>
        bridge.List().Single(v => v.Name == name);
}

using System;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting.Monitoring;
using Xunit;

namespace Plc.Tests.Monitoring;

public class MonitorBridgeTests
{
    [Fact]
    public void ListShowsElementaryLeavesWithTypesAndFlags()
    {
        var rig = new MonitorRig();
        var list = rig.Bridge.List();
        string Line(string name) => list.Single(v => v.Name == name).ToString();

        Assert.Equal("g DINT global", Line("g"));
        Assert.Equal("k INT global,constant", Line("k"));
        Assert.Equal("Main.x INT -", Line("Main.x"));
        Assert.Equal("Main.bits WORD -", Line("Main.bits"));
        Assert.Equal("Main.c Color -", Line("Main.c"));
        Assert.Equal("Main.s STRING(5) -", Line("Main.s"));
        Assert.Equal("Main.ws WSTRING(4) -", Line("Main.ws"));
        Assert.Equal("Main.t TIME -", Line("Main.t"));
        Assert.Equal("Main.p.x INT -", Line("Main.p.x"));
        Assert.Equal("Main.p.y REAL -", Line("Main.p.y"));
        Assert.Equal("Main.arr[3].y REAL -", Line("Main.arr[3].y"));
        Assert.Equal("Main.m[2,1] INT -", Line("Main.m[2,1]"));
        Assert.Equal("Main.in0 BOOL %IX0.0", Line("Main.in0"));
        Assert.Equal("Main.q1 BOOL %QX0.1", Line("Main.q1"));
        Assert.Equal("Main.r REF_TO INT -", Line("Main.r"));
        Assert.Equal("Main.pct INT(0..100) -", Line("Main.pct"));   // the image keeps a subrange's bounds, not its name
        Assert.Equal("Main.tod1 TOD -", Line("Main.tod1"));
        Assert.Equal("Main.timer.IN BOOL input", Line("Main.timer.IN"));
        Assert.Equal("Main.timer.Q BOOL output", Line("Main.timer.Q"));
        Assert.Equal("Main.timer.ET TIME output", Line("Main.timer.ET"));

        // Aggregates are expanded, never listed themselves; the global comes before the program.
        Assert.DoesNotContain(list, v => v.Name is "Main" or "Main.p" or "Main.arr" or "Main.arr[1]" or "Main.timer");
        Assert.True(list.ToList().FindIndex(v => v.Name == "g") < list.ToList().FindIndex(v => v.Name == "Main.x"));
        // Members in declaration order, array elements row-major.
        var m = list.Where(v => v.Name.StartsWith("Main.m[")).Select(v => v.Name);
        Assert.Equal(new[] { "Main.m[1,1]", "Main.m[1,2]", "Main.m[2,1]", "Main.m[2,2]" }, m);
    }

    [Fact]
    public void ListFiltersByPrefixAndCapsLargeArrays()
    {
        var rig = new MonitorRig();
        Assert.Equal(new[] { "Main.arr[2].x", "Main.arr[2].y" }, rig.Bridge.List("Main.arr[2]").Select(v => v.Name));
        Assert.Equal(new[] { "Main.p.x", "Main.p.y" }, rig.Bridge.List("main.P.").Select(v => v.Name));
        // A prefix is text, not a path: Main.p also matches Main.pct.
        Assert.Equal(new[] { "Main.p.x", "Main.p.y", "Main.pct" }, rig.Bridge.List("Main.p").Select(v => v.Name));
        Assert.Equal(new[] { "g" }, rig.Bridge.List("g").Select(v => v.Name));
        Assert.Empty(rig.Bridge.List("Nothing"));

        // ARRAY[0..1999]: the first 1000 elements are listed; the others are still there by name.
        var big = rig.Bridge.List("Main.big[");
        Assert.Equal(MonitorBridge.MaxArrayElements, big.Count);
        Assert.Equal("Main.big[0]", big[0].Name);
        Assert.Equal("Main.big[999]", big[^1].Name);
        rig.Write("Main.big[1999]", "16#AB");
        rig.Scan();
        Assert.Equal("171", rig.Read("Main.big[1999]"));
    }

    [Fact]
    public void ReadShowsTheLatestSnapshot()
    {
        var rig = new MonitorRig();
        // Before any scan: the initial values.
        Assert.Equal("0", rig.Read("Main.x"));
        Assert.Equal("7", rig.Read("g"));
        Assert.Equal("50", rig.Read("Main.pct"));
        Assert.Equal(0, rig.Bridge.Scans);

        rig.Scans(3);
        // Scan n: seen := x (n-1), x := n.
        Assert.Equal("3", rig.Read("Main.x"));
        Assert.Equal("2", rig.Read("MAIN.SEEN"));
        Assert.Equal("3", rig.Read("Main.count"));
        Assert.Equal("240", rig.Read("Main.bits"));
        Assert.Equal("T#30ms", rig.Read("Main.t"));
        Assert.Equal("T#20ms", rig.Read("Main.tSeen"));
        Assert.Equal("TRUE", rig.Read("Main.q0"));
        Assert.Equal("FALSE", rig.Read("Main.bits.0"));
        Assert.Equal("TRUE", rig.Read("Main.bits.4"));
        Assert.Equal("Color#Red", rig.Read("Main.c"));
        Assert.Equal("(x := 0, y := 0.0)", rig.Read("Main.p"));
        Assert.Equal(3, rig.Bridge.Scans);

        // Changes to live memory are not visible until the next Publish.
        rig.Memory[rig.Image.Debug.Symbols.Single(s => s.Name == "g").Address] = 99;
        Assert.Equal("7", rig.Read("g"));
        rig.Scan();
        Assert.Equal("99", rig.Read("g"));

        var many = rig.Bridge.Read(new[] { "Main.x", "nope", "Main.seen" });
        Assert.Equal(("Main.x", (string?)null, "4"), many[0]);
        Assert.NotNull(many[1].Error);
        Assert.Equal("3", many[2].Value);
    }

    [Fact]
    public void WriteIsAppliedExactlyOnceBeforeTheNextScan()
    {
        var rig = new MonitorRig();
        rig.Scans(2);                               // x = 2
        rig.Write("Main.x", "100");
        Assert.Equal("2", rig.Read("Main.x"));      // queued, not applied yet
        rig.Scan();                                 // the program sees 100 and counts on from it
        Assert.Equal("100", rig.Read("Main.seen"));
        Assert.Equal("101", rig.Read("Main.x"));
        rig.Scan();                                 // not applied again
        Assert.Equal("101", rig.Read("Main.seen"));
        Assert.Equal("102", rig.Read("Main.x"));

        // Several writes apply in order; the last one to a variable wins.
        rig.Write("Main.x", "1");
        rig.Write("Main.x", "INT#-7");
        rig.Write("g", "16#10");
        rig.Scan();
        Assert.Equal("-7", rig.Read("Main.seen"));
        Assert.Equal("16", rig.Read("g"));

        // Writing a variable the program does not touch sticks.
        rig.Write("Main.m[2, 1]", "-4");
        rig.Write("Main.arr[ 2 ].y", "2.5");
        rig.Scan();
        Assert.Equal("[0, 0, -4, 0]", rig.Read("Main.m"));
        Assert.Equal("2.5", rig.Read("Main.arr[2].y"));
    }

    [Fact]
    public void ForceWinsOverTheProgramUntilUnforced()
    {
        var rig = new MonitorRig();
        rig.Scans(2);
        rig.Force("Main.x", "5");
        for (int i = 0; i < 4; i++)
        {
            rig.Scan();
            Assert.Equal("5", rig.Read("Main.x"));      // the program's x := x + 1 is overwritten after the scan
            Assert.Equal("5", rig.Read("Main.seen"));   // and during the scan the program read 5
        }
        Assert.Equal(new[] { ("Main.x", "5") }, rig.Bridge.Forces());
        Assert.Contains("forced", MonitorRig.Entry(rig.Bridge, "Main.x").FlagsText);

        // A one-shot write cannot change a forced variable.
        Assert.Contains("forced", rig.Bridge.Write("Main.x", "9"));

        // Forcing again replaces the value.
        rig.Force("MAIN.X", "8");
        rig.Scan();
        Assert.Equal("8", rig.Read("Main.seen"));
        Assert.Single(rig.Bridge.Forces());

        rig.Unforce("main.x");
        Assert.Empty(rig.Bridge.Forces());
        Assert.DoesNotContain("forced", MonitorRig.Entry(rig.Bridge, "Main.x").FlagsText);
        rig.Scan();                                     // the program takes over from 8
        Assert.Equal("8", rig.Read("Main.seen"));
        Assert.Equal("9", rig.Read("Main.x"));
        rig.Scan();
        Assert.Equal("10", rig.Read("Main.x"));

        Assert.Equal("'Main.x' is not forced", rig.Bridge.Unforce("Main.x"));
    }

    [Fact]
    public void ForcedInputWinsOverTheInputDriver()
    {
        var rig = new MonitorRig();
        int inputs = rig.Image.Inputs.Address, outputs = rig.Image.Outputs.Address;
        // The driver reads FALSE on %IX0.0 and TRUE on %IX0.1 before every scan.
        rig.ReadInputs = m => m[inputs] = (byte)((m[inputs] & ~1) | 2);
        rig.Scan();
        Assert.Equal("FALSE", rig.Read("Main.q1"));

        rig.Force("Main.in0", "TRUE");
        rig.Scans(3);
        Assert.Equal("TRUE", rig.Read("Main.in0"));
        Assert.Equal("TRUE", rig.Read("Main.q1"));     // the program copied the forced input
        Assert.Equal("TRUE", rig.Read("Main.in1"));    // the other bit of the byte is the driver's
        Assert.Equal(0b11, rig.Memory[outputs]);       // %QX0.0 and %QX0.1

        rig.Unforce("Main.in0");
        rig.Scan();
        Assert.Equal("FALSE", rig.Read("Main.in0"));
        Assert.Equal("FALSE", rig.Read("Main.q1"));
    }

    [Fact]
    public void ForcedOutputBitWinsOverTheProgram()
    {
        var rig = new MonitorRig();
        int inputs = rig.Image.Inputs.Address, outputs = rig.Image.Outputs.Address;
        rig.ReadInputs = m => m[inputs] |= 1;          // in0 TRUE, so the program sets q1 := TRUE
        rig.Force("Main.q1", "FALSE");
        rig.Scans(2);
        Assert.Equal("FALSE", rig.Read("Main.q1"));
        Assert.Equal("TRUE", rig.Read("Main.q0"));     // the neighbouring output bit is untouched
        Assert.Equal(0b01, rig.Memory[outputs]);       // what the output driver would send
        Assert.Equal(new[] { ("Main.q1", "FALSE") }, rig.Bridge.Forces());
        rig.Unforce("Main.q1");
        rig.Scan();
        Assert.Equal("TRUE", rig.Read("Main.q1"));
    }

    [Fact]
    public void ForcingSingleBitsOfAWord()
    {
        var rig = new MonitorRig();
        rig.Force("Main.bits.3", "TRUE");
        rig.Force("Main.bits.4", "0");
        rig.Scan();
        // The program writes 16#00F0 every scan; bit 3 set and bit 4 cleared: 16#00E8.
        Assert.Equal("232", rig.Read("Main.bits"));
        Assert.Equal("TRUE", rig.Read("Main.bits.3"));
        Assert.Equal(new[] { ("Main.bits.3", "TRUE"), ("Main.bits.4", "FALSE") }, rig.Bridge.Forces());
        Assert.Contains("forced", MonitorRig.Entry(rig.Bridge, "Main.bits").FlagsText);
        Assert.DoesNotContain("forced", MonitorRig.Entry(rig.Bridge, "Main.x").FlagsText);

        // A bit of a word accepts BOOL literals only.
        Assert.NotNull(rig.Bridge.Force("Main.bits.5", "5"));
        rig.Unforce("Main.bits.4");
        rig.Scan();
        Assert.Equal("248", rig.Read("Main.bits"));    // 16#00F8
        // Bit 4 is no longer forced; a WORD has bits 0..15.
        Assert.NotNull(rig.Bridge.Unforce("Main.bits.4"));
        Assert.Contains("0..15", rig.Bridge.Force("Main.bits.16", "TRUE"));
    }

    [Fact]
    public void StringsEnumsTimesAndOtherTypes()
    {
        var rig = new MonitorRig();
        rig.Force("Main.s", "'hello world'");          // truncated to STRING(5)
        rig.Write("Main.ws", "\"a$\"€\"");
        rig.Force("Main.c", "Green");
        rig.Force("Main.t", "T#1s500ms");
        rig.Write("Main.d", "D#2024-01-15");
        rig.Write("Main.tod1", "TOD#12:30:05.25");
        rig.Write("Main.ch", "CHAR#'$$'");
        rig.Write("Main.lr", "-1.5E3");
        rig.Write("Main.ul", "18446744073709551615");
        rig.Write("Main.pct", "100");
        rig.Write("Main.p.y", "REAL#0.1");
        rig.Scans(2);
        Assert.Equal("'hello'", rig.Read("Main.s"));
        Assert.Equal("\"a$\"€\"", rig.Read("Main.ws"));
        Assert.Equal("Color#Green", rig.Read("Main.c"));
        Assert.Equal("T#1s500ms", rig.Read("Main.t"));
        Assert.Equal("T#1s500ms", rig.Read("Main.tSeen"));   // the program read the forced time
        Assert.Equal("D#2024-01-15", rig.Read("Main.d"));
        Assert.Equal("TOD#12:30:05.25", rig.Read("Main.tod1"));
        Assert.Equal("CHAR#'$$'", rig.Read("Main.ch"));
        Assert.Equal("-1500.0", rig.Read("Main.lr"));
        Assert.Equal("18446744073709551615", rig.Read("Main.ul"));
        Assert.Equal("100", rig.Read("Main.pct"));
        Assert.Equal("0.1", rig.Read("Main.p.y"));

        // A shorter string overwrites the whole variable (no leftovers after the terminator).
        rig.Force("Main.s", "'$41$'b'");
        rig.Scan();
        Assert.Equal("'A$'b'", rig.Read("Main.s"));

        // Enumerations by Type#Name and by number.
        rig.Force("Main.c", "Color#Blue");
        rig.Scan();
        Assert.Equal("Color#Blue", rig.Read("Main.c"));
        rig.Unforce("Main.c");
        rig.Write("Main.c", "1");
        rig.Scan();
        Assert.Equal("Color#Green", rig.Read("Main.c"));

        // Forced in the order s, t, c; s and c forced again (each moves to the end), then c unforced.
        Assert.Equal(new[] { ("Main.t", "T#1s500ms"), ("Main.s", "'A$'b'") }, rig.Bridge.Forces());
    }

    [Theory]
    [InlineData("Main.nope", "1", "'Main' has no member 'nope'")]
    [InlineData("nope", "1", "unknown variable 'nope'")]
    [InlineData("Main.x", "abc", "'Main.x': 'abc' is not a literal of type INT")]
    [InlineData("Main.x", "70000", "'Main.x': 70000 is out of the range of INT")]
    [InlineData("Main.x", "REAL#1", "'Main.x': REAL# does not fit type INT")]
    [InlineData("Main.x", "", "'Main.x': a value is missing")]
    [InlineData("Main.ul", "-1", "'Main.ul': -1 is out of the range of ULINT")]
    [InlineData("Main.pct", "101", "'Main.pct': 101 is outside the subrange 0..100")]
    [InlineData("Main.p", "1", "'Main.p': a structure cannot be written as a whole: write its members one by one")]
    [InlineData("Main.arr", "1", "'Main.arr': an array cannot be written as a whole: write its elements one by one")]
    [InlineData("Main.timer", "1", "'Main.timer': a function block instance cannot be written as a whole: write its members one by one")]
    [InlineData("Main", "1", "'Main': a program instance cannot be written as a whole: write its members one by one")]
    [InlineData("Main.r", "1", "'Main.r': a reference cannot be written")]
    [InlineData("k", "1", "'k' is a constant")]
    [InlineData("Main.c", "Purple", "'Main.c': 'Purple' is not a value of Color (Red, Green, Blue)")]
    [InlineData("Main.c", "Light#Red", "'Main.c': Light# does not fit the enumeration Color")]
    [InlineData("Main.c", "7", "'Main.c': 7 is not a value of Color")]
    [InlineData("Main.s", "hello", "'Main.s': a STRING value is written in quotes: 'text'")]
    [InlineData("Main.s", "'€'", "'Main.s': a STRING holds Latin-1 characters only (U+20AC is not one); use a WSTRING")]
    [InlineData("Main.s", "'a$Qb'", "'Main.s': '$Q' is not an escape (use $$, $', $N, $R, $T, $P or $hh)")]
    [InlineData("Main.t", "5", "'Main.t': '5' is not a literal of type TIME")]
    [InlineData("Main.d", "D#2024-02-30", "'Main.d': 'D#2024-02-30' is not a literal of type DATE")]
    [InlineData("Main.ch", "'ab'", "'Main.ch': 'ab' is not a single character")]
    [InlineData("Main.arr[4].x", "1", "index 4 is outside the bounds 1..3 of 'Main.arr'")]
    [InlineData("Main.x[1]", "1", "'Main.x' is not an array")]
    public void ErrorsForWriteAndForce(string path, string literal, string expected)
    {
        var rig = new MonitorRig();
        Assert.Equal(expected, rig.Bridge.Write(path, literal));
        Assert.Equal(expected, rig.Bridge.Force(path, literal));
        Assert.Empty(rig.Bridge.Forces());
        rig.Scan();   // nothing was queued
        Assert.Equal("1", rig.Read("Main.x"));
    }

    [Fact]
    public void ReferencesAndUnknownNamesOnRead()
    {
        var rig = new MonitorRig();
        Assert.Equal("unknown variable 'nope'", rig.Bridge.Read("nope", out _));
        Assert.Equal("'Main' has no member 'zz'", rig.Bridge.Read("Main.zz", out _));
        Assert.Equal("'42' is not a variable name", rig.Bridge.Read("42", out _));
        Assert.Equal("NULL", rig.Read("Main.r"));
        // Through a NULL reference: nothing to write or force.
        Assert.Contains("not in memory", rig.Bridge.Force("Main.r^", "1"));
        Assert.NotNull(rig.Bridge.Unforce("Main.nope"));
    }

    [Fact]
    public void InOutMembersAndReferenceTargetsCannotBeForced()
    {
        var rig = new MonitorRig(@"
FUNCTION_BLOCK Bump
VAR_IN_OUT v : INT; END_VAR
v := v + 1;
END_FUNCTION_BLOCK
PROGRAM Main
VAR a : INT; b : Bump; r : REF_TO INT; END_VAR
r := REF(a);
b(v := a);
END_PROGRAM");
        rig.Scan();
        Assert.Equal("1", rig.Read("Main.b.v"));
        Assert.Equal("1", rig.Read("Main.r^"));
        Assert.Equal("REF(Main.a)", rig.Read("Main.r"));
        Assert.Equal("Main.b.v INT inout", MonitorRig.Entry(rig.Bridge, "Main.b.v").ToString());
        Assert.Contains("VAR_IN_OUT or a reference", rig.Bridge.Force("Main.b.v", "5"));
        Assert.Contains("VAR_IN_OUT or a reference", rig.Bridge.Force("Main.r^", "5"));
        // A one-shot write through them reaches the target.
        rig.Write("Main.r^", "10");
        rig.Scan();
        Assert.Equal("11", rig.Read("Main.a"));
        rig.Force("Main.a", "3");
        rig.Scan();
        Assert.Equal("3", rig.Read("Main.b.v"));
    }

    [Fact]
    public void OverlappingForcesTheNewestWins()
    {
        var rig = new MonitorRig();
        rig.Force("Main.bits.0", "TRUE");
        rig.Force("Main.bits", "16#FF00");
        rig.Scan();
        Assert.Equal("65280", rig.Read("Main.bits"));     // the word force came last
        rig.Force("Main.bits.0", "TRUE");                 // set again: now it is the newest
        rig.Scan();
        Assert.Equal("65281", rig.Read("Main.bits"));
        Assert.Equal(2, rig.Bridge.UnforceAll());
        Assert.Empty(rig.Bridge.Forces());
    }

    [Fact]
    public void ScanSideCallsAllocateNothingWithForcesActive()
    {
        var rig = new MonitorRig();
        rig.Force("Main.x", "5");
        rig.Force("Main.bits.3", "TRUE");
        rig.Force("Main.s", "'abc'");
        rig.Force("Main.ws", "\"wide\"");
        rig.Force("Main.c", "Blue");
        rig.Force("Main.t", "T#2s");
        rig.Force("Main.in0", "TRUE");
        rig.Force("Main.p.y", "1.5");
        rig.Scans(50);                                   // warm up (JIT)
        for (int i = 0; i < 200; i++) rig.Write("Main.count", i.ToString());   // queued on this thread before measuring
        var memory = rig.Memory;
        var bridge = rig.Bridge;
        int body = rig.Image.Tasks[0].Body;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int scan = 0; scan < 500; scan++)
        {
            bridge.ApplyWrites(memory);
            bridge.ApplyForces(memory);
            rig.Interpreter.Run(body, 0, scan * 10_000_000L);
            bridge.ApplyForces(memory);
            bridge.Publish(memory, scan, scan * 10_000_000L);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal("5", rig.Read("Main.x"));
        Assert.Equal("699", rig.Read("Main.count"));     // the last write (199) before the first measured scan, then 500 scans of + 1
    }

    [Fact]
    public void PendingWritesAreBoundedWhenNoScanTakesThem()
    {
        var rig = new MonitorRig();
        for (int i = 0; i < MonitorBridge.MaxPendingWrites; i++) rig.Write("Main.count", i.ToString());
        Assert.Equal($"too many pending writes ({MonitorBridge.MaxPendingWrites}): the scan loop is not taking them",
            rig.Bridge.Write("Main.count", "1"));
        rig.Scan();                                      // all drained, in order: the last is 4095, then + 1
        Assert.Equal((MonitorBridge.MaxPendingWrites).ToString(), rig.Read("Main.count"));
        rig.Write("Main.count", "0");                    // room again
    }

    [Fact]
    public void WritesFromManyThreadsWhileTheScanThreadDrainsThem()
    {
        // 4 writer threads each write 1, 2, ... 300 into their own array element (in order, so the last value
        // wins), while a scan thread applies them. Every element ends at 300; no write is lost or applied late.
        var rig = new MonitorRig(@"
PROGRAM Main
VAR a : ARRAY[1..4] OF DINT; n : DINT; END_VAR
n := n + 1;
END_PROGRAM");
        bool stop = false;
        var scanner = new System.Threading.Thread(() =>
        {
            var memory = rig.Memory;
            int body = rig.Image.Tasks[0].Body;
            long n = 0;
            while (!System.Threading.Volatile.Read(ref stop))
            {
                rig.Bridge.ApplyWrites(memory);
                rig.Bridge.ApplyForces(memory);
                rig.Interpreter.Run(body, 0, n);
                rig.Bridge.ApplyForces(memory);
                rig.Bridge.Publish(memory, ++n, n);
            }
        });
        scanner.Start();
        var writers = Enumerable.Range(1, 4).Select(k => new System.Threading.Thread(() =>
        {
            for (int v = 1; v <= 300; v++)
                while (rig.Bridge.Write($"Main.a[{k}]", v.ToString()) != null) System.Threading.Thread.Yield();
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        long after = rig.Bridge.Scans;
        while (rig.Bridge.Scans < after + 2) System.Threading.Thread.Yield();
        System.Threading.Volatile.Write(ref stop, true);
        scanner.Join();
        Assert.Equal("[300, 300, 300, 300]", rig.Read("Main.a"));
    }

    [Fact]
    public void SnapshotsStayConsistentWhileTheScanThreadPublishes()
    {
        // Every scan sets two variables to the same value; a reader must never see them differ.
        var rig = new MonitorRig(@"
PROGRAM Main
VAR a : DINT; b : DINT; END_VAR
a := a + 1;
b := a;
END_PROGRAM");
        var stopAt = DateTime.UtcNow.AddMilliseconds(300);
        var scanner = new System.Threading.Thread(() =>
        {
            var memory = rig.Memory;
            int body = rig.Image.Tasks[0].Body;
            long n = 0;
            while (DateTime.UtcNow < stopAt)
            {
                rig.Bridge.ApplyWrites(memory);
                rig.Bridge.ApplyForces(memory);
                rig.Interpreter.Run(body, 0, n);
                rig.Bridge.ApplyForces(memory);
                rig.Bridge.Publish(memory, ++n, n);
            }
        });
        scanner.Start();
        long reads = 0, last = 0;
        while (scanner.IsAlive)
        {
            var r = rig.Bridge.Read(new[] { "Main.a", "Main.b" });
            Assert.Equal(r[0].Value, r[1].Value);
            long a = long.Parse(r[0].Value);
            Assert.True(a >= last, "snapshots never go back in time");
            last = a;
            reads++;
        }
        scanner.Join();
        Assert.True(reads > 0);
        Assert.True(rig.Bridge.Scans > 0);
    }
}

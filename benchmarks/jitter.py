#!/usr/bin/env python3
"""Jitter benchmark of `plc run` (docs/performance.md). Not a test: it measures and prints a table.

Runs benchmarks/jitter/plant.st (a 1 ms task and a 10 ms task) on the wall clock with `plc run --stats`
under several runtime settings, each on an idle machine and on a busy one (a CPU hog on every core plus a
monitoring client that reads variables every millisecond and lists them every 100 ms, which makes the server
thread allocate and so triggers garbage collections). Every figure is the median over --runs runs.

    python3 benchmarks/jitter.py [--seconds 10] [--runs 3] [--only NAME,...] [--loads idle,busy]
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "benchmarks", "jitter", "plant.st")

# name, extra plc run arguments, extra environment, what it is
SETTINGS = [
    ("plain", ["--no-tuning", "--no-warmup"], {}, "plain .NET: no warm-up, default GC mode, normal priority"),
    ("warmup", ["--no-tuning"], {}, "JIT warm-up only"),
    ("default", [], {}, "plc run's defaults: warm-up, SustainedLowLatency GC, highest thread priority"),
    ("tc-off", [], {"DOTNET_TieredCompilation": "0"}, "defaults + tiered compilation off"),
    ("gc-nonconc", [], {"DOTNET_gcConcurrent": "0"}, "defaults + background GC off"),
    ("gen0-64m", [], {"DOTNET_GCgen0size": "0x4000000"}, "defaults + 64 MB gen0 budget"),
    ("cpu1", ["--cpu", "1"], {}, "defaults + scan thread pinned to CPU 1"),
    ("spin", ["--spin", "T#1ms"], {}, "defaults + spin instead of sleeping (a whole CPU)"),
    ("fifo", ["--rt-priority", "50"], {}, "defaults + SCHED_FIFO 50 (root)"),
    ("fifo-spin", ["--rt-priority", "50", "--spin", "T#1ms"], {}, "defaults + SCHED_FIFO 50 + spin"),
    ("all", ["--rt-priority", "50", "--cpu", "1", "--lock-memory"], {}, "defaults + FIFO 50 + CPU 1 + mlockall"),
    ("fifo-gen0", ["--rt-priority", "50"], {"DOTNET_GCgen0size": "0x4000000"}, "defaults + FIFO 50 + 64 MB gen0 budget"),
]

ROW = re.compile(r"^(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s*$")


def plc_command():
    apphost = os.path.join(ROOT, "cli", "Plc.Cli", "bin", "Release", "net10.0", "plc")
    if os.path.exists(apphost):
        return [apphost]
    return ["dotnet", apphost + ".dll"]


def monitor_client(port, stop):
    names = " ".join(["Control.pv[%d]" % i for i in range(8)] + ["Control.output", "Sort.data", "sortedSum", "Control.alarm"])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            f = s.makefile("rwb")
            n = 0
            while not stop.is_set():
                n += 1
                if n % 100 == 0:
                    f.write(b"list\n")
                    f.flush()
                    while f.readline().strip() != b".":
                        pass
                else:
                    f.write(("read " + names + "\n").encode())
                    f.flush()
                    for _ in range(12):
                        f.readline()
                time.sleep(0.001)
    except OSError:
        pass


def run_once(extra_args, env_extra, seconds, busy):
    env = dict(os.environ)
    env.update(env_extra)
    args = plc_command() + ["run", PROGRAM, "--duration", "T#%ds" % seconds, "--stats"] + extra_args
    if busy:
        args += ["--monitor", "0"]
    hogs = []
    stop = threading.Event()
    client = None
    if busy:
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 1)]
    try:
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        err_lines = []

        def read_stderr():
            nonlocal client
            for line in p.stderr:
                err_lines.append(line)
                m = re.match(r"plc: monitoring on [\d.]+:(\d+)", line)
                if m:
                    client = threading.Thread(target=monitor_client, args=(int(m.group(1)), stop), daemon=True)
                    client.start()

        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        out = p.stdout.read()
        p.wait()
        reader.join()
    finally:
        stop.set()
        for h in hogs:
            h.kill()
            h.wait()
    if p.returncode != 0:
        raise SystemExit("plc run failed (%d): %s" % (p.returncode, "".join(err_lines)))
    warnings = [l.strip() for l in err_lines if "warning" in l]
    rows = {}
    for line in out.splitlines():
        m = ROW.match(line)
        if m and m.group(1) != "task":
            cycle = [float(x) for x in m.group(4).split("/")]
            jitter = [float(x) for x in m.group(5).split("/")]
            rows[m.group(1)] = {"scans": int(m.group(3)), "cycle": cycle, "jitter": jitter, "overruns": int(m.group(6))}
    return rows, warnings


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--loads", default="idle,busy")
    ap.add_argument("--no-build", action="store_true")
    o = ap.parse_args()
    if not o.no_build:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "cli", "Plc.Cli"), "-c", "Release", "-nologo", "-v", "q"],
                       check=True, stdout=subprocess.DEVNULL)
    only = set(filter(None, o.only.split(",")))
    loads = o.loads.split(",")
    print("plc run jitter benchmark: %s, %d s per run, median of %d runs, %d CPUs" % (
        os.path.relpath(PROGRAM, ROOT), o.seconds, o.runs, os.cpu_count()))
    print("Figures in microseconds. Fast: T#1ms task; Slow: T#10ms task. Overruns: both tasks.")
    print()
    print("| setting | load | Fast jitter mean | Fast jitter p99 | Fast jitter max | Fast cycle p99 | Fast cycle max "
          "| Slow jitter p99 | Slow jitter max | overruns |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = set()
    for name, extra, env, _ in SETTINGS:
        if only and name not in only:
            continue
        for load in loads:
            results = []
            for _ in range(o.runs):
                rows, warnings = run_once(extra, env, o.seconds, load == "busy")
                notes.update(warnings)
                results.append(rows)

            def med(task, key, i=None):
                vals = [r[task][key] if i is None else r[task][key][i] for r in results]
                return statistics.median(vals)

            print("| %s | %s | %.1f | %.1f | %.0f | %.1f | %.0f | %.1f | %.0f | %g |" % (
                name, load, med("Fast", "jitter", 1), med("Fast", "jitter", 3), med("Fast", "jitter", 2),
                med("Fast", "cycle", 3), med("Fast", "cycle", 2), med("Slow", "jitter", 3), med("Slow", "jitter", 2),
                statistics.median([r["Fast"]["overruns"] + r["Slow"]["overruns"] for r in results])))
            sys.stdout.flush()
    print()
    for name, extra, env, what in SETTINGS:
        if not only or name in only:
            print("- %s: %s (%s)" % (name, what, " ".join(["%s=%s" % kv for kv in env.items()] + extra) or "no options"))
    for w in sorted(notes):
        print("warning seen: " + w)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times commands the way bench/run reports them.

    measure.py --runs 30 --warmup 3 --json out.json  LABEL=COMMAND  LABEL=COMMAND ...

Each COMMAND is split like a shell would split it (no shell runs it). The commands run in interleaved
rounds (A B C, A B C, ...) so that load from other processes falls on all of them alike; each run's wall
time, CPU time (user + system) and peak resident set size come from the kernel's accounting of that
child (wait4), so the peak RSS is the process's own (the launcher execs java, so it is java's).
Reports, per command: median, min and max wall time, median CPU time, and the highest peak RSS seen.
A run that exits with a non-zero status fails the measurement (the figures would be of an error).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != 0:
        sys.stderr.write("measure.py: %s exited with %d: %s\n" % (" ".join(argv), code, err.decode(errors="replace")[-500:]))
        sys.exit(1)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # ru_maxrss is in KiB on Linux


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--json", help="write the figures here")
    p.add_argument("commands", nargs="+", help="LABEL=COMMAND")
    a = p.parse_args()
    cmds = []
    for c in a.commands:
        label, _, command = c.partition("=")
        cmds.append((label, shlex.split(command)))
    env = dict(os.environ)
    for _ in range(a.warmup):
        for _, argv in cmds:
            run_once(argv, env)
    samples = {label: [] for label, _ in cmds}
    for _ in range(a.runs):
        for label, argv in cmds:
            samples[label].append(run_once(argv, env))
    out = []
    for label, argv in cmds:
        s = samples[label]
        walls = [x[0] for x in s]
        out.append({
            "label": label,
            "command": " ".join(argv),
            "runs": len(s),
            "median_ms": statistics.median(walls) * 1000,
            "min_ms": min(walls) * 1000,
            "max_ms": max(walls) * 1000,
            "cpu_median_ms": statistics.median(x[1] for x in s) * 1000,
            "peak_rss_mib": max(x[2] for x in s) / 1024.0,
        })
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)
    for r in out:
        print("%-28s median %7.1f ms  min %7.1f  max %7.1f  cpu %7.1f ms  rss %5.1f MiB" % (
            r["label"], r["median_ms"], r["min_ms"], r["max_ms"], r["cpu_median_ms"], r["peak_rss_mib"]))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Summarise `swift package benchmark --target KernelBenchmarks` text output: one line per
benchmark with p50 and best (p0) time and GFLOP/s, and the p50 malloc count. Usage: ... | scripts/kernel_bench_summary.py"""
import re
import sys

name, rows = None, {}
order = []
for line in sys.stdin:
    line = line.rstrip("\n")
    if line and not line.startswith(("│", "╒", "╞", "├", "╘")) and not line.startswith(("[", "Build", "warning")):
        name = line.strip()
        continue
    m = re.match(r"│ (.+?)\s+│(.*)", line)
    if m and name:
        cells = [c.strip() for c in m.group(2).split("│")]
        metric = m.group(1).strip()
        if metric == "Metric":
            continue
        if name not in rows:
            rows[name] = {}
            order.append(name)
        rows[name][metric] = (cells[0], cells[2])  # p0, p50 columns
for n in order:
    r = rows[n]
    unit = next((k.split("(")[-1].rstrip(") *") for k in r if k.startswith("Time")), "")
    t = next((v for k, v in r.items() if k.startswith("Time")), ("-", "-"))
    g = r.get("GFLOP/s", ("-", "-"))
    mallocs = r.get("Malloc (total) *", ("-", "-"))[1]
    print(f"{n:34s} time p50 {t[1]:>5s} {unit:3s} (best {t[0]:>5s})  GFLOP/s p50 {g[1]:>4s} (best {g[0]:>4s})  mallocs {mallocs}")

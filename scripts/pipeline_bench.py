#!/usr/bin/env python3
"""Repeat `edge run` on a pipeline file and print medians of the report's figures.

Usage (repository root, after `swift build -c release`):
    python3 scripts/pipeline_bench.py pipelines/throughput.yaml --runs 5 [--workers 2] [--compare-loop]

Each run writes a JSON report (docs/report.md); with --compare-loop the plain single-thread
inference loop's frames/s is parsed from the summary. Medians damp the noise of a shared machine.
"""
import argparse, json, re, statistics, subprocess, sys, tempfile, os

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pipeline")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--frames", type=int)
    ap.add_argument("--compare-loop", action="store_true")
    ap.add_argument("--binary", default=".build/release/edge")
    a = ap.parse_args()
    rows = []
    for i in range(a.runs):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "report.json")
            cmd = [a.binary, "run", a.pipeline, "--report", report]
            if a.workers: cmd += ["--workers", str(a.workers)]
            if a.frames: cmd += ["--frames", str(a.frames)]
            if a.compare_loop: cmd.append("--compare-loop")
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(out.stderr)
            r = json.load(open(report))
            row = {
                "frames_per_s": r["throughput_per_s"],
                "e2e_p50_us": r["end_to_end"]["p50_us"],
                "e2e_p99_us": r["end_to_end"]["p99_us"],
                "overhead_p50_us": r["pipeline_overhead"]["p50_us"],
                "decode_plus_preprocess_p50_us": r["stages"]["preprocess"]["service"]["p50_us"],
                "inference_p50_us": r["stages"]["inference"]["service"]["p50_us"],
                "sink_p50_us": r["stages"]["sink"]["service"]["p50_us"],
            }
            m = re.search(r"cpu ([0-9.]+) us/frame \(all threads\)", out.stdout)
            if m: row["cpu_us_per_frame"] = float(m.group(1))
            m = re.search(r"plain loop: ([0-9]+) frames/s.*cpu ([0-9]+) us/frame\); pipeline/loop = ([0-9.]+)%", out.stdout)
            if m:
                row["loop_frames_per_s"] = float(m.group(1))
                row["loop_cpu_us_per_frame"] = float(m.group(2))
                row["pipeline_over_loop_pct"] = float(m.group(3))
            rows.append(row)
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:g}" for k, v in row.items()), file=sys.stderr)
    print(f"{a.pipeline} ({a.runs} runs{', workers ' + str(a.workers) if a.workers else ''}): medians")
    for key in rows[0]:
        values = [r[key] for r in rows if key in r]
        print(f"  {key}: {statistics.median(values):g}  (min {min(values):g}, max {max(values):g})")

if __name__ == "__main__":
    main()

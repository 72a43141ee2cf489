#!/usr/bin/env python3
"""Summarize a scripts/bench_vs_peers.sh folder: per alternation the p50 of each of our variants
and each peer, then the median over alternations of each ratio ours/peer (lower is faster).

With our quantized variant and the int8 peers (onnxruntime on models/quantized_cnn.onnx and on
models/ort_quantized_cnn.onnx) it also prints the int8 bar: per alternation the ratio of our
quantized p50 to the faster onnxruntime int8 p50 of that alternation, and to our frozen p50, with
the median, and the quantized p99.9 / p50.

Usage: scripts/bench_compare.py DIR   (DIR holds edge-K.json and peers-K.json)
"""
import glob
import json
import os
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    folder = sys.argv[1]
    runs = []
    for edge_path in sorted(glob.glob(os.path.join(folder, "edge-*.json"))):
        k = edge_path.rsplit("-", 1)[1].split(".")[0]
        peers_path = os.path.join(folder, f"peers-{k}.json")
        if os.path.exists(peers_path):
            runs.append((load(edge_path), load(peers_path)))
    if not runs:
        raise SystemExit(f"{folder}: no edge-K.json with a matching peers-K.json")
    first_edge, first_peers = runs[0]
    ours = [v["variant"] for v in first_edge["variants"] if "p50_us" in v]
    peers = [v["variant"] for v in first_peers["variants"] if "p50_us" in v]
    print(f"CPU: {first_edge['cpu']}  (edge kernels: {first_edge['kernels']}, build {first_edge['build']})")
    print(f"scheduling: edge {first_edge.get('scheduling', '?')}, peers {first_peers.get('scheduling', '?')}; "
          "host steal per edge run: "
          + ", ".join(f"{e['host_steal_share'] * 100:.1f}%" if e.get("host_steal_share") is not None else "?"
                      for e, _ in runs))
    print(f"{len(runs)} alternations, {first_edge['iterations']} timed calls each, inputs: "
          f"{first_edge['inputs']['count']} {first_edge['inputs']['kind']}; raw JSON in {folder}")
    for v in first_edge["variants"] + first_peers["variants"]:
        if "p50_us" not in v:
            print(f"not measured: {v['variant']}: {v.get('error', '')}")

    def p50(document, name):
        for v in document["variants"]:
            if v["variant"] == name and "p50_us" in v:
                return v["p50_us"]
        return None

    def p999(document, name):
        for v in document["variants"]:
            if v["variant"] == name and "p999_us" in v:
                return v["p999_us"]
        return None

    def per_alternation(name):
        """(p50, p99.9) of `name` in each alternation, from whichever side measured it."""
        return [(p50(doc, name), p999(doc, name)) for doc in (e if name in ours else p for e, p in runs)]

    print()
    print("p50 µs per alternation (p99.9 in brackets)")
    for name in ours + peers:
        cells = [f"{v:8.1f} [{t:7.1f}]" if v is not None else "       -" for v, t in per_alternation(name)]
        print(f"  {name:20} " + "  ".join(cells))
    print()
    print("median ratio of p50 (ours / peer; < 1 is faster than the peer)")
    for mine in ours:
        parts = []
        for peer in peers:
            ratios = [p50(e, mine) / p50(p, peer) for e, p in runs if p50(e, mine) and p50(p, peer)]
            if ratios:
                parts.append(f"{mine}/{peer} {statistics.median(ratios):.3f} ({', '.join(f'{r:.3f}' for r in ratios)})")
        print("  " + "   ".join(parts))
    print()
    print("tail: median p99.9 / p50 (bar for frozen and quantized: <= 1.5)")
    for name in ours + peers:
        ratios = [t / v for v, t in per_alternation(name) if v and t]
        if ratios:
            print(f"  {name:12} {statistics.median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)})")

    int8_peers = [name for name in peers if name.startswith("onnxruntime-int8")]
    if "quantized" in ours and int8_peers:
        print()
        print("int8 bar (quantized p50 / faster onnxruntime int8 p50 in the same alternation; bar <= 0.6)")
        to_ort, to_frozen, tails = [], [], []
        for edge, peer in runs:
            ours_p50 = p50(edge, "quantized")
            theirs = [(p50(peer, name), name) for name in int8_peers if p50(peer, name)]
            if not ours_p50 or not theirs:
                continue
            best, best_name = min(theirs)
            to_ort.append(ours_p50 / best)
            line = f"  quantized {ours_p50:.1f} µs vs {best_name} {best:.1f} µs: {ours_p50 / best:.3f}"
            if p50(edge, "frozen"):
                to_frozen.append(ours_p50 / p50(edge, "frozen"))
                line += f"; / frozen {to_frozen[-1]:.3f}"
            if p999(edge, "quantized"):
                tails.append(p999(edge, "quantized") / ours_p50)
                line += f"; p99.9/p50 {tails[-1]:.2f}"
            print(line)
        if to_ort:
            summary = f"  median: quantized / faster onnxruntime int8 {statistics.median(to_ort):.3f}"
            if to_frozen:
                summary += f", quantized / frozen {statistics.median(to_frozen):.3f}"
            if tails:
                summary += f", quantized p99.9 / p50 {statistics.median(tails):.2f}"
            print(summary)


if __name__ == "__main__":
    main()

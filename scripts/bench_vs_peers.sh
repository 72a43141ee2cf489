#!/usr/bin/env bash
# Every speed claim comes from here: `edge bench --json` and scripts/peers.py (onnxruntime and
# PyTorch eager in the pinned venv .venv-peers) alternated three times on the same inputs, one
# thread, batch 1, the same call count; prints the median ratio of each of our variants' p50 to
# each peer's p50, with the CPU model and our kernel path. The peers include onnxruntime int8 on
# both QDQ files (ours, models/quantized_cnn.onnx, and onnxruntime's quantize_static output,
# models/ort_quantized_cnn.onnx); the int8 bar compares our quantized p50 with the faster of them.
# Raw JSON of every run is kept in logs/bench_vs_peers/<UTC time>/.
#
#   scripts/bench_vs_peers.sh [--iterations N] [--warmup N] [--variants eager,frozen,quantized]
#                             [--alternations N] [--realtime]
#
# --realtime runs both sides SCHED_FIFO with memory locked (`edge bench --realtime`, peers under
# `chrt -f 50`), as an always-on device runs its inference thread; it needs root or CAP_SYS_NICE.
#
# EDGE_PEERS_TORCH=0 skips installing PyTorch (its CPU wheel, ~200 MB). EDGE_PEERS_VENV=DIR uses
# an existing venv as it is (nothing installed into it) instead of .venv-peers.
set -euo pipefail
cd "$(dirname "$0")/.."

iterations=10000 warmup=200 variants=eager,frozen,quantized alternations=3 realtime=()
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    --alternations) alternations=$2; shift 2 ;;
    --realtime) realtime=(chrt -f 50); shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench_vs_peers.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

if [ -n "${EDGE_PEERS_VENV:-}" ]; then
  venv=$EDGE_PEERS_VENV
  [ -x "$venv/bin/python" ] || { echo "bench_vs_peers.sh: EDGE_PEERS_VENV=$venv has no bin/python" >&2; exit 1; }
else
  venv=.venv-peers
  if [ ! -x "$venv/bin/python" ]; then
    echo "== making $venv (scripts/requirements-peers.txt)" >&2
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q -r scripts/requirements-peers.txt
  if [ "${EDGE_PEERS_TORCH:-1}" != 0 ]; then
    "$venv/bin/pip" install -q -r scripts/requirements-peers-torch.txt \
      || echo "warning: PyTorch could not be installed; it is reported as not measured" >&2
  fi
fi

echo "== building edge (release)" >&2
swift build -c release --product edge >&2
edge=.build/release/edge

out="logs/bench_vs_peers/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for k in $(seq 1 "$alternations"); do
  echo "== alternation $k/$alternations: edge bench" >&2
  ${realtime[@]+"${realtime[@]}"} "$edge" bench --json --iterations "$iterations" --warmup "$warmup" --variants "$variants" > "$out/edge-$k.json"
  echo "== alternation $k/$alternations: peers" >&2
  ${realtime[@]+"${realtime[@]}"} "$venv/bin/python" scripts/peers.py --json --iterations "$iterations" --warmup "$warmup" > "$out/peers-$k.json"
done
python3 scripts/bench_compare.py "$out"

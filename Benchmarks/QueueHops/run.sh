#!/bin/sh
# Per-element hop cost of EdgePipeline's BoundedQueue vs AsyncStream and a direct actor call.
# Compiles the queue sources with this driver (no package build needed):
#   sh Benchmarks/QueueHops/run.sh
set -e
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/edge-queue-hops"
swiftc -O -parse-as-library -swift-version 6 Benchmarks/QueueHops/main.swift Sources/EdgePipeline/Queue/*.swift -o "$out"
"$out"

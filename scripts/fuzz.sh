#!/usr/bin/env bash
# Builds one libFuzzer target and fuzzes it for a while. See docs/fuzzing.md.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   TARGET   png | safetensors | pipeline-yaml | labels-csv | onnx (or the executable name, FuzzPNG, ...)
#   SECONDS  libFuzzer's -max_total_time
#
# The entry points (EdgeLoopFuzz/Package.swift) are built in release with -sanitize=fuzzer,address in
# their own scratch path, .build-fuzz/ at the repository root, so the normal build never sees
# the fuzzer runtime. The run reads the committed corpus (Tests/EdgeFuzzingTests/Corpus/TARGET,
# never written) and grows a working corpus in .build-fuzz/work/TARGET/corpus; crashing,
# timing-out and out-of-memory inputs go to .build-fuzz/work/TARGET/findings/.
#
# By default libFuzzer runs in fork mode and keeps going after a finding, so one run reports all
# of them; FUZZ_STOP_ON_CRASH=1 stops at the first (classic single-process mode).
# Environment: FUZZ_JOBS (fork-mode workers, default 1), FUZZ_NICE (nice level, default 10),
# SWIFT_BACKTRACE (default enable=no), ASAN_OPTIONS.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

case $target in
    png | FuzzPNG) name=png executable=FuzzPNG max_len=16384 ;;
    safetensors | FuzzSafetensors) name=safetensors executable=FuzzSafetensors max_len=16384 ;;
    pipeline-yaml | FuzzPipelineYAML) name=pipeline-yaml executable=FuzzPipelineYAML max_len=8192 ;;
    labels-csv | FuzzLabelsCSV) name=labels-csv executable=FuzzLabelsCSV max_len=4096 ;;
    onnx | FuzzONNX) name=onnx executable=FuzzONNX max_len=16384 ;;
    *)
        echo "fuzz.sh: unknown target '$target' (png, safetensors, pipeline-yaml, labels-csv, onnx)" >&2
        exit 2
        ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$root/.build-fuzz
build=(swift build --package-path "$root/EdgeLoopFuzz" --scratch-path "$scratch" -c release
    -Xswiftc -sanitize=fuzzer,address
    -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld)
echo "fuzz.sh: building $executable (release, -sanitize=fuzzer,address) in $scratch" >&2
nice -n "${FUZZ_NICE:-10}" "${build[@]}" --product "$executable" >&2
binary=$("${build[@]}" --show-bin-path)/$executable

seeds=$root/Tests/EdgeFuzzingTests/Corpus/$name
work=$scratch/work/$name
mkdir -p "$work/corpus" "$work/findings"
log=$work/fuzz-$(date +%Y%m%d-%H%M%S).log

flags=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
    -artifact_prefix="$work/findings/" -print_final_stats=1)
dictionary=$root/EdgeLoopFuzz/Dictionaries/$name.dict
if [[ -f $dictionary ]]; then
    flags+=(-dict="$dictionary")
fi
if [[ ${FUZZ_STOP_ON_CRASH:-0} != 1 ]]; then
    flags+=(-fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

# The Swift backtracer is slow per crash and trips AddressSanitizer (it reads the crashed
# process's memory); libFuzzer's own report names the frames. Reproduce a finding with the
# backtracer off too (under ASan it can hang): SWIFT_BACKTRACE=enable=no .build-fuzz/release/EXE FILE.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
before=$(ls "$work/findings" | wc -l)
echo "fuzz.sh: $binary ${flags[*]} $* $work/corpus $seeds" >&2
set +e
(cd "$work" && nice -n "${FUZZ_NICE:-10}" "$binary" "${flags[@]}" "$@" "$work/corpus" "$seeds") 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo
echo "== $name: ${seconds}s, log $log"
# Single-process mode ends with "stat::number_of_executed_units"; fork mode prints "#N: cov: ..."
# lines (N = executions so far) and a final "INFO: exiting: ... time: Ns".
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" || true
grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true
grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
after=$(ls "$work/findings" | wc -l)
echo "findings: $((after - before)) new this run, $after in $work/findings"
ls -t "$work/findings" | head -n 20
exit "$status"

#!/usr/bin/env bash
# Formats (default) or lints (`scripts/format.sh lint`) the project's own Swift files with the
# checked-in .swift-format; generated files are skipped (scripts/swift-sources.sh).
# Lint mode exits non-zero on any finding, as .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-format}
mapfile -t files < <(scripts/swift-sources.sh)
case $mode in
    format) swift format format -i "${files[@]}" ;;
    lint) swift format lint --strict "${files[@]}" ;;
    *) echo "usage: scripts/format.sh [format|lint]" >&2; exit 2 ;;
esac

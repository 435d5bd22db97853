#!/usr/bin/env bash
# Pre-warming's acceptance benchmark (see prewarm_bench.py): one swipe session replayed through
# a fresh edged with pre-warming off, with the fixed "first 1 MB of the next 5 clips" policy,
# and with controld planning from origind's region feed, side by side in one run. The catalog
# (clips transcoded by origind) is made once and kept in the work directory.
# Exit status: 0 when both targets hold, 3 when one does not, other on errors.
#
# Usage: bench/prewarm/run-prewarm-bench.sh [prewarm_bench.py options, e.g. --viewers 60]
#   BUILD_DIR=dir   Release tree to build edged, origind and controld in (default: build-bench)
#   WORK_DIR=dir    catalog and runs (default: BUILD_DIR/prewarm-work)
#   OUT_DIR=dir     reports (default: BUILD_DIR/prewarm-bench)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
"$root/deploy/install-deps.sh" bench
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_BENCH=ON >/dev/null
log=$build/prewarm-build.log
if ! cmake --build "$build" -j"${JOBS:-$(nproc)}" --target edged origind controld >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
export EDGED=$build/bin/edged ORIGIND=$build/bin/origind CONTROLD=$build/bin/controld
status=0
python3 -B "$root/bench/prewarm/prewarm_bench.py" --work "${WORK_DIR:-$build/prewarm-work}" \
  --out "${OUT_DIR:-$build/prewarm-bench}" "$@" || status=$?
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"

#!/usr/bin/env bash
# Runs ctest in a build tree and ends with one plain line, "N passed, N failed", so that
# whoever reads the log last sees the verdict. Usage: run-ctest.sh BUILD_DIR JOBS
set -uo pipefail
build=$1
jobs=${2:-2}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

(cd "$build" && ctest --output-on-failure --timeout 600 -j"$jobs") 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
if [[ -z $summary ]]; then
  echo "0 passed, 1 failed"
  exit 1
fi
failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
echo "$((total - failed)) passed, $failed failed"
exit "$status"

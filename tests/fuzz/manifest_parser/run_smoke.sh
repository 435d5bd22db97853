#!/usr/bin/env bash
# Runs a libFuzzer binary for a while on a scratch copy of its seed corpus, so that new
# inputs and crash artifacts land in a temporary directory, never in the source tree.
# Usage: run_smoke.sh FUZZER CORPUS_DIR DICT SECONDS  (DICT may be "" for none)
set -euo pipefail
fuzzer=$1 corpus=$2 dict=$3 seconds=$4
dict_args=()
[[ -n $dict ]] && dict_args=(-dict="$dict")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
# crash-* files are known reproducers: replayed by the corpus test, not fed as seeds here.
find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' -exec cp {} "$work/corpus/" \;

status=0
"$fuzzer" "$work/corpus" "${dict_args[@]}" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" || status=$?
for artifact in "$work"/artifacts/*; do
  [[ -e $artifact ]] || continue
  echo "fuzz smoke: finding $(basename "$artifact") ($(wc -c <"$artifact") bytes):"
  od -c "$artifact" | head -40
  status=1
done
exit "$status"

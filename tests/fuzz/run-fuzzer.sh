#!/usr/bin/env bash
# A long libFuzzer session: the in-tree seed corpus is read, new inputs go to a work corpus
# beside the fuzzer binary (never into the tree), crashes to a findings folder.
# Usage: run-fuzzer.sh FUZZER_BINARY TARGET_DIR SECONDS
set -euo pipefail
fuzzer=$1
target_dir=$2
seconds=$3

work=$(dirname "$fuzzer")/../fuzz-work/$(basename "$fuzzer")
mkdir -p "$work/corpus" "$work/findings"
args=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/findings/")
for dict in "$target_dir"/*.dict; do [[ -f $dict ]] && args+=(-dict="$dict"); done
"$fuzzer" "${args[@]}" "$work/corpus" "$target_dir/corpus"
echo "fuzz: corpus in $work/corpus, findings in $work/findings"

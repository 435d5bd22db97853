#!/usr/bin/env bash
# Measures the manifest parser against npm's hls-parser on identical inputs and prints a
# table with the targets: parse >= 200 MB/s and >= 10x hls-parser. The two alternate in
# ROUNDS rounds (default 7), each round timing both sides, so that a busy neighbour slows both
# alike; the table shows medians over the rounds and the median of the per-round ratios.
# Builds a Release tree in build-bench/ under the repository root (BUILD_DIR overrides).
# Usage: bench/run-manifest-bench.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
jobs=${JOBS:-$(nproc)}
rounds=${ROUNDS:-7}

"$root/deploy/install-deps.sh" bench

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_BENCH=ON \
  -DSWIPECDN_TESTS=OFF >/dev/null
if ! cmake --build "$build" -j"$jobs" --target manifest_bench >"$build/bench-build.log" 2>&1; then
  cat "$build/bench-build.log" >&2
  exit 1
fi

node_dir=$build/node
if [[ ! -d $node_dir/node_modules/hls-parser ]]; then
  mkdir -p "$node_dir"
  cp "$root/bench/micro/package.json" "$node_dir/"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi

inputs=$build/bench-inputs
mkdir -p "$inputs"
"$build/bin/manifest_bench" --write-inputs "$inputs"

results=$build/bench-rounds
rm -rf "$results"
mkdir -p "$results"
for ((round = 1; round <= rounds; ++round)); do
  "$build/bin/manifest_bench" --benchmark_filter='^BM_(Parse|Write)' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$results/ours-$round.json" \
    --benchmark_out_format=json >/dev/null
  node "$root/bench/micro/hls_parser_bench.mjs" --ms 1000 "$node_dir" \
    "$inputs/media_1000.m3u8" "$inputs/master_20.m3u8" >"$results/theirs-$round.json"
done

# Our benchmark names map onto the input files: BM_ParseMedia1000 reads media_1000.m3u8.
node - "$results" "$rounds" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [dir, roundCount] = process.argv.slice(2);
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
const rounds = [];
for (let r = 1; r <= Number(roundCount); ++r) {
  rounds.push({ours: read(`ours-${r}.json`), theirs: read(`theirs-${r}.json`)});
}
const kMinMbps = 200;
const kMinRatio = 10;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mbps = (ours, name) => {
  const b = ours.benchmarks.find((x) => x.name.split('/')[0] === name);
  return b ? b.bytes_per_second / 1e6 : NaN;
};
const rows = [
  ['media_1000.m3u8', 'BM_ParseMedia1000', 'BM_WriteMedia1000'],
  ['master_20.m3u8', 'BM_ParseMaster20', 'BM_WriteMaster20'],
];
const theirs = rounds[0].theirs;
const pad = (s, n) => String(s).padStart(n);
console.log(`hls-parser ${theirs.version} on node ${theirs.node}; MB = 10^6 bytes per CPU ` +
  `second; medians of ${rounds.length} alternating rounds`);
console.log(['input'.padEnd(16), pad('bytes', 8), pad('ours MB/s', 10), pad('write MB/s', 11),
  pad('hls-parser MB/s', 16), pad('ratio', 7), pad('min-max ratio', 14), pad('>=200MB/s', 10),
  pad('>=10x', 6)].join(' '));
let failed = 0;
for (const [input, parse, write] of rows) {
  const our = rounds.map((r) => mbps(r.ours, parse));
  const them = rounds.map((r) => r.theirs.inputs.find((x) => x.input === input).mb_per_s);
  const ratios = our.map((x, i) => x / them[i]);
  const ratio = median(ratios);
  const speed = median(our);
  const speedOk = speed >= kMinMbps;
  const ratioOk = ratio >= kMinRatio;
  failed += !speedOk + !ratioOk;
  const range = `${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}x`;
  console.log([input.padEnd(16), pad(theirs.inputs.find((x) => x.input === input).bytes, 8),
    pad(speed.toFixed(1), 10), pad(median(rounds.map((r) => mbps(r.ours, write))).toFixed(1), 11),
    pad(median(them).toFixed(1), 16), pad(ratio.toFixed(1) + 'x', 7), pad(range, 14),
    pad(speedOk ? 'PASS' : 'FAIL', 10), pad(ratioOk ? 'PASS' : 'FAIL', 6)].join(' '));
}
console.log(failed ? `targets: ${failed} FAIL` : 'targets: all PASS');
process.exitCode = failed ? 1 : 0;
JS

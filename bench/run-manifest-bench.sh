#!/usr/bin/env bash
# Measures the manifest parser against npm's hls-parser on identical inputs and prints a
# table with the targets: parse >= 200 MB/s and >= 10x hls-parser. Builds a Release tree in
# build-bench/ under the repository root (BUILD_DIR overrides). Usage: bench/run-manifest-bench.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
jobs=${JOBS:-$(nproc)}

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

ours=$build/manifest_bench.json
theirs=$build/hls_parser_bench.json
"$build/bin/manifest_bench" --benchmark_format=json --benchmark_out="$ours" \
  --benchmark_out_format=json >/dev/null
node "$root/bench/micro/hls_parser_bench.mjs" "$node_dir" \
  "$inputs/media_1000.m3u8" "$inputs/master_20.m3u8" >"$theirs"

# Our benchmark names map onto the input files: BM_ParseMedia1000 reads media_1000.m3u8.
node - "$ours" "$theirs" <<'JS'
const fs = require('node:fs');
const [oursFile, theirsFile] = process.argv.slice(2);
const ours = JSON.parse(fs.readFileSync(oursFile, 'utf8'));
const theirs = JSON.parse(fs.readFileSync(theirsFile, 'utf8'));
const kMinMbps = 200;
const kMinRatio = 10;
const mbps = (name) => {
  const b = ours.benchmarks.find((x) => x.name.split('/')[0] === name);
  return b ? b.bytes_per_second / 1e6 : NaN;
};
const rows = [
  ['media_1000.m3u8', 'BM_ParseMedia1000', 'BM_WriteMedia1000'],
  ['master_20.m3u8', 'BM_ParseMaster20', 'BM_WriteMaster20'],
];
const pad = (s, n) => String(s).padStart(n);
console.log(`hls-parser ${theirs.version} on node ${theirs.node}; MB = 10^6 bytes per CPU second`);
console.log(['input'.padEnd(16), pad('bytes', 8), pad('ours MB/s', 10), pad('write MB/s', 11),
  pad('hls-parser MB/s', 16), pad('ratio', 7), pad('>=200MB/s', 10), pad('>=10x', 6)].join(' '));
let failed = 0;
for (const [input, parse, write] of rows) {
  const them = theirs.inputs.find((x) => x.input === input);
  const our = mbps(parse);
  const ratio = our / them.mb_per_s;
  const speedOk = our >= kMinMbps;
  const ratioOk = ratio >= kMinRatio;
  failed += !speedOk + !ratioOk;
  console.log([input.padEnd(16), pad(them.bytes, 8), pad(our.toFixed(1), 10),
    pad(mbps(write).toFixed(1), 11), pad(them.mb_per_s.toFixed(1), 16),
    pad(ratio.toFixed(1) + 'x', 7), pad(speedOk ? 'PASS' : 'FAIL', 10),
    pad(ratioOk ? 'PASS' : 'FAIL', 6)].join(' '));
}
console.log(failed ? `targets: ${failed} FAIL` : 'targets: all PASS');
process.exitCode = failed ? 1 : 0;
JS

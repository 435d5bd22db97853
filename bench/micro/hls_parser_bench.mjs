// Parses playlist files with npm's hls-parser for a while each (two seconds unless --ms says)
// after a warm-up and prints one JSON object: per file its size, MB/s and ns per parse, both
// per CPU second of the process (as Google Benchmark reports ours) and per wall-clock second.
// Only HLS.parse() is timed: the file is read and decoded to a string before.
// Usage: node hls_parser_bench.mjs [--ms N] NODE_PREFIX FILE...  (NODE_PREFIX holds
// node_modules/)
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, join} from 'node:path';

const args = process.argv.slice(2);
let measureMs = 2000;
if (args[0] === '--ms') {
  measureMs = Number(args[1]);
  args.splice(0, 2);
}
const [prefix, ...files] = args;
if (!prefix || files.length === 0 || !(measureMs > 0)) {
  console.error('usage: node hls_parser_bench.mjs [--ms N] NODE_PREFIX FILE...');
  process.exit(2);
}
const require = createRequire(join(prefix, 'package.json'));
const HLS = require('hls-parser');
const version = require('hls-parser/package.json').version;

const kWarmupMs = 500;

// Runs parse until `ms` have passed, checking the clock every few calls so that reading it
// costs little; returns the number of parses and the wall and CPU nanoseconds they took.
function run(text, ms) {
  let sink = 0;
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1000000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 8; ++i) {
      sink += HLS.parse(text).version | 0;
      ++count;
    }
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpuStart);
  if (sink < 0) console.error(sink);
  return {count, ns: Number(now - start), cpuNs: (cpu.user + cpu.system) * 1000};
}

const results = {parser: 'hls-parser', version, node: process.version, inputs: []};
for (const file of files) {
  // hls-parser takes a string; decoding is not counted, as our parser takes bytes as they are.
  const text = readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(text);
  run(text, kWarmupMs);
  const {count, ns, cpuNs} = run(text, measureMs);
  const mbPerS = (totalNs) => Number(((bytes * count) / totalNs * 1e9 / 1e6).toFixed(2));
  results.inputs.push({
    input: basename(file),
    bytes,
    iterations: count,
    ns_per_op: Math.round(cpuNs / count),
    mb_per_s: mbPerS(cpuNs),
    wall_ns_per_op: Math.round(ns / count),
    wall_mb_per_s: mbPerS(ns),
  });
}
console.log(JSON.stringify(results, null, 2));

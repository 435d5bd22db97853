#!/usr/bin/env bash
# The feeds' acceptance benchmark: origind (2 workers) with its own redis-server, on loopback
# ports chosen at run time, over a seeded catalog of 100k ready videos. feed_bench then
#   1. ingests 1M events (POST /api/events, batches of 500 over 8 keep-alive connections):
#      events/s accepted, target >= 50,000;
#   2. offers GET /api/feed at rising open-loop rates (viewer sessions paging with cursors,
#      their watches posted as events meanwhile): p50/p90/p99/max per rate, target p99 <= 10 ms
#      at 1,000 feeds/s; "fallback" counts feeds origind served without Redis (its Redis
#      commands timed out), "1st"/"next" split first pages from pages with a cursor;
#   3. asks for GET /api/feed/region/{R} at 5/s: its latency, reported.
# Nothing is pinned to CPUs; the load average is printed at start and end, since the machine
# may be shared. Exit status: 0 when both targets pass, 3 when one fails, other on errors.
#
# Usage: bench/origin/run-feed-bench.sh
#   BUILD_DIR=dir      Release tree to build origind and feed_bench in (default: build-bench)
#   ORIGIND=path FEED_BENCH=path   use these binaries instead of building
#   CXX_FLAGS=...      extra compiler flags for the Release tree (CMAKE_CXX_FLAGS)
#   OUT_DIR=dir        where feed-bench.json and feed-bench.html go (default: BUILD_DIR/feed-bench)
#   VIDEOS=100000 EVENTS=1000000 BATCH=500 CONNECTIONS=8 WORKERS=2
#   RATES=250,500,1000,1500,2000 STEP_SECONDS=12 EVENTS_RATE=2000
#   PHASES=ingest,feeds,region   the steps to run, in that order
#   PERF=1             profile origind and redis-server with perf during the run; top costs
#                      in OUT_DIR
#   KEEP=1             keep the temporary directory (data, logs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=bench/load/edge_bench_lib.sh
source "$root/bench/load/edge_bench_lib.sh"

VIDEOS=${VIDEOS:-100000}
EVENTS=${EVENTS:-1000000}
BATCH=${BATCH:-500}
CONNECTIONS=${CONNECTIONS:-8}
WORKERS=${WORKERS:-2}
RATES=${RATES:-250,500,1000,1500,2000}
STEP_SECONDS=${STEP_SECONDS:-12}
EVENTS_RATE=${EVENTS_RATE:-2000}
PHASES=${PHASES:-ingest,feeds,region}
build=${BUILD_DIR:-$root/build-bench}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

if [[ -z ${ORIGIND:-} || -z ${FEED_BENCH:-} ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_BENCH=ON \
    -DSWIPECDN_TESTS=OFF ${CXX_FLAGS:+"-DCMAKE_CXX_FLAGS=$CXX_FLAGS"} >/dev/null
  log=$build/feed-bench-build.log
  if ! cmake --build "$build" -j"${JOBS:-$(nproc)}" --target origind feed_bench >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  ORIGIND=$build/bin/origind
  FEED_BENCH=$build/bin/feed_bench
fi
REDIS_SERVER=$(command -v redis-server || echo /usr/bin/redis-server)
out=${OUT_DIR:-$build/feed-bench}
mkdir -p "$out"

work=$(mktemp -d -t feed-bench.XXXXXX)
pids=()
cleanup() {
  # stop_pid's `wait` returns the stopped process's status; it must not end the cleanup.
  set +e
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[$i]}"; done
  if [[ -n ${KEEP:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command in the background and waits for it: bash runs a trap only once the foreground
# command ends, but interrupts `wait` at once, so a stopped run cleans up without delay.
run_waiting() {
  "$@" &
  local pid=$!
  pids+=("$pid")
  wait "$pid"
}

run_waiting "$FEED_BENCH" seed --data-dir "$work/data" --videos "$VIDEOS"

# Redis without persistence, in the temporary directory; a new port if one was taken.
mkdir -p "$work/redis"
redis_pid=
for _ in 1 2 3 4 5; do
  redis_port=$(free_port)
  "$REDIS_SERVER" --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$work/redis" --logfile "$work/redis.log" --daemonize no &
  redis_pid=$!
  pids+=("$redis_pid")
  if wait_port "$redis_port" "$redis_pid"; then break; fi
  redis_pid=
done
[[ -n $redis_pid ]] || { cat "$work/redis.log" >&2; exit 1; }

"$ORIGIND" --listen 127.0.0.1:0 --port-file "$work/origind.port" --data-dir "$work/data" \
  --redis "redis://127.0.0.1:$redis_port" --workers "$WORKERS" --log-file "$work/origind.log" \
  --log-level warn &
origind_pid=$!
pids+=("$origind_pid")
for _ in $(seq 1 200); do
  [[ -s $work/origind.port ]] && break
  kill -0 "$origind_pid" 2>/dev/null || { cat "$work/origind.log" >&2; exit 1; }
  sleep 0.05
done
origin_port=$(head -n1 "$work/origind.port")
wait_port "$origin_port" "$origind_pid" || { cat "$work/origind.log" >&2; exit 1; }
echo "redis-server on port $redis_port (pid $redis_pid), origind on port $origin_port" \
  "(pid $origind_pid, $WORKERS workers)"

perf_pid=
if [[ -n ${PERF:-} ]]; then
  # Flat profile (self time per function); origind is built without frame pointers.
  perf record -F 499 -p "$origind_pid,$redis_pid" -o "$work/perf.data" >"$work/perf.log" 2>&1 &
  perf_pid=$!
  pids+=("$perf_pid")
fi

status=0
run_waiting "$FEED_BENCH" run --url "http://127.0.0.1:$origin_port" --videos "$VIDEOS" \
  --phases "$PHASES" --events "$EVENTS" --batch "$BATCH" --connections "$CONNECTIONS" \
  --rates "$RATES" --step-seconds "$STEP_SECONDS" --events-rate "$EVENTS_RATE" \
  --server-pids "origind=$origind_pid,redis=$redis_pid" \
  --json "$out/feed-bench.json" --html "$out/feed-bench.html" || status=$?

# Redis's own account of its time, per command: where each event's cost goes.
redis-cli -p "$redis_port" INFO commandstats >"$out/redis-commandstats.txt" 2>/dev/null || true

if [[ -n $perf_pid ]]; then
  # perf writes its data on SIGINT.
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  perf report -i "$work/perf.data" --stdio --percent-limit 0.5 >"$out/perf-flat.txt" \
    2>/dev/null || true
  perf report -i "$work/perf.data" --stdio -s pid,sym --percent-limit 0.5 \
    >"$out/perf-threads.txt" 2>/dev/null || true
  echo "perf: $out/perf-flat.txt, $out/perf-threads.txt (per thread)"
fi

echo "results: $out/feed-bench.json, $out/feed-bench.html, $out/redis-commandstats.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"

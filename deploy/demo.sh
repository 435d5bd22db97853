#!/usr/bin/env bash
# The main job: a whole swipecdn system on loopback, and what its viewers feel.
#
#   1. generates a handful of portrait clips and ingests them into origind (its transcoder
#      makes the HLS ladder);
#   2. starts redis-server, origind, and a delayproxy that puts the origin a round trip of
#      80 ms away from the edge, as a real origin would be;
#   3. replays one swipe trace (swipebench gen) through a fresh edged twice: with pre-warming
#      off, then with controld planning from origind's region feed and pushing hints;
#   4. prints both runs side by side and where the HTML reports are.
#
# Usage: demo.sh BUILD_DIR       (DEMO_CLIPS, DEMO_VIEWERS, DEMO_MINUTES, DEMO_SPEED tune it)
set -euo pipefail

build=$(cd "$1" && pwd)
bin=$build/bin
work=$build/demo
clips=${DEMO_CLIPS:-8}
viewers=${DEMO_VIEWERS:-60}
minutes=${DEMO_MINUTES:-2}
speed=${DEMO_SPEED:-2}
secret=demo-admin-secret-0123456789
region=eu

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf 'demo: %s\n' "$*"; }

# Waits for the first line of a daemon's port file; names the daemon's log when it died.
wait_port() {
  local file=$1 pid=$2 name=$3 log=$4
  for _ in $(seq 1 600); do
    if [[ -s $file ]]; then
      head -n 1 "$file"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: $name exited; its log: $log" >&2
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
  echo "demo: $name did not start within 60 s; its log: $log" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rm -rf "$work"
mkdir -p "$work/clips" "$work/origin" "$work/redis" "$work/logs"

# 1. Clips: portrait 720x1280, a different test pattern and tone each, 12-20 s long.
sources=(testsrc2 smptebars testsrc rgbtestsrc mandelbrot yuvtestsrc cellauto life)
step "generating $clips clips (720x1280) and ingesting them into origind"
for ((i = 0; i < clips; i++)); do
  source=${sources[$((i % ${#sources[@]}))]}
  seconds=$((12 + (i * 3) % 9))
  file=$work/clips/clip$i.mp4
  ffmpeg -nostdin -hide_banner -loglevel error \
    -f lavfi -i "$source=size=720x1280:rate=30:duration=$seconds" \
    -f lavfi -i "sine=frequency=$((220 + 55 * i)):duration=$seconds" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 96k -shortest "$file"
  id=$("$bin/origind" ingest --data-dir "$work/origin" "$file" --title "Demo clip $i" \
       --creator "creator$((i % 3))" --hashtags "demo,$source" 2>>"$work/logs/ingest.log")
  printf '  %-8s %-11s %2d s  -> %s\n' "clip$i" "$source" "$seconds" "$id"
done

# 2. Redis, origind, and the origin's distance.
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$work/redis" --logfile "$work/logs/redis.log" &
pids+=($!)
"$bin/origind" --listen 127.0.0.1:0 --port-file "$work/origin.port" --data-dir "$work/origin" \
  --redis "redis://127.0.0.1:$redis_port" --log-file "$work/logs/origind.log" &
pids+=($!)
origin_port=$(wait_port "$work/origin.port" $! origind "$work/logs/origind.log")
origin=http://127.0.0.1:$origin_port
"$bin/delayproxy" --route "127.0.0.1:0=127.0.0.1:$origin_port" --rtt 80ms \
  --port-file "$work/delay.port" --log-file "$work/logs/delayproxy.log" &
pids+=($!)
far_origin=http://127.0.0.1:$(wait_port "$work/delay.port" $! delayproxy "$work/logs/delayproxy.log")
step "origind on $origin (redis on port $redis_port), 80 ms round trip away from the edge"

# 3. One trace, two runs.
"$bin/swipebench" gen --viewers "$viewers" --videos "$clips" --minutes "$minutes" \
  --regions "$region:1" --seed 7 --out "$work/trace.jsonl" >/dev/null
step "trace: $viewers viewers over $minutes min of swipes ($(wc -l <"$work/trace.jsonl") swipes), replayed at ${speed}x"

# Starts a fresh edged for run $1 (CMCD next-object warming on or off: $2); sets $edge.
start_edge() {
  local run=$1 cmcd=$2
  "$bin/edged" --listen 127.0.0.1:0 --port-file "$work/$run.edge.port" --pop demo \
    --prewarm-cmcd "$cmcd" \
    --origin "$far_origin" --cache-dir "$work/$run.cache" --cache-size 2G --memory-size 256M \
    --admin-secret "$secret" --geo-db off --log-file "$work/logs/$run.edged.log" \
    --access-log "$work/logs/$run.access.log" &
  edge_pid=$!
  pids+=("$edge_pid")
  edge=http://127.0.0.1:$(wait_port "$work/$run.edge.port" "$edge_pid" edged "$work/logs/$run.edged.log")
}

replay() {
  local run=$1 edge=$2
  "$bin/swipebench" replay --trace "$work/trace.jsonl" --target "$edge" --origin "$origin" \
    --speed "$speed" --json "$work/$run.json" --html "$work/$run.html"
}

step "run 1 of 2: pre-warming off"
start_edge off 0
replay off "$edge"
kill "$edge_pid"

step "run 2 of 2: controld pre-warms the edge from origind's region feed"
start_edge on 1
cat >"$work/pops.toml" <<EOF
origin = "$origin"
redis = "redis://127.0.0.1:$redis_port"
admin_secret = "$secret"
interval = "2s"
horizon = "20s"
[[pop]]
name = "demo"
regions = ["$region"]
edges = ["$edge"]
budget_bytes = "256M"
budget_objects = 2000
EOF
"$bin/controld" --pops "$work/pops.toml" --listen 127.0.0.1:0 --port-file "$work/controld.port" \
  --log-file "$work/logs/controld.log" &
pids+=($!)
wait_port "$work/controld.port" $! controld "$work/logs/controld.log" >/dev/null
replay on "$edge"

# 4. Side by side.
python3 "$(dirname "${BASH_SOURCE[0]}")/demo_compare.py" "$work/off.json" "$work/on.json"
step "HTML reports: $work/off.html and $work/on.html; logs in $work/logs"

# A swipecdn system on loopback, for the demo and the swipe benchmark (sourced, bash):
# clips ingested into origind, redis, delayproxy links, edges, controld and swipebench runs.
# Every process started here is stopped when the sourcing script exits.
#
#   stack_init BUILD_DIR WORK_DIR        binaries from BUILD_DIR/bin; WORK_DIR is emptied
#   stack_clips N                        N portrait clips ingested into origind's data dir
#   stack_origin                         redis + origind; sets $origin, $redis_url
#   stack_link NAME TARGET_PORT RTT      a delayproxy to 127.0.0.1:TARGET_PORT; sets $link_url
#                                        and $link_metrics (its /metrics URL)
#   stack_edge NAME ORIGIN_URL CMCD      a fresh edged (empty cache); sets $edge, $edge_pid
#   stack_controld EDGE_URL REGION       controld planning for one PoP of that edge; sets
#                                        $controld_pid
#   stack_replay NAME TARGET [FLAGS...]  swipebench replay of $trace through a 15 ms link to
#                                        TARGET; NAME.json and NAME.html
#   stack_stop PID                       stops one of them
#   origin_bytes METRICS_URL             bytes a delayproxy carried from its target

stack_secret=local-stack-admin-secret-0123
stack_pids=()

# Stops one process started here, and forgets it.
stack_stop() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${stack_pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  stack_pids=("${kept[@]}")
}

stack_cleanup() {
  for pid in "${stack_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

step() { printf '%s: %s\n' "$stack_name" "$*"; }

stack_init() {
  build=$(cd "$1" && pwd)
  bin=$build/bin
  work=$2
  stack_name=$(basename "$0" .sh)
  rm -rf "$work"
  mkdir -p "$work/clips" "$work/origin" "$work/redis" "$work/logs"
  trap stack_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Waits for the first line of a daemon's port file; names the daemon's log when it died.
wait_port() {
  local file=$1 pid=$2 name=$3 log=$4
  for _ in $(seq 1 600); do
    if [[ -s $file ]]; then
      head -n 1 "$file"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$stack_name: $name exited; its log: $log" >&2
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
  echo "$stack_name: $name did not start within 60 s; its log: $log" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Portrait 540x960 clips of 8-14 s, a different test pattern and tone each (small enough that
# origind's ladder of each takes seconds on two cores).
stack_clips() {
  local count=$1 sources=(testsrc2 smptebars testsrc rgbtestsrc mandelbrot yuvtestsrc cellauto life)
  local i source seconds file id
  for ((i = 0; i < count; i++)); do
    source=${sources[$((i % ${#sources[@]}))]}
    seconds=$((8 + (i * 3) % 7))
    file=$work/clips/clip$i.mp4
    ffmpeg -nostdin -hide_banner -loglevel error \
      -f lavfi -i "$source=size=540x960:rate=30" \
      -f lavfi -i "sine=frequency=$((220 + 55 * i))" -t "$seconds" \
      -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 96k "$file"
    id=$("$bin/origind" ingest --data-dir "$work/origin" "$file" --title "Clip $i" \
         --creator "creator$((i % 3))" --hashtags "demo,$source" 2>>"$work/logs/ingest.log")
    printf '  %-8s %-11s %2d s  -> %s\n' "clip$i" "$source" "$seconds" "$id"
  done
}

stack_origin() {
  local redis_port
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$work/redis" --logfile "$work/logs/redis.log" &
  stack_pids+=($!)
  redis_url=redis://127.0.0.1:$redis_port
  "$bin/origind" --listen 127.0.0.1:0 --port-file "$work/origin.port" --data-dir "$work/origin" \
    --redis "$redis_url" --log-file "$work/logs/origind.log" &
  stack_pids+=($!)
  origin=http://127.0.0.1:$(wait_port "$work/origin.port" $! origind "$work/logs/origind.log")
}

stack_link() {
  local name=$1 target_port=$2 rtt=$3 ports
  "$bin/delayproxy" --route "127.0.0.1:0=127.0.0.1:$target_port" --rtt "$rtt" \
    --metrics-listen 127.0.0.1:0 --port-file "$work/$name.link.port" \
    --log-file "$work/logs/$name.delayproxy.log" &
  stack_pids+=($!)
  wait_port "$work/$name.link.port" $! delayproxy "$work/logs/$name.delayproxy.log" >/dev/null
  # The port file lists the route, then the metrics listener, once both are bound.
  for _ in $(seq 1 100); do
    mapfile -t ports <"$work/$name.link.port"
    [[ ${#ports[@]} -ge 2 ]] && break
    sleep 0.05
  done
  if [[ ${#ports[@]} -lt 2 ]]; then
    echo "$stack_name: delayproxy did not name its metrics port; its log: $work/logs/$name.delayproxy.log" >&2
    exit 1
  fi
  link_url=http://127.0.0.1:${ports[0]}
  link_metrics=http://127.0.0.1:${ports[1]}/metrics
}

stack_edge() {
  local name=$1 origin_url=$2 cmcd=$3
  "$bin/edged" --listen 127.0.0.1:0 --port-file "$work/$name.edge.port" --pop local \
    --prewarm-cmcd "$cmcd" --origin "$origin_url" --cache-dir "$work/$name.cache" \
    --cache-size 2G --memory-size 256M --admin-secret "$stack_secret" --geo-db off \
    --log-file "$work/logs/$name.edged.log" --access-log "$work/logs/$name.access.log" &
  edge_pid=$!
  stack_pids+=("$edge_pid")
  edge=http://127.0.0.1:$(wait_port "$work/$name.edge.port" "$edge_pid" edged \
    "$work/logs/$name.edged.log")
}

stack_controld() {
  local edge_url=$1 region=$2
  cat >"$work/pops.toml" <<EOF
origin = "$origin"
redis = "$redis_url"
admin_secret = "$stack_secret"
interval = "2s"
horizon = "20s"
[[pop]]
name = "local"
regions = ["$region"]
edges = ["$edge_url"]
budget_bytes = "256M"
budget_objects = 2000
EOF
  "$bin/controld" --pops "$work/pops.toml" --listen 127.0.0.1:0 \
    --port-file "$work/controld.port" --log-file "$work/logs/controld.log" &
  controld_pid=$!
  stack_pids+=("$controld_pid")
  wait_port "$work/controld.port" "$controld_pid" controld "$work/logs/controld.log" >/dev/null
}

stack_replay() {
  local name=$1 target=$2
  shift 2
  # Viewers are a round trip of 15 ms from the edge, as a nearby PoP's are.
  stack_link "$name-viewers" "${target##*:}" 15ms
  "$bin/swipebench" replay --trace "$trace" --target "$link_url" --metrics "$target/metrics" \
    --origin "$origin" --json "$work/$name.json" --html "$work/$name.html" "$@"
}

origin_bytes() {
  curl -fsS "$1" | awk '/^delayproxy_bytes_total\{/ && /direction="down"/ { sum += $2 }
                        END { printf "%d\n", sum }'
}

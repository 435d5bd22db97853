#!/usr/bin/env bash
# What viewers feel through four caches in front of the same origind, side by side in one run:
# one swipebench trace replayed through
#   edged, pre-warming on   controld plans from origind's region feed and pushes hints, and
#                           CMCD next objects are warmed;
#   edged, pre-warming off  the same edge with neither;
#   nginx proxy_cache       Debian's nginx, keyed on the path (CMCD queries never split it),
#                           concurrent misses collapsed (proxy_cache_lock);
#   Varnish                 Debian's varnishd, malloc storage, the query dropped from the key.
# Each starts with an empty cache behind its own delayproxy, which puts origind 80 ms away and
# counts the bytes it sends (origin bytes); the viewers are 15 ms away, behind another.
# Reported: start latency p95, first-segment hit ratio (X-Cache), origin bytes, and the rest of
# swipebench's figures; JSON and HTML per run.
#
# Usage: bench/swipebench/run-swipe-bench.sh
#   BUILD_DIR (build-bench), CLIPS (12), VIEWERS (150), MINUTES (3), SPEED (2), REPLAY_FLAGS
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
clips=${CLIPS:-12}
viewers=${VIEWERS:-150}
minutes=${MINUTES:-3}
speed=${SPEED:-2}
read -r -a replay_flags <<<"${REPLAY_FLAGS:-}"
region=eu

"$root/deploy/install-deps.sh" bench
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_BENCH=ON >/dev/null
log=$build/swipe-bench-build.log
if ! cmake --build "$build" -j"${JOBS:-$(nproc)}" \
    --target edged origind controld swipebench delayproxy >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

# shellcheck source=deploy/local_stack.sh
source "$root/deploy/local_stack.sh"
# shellcheck source=bench/load/nginx_conf_lib.sh
source "$root/bench/load/nginx_conf_lib.sh"
stack_init "$build" "$build/swipe-bench"

step "generating $clips clips and ingesting them into origind"
stack_clips "$clips"
stack_origin
origin_port=${origin##*:}
trace=$work/trace.jsonl
"$bin/swipebench" gen --viewers "$viewers" --videos "$clips" --minutes "$minutes" \
  --regions "$region:1" --seed 11 --out "$trace" >/dev/null
step "trace: $viewers viewers over $minutes min ($(wc -l <"$trace") swipes), replayed at ${speed}x"

start_nginx() {
  local dir=$work/nginx port
  mkdir -p "$dir"
  port=$(free_port)
  {
    nginx_preamble "$dir"
    echo "http {"
    nginx_http_common "$dir"
    cat <<CONF
  proxy_cache_path $dir/cache levels=1:2 keys_zone=swipe:64m max_size=2g inactive=1h
                   use_temp_path=off;
  upstream origin { server ${link_url#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache swipe;
      proxy_cache_key \$uri;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status always;
    }
  }
}
CONF
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout" 2>&1 &
  stack_pids+=($!)
  target_pid=$!
  target=http://127.0.0.1:$port
  wait_http "$target/" "$target_pid" nginx "$dir/error.log"
}

start_varnish() {
  local dir=$work/varnish port jail=()
  mkdir -p "$dir"
  port=$(free_port)
  cat >"$dir/default.vcl" <<VCL
vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "${link_url##*:}"; }
sub vcl_recv {
  unset req.http.Cookie;
  set req.url = regsub(req.url, "\?.*$", "");
  return (hash);
}
sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; }
}
VCL
  [[ $(id -u) -eq 0 ]] && jail=(-j none)
  varnishd -F "${jail[@]}" -n "$dir/state" -a "127.0.0.1:$port" -f "$dir/default.vcl" \
    -s malloc,1G -p feature=+http2 >"$dir/stdout" 2>&1 &
  stack_pids+=($!)
  target_pid=$!
  target=http://127.0.0.1:$port
  wait_http "$target/" "$target_pid" varnishd "$dir/stdout"
}

# Waits until URL answers at all (any status).
wait_http() {
  local url=$1 pid=$2 name=$3 log=$4
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "$url" && return
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; its log: $log" >&2; cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$name did not answer; its log: $log" >&2
  exit 1
}

names=()
reports=()
origin_mb=()
run() {
  local name=$1 label=$2
  step "$label"
  stack_link "$name" "$origin_port" 80ms
  case $name in
    edged-on)
      stack_edge "$name" "$link_url" 1
      stack_controld "$edge" "$region"
      target=$edge target_pid=$edge_pid ;;
    edged-off)
      stack_edge "$name" "$link_url" 0
      target=$edge target_pid=$edge_pid ;;
    nginx) start_nginx ;;
    varnish) start_varnish ;;
  esac
  local origin_link=$link_metrics
  stack_replay "$name" "$target" --speed "$speed" "${replay_flags[@]}" >"$work/$name.txt" || {
    echo "swipebench replay of $name failed:" >&2
    cat "$work/$name.txt" >&2
    exit 1
  }
  origin_mb+=("$(awk -v b="$(origin_bytes "$origin_link")" 'BEGIN { printf "%.1f MB", b / 1e6 }')")
  stack_stop "$target_pid"
  [[ $name == edged-on ]] && stack_stop "$controld_pid"
  names+=("$label")
  reports+=("$label=$work/$name.json")
}

run edged-on "edged, pre-warming on"
run edged-off "edged, pre-warming off"
run nginx "nginx proxy_cache"
run varnish "Varnish"

(IFS=,; python3 "$root/bench/swipebench/compare.py" --title "Swipe benchmark" \
  --row "origin bytes (delayproxy)=${origin_mb[*]}" "${reports[@]}") | tee "$work/summary.txt"
step "reports: $work/{edged-on,edged-off,nginx,varnish}.{json,html}, summary.txt"

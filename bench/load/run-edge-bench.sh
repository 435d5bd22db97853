#!/usr/bin/env bash
# edged against nginx as a reverse proxy in front of the same static origin (a second nginx), on
# loopback only. One worker each, pinned to one CPU; the origin and the load generator (h2load)
# share the other. HTTP/1.1 (h2load --h1) and h2c (prior knowledge), a ~1 KB playlist and a
# 256 KB segment, in the same run; each cell is the median of REPEAT runs, the two servers
# alternating. Prints requests/s, p99 latency and the ratios edged/nginx, with the targets:
# >= 1.0x nginx requests/s on the small object, p99 no worse.
#
# edged always runs its cache, so what the origin allows decides what is compared (MODE):
#   pass   the origin says no-store: every request goes through to the origin (edged still
#          collapses concurrent misses of one URL into one origin fetch; nginx does not)
#   cache  the origin says max-age=300: edged's memory tier against nginx's proxy_cache
#          (files, in the page cache) with proxy_cache_lock
#
# Usage: bench/load/run-edge-bench.sh
#   EDGED=path        use this edged binary instead of building one in BUILD_DIR
#   BUILD_DIR=dir     Release tree to build edged in (default: build-bench under the repo)
#   MODE=pass         or cache, see above
#   DURATION=5 WARMUP=1 REPEAT=3   seconds measured and warmed up per run, runs per cell
#   H1_CONNS=64 H2_CONNS=16 H2_STREAMS=16   the load
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=bench/load/edge_bench_lib.sh
source "$root/bench/load/edge_bench_lib.sh"

MODE=${MODE:-pass}
case $MODE in
  pass) cache_control=no-store ;;
  cache) cache_control=max-age=300 ;;
  *) echo "MODE must be pass or cache" >&2; exit 2 ;;
esac
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
REPEAT=${REPEAT:-3}
H1_CONNS=${H1_CONNS:-64}
H2_CONNS=${H2_CONNS:-16}
H2_STREAMS=${H2_STREAMS:-16}

"$root/deploy/install-deps.sh" bench

find_binaries "$root" edge-bench

if [[ $(nproc) -ge 2 ]]; then
  proxy_cpu=0
  load_cpu=1
else
  proxy_cpu=0
  load_cpu=0
fi

work=$(mktemp -d -t edge-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT

# Content: a media playlist of about 1 KB and one 256 KB segment.
content=$work/www/v/bench/360p
mkdir -p "$content"
{
  printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n'
  printf '#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI="init.mp4"\n'
  for n in $(seq 0 39); do printf '#EXTINF:2.000000,\nseg_%d.m4s\n' "$n"; done
  printf '#EXT-X-ENDLIST\n'
} >"$content/index.m3u8"
head -c $((256 * 1024)) /dev/urandom >"$content/seg_0.m4s"

start_nginx "$work/origin" "$load_cpu" origin_conf 1 "$work/www" "$cache_control"
pids+=("$NGINX_PID")
origin_port=${NGINX_PORTS[0]}

start_nginx "$work/proxy" "$proxy_cpu" proxy_conf 2 "$origin_port" "$MODE"
pids+=("$NGINX_PID")
nginx_h1=${NGINX_PORTS[0]}
nginx_h2=${NGINX_PORTS[1]}

taskset -c "$proxy_cpu" "$EDGED" --listen 127.0.0.1:0 --port-file "$work/edged.ports" \
  --workers 1 --origin "http://127.0.0.1:$origin_port" --pop bench --log-level warn \
  --log-file "$work/edged.log" >"$work/edged.out" 2>&1 &
pids+=("$!")
for _ in $(seq 1 200); do [[ -s $work/edged.ports ]] && break; sleep 0.05; done
edged_port=$(head -n 1 "$work/edged.ports" 2>/dev/null || true)
if [[ -z $edged_port ]]; then
  echo "edged did not start:" >&2
  cat "$work/edged.out" "$work/edged.log" >&2
  exit 1
fi

objects=(playlist:/v/bench/360p/index.m3u8 segment:/v/bench/360p/seg_0.m4s)

# Both proxies must answer every object with the origin's bytes before anything is timed.
for entry in "${objects[@]}"; do
  path=${entry#*:}
  for url in "http://127.0.0.1:$edged_port$path" "http://127.0.0.1:$nginx_h1$path"; do
    if ! "$CURL" -sf "$url" | cmp -s - "$work/www$path"; then
      echo "$url does not return the origin's file" >&2
      exit 1
    fi
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A rps p99
run_cell() {
  local server=$1 proto=$2 path=$3 key=$4 rep=$5 url args
  if [[ $server == edged ]]; then
    url="http://127.0.0.1:$edged_port$path"
  elif [[ $proto == h1 ]]; then
    url="http://127.0.0.1:$nginx_h1$path"
  else
    url="http://127.0.0.1:$nginx_h2$path"
  fi
  if [[ $proto == h1 ]]; then
    args=(--h1 -c "$H1_CONNS" -m 1)
  else
    args=(-c "$H2_CONNS" -m "$H2_STREAMS")
  fi
  local result
  result=$(measure "$load_cpu" "$url" "$work/h2load-$server-${key/\//-}-$rep.log" "${args[@]}")
  rps[$server,$key]+="${result% *} "
  p99[$server,$key]+="${result#* } "
  rm -f "$work/h2load-$server-${key/\//-}-$rep.log"
}

echo "mode $MODE (origin: Cache-Control: $cache_control);" \
  "edged $("$EDGED" --version | awk '{print $2}') vs $("$NGINX" -v 2>&1 | sed 's/.*: //');" \
  "1 worker each on CPU $proxy_cpu, origin and h2load on CPU $load_cpu;" \
  "${DURATION}s x $REPEAT runs per cell (median); h1: $H1_CONNS connections;" \
  "h2c: $H2_CONNS connections x $H2_STREAMS streams" >&2
# Other work on the machine skews both sides; the load average says how quiet it was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for entry in "${objects[@]}"; do
  name=${entry%%:*}
  path=${entry#*:}
  for proto in h1 h2; do
    for rep in $(seq 1 "$REPEAT"); do
      # Alternate who goes first, so that drift (heat, caches) does not favour one.
      if ((rep % 2)); then order=(edged nginx); else order=(nginx edged); fi
      for server in "${order[@]}"; do
        echo "  $name $proto run $rep: $server" >&2
        run_cell "$server" "$proto" "$path" "$name/$proto" "$rep"
      done
    done
  done
done

echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n%-9s %-5s %12s %12s %7s %11s %11s %7s %s\n' object proto "edged req/s" "nginx req/s" \
  ratio "edged p99" "nginx p99" ratio "target (small object: >=1.0x req/s, p99 no worse)"
for entry in "${objects[@]}"; do
  name=${entry%%:*}
  for proto in h1 h2; do
    key=$name/$proto
    er=$(tr ' ' '\n' <<<"${rps[edged,$key]}" | grep . | median)
    nr=$(tr ' ' '\n' <<<"${rps[nginx,$key]}" | grep . | median)
    ep=$(tr ' ' '\n' <<<"${p99[edged,$key]}" | grep . | median)
    np=$(tr ' ' '\n' <<<"${p99[nginx,$key]}" | grep . | median)
    ratio_rps=$(awk -v a="$er" -v b="$nr" 'BEGIN { printf "%.2f", a / b }')
    ratio_p99=$(awk -v a="$ep" -v b="$np" 'BEGIN { printf "%.2f", a / b }')
    verdict=""
    if [[ $name == playlist ]]; then
      verdict=$(awk -v r="$ratio_rps" -v a="$ep" -v b="$np" \
        'BEGIN { print (r >= 1.0 && a <= b) ? "met" : "NOT met" }')
    fi
    printf '%-9s %-5s %12.0f %12.0f %6sx %9.2fms %9.2fms %6sx %s\n' "$name" "$proto" "$er" "$nr" \
      "$ratio_rps" "$ep" "$np" "$ratio_p99" "$verdict"
  done
done

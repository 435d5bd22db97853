#!/usr/bin/env bash
# Cache hits, side by side in one run on loopback: edged (memory and disk tiers), nginx serving
# the same files as static files, and Varnish (malloc storage). HTTP/1.1 (h2load --h1) and h2c
# (prior knowledge); three kinds of object, each a set of 50 spread over 50 videos:
#   playlist       ~1 KB 720p media playlists (edged: memory tier)
#   segment        600-1000 KB 720p segments, seg_3 (edged: disk tier)
#   first-segment  600-1000 KB 720p segments, seg_0 (edged: memory tier, --memory-first-segments)
# nginx is also the origin of edged and Varnish; both are warmed until every measured request
# is a hit, and the run checks that it stayed so (edged's lookup counters, Varnish's
# cache_hit/cache_miss). Each server is pinned to one CPU, h2load to the other; one worker
# each (Varnish: one thread pool, but a thread per in-flight request is how Varnish works, so
# its pool has up to VARNISH_THREADS threads, all on the same CPU). Each cell is the median of
# REPEAT runs, the servers taking turns to go first. Prints requests/s, MB/s (10^6 bytes,
# headers included, as h2load counts) and the server's CPU time per request, and p99 latency
# from one more run per cell (LATENCY_DURATION seconds): h2load's per-request log, which
# latency needs, costs the client about a sixth of its rate, and on small objects the client
# is what limits the fastest server. Then the ratios against the targets:
#   playlists: edged >= 1.2x nginx and >= 1.5x Varnish requests/s; segments: >= 1.0x nginx MB/s;
# and the same per CPU-second of the server, which holds better when other work shares the CPU.
# Then RSS after warming a 10,000-object working set (2,000 360p renditions x playlist, init
# segment and three 64-160 KB segments) in freshly started servers.
#
# Usage: bench/load/run-cache-bench.sh
#   EDGED=path        use this edged binary instead of building one in BUILD_DIR
#   BUILD_DIR=dir     Release tree to build edged in (default: build-bench under the repo)
#   DURATION=5 WARMUP=1 REPEAT=3   seconds measured and warmed up per run, runs per cell
#   LATENCY_DURATION=2   seconds of the latency run per cell
#   H1_CONNS=64 H2_CONNS=16 H2_STREAMS=16   the load, the same for every server
#   KINDS="playlist segment first-segment"  the object kinds measured
#   MEMORY_SIZE=512M  edged's --memory-size      VARNISH_MALLOC=1G  Varnish's -s malloc size
#   VARNISH_THREADS=400  most worker threads of Varnish's one pool
#   RSS=1             0 skips the working-set RSS figures
#   CSV=path          also write the cells (medians) as CSV
# Needs nginx, h2load (nghttp2-client), curl and varnishd (Debian package varnish).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=bench/load/edge_bench_lib.sh
source "$root/bench/load/edge_bench_lib.sh"

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
REPEAT=${REPEAT:-3}
LATENCY_DURATION=${LATENCY_DURATION:-2}
H1_CONNS=${H1_CONNS:-64}
H2_CONNS=${H2_CONNS:-16}
H2_STREAMS=${H2_STREAMS:-16}
KINDS=${KINDS:-playlist segment first-segment}
MEMORY_SIZE=${MEMORY_SIZE:-512M}
VARNISH_MALLOC=${VARNISH_MALLOC:-1G}
VARNISH_THREADS=${VARNISH_THREADS:-400}
RSS=${RSS:-1}
CSV=${CSV:-}

"$root/deploy/install-deps.sh" bench
for tool in varnishd varnishstat; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found: install the Debian package varnish" >&2
    exit 1
  fi
done

find_binaries "$root" cache-bench

server_cpu=0
load_cpu=0
[[ $(nproc) -ge 2 ]] && load_cpu=1

work=$(mktemp -d -t cache-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  echo "removing $work" >&2
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

progress() { echo "$*" >&2; }

# --- Content --------------------------------------------------------------------------------

progress "writing the corpus in $work"
ws_videos=2000
[[ $RSS == 1 ]] || ws_videos=0
python3 "$root/bench/load/cache_bench_corpus.py" --root "$work/www" --lists "$work/lists" \
  --ws-videos "$ws_videos"

# --- Servers --------------------------------------------------------------------------------

# nginx as a static file server, the way one would run it for media: sendfile, cached file
# descriptors, no access log. HTTP/1.1 on one port, h2c (prior knowledge) on the other. It
# marks everything cacheable for a day, for edged and Varnish.
static_conf() {
  local dir=$1 h1_port=$2 h2_port=$3 docroot=$4
  nginx_preamble "$dir"
  echo "http {"
  nginx_http_common "$dir"
  cat <<EOF
  sendfile on;
  tcp_nopush on;
  open_file_cache max=20000 inactive=1h;
  open_file_cache_valid 1h;
  add_header Cache-Control "public, max-age=86400";
  server {
    listen 127.0.0.1:$h1_port;
    listen 127.0.0.1:$h2_port http2;
    root $docroot;
  }
}
EOF
}

# Varnish in front of the origin, caching everything for a day.
varnish_vcl() {
  local origin_port=$1
  cat <<EOF
vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "$origin_port"; }
sub vcl_recv { unset req.http.Cookie; return (hash); }
sub vcl_backend_response { set beresp.ttl = 1d; set beresp.grace = 1h; return (deliver); }
EOF
}

# Starts varnishd (foreground, its working directory in DIR) on CPU set CPUS in front of
# ORIGIN_PORT. Sets VARNISH_PID and VARNISH_PORT.
start_varnish() {
  local dir=$1 cpus=$2 origin_port=$3
  mkdir -p "$dir"
  varnish_vcl "$origin_port" >"$dir/default.vcl"
  local jail=()
  [[ $(id -u) -eq 0 ]] && jail=(-j none)
  for _ in 1 2 3 4 5; do
    local port
    port=$(free_port)
    taskset -c "$cpus" varnishd -F "${jail[@]}" -n "$dir/state" -a "127.0.0.1:$port" \
      -f "$dir/default.vcl" -s "malloc,$VARNISH_MALLOC" -p feature=+http2 -p thread_pools=1 \
      -p thread_pool_min=64 -p "thread_pool_max=$VARNISH_THREADS" >"$dir/stdout" 2>&1 &
    VARNISH_PID=$!
    if wait_port "$port" "$VARNISH_PID"; then
      VARNISH_PORT=$port
      return 0
    fi
    stop_pid "$VARNISH_PID"
    grep -qi "address already in use" "$dir/stdout" || { cat "$dir/stdout" >&2; return 1; }
  done
  echo "varnishd: no free port" >&2
  return 1
}

# Starts edged with one worker on CPU set CPUS, its cache in DIR, in front of ORIGIN_PORT.
# Sets EDGED_PID and EDGED_PORT.
start_edged() {
  local dir=$1 cpus=$2 origin_port=$3
  mkdir -p "$dir/cache"
  taskset -c "$cpus" "$EDGED" --listen 127.0.0.1:0 --port-file "$dir/ports" --workers 1 \
    --origin "http://127.0.0.1:$origin_port" --pop bench --log-level warn \
    --log-file "$dir/edged.log" --cache-dir "$dir/cache" --cache-size 4G \
    --memory-size "$MEMORY_SIZE" >"$dir/stdout" 2>&1 &
  EDGED_PID=$!
  for _ in $(seq 1 200); do [[ -s $dir/ports ]] && break; sleep 0.05; done
  EDGED_PORT=$(head -n 1 "$dir/ports" 2>/dev/null || true)
  if [[ -z $EDGED_PORT ]]; then
    echo "edged did not start:" >&2
    cat "$dir/stdout" "$dir/edged.log" >&2
    return 1
  fi
}

# Starts the three servers, their state under DIR. Sets the *_PORT variables used below.
start_servers() {
  local dir=$1
  start_nginx "$dir/nginx" "$server_cpu" static_conf 2 "$work/www"
  pids+=("$NGINX_PID")
  nginx_h1=${NGINX_PORTS[0]}
  nginx_h2=${NGINX_PORTS[1]}
  start_edged "$dir/edged" "$server_cpu" "$nginx_h1"
  pids+=("$EDGED_PID")
  start_varnish "$dir/varnish" "$server_cpu" "$nginx_h1"
  pids+=("$VARNISH_PID")
  varnish_dir=$dir/varnish/state
}

stop_servers() {
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  pids=()
}

base_url() {
  local server=$1 proto=$2
  case $server in
    edged) echo "http://127.0.0.1:$EDGED_PORT" ;;
    varnish) echo "http://127.0.0.1:$VARNISH_PORT" ;;
    nginx) [[ $proto == h1 ]] && echo "http://127.0.0.1:$nginx_h1" \
      || echo "http://127.0.0.1:$nginx_h2" ;;
  esac
}

# --- Counters -------------------------------------------------------------------------------

# edged's series NAME{LABELS} (e.g. edge_cache_lookups_total result="hit"), or NAME alone
# when LABELS is empty; 0 when absent.
edged_counter() {
  local name=$1 labels=$2 series=$1
  [[ -n $labels ]] && series="$name{$labels}"
  "$CURL" -sf "http://127.0.0.1:$EDGED_PORT/metrics" |
    awk -v series="$series" '$1 == series { v = $2 } END { printf "%.0f\n", v + 0 }'
}

# edged lookups that were not fresh hits (miss, coalesced, stale, pass).
edged_non_hits() {
  local total=0 result
  for result in miss coalesced stale pass; do
    total=$((total + $(edged_counter edge_cache_lookups_total "result=\"$result\"")))
  done
  echo "$total"
}

varnish_counter() {
  varnishstat -n "$varnish_dir" -1 -f "$1" | awk '{ print $2 }'
}

# VmRSS and RssAnon of PID in KiB, "RSS ANON".
rss_of() {
  awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r + 0, a + 0 }' \
    "/proc/$1/status"
}

# --- Warming --------------------------------------------------------------------------------

# Requests every path of LIST from SERVER twice over HTTP/1.1; the second answer must be the
# file's bytes and, for edged and Varnish, a cache hit.
warm_and_check() {
  local server=$1 list=$2 base path hdr=$work/check.hdr body=$work/check.body
  base=$(base_url "$server" h1)
  while read -r path; do
    "$CURL" -sf -o /dev/null "$base$path" || { echo "$server: $path failed" >&2; return 1; }
  done <"$list"
  sleep 1  # edged commits disk objects off the loop; hits come once they are indexed
  while read -r path; do
    "$CURL" -sf -D "$hdr" -o "$body" "$base$path" || { echo "$server: $path failed" >&2; return 1; }
    cmp -s "$body" "$work/www$path" || { echo "$server: $path: wrong bytes" >&2; return 1; }
    case $server in
      edged) grep -qi '^x-cache: HIT' "$hdr" ;;
      varnish) grep -Eqi '^x-varnish: [0-9]+ [0-9]+' "$hdr" ;;
      *) true ;;
    esac || { echo "$server: $path is not a hit:" >&2; cat "$hdr" >&2; return 1; }
  done <"$list"
}

# Lists of full URLs for h2load --input-file: one per server, protocol and kind.
write_url_lists() {
  local server proto kind base
  for server in edged nginx varnish; do
    for proto in h1 h2; do
      base=$(base_url "$server" "$proto")
      for kind in $KINDS working-set; do
        sed "s|^|$base|" "$work/lists/$kind.txt" >"$work/lists/$server-$proto-$kind.urls"
      done
    done
  done
}

# --- Measuring ------------------------------------------------------------------------------

clock_ticks=$(getconf CLK_TCK)

# CPU time PID has used so far (all its threads, user and system), in clock ticks.
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# Runs h2load on CPU set CPUS for SECONDS (after the warm-up) over the URLs in URL_FILE, its
# report in OUT; fails if any request failed. Extra h2load options follow.
run_h2load() {
  local cpus=$1 seconds=$2 url_file=$3 out=$4
  shift 4
  taskset -c "$cpus" "$H2LOAD" -t 1 -D "$seconds" --warm-up-time "$WARMUP" -i "$url_file" \
    "$@" >"$out" 2>&1 || { cat "$out" >&2; return 1; }
  local done_ ok codes
  done_=$(sed -nE 's/^requests: .* ([0-9]+) done,.*/\1/p' "$out")
  ok=$(sed -nE 's/^requests: .* ([0-9]+) succeeded,.*/\1/p' "$out")
  codes=$(sed -nE \
    's/^status codes: [0-9]+ 2xx, ([0-9]+) 3xx, ([0-9]+) 4xx, ([0-9]+) 5xx.*/\1\2\3/p' "$out")
  if [[ -z $done_ || $done_ -eq 0 || $ok != "$done_" || $codes != 000 ]]; then
    echo "h2load: not every request succeeded ($url_file):" >&2
    cat "$out" >&2
    return 1
  fi
}

# One throughput run over URL_FILE against the server process PID; prints "REQ_PER_S MB_PER_S
# CPU_US_PER_REQUEST CPU_PERCENT". The CPU figures cover the measured seconds only: on a
# machine busy with other work they say how much of its CPU a server got, and what a request
# cost it. (edge_bench_lib.sh's measure() reports no byte rate or CPU and takes one URL, hence
# this one.)
measure_cell() {
  local cpus=$1 url_file=$2 pid=$3
  shift 3
  local out=$work/h2load.out t0 t1
  run_h2load "$cpus" "$DURATION" "$url_file" "$out" "$@" &
  local h2load_pid=$!
  sleep "$WARMUP"
  t0=$(cpu_ticks "$pid")
  wait "$h2load_pid" || return 1
  t1=$(cpu_ticks "$pid")
  local rps bytes done_
  rps=$(sed -nE 's/^finished in [^,]+, ([0-9.]+) req\/s.*/\1/p' "$out")
  bytes=$(sed -nE 's/^traffic: [^(]+\(([0-9]+)\) total.*/\1/p' "$out")
  done_=$(sed -nE 's/^requests: .* ([0-9]+) done,.*/\1/p' "$out")
  # "finished in" counts the warm-up too; the request and byte counts do not.
  awk -v r="$rps" -v b="$bytes" -v n="$done_" -v c="$((t1 - t0))" -v hz="$clock_ticks" \
    'BEGIN { s = n / r; cpu = c / hz
             printf "%s %.2f %.1f %.1f\n", r, b / s / 1e6, cpu * 1e6 / n, 100 * cpu / s }'
}

# One latency run over URL_FILE; prints the 99th percentile of the requests' latency in ms.
measure_p99() {
  local cpus=$1 url_file=$2
  shift 2
  local log=$work/h2load.log
  run_h2load "$cpus" "$LATENCY_DURATION" "$url_file" "$work/h2load.out" --log-file "$log" "$@" ||
    return 1
  # The log's third column is each request's latency in microseconds.
  cut -f3 "$log" | sort -n | awk '{ v[NR] = $1 }
    END { k = NR * 0.99; i = (k == int(k)) ? k : int(k) + 1; if (i < 1) i = 1
          printf "%.3f\n", v[i] / 1000 }'
  rm -f "$log"
}

h2load_args() {
  if [[ $1 == h1 ]]; then
    echo "--h1 -c $H1_CONNS -m 1"
  else
    echo "-c $H2_CONNS -m $H2_STREAMS"
  fi
}

median() {
  tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# --- Throughput -----------------------------------------------------------------------------

start_servers "$work/run"
write_url_lists
declare -A server_pid=([edged]=$EDGED_PID [nginx]=$(pgrep -P "$NGINX_PID" | head -n 1)
  [varnish]=$(pgrep -P "$VARNISH_PID" | head -n 1))
edged_version=$("$EDGED" --version | awk '{ print $2 }')
nginx_version=$("$NGINX" -v 2>&1 | sed 's/.*: //')
varnish_version=$(varnishd -V 2>&1 | head -n 1 | sed -E 's/.*\((varnish-[^ ]+).*/\1/')

progress "warming edged and Varnish, checking bytes and hits"
for kind in $KINDS; do
  for server in nginx edged varnish; do
    warm_and_check "$server" "$work/lists/$kind.txt"
  done
done

servers=(edged nginx varnish)
cells=$(($(wc -w <<<"$KINDS") * 2 * (REPEAT + 1) * ${#servers[@]}))
progress "edged $edged_version, $nginx_version, $varnish_version; servers on CPU $server_cpu," \
  "h2load on CPU $load_cpu; ${DURATION}s (+${WARMUP}s warm-up) x $REPEAT runs per cell;" \
  "h1: $H1_CONNS connections; h2c: $H2_CONNS connections x $H2_STREAMS streams; $cells runs"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
edged_hits_before=$(edged_counter edge_cache_lookups_total 'result="hit"')
edged_misses_before=$(edged_non_hits)
varnish_hits_before=$(varnish_counter MAIN.cache_hit)
varnish_misses_before=$(($(varnish_counter MAIN.cache_miss) + $(varnish_counter MAIN.s_pass)))
declare -A rps mbps p99 cpu_req cpu_pct tier_bytes
n=0
for kind in $KINDS; do
  for tier in memory disk fill; do
    tier_bytes[$kind,$tier]=$(edged_counter edge_cache_served_bytes_total "tier=\"$tier\"")
  done
  for proto in h1 h2; do
    read -ra args <<<"$(h2load_args "$proto")"
    for rep in $(seq 1 "$REPEAT"); do
      # Each server goes first, second and last in turn, so drift favours none.
      order=("${servers[@]:$(((rep - 1) % 3))}" "${servers[@]:0:$(((rep - 1) % 3))}")
      for server in "${order[@]}"; do
        n=$((n + 1))
        progress "  [$n/$cells] $kind $proto run $rep: $server"
        result=$(measure_cell "$load_cpu" "$work/lists/$server-$proto-$kind.urls" \
          "${server_pid[$server]}" "${args[@]}")
        read -r r m cr cp <<<"$result"
        cpu_req[$server,$kind,$proto]+="$cr "
        cpu_pct[$server,$kind,$proto]+="$cp "
        rps[$server,$kind,$proto]+="$r "
        mbps[$server,$kind,$proto]+="$m "
      done
    done
    for server in "${servers[@]}"; do
      n=$((n + 1))
      progress "  [$n/$cells] $kind $proto latency: $server"
      p99[$server,$kind,$proto]=$(measure_p99 "$load_cpu" \
        "$work/lists/$server-$proto-$kind.urls" "${args[@]}")
    done
  done
  for tier in memory disk fill; do
    now=$(edged_counter edge_cache_served_bytes_total "tier=\"$tier\"")
    tier_bytes[$kind,$tier]=$((now - tier_bytes[$kind,$tier]))
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

edged_hits=$(($(edged_counter edge_cache_lookups_total 'result="hit"') - edged_hits_before))
edged_misses=$(($(edged_non_hits) - edged_misses_before))
varnish_hits=$(($(varnish_counter MAIN.cache_hit) - varnish_hits_before))
varnish_misses=$(($(varnish_counter MAIN.cache_miss) + $(varnish_counter MAIN.s_pass) -
  varnish_misses_before))

echo "cache hits: edged $edged_version, $nginx_version (static files), $varnish_version" \
  "(malloc,$VARNISH_MALLOC)"
echo "servers on CPU $server_cpu, h2load on CPU $load_cpu of $(nproc); one worker each" \
  "(Varnish: 1 pool, <= $VARNISH_THREADS threads)"
echo "${DURATION}s (+${WARMUP}s warm-up) per run, median of $REPEAT; p99 from one more run of" \
  "${LATENCY_DURATION}s with h2load's per-request log; h1: $H1_CONNS conns;" \
  "h2c: $H2_CONNS conns x $H2_STREAMS streams"
echo "load average before: $load_before, after: $load_after (other work on the machine" \
  "skews every server)"
echo "while measuring: edged $edged_hits hits, $edged_misses other lookups;" \
  "Varnish $varnish_hits hits, $varnish_misses misses or passes"
for kind in $KINDS; do
  echo "edged served $kind from: memory $((tier_bytes[$kind,memory] / 1000000)) MB," \
    "disk $((tier_bytes[$kind,disk] / 1000000)) MB, fills $((tier_bytes[$kind,fill] / 1000000)) MB"
done

[[ -n $CSV ]] &&
  echo "object,proto,server,req_per_s,mb_per_s,p99_ms,cpu_us_per_req,cpu_pct,runs_req_per_s" \
    >"$CSV"
printf '\n%-14s %-5s %-8s %9s %8s %8s %11s %6s\n' object proto server "req/s" "MB/s" "p99 ms" \
  "CPU us/req" "CPU %"
declare -A med_r med_m med_c
for kind in $KINDS; do
  for proto in h1 h2; do
    for server in "${servers[@]}"; do
      key=$server,$kind,$proto
      med_r[$key]=$(median <<<"${rps[$key]}")
      med_m[$key]=$(median <<<"${mbps[$key]}")
      med_c[$key]=$(median <<<"${cpu_req[$key]}")
      mp=${p99[$key]}
      mc=$(median <<<"${cpu_pct[$key]}")
      printf '%-14s %-5s %-8s %9.0f %8.1f %8.2f %11.1f %6.0f\n' "$kind" "$proto" "$server" \
        "${med_r[$key]}" "${med_m[$key]}" "$mp" "${med_c[$key]}" "$mc"
      runs=${rps[$key]% }
      [[ -n $CSV ]] && printf '%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$kind" "$proto" "$server" \
        "${med_r[$key]}" "${med_m[$key]}" "$mp" "${med_c[$key]}" "$mc" "${runs// /;}" >>"$CSV"
    done
  done
done
echo "(CPU: the server process's CPU time while measured, per request and as a share of one" \
  "CPU; the rest went to other work on the machine)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t) ? "PASS" : "FAIL" }'; }
echo
echo "ratios (e: edged, n: nginx, v: Varnish); targets on req/s and MB/s, then the same on" \
  "work per CPU-second"
printf '%-14s %-5s %9s %9s %9s %9s %11s %11s  %s\n' object proto "req/s e/n" "req/s e/v" \
  "MB/s e/n" "MB/s e/v" "CPU/req n/e" "CPU/req v/e" "targets"
for kind in $KINDS; do
  for proto in h1 h2; do
    e=edged,$kind,$proto
    rn=$(ratio "${med_r[$e]}" "${med_r[nginx,$kind,$proto]}")
    rv=$(ratio "${med_r[$e]}" "${med_r[varnish,$kind,$proto]}")
    mn=$(ratio "${med_m[$e]}" "${med_m[nginx,$kind,$proto]}")
    mv=$(ratio "${med_m[$e]}" "${med_m[varnish,$kind,$proto]}")
    cn=$(ratio "${med_c[nginx,$kind,$proto]}" "${med_c[$e]}")
    cv=$(ratio "${med_c[varnish,$kind,$proto]}" "${med_c[$e]}")
    if [[ $kind == playlist ]]; then
      target="req/s >=1.2x n $(verdict "$rn" 1.2), >=1.5x v $(verdict "$rv" 1.5);"
      target+=" per CPU-s $(verdict "$cn" 1.2), $(verdict "$cv" 1.5)"
    else
      target="MB/s >=1.0x n $(verdict "$mn" 1.0); per CPU-s $(verdict "$cn" 1.0)"
    fi
    printf '%-14s %-5s %8sx %8sx %8sx %8sx %10sx %10sx  %s\n' "$kind" "$proto" "$rn" "$rv" \
      "$mn" "$mv" "$cn" "$cv" "$target"
  done
done
[[ -n $CSV ]] && echo "(cells written to $CSV)"
stop_servers

# --- RSS with a 10,000-object working set ---------------------------------------------------

[[ $RSS == 1 ]] || exit 0
progress "RSS: fresh servers, warming the 10,000-object working set"
start_servers "$work/rss"
write_url_lists
ws_objects=$(wc -l <"$work/lists/working-set.txt")
ws_bytes=$(sed "s|^|$work/www|" "$work/lists/working-set.txt" | xargs stat -c %s |
  awk '{ s += $1 } END { printf "%.0f\n", s }')
nginx_worker=$(pgrep -P "$NGINX_PID" | head -n 1)
varnish_child=$(pgrep -P "$VARNISH_PID" | head -n 1)
declare -A rss_idle
rss_idle[edged]=$(rss_of "$EDGED_PID")
rss_idle[nginx]=$(rss_of "$nginx_worker")
rss_idle[varnish]=$(rss_of "$varnish_child")

# One h2c connection with 16 streams walks the list once (h2load's clients each walk it from
# the start, so one client requests every object exactly once); the second walk must be all hits.
walk() {
  local server=$1
  if ! taskset -c "$load_cpu" "$H2LOAD" -c 1 -m 16 -n "$ws_objects" \
    -i "$work/lists/$server-h2-working-set.urls" >"$work/walk.out" 2>&1 ||
    ! grep -q "^requests: .* $ws_objects succeeded" "$work/walk.out"; then
    echo "$server: working-set walk failed:" >&2
    cat "$work/walk.out" >&2
    return 1
  fi
}
for server in nginx edged varnish; do
  progress "  $server: first walk"
  walk "$server"
done
sleep 2  # edged's disk commits finish off the loop
e0=$(edged_counter edge_cache_lookups_total 'result="hit"')
v0=$(varnish_counter MAIN.cache_hit)
for server in nginx edged varnish; do
  progress "  $server: second walk"
  walk "$server"
done
ws_edged_hits=$(($(edged_counter edge_cache_lookups_total 'result="hit"') - e0))
ws_varnish_hits=$(($(varnish_counter MAIN.cache_hit) - v0))
sleep 1
declare -A rss_warm
rss_warm[edged]=$(rss_of "$EDGED_PID")
rss_warm[nginx]=$(rss_of "$nginx_worker")
rss_warm[varnish]=$(rss_of "$varnish_child")
edged_mem=$(edged_counter edge_cache_memory_bytes "")
edged_mem_objects=$(edged_counter edge_cache_memory_objects "")
edged_disk_objects=$(edged_counter edge_cache_disk_objects "")
varnish_stored=$(varnish_counter SMA.s0.g_bytes)
varnish_nuked=$(varnish_counter MAIN.n_lru_nuked)

echo
echo "working set: $ws_objects objects, $((ws_bytes / 1000000)) MB (2,000 360p renditions:" \
  "playlist, init segment, three 64-160 KB segments); second walk: edged $ws_edged_hits hits," \
  "Varnish $ws_varnish_hits hits"
printf '%-8s %14s %14s %14s %14s  %s\n' server "idle RSS KiB" "warm RSS KiB" "warm anon KiB" \
  "growth KiB" "holds"
for server in edged nginx varnish; do
  read -r ir _ <<<"${rss_idle[$server]}"
  read -r wr wa <<<"${rss_warm[$server]}"
  case $server in
    edged) holds="memory tier $edged_mem_objects objects, $((edged_mem / 1024)) KiB charged;" ;;
    nginx) holds="nothing (files in the page cache, not in RSS)" ;;
    varnish) holds="malloc storage $((varnish_stored / 1024)) KiB, $varnish_nuked LRU-nuked" ;;
  esac
  [[ $server == edged ]] && holds+=" disk tier $edged_disk_objects objects (page cache)"
  printf '%-8s %14d %14d %14d %14d  %s\n' "$server" "$ir" "$wr" "$wa" $((wr - ir)) "$holds"
done
echo "(edged and nginx: the one worker process; Varnish: its cache child, the manager aside)"

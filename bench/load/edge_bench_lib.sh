# shellcheck shell=bash
# Helpers of run-edge-bench.sh and run-cache-bench.sh (sourced): the binaries, ports, nginx
# configurations, starting and stopping servers, and one h2load run reduced to requests/s and
# p99 latency.

# shellcheck source=bench/load/nginx_conf_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/nginx_conf_lib.sh"

# Sets EDGED (unless given: built in BUILD_DIR, a Release tree, default build-bench under ROOT,
# with the build's output in NAME-build.log there), NGINX, H2LOAD and CURL.
find_binaries() {
  local root=$1 name=$2
  if [[ -z ${EDGED:-} ]]; then
    local build=${BUILD_DIR:-$root/build-bench}
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_BENCH=ON \
      -DSWIPECDN_TESTS=OFF >/dev/null
    local log=$build/$name-build.log
    if ! cmake --build "$build" -j"${JOBS:-$(nproc)}" --target edged >"$log" 2>&1; then
      cat "$log" >&2
      exit 1
    fi
    EDGED=$build/bin/edged
  fi
  # shellcheck disable=SC2034 # read by the scripts that source this file
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  # shellcheck disable=SC2034
  H2LOAD=$(command -v h2load)
  # shellcheck disable=SC2034
  CURL=$(command -v curl)
}

# A port free a moment ago; callers retry when a server cannot bind it.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_port() {
  local port=$1 pid=$2
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# The origin: static files under ROOT, every response with Cache-Control CACHE_CONTROL.
origin_conf() {
  local dir=$1 port=$2 root=$3 cache_control=$4
  nginx_preamble "$dir"
  echo "http {"
  nginx_http_common "$dir"
  echo "  sendfile on;"
  echo "  add_header Cache-Control \"$cache_control\";"
  echo "  server { listen 127.0.0.1:$port reuseport; root $root; }"
  echo "}"
}

# nginx as the reverse proxy we compare with: keep-alive upstream, default proxy buffering,
# the forwarding fields edged also adds. HTTP/1.1 on one port, h2c (prior knowledge) on another.
# With MODE "cache", a proxy cache in DIR that, like edged's, collapses concurrent misses.
proxy_conf() {
  local dir=$1 h1_port=$2 h2_port=$3 origin_port=$4 mode=$5
  nginx_preamble "$dir"
  echo "http {"
  nginx_http_common "$dir"
  if [[ $mode == cache ]]; then
    echo "  proxy_cache_path $dir/cache levels=1:2 keys_zone=edge:10m max_size=1g;"
    echo "  proxy_cache edge;"
    echo "  proxy_cache_lock on;"
  fi
  cat <<EOF
  upstream origin {
    server 127.0.0.1:$origin_port;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$h1_port;
    listen 127.0.0.1:$h2_port http2;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header Via "1.1 bench";
    }
  }
}
EOF
}

# Starts nginx with the configuration printed by CONF_FN (called with DIR and ports), on
# CPU set CPUS; retries with new ports if one was taken. Sets NGINX_PID and NGINX_PORTS.
start_nginx() {
  local dir=$1 cpus=$2 conf_fn=$3 nports=$4
  shift 4
  mkdir -p "$dir"
  for _ in 1 2 3 4 5; do
    local ports=() i
    for ((i = 0; i < nports; i++)); do ports+=("$(free_port)"); done
    "$conf_fn" "$dir" "${ports[@]}" "$@" >"$dir/nginx.conf"
    taskset -c "$cpus" "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
      >"$dir/stdout" 2>&1 &
    NGINX_PID=$!
    if wait_port "${ports[0]}" "$NGINX_PID"; then
      # shellcheck disable=SC2034 # read by the caller
      NGINX_PORTS=("${ports[@]}")
      return 0
    fi
    stop_pid "$NGINX_PID"
    grep -q "Address already in use" "$dir/error.log" || { cat "$dir/error.log" >&2; return 1; }
  done
  echo "nginx: no free port" >&2
  return 1
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

# One measurement: h2load on CPU set CPUS against URL; prints "REQS_PER_S P99_MS", or fails
# if any request failed. Extra h2load options follow the URL.
measure() {
  local cpus=$1 url=$2 log=$3
  shift 3
  local out
  out=$(taskset -c "$cpus" "$H2LOAD" -t 1 -D "$DURATION" --warm-up-time "$WARMUP" \
    --log-file "$log" "$@" "$url" 2>&1) || { echo "$out" >&2; return 1; }
  # Warm-up requests show in the status codes but not in the request counts: compare those.
  local rps done_ ok bad
  rps=$(sed -nE 's/^finished in [0-9.]+m?s, ([0-9.]+) req\/s.*/\1/p' <<<"$out")
  done_=$(sed -nE 's/^requests: .* ([0-9]+) done,.*/\1/p' <<<"$out")
  ok=$(sed -nE 's/^requests: .* ([0-9]+) succeeded,.*/\1/p' <<<"$out")
  bad=$(sed -nE 's/^status codes: [0-9]+ 2xx, ([0-9]+) 3xx, ([0-9]+) 4xx, ([0-9]+) 5xx.*/\1\2\3/p' \
    <<<"$out")
  if [[ -z $rps || -z $done_ || $done_ -eq 0 || $ok != "$done_" || $bad != 000 ]]; then
    echo "h2load: not every request succeeded against $url:" >&2
    echo "$out" >&2
    return 1
  fi
  # Column 3 of the log is the request's latency in microseconds.
  local p99
  p99=$(cut -f3 "$log" | sort -n | awk '{ v[NR] = $1 } END {
    i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; printf "%.3f", v[i] / 1000 }')
  echo "$rps $p99"
}

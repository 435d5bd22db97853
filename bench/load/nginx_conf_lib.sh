# shellcheck shell=bash
# The parts of an nginx configuration every benchmark's nginx shares (sourced by
# edge_bench_lib.sh and bench/swipebench/run-swipe-bench.sh).

# Lines shared by every nginx we start: foreground, files in DIR, workers as the current user.
nginx_preamble() {
  local dir=$1
  echo "daemon off;"
  echo "worker_processes 1;"
  echo "pid $dir/nginx.pid;"
  echo "error_log $dir/error.log warn;"
  [[ $(id -u) -eq 0 ]] && echo "user root root;"
  echo "events { worker_connections 4096; }"
}

nginx_http_common() {
  local dir=$1
  cat <<EOF
  access_log off;
  client_body_temp_path $dir/tmp-body;
  proxy_temp_path $dir/tmp-proxy;
  fastcgi_temp_path $dir/tmp-fastcgi;
  uwsgi_temp_path $dir/tmp-uwsgi;
  scgi_temp_path $dir/tmp-scgi;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; }
  default_type application/octet-stream;
  keepalive_requests 1000000;
EOF
}

#!/usr/bin/env bash
# Installs the Debian packages a task needs, and only those missing, so that a second run
# is fast and needs no network. Usage: install-deps.sh build|test|demo|bench|fuzz ...
set -euo pipefail

build=(build-essential cmake ninja-build pkg-config
       libevent-dev libnghttp2-dev libssl-dev
       libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
       liblmdb-dev libhiredis-dev libmaxminddb-dev libxxhash-dev
       libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libjemalloc-dev)
test=(libgtest-dev libgmock-dev clang-format ffmpeg clang-16 libclang-rt-16-dev
      python3 curl openssl nginx nghttp2-client chromium nodejs npm redis-server
      libmaxmind-db-writer-perl python3-yaml iproute2 systemd nftables)
demo=(ffmpeg nodejs npm redis-server python3)
bench=(libbenchmark-dev nodejs npm nginx nghttp2-client wrk curl varnish redis-server)
fuzz=(clang-16 libclang-rt-16-dev)
tidy=(clang-tidy-16)

wanted=()
for group in "$@"; do
  case "$group" in
    build) wanted+=("${build[@]}") ;;
    test) wanted+=("${build[@]}" "${test[@]}") ;;
    demo) wanted+=("${build[@]}" "${demo[@]}") ;;
    bench) wanted+=("${build[@]}" "${bench[@]}") ;;
    fuzz) wanted+=("${build[@]}" "${fuzz[@]}") ;;
    tidy) wanted+=("${build[@]}" "${tidy[@]}") ;;
    *) echo "install-deps: unknown group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${wanted[@]}"; do
  # node may come from outside Debian (a node binary already on PATH serves as well).
  if [[ $pkg == nodejs || $pkg == npm ]] && command -v "${pkg/nodejs/node}" >/dev/null; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "install-deps: installing ${missing[*]}"
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
  "${sudo[@]}" apt-get update -q >/dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

#!/usr/bin/env bash
# Time to ready for a 15 s 1080p clip: origin::transcode (bench/origin/transcode_bench) against
# one ffmpeg command producing the same 4-rung ladder (same x264 preset, bitrates, maxrate,
# bufsize, keyframes every 2 s without scene cuts, AAC 128k, fMP4 HLS), alternating in the same
# run. Prints each time, the medians and the ratio ours / ffmpeg (target: <= 0.8).
# Usage: bench/origin/run-transcode-bench.sh [BENCH_BINARY] [ROUNDS]  (env: PRESET, CLIP_SECONDS)
set -euo pipefail

bench=${1:-build/bin/transcode_bench}
rounds=${2:-3}
preset=${PRESET:-veryfast}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

clip=$work/clip.mp4
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS:-15} \
  -f lavfi -i sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS:-15} \
  -c:v libx264 -preset veryfast -b:v 8M -pix_fmt yuv420p -c:a aac -b:a 128k "$clip"

run_ffmpeg() {
  # The same ladder as LadderConfig's default: short side, video bit/s.
  local heights=(360 480 720 1080) rates=(600000 1000000 2500000 5000000)
  local out=$1 filter="[0:v]split=4[s0][s1][s2][s3]" maps=() i
  for i in 0 1 2 3; do
    filter+=";[s$i]scale=-2:${heights[$i]}:flags=bicubic[o$i]"
    maps+=(-map "[o$i]" -map 0:a
           -b:v:$i "${rates[$i]}" -maxrate:v:$i $((rates[i] * 3 / 2)) -bufsize:v:$i $((rates[i] * 2)))
  done
  mkdir -p "$out"
  ffmpeg -nostdin -v error -y -i "$clip" -filter_complex "$filter" "${maps[@]}" \
    -c:v libx264 -preset "$preset" -x264-params scenecut=0:open-gop=0 \
    -force_key_frames 'expr:gte(t,n_forced*2)' -forced-idr 1 -g 122 \
    -c:a aac -b:a 128k \
    -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type fmp4 \
    -hls_flags independent_segments -master_pl_name master.m3u8 \
    -var_stream_map "v:0,a:0 v:1,a:1 v:2,a:2 v:3,a:3" \
    -hls_segment_filename "$out/%v/seg_%d.m4s" "$out/%v/index.m3u8"
}

# "wall cpu" seconds of a command; cpu (user + sys) does not depend on what else the machine
# runs, wall does.
time_of() {
  local log=$work/time.log
  /usr/bin/time -o "$log" -f '%e %U %S' "$@" >/dev/null
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$log"
}
export -f run_ffmpeg
export clip preset work

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

ours=() theirs=() ours_cpu=() theirs_cpu=()
for ((r = 1; r <= rounds; r++)); do
  rm -rf "$work/ours" "$work/ffmpeg"
  read -r wall cpu < <(time_of "$bench" "$clip" "$work/ours" "$preset")
  ours+=("$wall") ours_cpu+=("$cpu")
  read -r wall cpu < <(time_of bash -c 'run_ffmpeg "$work/ffmpeg"')
  theirs+=("$wall") theirs_cpu+=("$cpu")
  printf 'round %d: origin::transcode %.2f s (cpu %.2f s), ffmpeg CLI %.2f s (cpu %.2f s)\n' \
    "$r" "${ours[-1]}" "${ours_cpu[-1]}" "${theirs[-1]}" "${theirs_cpu[-1]}"
done
m_ours=$(printf '%s\n' "${ours[@]}" | median)
m_theirs=$(printf '%s\n' "${theirs[@]}" | median)
c_ours=$(printf '%s\n' "${ours_cpu[@]}" | median)
c_theirs=$(printf '%s\n' "${theirs_cpu[@]}" | median)
printf 'median wall: origin::transcode %.2f s, ffmpeg CLI %.2f s, ratio %.3f (target <= 0.8)\n' \
  "$m_ours" "$m_theirs" "$(echo "$m_ours / $m_theirs" | bc -l)"
printf 'median cpu:  origin::transcode %.2f s, ffmpeg CLI %.2f s, ratio %.3f\n' \
  "$c_ours" "$c_theirs" "$(echo "$c_ours / $c_theirs" | bc -l)"
printf 'load average during the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# The demo of what exists today: generate a few portrait clips, package each as an HLS
# ladder (fMP4, 2 s segments) with libavformat's muxer through ffmpeg, then let the m3u8
# tool check every playlist and list what an edge would pre-warm for each clip.
# Usage: demo.sh BUILD_DIR
set -euo pipefail
build=$1
m3u8=$build/bin/m3u8
work=$build/demo
rm -rf "$work"
mkdir -p "$work"

clips=(v1:testsrc2 v2:smptebars v3:testsrc)
echo "demo: generating ${#clips[@]} clips of 6 s, 720x1280, ladder 360p + 720p"
for entry in "${clips[@]}"; do
  id=${entry%%:*}
  source=${entry#*:}
  out=$work/v/$id
  mkdir -p "$out"
  printf '  %s (%s)... ' "$id" "$source"
  ffmpeg -nostdin -hide_banner -loglevel error \
    -f lavfi -i "$source=size=720x1280:rate=30:duration=6" \
    -f lavfi -i "sine=frequency=440:duration=6" \
    -filter_complex "[0:v]split=2[a][b];[a]scale=360:640[v0];[b]null[v1]" \
    -map "[v0]" -map "[v1]" -map 1:a -map 1:a \
    -c:v libx264 -preset veryfast -g 60 -keyint_min 60 -sc_threshold 0 \
    -b:v:0 600k -b:v:1 2500k -c:a aac -b:a 96k \
    -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type fmp4 \
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out/%v/seg_%d.m4s" \
    -master_pl_name master.m3u8 -var_stream_map "v:0,a:0,name:360p v:1,a:1,name:720p" \
    "$out/%v/index.m3u8"
  echo done
done

echo
printf '%-6s %-16s %-9s %-8s %s\n' clip playlist segments check "pre-warm (first 2 segments)"
for dir in "$work"/v/*/; do
  id=$(basename "$dir")
  for playlist in "$dir"master.m3u8 "$dir"*/index.m3u8; do
    name=${playlist#"$dir"}
    segments=$(grep -c '^#EXTINF' "$playlist" || true)
    if "$m3u8" check "$playlist" 2>"$work/check.err"; then verdict=valid; else verdict=INVALID; fi
    warm=-
    [[ $name == */index.m3u8 ]] && warm=$("$m3u8" first-segments "$playlist" 2 | paste -sd' ')
    printf '%-6s %-16s %-9s %-8s %s\n' "$id" "$name" "$segments" "$verdict" "$warm"
    [[ $verdict == valid ]] || sed 's/^/    /' "$work/check.err"
  done
done

echo
echo "demo: canonical form of v1's master playlist (m3u8 fmt):"
"$m3u8" fmt "$work/v/v1/master.m3u8" | sed 's/^/  /'
echo "demo: clips and playlists are in $work"

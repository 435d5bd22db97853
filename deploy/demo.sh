#!/usr/bin/env bash
# The main job: a whole swipecdn system on loopback, and what its viewers feel.
#
#   1. generates a handful of portrait clips and ingests them into origind (its transcoder
#      makes the HLS ladder);
#   2. starts redis-server, origind, and a delayproxy that puts the origin a round trip of
#      80 ms away from the edge, as a real origin would be (the viewers are 15 ms away);
#   3. replays one swipe trace (swipebench gen) through a fresh edged twice: with pre-warming
#      off, then with controld planning from origind's region feed and pushing hints;
#   4. prints both runs side by side and where the HTML reports are.
#
# Usage: demo.sh BUILD_DIR       (DEMO_CLIPS, DEMO_VIEWERS, DEMO_MINUTES, DEMO_SPEED tune it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/local_stack.sh
source "$here/local_stack.sh"

clips=${DEMO_CLIPS:-8}
viewers=${DEMO_VIEWERS:-60}
minutes=${DEMO_MINUTES:-1.5}
speed=${DEMO_SPEED:-2}
region=eu

[[ $# -eq 1 ]] || { echo "usage: demo.sh BUILD_DIR" >&2; exit 2; }
stack_init "$1" "$(cd "$1" && pwd)/demo"

step "generating $clips clips (540x960) and ingesting them into origind"
stack_clips "$clips"
stack_origin
origin_port=${origin##*:}
stack_link origin "$origin_port" 80ms
far_origin=$link_url
step "origind on $origin, 80 ms round trip away from the edge"

trace=$work/trace.jsonl
"$bin/swipebench" gen --viewers "$viewers" --videos "$clips" --minutes "$minutes" \
  --regions "$region:1" --seed 7 --out "$trace" >/dev/null
step "trace: $viewers viewers over $minutes min of swipes ($(wc -l <"$trace") swipes), replayed at ${speed}x"

step "run 1 of 2: pre-warming off"
stack_edge off "$far_origin" 0
stack_replay off "$edge" --speed "$speed"
stack_stop "$edge_pid"

step "run 2 of 2: controld pre-warms the edge from origind's region feed"
stack_edge on "$far_origin" 1
stack_controld "$edge" "$region"
stack_replay on "$edge" --speed "$speed"

python3 "$here/../bench/swipebench/compare.py" \
  "pre-warming off=$work/off.json" "pre-warming on=$work/on.json"
step "HTML reports: $work/off.html and $work/on.html; logs in $work/logs"

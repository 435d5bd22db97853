#!/usr/bin/env bash
# Runs the built m3u8 tool on temporary playlists and checks its exit statuses and output.
# Usage: m3u8_cli_test.sh path/to/m3u8
set -u

M3U8=${1:?usage: m3u8_cli_test.sh path/to/m3u8}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILURES=0

# run ARGS...: runs the tool, leaving its status in $RC, its output in $TMP/out and $TMP/err.
run() {
  "$M3U8" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
}

fail() {
  echo "FAIL: $*" >&2
  echo "  stdout: $(head -c 2000 "$TMP/out")" >&2
  echo "  stderr: $(head -c 2000 "$TMP/err")" >&2
  FAILURES=$((FAILURES + 1))
}

expect_rc() {  # expect_rc STATUS WHAT
  [[ $RC -eq $1 ]] || fail "$2: exit status $RC, expected $1"
}

expect_out() {  # expect_out EXPECTED-TEXT WHAT
  [[ "$(cat "$TMP/out")" == "$1" ]] || fail "$2: unexpected stdout"
}

expect_err_match() {  # expect_err_match EXTENDED-REGEX WHAT
  grep -Eq -- "$1" "$TMP/err" || fail "$2: stderr does not match /$1/"
}

expect_empty() {  # expect_empty out|err WHAT
  [[ ! -s "$TMP/$1" ]] || fail "$2: std$1 is not empty"
}

cat >"$TMP/media.m3u8" <<'EOF'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:5
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
#EXTINF:2.0,
#EXT-X-BYTERANGE:1000@720
main.mp4
#EXTINF:2.0,
#EXT-X-BYTERANGE:1000
main.mp4
#EXT-X-GAP
#EXTINF:2.0,
gap.m4s
#EXT-X-DISCONTINUITY
#EXT-X-MAP:URI="other/init.mp4"
#EXTINF:2.0,
other/seg_3.m4s
#EXTINF:1.5,
other/seg_4.m4s
#EXT-X-ENDLIST
EOF

cat >"$TMP/invalid.m3u8" <<'EOF'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXTINF:5.0,
a.ts
#EXT-X-ENDLIST
EOF

cat >"$TMP/master.m3u8" <<'EOF'
#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360
360p/index.m3u8
EOF

printf 'not a playlist\n' >"$TMP/garbage.txt"

# --version and --help
run --version
expect_rc 0 "--version"
grep -Eq '^m3u8 \(swipecdn\) [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "--version: bad text"
run --help
expect_rc 0 "--help"
for word in check fmt first-segments; do
  grep -q -- "$word" "$TMP/out" || fail "--help does not mention $word"
done

# check
run check "$TMP/media.m3u8"
expect_rc 0 "check valid"
expect_empty err "check valid"
run check - <"$TMP/media.m3u8"
expect_rc 0 "check valid from stdin"
run check "$TMP/invalid.m3u8"
expect_rc 1 "check invalid"
expect_err_match "^$TMP/invalid\\.m3u8:4: extinf-above-target-duration: " "check invalid"
# Every diagnostic line has the FILE:LINE: rule-id: message form.
if grep -Evq "^$TMP/invalid\\.m3u8:[0-9]+: [a-z0-9-]+: .+" "$TMP/err"; then
  fail "check invalid: a diagnostic line is not FILE:LINE: rule-id: message"
fi
run check - <"$TMP/invalid.m3u8"
expect_rc 1 "check invalid from stdin"
expect_err_match '^<stdin>:4: extinf-above-target-duration: ' "check invalid from stdin"
run check "$TMP/garbage.txt"
expect_rc 1 "check garbage"
expect_err_match ':1: first-line-extm3u: ' "check garbage"
run check "$TMP/does-not-exist.m3u8"
expect_rc 2 "check missing file"
expect_err_match 'does-not-exist\.m3u8' "check missing file"
run check "$TMP"
expect_rc 2 "check directory"
truncate -s $((16 * 1024 * 1024 + 1)) "$TMP/huge.m3u8"
run check "$TMP/huge.m3u8"
expect_rc 2 "check over max_bytes"
expect_err_match 'larger than' "check over max_bytes"
run check - <"$TMP/huge.m3u8"
expect_rc 2 "check over max_bytes from stdin"

# fmt
run fmt "$TMP/media.m3u8"
expect_rc 0 "fmt"
grep -q '^#EXTM3U$' "$TMP/out" || fail "fmt: no #EXTM3U line"
grep -q '^other/seg_4.m4s$' "$TMP/out" || fail "fmt: lost a segment"
cp "$TMP/out" "$TMP/formatted.m3u8"
run fmt "$TMP/formatted.m3u8"
expect_rc 0 "fmt of fmt"
cmp -s "$TMP/out" "$TMP/formatted.m3u8" || fail "fmt is not idempotent"
run check "$TMP/formatted.m3u8"
expect_rc 0 "check of fmt output"
run fmt - <"$TMP/master.m3u8"
expect_rc 0 "fmt master from stdin"
expect_out $'#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8' \
  "fmt master"
run fmt "$TMP/garbage.txt"
expect_rc 1 "fmt garbage"
expect_empty out "fmt garbage"
expect_err_match 'garbage\.txt:1: ' "fmt garbage"
run fmt "$TMP/does-not-exist.m3u8"
expect_rc 2 "fmt missing file"

# first-segments
run first-segments "$TMP/media.m3u8" 3
expect_rc 0 "first-segments 3"
expect_out $'init.mp4 bytes=0-719\nmain.mp4 bytes=720-1719\nmain.mp4 bytes=1720-2719\nother/init.mp4\nother/seg_3.m4s' \
  "first-segments 3"
run first-segments - 1 <"$TMP/media.m3u8"
expect_rc 0 "first-segments from stdin"
expect_out $'init.mp4 bytes=0-719\nmain.mp4 bytes=720-1719' "first-segments 1"
run first-segments "$TMP/media.m3u8" 100
expect_rc 0 "first-segments more than there are"
[[ $(wc -l <"$TMP/out") -eq 6 ]] || fail "first-segments 100: expected 6 lines"
run first-segments "$TMP/media.m3u8" 0
expect_rc 0 "first-segments 0"
expect_empty out "first-segments 0"
run first-segments "$TMP/master.m3u8" 1
expect_rc 1 "first-segments on a master playlist"
expect_err_match 'multivariant' "first-segments on a master playlist"
run first-segments "$TMP/garbage.txt" 1
expect_rc 1 "first-segments garbage"
for bad in -1 abc 1.5 99999999999999999999999; do
  run first-segments "$TMP/media.m3u8" "$bad"
  expect_rc 2 "first-segments N=$bad"
  expect_err_match "N" "first-segments N=$bad"
done
run first-segments "$TMP/media.m3u8"
expect_rc 2 "first-segments without N"
expect_err_match 'N' "first-segments without N"

# usage errors name what is wrong
run check --bogus "$TMP/media.m3u8"
expect_rc 2 "bad flag"
expect_err_match '--bogus' "bad flag"
run frobnicate "$TMP/media.m3u8"
expect_rc 2 "unknown command"
expect_err_match 'frobnicate' "unknown command"
run
expect_rc 2 "no command"
expect_err_match 'command' "no command"
run check
expect_rc 2 "check without FILE"
expect_err_match 'FILE' "check without FILE"

if [[ $FAILURES -ne 0 ]]; then
  echo "$FAILURES check(s) failed" >&2
  exit 1
fi
echo "m3u8 CLI: all checks passed"

#!/usr/bin/env python3
"""Writes the files run-cache-bench.sh serves: HLS media playlists of about 1 KB and segments of
random bytes, with lists of their URL paths (one per line) for h2load's --input-file."""

import argparse
import os
import random
from pathlib import Path


def playlist_text(min_bytes: int) -> str:
    """A VOD media playlist with 2-second fMP4 segments, grown to at least `min_bytes`."""
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:7",
        "#EXT-X-TARGETDURATION:2",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        '#EXT-X-MAP:URI="init.mp4"',
    ]
    n = 0
    while len("\n".join(lines)) + len("#EXT-X-ENDLIST\n") < min_bytes:
        lines += [f"#EXTINF:{2.002 if n % 3 else 1.968:.3f},", f"seg_{n}.m4s"]
        n += 1
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def write(root: Path, path: str, data: bytes) -> str:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return path


def write_list(out: Path, name: str, paths: list[str]) -> None:
    (out / name).write_text("".join(p + "\n" for p in paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="document root to fill")
    parser.add_argument("--lists", type=Path, required=True, help="directory for the URL lists")
    parser.add_argument("--videos", type=int, default=50, help="videos of the throughput set")
    parser.add_argument("--segment-min-kb", type=int, default=600)
    parser.add_argument("--segment-max-kb", type=int, default=1000)
    parser.add_argument("--ws-videos", type=int, default=2000,
                        help="videos of the working set (5 objects each)")
    parser.add_argument("--ws-segment-min-kb", type=int, default=64)
    parser.add_argument("--ws-segment-max-kb", type=int, default=160)
    args = parser.parse_args()

    rng = random.Random(20240601)
    args.lists.mkdir(parents=True, exist_ok=True)
    text = playlist_text(1000).encode()

    # Throughput set: per 720p rendition, its playlist, seg_0 (a first segment, which edged
    # keeps in its memory tier) and seg_3 (a later one, served from its disk tier).
    playlists, first, later = [], [], []
    for v in range(args.videos):
        base = f"/v/tp{v:04d}/720p"
        playlists.append(write(args.root, f"{base}/index.m3u8", text))
        for name, out in (("seg_0.m4s", first), ("seg_3.m4s", later)):
            size = rng.randint(args.segment_min_kb, args.segment_max_kb) * 1024
            out.append(write(args.root, f"{base}/{name}", os.urandom(size)))
    write_list(args.lists, "playlist.txt", playlists)
    write_list(args.lists, "first-segment.txt", first)
    write_list(args.lists, "segment.txt", later)

    # Working set for the RSS figures: per 360p rendition, playlist, init segment and three
    # media segments, interleaved as viewers swiping through videos would request them.
    working = []
    init = b"\0\0\0\x18ftypiso6" + os.urandom(1200)
    for v in range(args.ws_videos):
        base = f"/v/ws{v:05d}/360p"
        working.append(write(args.root, f"{base}/index.m3u8", text))
        working.append(write(args.root, f"{base}/init.mp4", init))
        for s in range(3):
            size = rng.randint(args.ws_segment_min_kb, args.ws_segment_max_kb) * 1024
            working.append(write(args.root, f"{base}/seg_{s}.m4s", os.urandom(size)))
    write_list(args.lists, "working-set.txt", working)


if __name__ == "__main__":
    main()

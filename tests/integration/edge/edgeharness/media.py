# Test content made at set-up: a 6 s HLS clip (fMP4, 2 s segments) from ffmpeg's test sources,
# laid out as the path space of DESIGN.md, and a large file of deterministic bytes.
import os
import random
import subprocess

from . import tools

RENDITION = "360p"


def make_hls_clip(root, video, seconds=6):
    """Writes root/v/<video>/master.m3u8 and root/v/<video>/360p/{index.m3u8,init.mp4,seg_N.m4s}
    for a clip of `seconds`; returns the paths (relative to `root`) of every file written."""
    rendition_dir = os.path.join(root, "v", video, RENDITION)
    os.makedirs(rendition_dir, exist_ok=True)
    argv = [tools.tool("ffmpeg"), "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", "64k",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
            "-hls_segment_filename", os.path.join(rendition_dir, "seg_%d.m4s"),
            os.path.join(rendition_dir, "index.m3u8")]
    result = subprocess.run(argv, capture_output=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {result.stderr.decode(errors='replace')}")
    master = ("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
              '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x180,'
              'CODECS="avc1.42c00d,mp4a.40.2"\n'
              f"{RENDITION}/index.m3u8\n")
    with open(os.path.join(root, "v", video, "master.m3u8"), "w") as f:
        f.write(master)
    written = [f"v/{video}/master.m3u8"]
    for name in sorted(os.listdir(rendition_dir)):
        written.append(f"v/{video}/{RENDITION}/{name}")
    return written


def make_large_file(path, size, seed=20):
    """Writes `size` pseudo-random bytes (the same for the same seed) to `path`."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(random.Random(seed).randbytes(size))
    return path


def read(root, relative):
    with open(os.path.join(root, relative), "rb") as f:
        return f.read()

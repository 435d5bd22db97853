# Clips made at set-up with ffmpeg's test sources, and bad inputs.
import os
import subprocess

from edgeharness import tools


def make_clip(path, *, seconds=4, size="640x360", rate=25, audio=True):
    """An H.264/AAC MP4 of a moving test pattern; returns its bytes."""
    argv = [tools.tool("ffmpeg"), "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}",
                 "-c:a", "aac", "-b:a", "64k"]
    argv += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
             "-movflags", "+faststart", path]
    result = subprocess.run(argv, capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {result.stderr.decode(errors='replace')}")
    with open(path, "rb") as f:
        return f.read()


def decode(url):
    """ffmpeg decodes every stream of `url` to nothing; returns the CompletedProcess."""
    argv = [tools.tool("ffmpeg"), "-nostdin", "-v", "error", "-i", url, "-f", "null", "-"]
    return subprocess.run(argv, capture_output=True, timeout=300)

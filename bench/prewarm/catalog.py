# The benchmark's catalog: portrait clips from ffmpeg's test sources, ingested into origind's
# data directory (transcoded by origind itself), kept between runs in the work directory.
import concurrent.futures
import json
import os
import random
import subprocess

SOURCES = ["testsrc2", "smptebars", "testsrc", "rgbtestsrc", "smptehdbars", "pal100bars",
           "yuvtestsrc", "pal75bars"]
HASHTAGS = ["cats", "dance", "food", "travel", "music", "sport", "diy", "comedy"]


def _make_and_ingest(origind, data_dir, clips_dir, index, seconds, size, rng_seed):
    rng = random.Random(rng_seed + index)
    source = SOURCES[index % len(SOURCES)]
    clip = os.path.join(clips_dir, f"clip{index}.mp4")
    frequency = 220 + 40 * (index % 20)
    argv = ["ffmpeg", "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"{source}=size={size}:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}",
            "-vf", f"hue=h={index * 37 % 360}", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip]
    made = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        raise RuntimeError(f"ffmpeg could not make {clip}: {made.stderr}")
    tags = ",".join(rng.sample(HASHTAGS, 2))
    result = subprocess.run([origind, "ingest", "--data-dir", data_dir, clip,
                             "--creator", f"creator{index % 25}", "--hashtags", tags,
                             "--title", f"clip {index}"],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"ingest of {clip} failed: {result.stderr}")
    os.unlink(clip)
    return result.stdout.strip()


def segment_sizes(data_dir, video, rendition):
    """Bytes of the init section and of each segment of one rendition, from the files."""
    root = os.path.join(data_dir, "v", video, rendition)
    init = os.path.getsize(os.path.join(root, "init.mp4"))
    segments = []
    while os.path.exists(os.path.join(root, f"seg_{len(segments)}.m4s")):
        segments.append(os.path.getsize(os.path.join(root, f"seg_{len(segments)}.m4s")))
    return init, segments


def ensure(origind, work, count, seconds, size, seed, progress):
    """The data dir and the catalog's video ids, making what is missing."""
    data_dir = os.path.join(work, "origin-data")
    index_path = os.path.join(work, "catalog.json")
    wanted = {"count": count, "seconds": seconds, "size": size, "seed": seed}
    if os.path.exists(index_path):
        with open(index_path) as f:
            saved = json.load(f)
        if saved["params"] == wanted:
            return data_dir, saved["videos"]
    # Whatever is there without a matching index (another catalog, an interrupted run) goes.
    subprocess.run(["rm", "-rf", data_dir, index_path], check=True)
    clips_dir = os.path.join(work, "clips")
    os.makedirs(clips_dir, exist_ok=True)
    videos = [None] * count
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {pool.submit(_make_and_ingest, origind, data_dir, clips_dir, i, seconds, size,
                               seed): i for i in range(count)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            videos[futures[future]] = future.result()
            progress(f"catalog: {done}/{count} clips transcoded")
    with open(index_path, "w") as f:
        json.dump({"params": wanted, "videos": videos}, f)
    return data_dir, videos


def private_copy(data_dir, target):
    """A data dir for one run: the media hard-linked (origind only reads them), the metadata
    copied (origind writes to it), so no run sees what another left behind."""
    subprocess.run(["rm", "-rf", target], check=True)
    subprocess.run(["cp", "-al", data_dir, target], check=True)
    db = os.path.join(target, "db")
    subprocess.run(["rm", "-rf", db], check=True)
    subprocess.run(["cp", "-a", os.path.join(data_dir, "db"), db], check=True)
    return target
